/**
 * Writes whose SQL only depends on their shape (table, columns, number of rows): the text is
 * built once and run as is, where Kysely would build and compile a query tree for every row of
 * an import. Identifiers come from the code, never from a file; values are always bound.
 */
import { CompiledQuery, type Kysely } from 'kysely';

const texts = new Map<string, string>();

function cached(key: string, build: () => string): string {
  let text = texts.get(key);
  if (text === undefined) {
    text = build();
    // Shapes are few (a handful of column sets, the sizes of a chunk): never many.
    if (texts.size < 1000) texts.set(key, text);
  }
  return text;
}

const quoted = (name: string) => `"${name}"`;

/** `insert into "t" ("a", "b") values (?, ?), (?, ?)` for `rows` rows. */
export function insertSql(table: string, columns: readonly string[], rows = 1): string {
  return cached(`insert ${table} ${columns.join(',')} ${rows}`, () => {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    return `insert into ${quoted(table)} (${columns.map(quoted).join(', ')}) values ${Array(rows).fill(tuple).join(', ')}`;
  });
}

/** `update "t" set "a" = ?, "b" = ? where "id" = ?`. */
export function updateByIdSql(table: string, columns: readonly string[]): string {
  return cached(`update ${table} ${columns.join(',')}`, () => `update ${quoted(table)} set ${columns.map((c) => `${quoted(c)} = ?`).join(', ')} where "id" = ?`);
}

/** Runs a statement on the connection of `db` (inside its transaction, if it is one). */
export async function run<DB>(db: Kysely<DB>, sql: string, parameters: unknown[]): Promise<{ insertId?: number }> {
  const { insertId } = await db.executeQuery(CompiledQuery.raw(sql, parameters));
  return insertId === undefined ? {} : { insertId: Number(insertId) };
}

/** A row's defined columns and their values, as Kysely's `values()` would take them. */
export function columnsOf(row: Record<string, unknown>): { columns: string[]; values: unknown[] } {
  const columns: string[] = [];
  const values: unknown[] = [];
  for (const key in row) {
    if (row[key] === undefined) continue;
    columns.push(key);
    values.push(row[key]);
  }
  return { columns, values };
}
