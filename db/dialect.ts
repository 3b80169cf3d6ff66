/**
 * Everything that differs between the two engines, in one place: the embedded SQLite file (one
 * laptop, the default) and a PostgreSQL server (team mode). Queries and migrations ask this
 * module instead of testing the engine themselves.
 */
import { PostgresAdapter, sql, type ColumnDataType, type CreateTableBuilder, type RawBuilder } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

/** A PostgreSQL connection URL picks team mode; anything else is a database file. */
export function engineOfLocation(location: string): Engine {
  return /^postgres(ql)?:\/\//i.test(location.trim()) ? 'postgres' : 'sqlite';
}

/** The engine behind a Kysely instance (or transaction). */
export function engineOf(db: { getExecutor(): { adapter: unknown } }): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** The location without its password, for messages and logs. */
export function displayLocation(location: string): string {
  if (engineOfLocation(location) === 'sqlite') return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    // pg's switch to libpq's TLS modes (shared/connection.ts): nothing the user chose.
    url.searchParams.delete('uselibpqcompat');
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}

/** Adds the table's integer key, numbered by the engine. */
export function withId(engine: Engine) {
  return <T extends string, C extends string>(table: CreateTableBuilder<T, C>) =>
    engine === 'postgres'
      ? table.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** A check that a text column holds JSON (NULL passes, as SQLite's json_valid lets it). */
export function isJson(engine: Engine, column: string): RawBuilder<unknown> {
  return engine === 'postgres'
    ? sql`(${sql.ref(column)} IS NULL OR ${sql.ref(column)}::jsonb IS NOT NULL)`
    : sql`json_valid(${sql.ref(column)})`;
}

/** A floating-point column: PostgreSQL's `real` is single precision, and an APL of 3.2 must stay 3.2. */
export function floatType(engine: Engine): ColumnDataType {
  return engine === 'postgres' ? 'double precision' : 'real';
}

/** A column of raw bytes: SQLite's blob, PostgreSQL's bytea. */
export function bytesType(engine: Engine): ColumnDataType {
  return engine === 'postgres' ? 'bytea' : 'blob';
}

/**
 * A column SQLite must not seek through its own index for (the unary + hides it from the
 * planner); PostgreSQL has no unary + on text and plans by its statistics.
 */
export function noIndexSeek(engine: Engine, column: string): RawBuilder<unknown> {
  return engine === 'sqlite' ? sql`+${sql.ref(column)}` : sql.ref(column);
}

/**
 * A value inside a JSON text column, by its path (['grant', 'amount']): as text, or as a number
 * (SQLite's json_extract gives numbers as numbers; PostgreSQL's #>> gives text, cast here).
 */
export function jsonValue(engine: Engine, column: string, path: readonly string[], as: 'text' | 'number'): RawBuilder<unknown> {
  if (engine === 'sqlite') return sql`json_extract(${sql.ref(column)}, ${`$.${path.join('.')}`})`;
  const text = sql`(${sql.ref(column)}::jsonb #>> ${`{${path.join(',')}}`})`;
  return as === 'number' ? sql`${text}::numeric` : text;
}

const positional = new Map<string, string>();

/**
 * A statement written with `?` placeholders (db/queries/statements.ts), as the engine takes it:
 * PostgreSQL numbers them. Values are always bound, so every `?` is a placeholder.
 */
export function placeholders(engine: Engine, text: string): string {
  if (engine === 'sqlite') return text;
  let converted = positional.get(text);
  if (converted === undefined) {
    let n = 0;
    positional.set(text, (converted = text.replace(/\?/g, () => `$${++n}`)));
  }
  return converted;
}

/** The key of a row just inserted: SQLite reports it, PostgreSQL returns it when asked. */
export function returningId(engine: Engine, text: string): string {
  return engine === 'postgres' ? `${text} returning "id"` : text;
}

/**
 * Errors the user can do something about, whatever the engine: another writer held the lock too
 * long (SQLite's busy), or PostgreSQL gave up a transaction that crossed another one
 * (serialization failure, deadlock) — both worth trying again.
 */
export function isWriteConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return code.startsWith('SQLITE_BUSY') || code === '40001' || code === '40P01' || code === '55P03';
}
