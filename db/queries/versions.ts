/**
 * Versions of the records people edit (migration 0015): a save claims the version it was made
 * from with `WHERE … AND version = ?` in its own transaction, so that of two saves from the same
 * version only the first passes, on either engine.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';
import type { VersionStamp } from '../../shared/versions';

export type VersionedTable = 'dossiers' | 'sessions' | 'agenda_items' | 'members' | 'score_sheets' | 'settings' | 'import_mappings' | 'agreement_reports';

/** A row by its key: one column, or several (a score sheet's dossier, grid and scorer). */
export interface VersionedRow {
  table: VersionedTable;
  key: Record<string, string | number>;
}

function whereKey(key: VersionedRow['key']) {
  return sql.join(
    Object.entries(key).map(([column, value]) => sql`${sql.ref(column)} = ${value}`),
    sql` and `,
  );
}

/** Who saved the row last, and when; undefined when there is no such row. */
export async function versionStamp(db: Kysely<Database>, row: VersionedRow): Promise<VersionStamp | undefined> {
  const { rows } = await sql<{ version: number; updated_by: string; updated_at: string }>`select "version", "updated_by", "updated_at" from ${sql.table(row.table)} where ${whereKey(row.key)}`.execute(db);
  const found = rows[0];
  return found && { version: Number(found.version), changedBy: found.updated_by, changedAt: found.updated_at };
}

/**
 * Bumps the row's version and records who and when, if it still is `expected` (any version when
 * undefined): the new version, or undefined when the row has another version or is gone.
 */
export async function claimVersion(
  db: Kysely<Database>,
  row: VersionedRow & { expected: number | undefined; at: string; by: string },
): Promise<number | undefined> {
  const matches = row.expected === undefined ? sql`` : sql` and "version" = ${row.expected}`;
  const { rows } = await sql<{ version: number }>`update ${sql.table(row.table)} set "version" = "version" + 1, "updated_by" = ${row.by}, "updated_at" = ${row.at} where ${whereKey(row.key)}${matches} returning "version"`.execute(db);
  return rows[0] ? Number(rows[0].version) : undefined;
}

/** SQLite binds at most 32,766 parameters a statement. */
const CHUNK = 500;

/** A new version for each of these rows, saved by `by` (an import's dossiers). */
export async function bumpVersions(db: Kysely<Database>, args: { table: VersionedTable; ids: readonly number[]; at: string; by: string }): Promise<void> {
  for (let i = 0; i < args.ids.length; i += CHUNK) {
    const ids = sql.join(args.ids.slice(i, i + CHUNK));
    await sql`update ${sql.table(args.table)} set "version" = "version" + 1, "updated_by" = ${args.by}, "updated_at" = ${args.at} where "id" in (${ids})`.execute(db);
  }
}

/** The name of the account whose login saved a record, if it is one. */
export async function displayNameOf(db: Kysely<Database>, login: string): Promise<string | undefined> {
  if (!login) return undefined;
  const row = await db.selectFrom('accounts').select('display_name').where('login', '=', login).executeTakeFirst();
  return row?.display_name || undefined;
}
