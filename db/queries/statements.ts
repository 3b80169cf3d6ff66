/**
 * Writes whose SQL only depends on their shape (table, columns, number of rows): the text is
 * built once and run as is, where Kysely would build and compile a query tree for every row of
 * an import. Identifiers come from the code, never from a file; values are always bound.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { engineOf, placeholders, returningId } from '../dialect';

/** By columns array: callers pass the same array for the same shape, so no key is built per row. */
const texts = new WeakMap<readonly string[], Map<string, string>>();

function cached(columns: readonly string[], key: string, build: () => string): string {
  let byKey = texts.get(columns);
  if (!byKey) texts.set(columns, (byKey = new Map()));
  let text = byKey.get(key);
  if (text === undefined) byKey.set(key, (text = build()));
  return text;
}

const quoted = (name: string) => `"${name}"`;

/** `insert into "t" ("a", "b") values (?, ?), (?, ?)` for `rows` rows. */
export function insertSql(table: string, columns: readonly string[], rows = 1): string {
  return cached(columns, `insert ${table} ${rows}`, () => {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    return `insert into ${quoted(table)} (${columns.map(quoted).join(', ')}) values ${Array(rows).fill(tuple).join(', ')}`;
  });
}

/** `update "t" set "a" = ?, "b" = ? where "id" = ?`. */
export function updateByIdSql(table: string, columns: readonly string[]): string {
  return cached(columns, `update ${table}`, () => `update ${quoted(table)} set ${columns.map((c) => `${quoted(c)} = ?`).join(', ')} where "id" = ?`);
}

/**
 * Runs a statement on the connection of `db` (inside its transaction, if it is one), with the
 * engine's placeholders; `insertId` is the new row's key for an insert of one row.
 */
export async function run<DB>(db: Kysely<DB>, text: string, parameters: unknown[]): Promise<{ insertId?: number }> {
  const engine = engineOf(db);
  const inserting = text.startsWith('insert ');
  const { insertId, rows } = await db.executeQuery<{ id?: number }>(
    CompiledQuery.raw(placeholders(engine, inserting ? returningId(engine, text) : text), parameters),
  );
  const id = insertId ?? rows[0]?.id;
  return id === undefined ? {} : { insertId: Number(id) };
}

/**
 * Runs an insert of several rows and returns their keys in the order of its rows. Both engines
 * return them with `returning` (SQLite since 3.35), in no promised order, but both number a
 * statement's rows upwards in the order of its rows (SQLite's AUTOINCREMENT never goes back,
 * PostgreSQL's identity draws them row by row): sorted, the keys follow the rows.
 */
export async function insertIds<DB>(db: Kysely<DB>, text: string, parameters: unknown[]): Promise<number[]> {
  const { rows } = await db.executeQuery<{ id: number }>(CompiledQuery.raw(placeholders(engineOf(db), `${text} returning "id"`), parameters));
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

const shapes = new Map<string, readonly string[]>();

/**
 * A row's columns and values, the columns as the one array kept for that set of names: rows of
 * the same shape share their SQL. Columns whose value is undefined are left out, as Kysely's
 * `values()` leaves them (the column's default applies).
 */
export function rowOf(parts: readonly Record<string, unknown>[]): { columns: readonly string[]; values: unknown[] } {
  const names: string[] = [];
  const values: unknown[] = [];
  for (const part of parts) {
    for (const name in part) {
      if (part[name] === undefined) continue;
      names.push(name);
      values.push(part[name]);
    }
  }
  const key = names.join(',');
  let columns = shapes.get(key);
  if (!columns) shapes.set(key, (columns = names));
  return { columns, values };
}
