import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { openDatabase } from '../../db/open';
import type { Database } from '../../db/schema';

/**
 * Runs `work` through Kysely on this SQLite connection, as the app does, and gives what it
 * returned with the plan SQLite chose for each query it sent, step by step. The caller closes
 * the connection.
 */
export async function withQueryPlans<T>(sqlite: SQLite.Database, work: (db: Kysely<Database>) => Promise<T>): Promise<{ result: T; plans: string[][] }> {
  const queries: CompiledQuery[] = [];
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log: (event) => void queries.push(event.query) });
  const result = await work(db);
  const plans = queries.map((q) => (sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.parameters) as { detail: string }[]).map((r) => r.detail));
  return { result, plans };
}

/** The plans of what `work` sends, on a new database file in `folder`, migrated and empty. */
export async function plansOnNewDatabase(folder: string, work: (db: Kysely<Database>) => Promise<unknown>): Promise<string[][]> {
  const file = join(folder, 'commission.sqlite');
  await (await openDatabase(file)).close();
  const sqlite = new SQLite(file);
  try {
    return (await withQueryPlans(sqlite, work)).plans;
  } finally {
    sqlite.close();
  }
}
