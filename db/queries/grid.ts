import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import type { ScoreSheet } from '../../shared/scoring';
import type { VersionStamp } from '../../shared/versions';

/** The newest grid version a dossier has a score sheet on, if any. */
export async function latestSheetVersion(db: Kysely<Database>, dossierId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('score_sheets')
    .select((eb) => eb.fn.max('grid_version').as('version'))
    .where('dossier_id', '=', dossierId)
    .executeTakeFirst();
  return row?.version ?? undefined;
}

/** The score sheets of the dossiers on the agenda of a session not closed, on that session's grid version. */
export async function openSessionSheets(db: Kysely<Database>): Promise<{ number: string; sheet: ScoreSheet }[]> {
  const rows = await db
    .selectFrom('score_sheets')
    .innerJoin('agenda_items', 'agenda_items.dossier_id', 'score_sheets.dossier_id')
    .innerJoin('sessions', (join) =>
      join.onRef('sessions.id', '=', 'agenda_items.session_id').onRef('sessions.grid_version', '=', 'score_sheets.grid_version'),
    )
    .select(['sessions.number', 'score_sheets.values_json'])
    .where('sessions.status', '!=', 'closed')
    .orderBy('sessions.date')
    .execute();
  return rows.map((r) => ({ number: r.number, sheet: JSON.parse(r.values_json) as ScoreSheet }));
}

/** The grid's latest saved version, and who saved it when. */
export async function latestGridStamp(db: Kysely<Database>): Promise<VersionStamp | undefined> {
  const row = await db.selectFrom('scoring_grids').select(['version', 'created_by', 'created_at']).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row && { version: row.version, changedBy: row.created_by, changedAt: row.created_at };
}
