import type { Kysely, Selectable } from 'kysely';
import type { RosterMember } from '../../shared/session';
import { scoringGridSchema, type GridVersion, type ScoreSheet, type ScoringGrid } from '../../shared/scoring';
import type { AgendaItemsTable, Database, MembersTable, SessionsTable } from '../schema';


const frenchOrder = new Intl.Collator('fr', { sensitivity: 'base' });
export type SessionRow = Selectable<SessionsTable>;
export type AgendaItemRow = Selectable<AgendaItemsTable>;

// ---------------------------------------------------------------------------------------------
// Scoring grids

/** Grids as read from their JSON: a saved version never changes, and every item view reads its session's. */
const parsedGrids = new Map<string, ScoringGrid>();

function gridOf(json: string): ScoringGrid {
  let grid = parsedGrids.get(json);
  if (!grid) {
    grid = scoringGridSchema.parse(JSON.parse(json));
    if (parsedGrids.size >= 100) parsedGrids.clear();
    parsedGrids.set(json, grid);
  }
  return grid;
}

export async function latestGrid(db: Kysely<Database>): Promise<GridVersion | null> {
  const row = await db.selectFrom('scoring_grids').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row ? { version: row.version, grid: gridOf(row.grid_json), createdAt: row.created_at } : null;
}

export async function gridVersion(db: Kysely<Database>, version: number): Promise<GridVersion | undefined> {
  const row = await db.selectFrom('scoring_grids').selectAll().where('version', '=', version).executeTakeFirst();
  return row && { version: row.version, grid: gridOf(row.grid_json), createdAt: row.created_at };
}

export async function insertGrid(db: Kysely<Database>, args: GridVersion & { createdBy: string }): Promise<void> {
  await db
    .insertInto('scoring_grids')
    .values({ version: args.version, grid_json: JSON.stringify(args.grid), created_at: args.createdAt, created_by: args.createdBy })
    .execute();
}

// ---------------------------------------------------------------------------------------------
// The roster

function memberFromRow(r: Selectable<MembersTable>): RosterMember {
  return {
    id: r.id,
    civility: r.civility as RosterMember['civility'],
    firstName: r.first_name,
    lastName: r.last_name,
    organisation: r.organisation,
    title: r.title,
    email: r.email,
    voice: r.voice as RosterMember['voice'],
    active: r.active === 1,
  };
}

export async function listMembers(db: Kysely<Database>, ids?: readonly number[]): Promise<RosterMember[]> {
  let query = db.selectFrom('members').selectAll();
  if (ids) query = query.where('id', 'in', ids.length ? ids : [-1]);
  // French order, whatever the case and accents: « de La Tour » between Dallier and Durand, not last.
  return (await query.execute())
    .map(memberFromRow)
    .sort((a, b) => frenchOrder.compare(a.lastName, b.lastName) || frenchOrder.compare(a.firstName, b.firstName) || a.id - b.id);
}

/** Each member's version (migration 0015). */
export async function memberVersions(db: Kysely<Database>): Promise<Map<number, number>> {
  const rows = await db.selectFrom('members').select(['id', 'version']).execute();
  return new Map(rows.map((r) => [r.id, r.version]));
}

export async function saveMember(db: Kysely<Database>, member: Omit<RosterMember, 'id'> & { id?: number }): Promise<number> {
  const values = {
    civility: member.civility,
    first_name: member.firstName,
    last_name: member.lastName,
    organisation: member.organisation,
    title: member.title,
    email: member.email,
    voice: member.voice,
    active: member.active ? 1 : 0,
  };
  if (member.id !== undefined) {
    await db.updateTable('members').set(values).where('id', '=', member.id).execute();
    return member.id;
  }
  return (await db.insertInto('members').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

// ---------------------------------------------------------------------------------------------
// Sessions, their roll, agenda and withdrawals

export async function getSessionRow(db: Kysely<Database>, id: number): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listSessionRows(db: Kysely<Database>) {
  return db
    .selectFrom('sessions')
    .leftJoin('agenda_items', 'agenda_items.session_id', 'sessions.id')
    .select((eb) => [
      'sessions.id',
      'sessions.number',
      'sessions.title',
      'sessions.date',
      'sessions.status',
      eb.fn.count<number>('agenda_items.id').as('items'),
      eb.fn.count<number>('agenda_items.opinion').as('opinions'),
    ])
    .groupBy('sessions.id')
    .orderBy('sessions.date', 'desc')
    .orderBy('sessions.id', 'desc')
    .execute();
}

export async function sessionMembers(db: Kysely<Database>, sessionId: number) {
  return db
    .selectFrom('session_members')
    .innerJoin('members', 'members.id', 'session_members.member_id')
    .select([
      'session_members.member_id',
      'session_members.voice',
      'session_members.attendance',
      'session_members.remote',
      'session_members.proxy_holder_id',
      'members.civility',
      'members.first_name',
      'members.last_name',
      'members.organisation',
      'members.title',
    ])
    .where('session_members.session_id', '=', sessionId)
    .orderBy('session_members.position')
    .execute();
}

/** The session's agenda in order, or only the items `itemIds` of it. */
export async function agendaItems(db: Kysely<Database>, sessionId: number, itemIds?: readonly number[]): Promise<AgendaItemRow[]> {
  let query = db.selectFrom('agenda_items').selectAll().where('session_id', '=', sessionId);
  if (itemIds) query = query.where('id', 'in', itemIds.length ? itemIds : [-1]);
  return query.orderBy('position').execute();
}

export async function getAgendaItem(db: Kysely<Database>, itemId: number): Promise<AgendaItemRow | undefined> {
  return db.selectFrom('agenda_items').selectAll().where('id', '=', itemId).executeTakeFirst();
}

/** The session's withdrawals, or only those on `itemIds`. */
export async function sessionWithdrawals(db: Kysely<Database>, sessionId: number, itemIds?: readonly number[]) {
  let query = db
    .selectFrom('conflicts')
    .innerJoin('agenda_items', 'agenda_items.id', 'conflicts.agenda_item_id')
    .select(['conflicts.agenda_item_id', 'conflicts.member_id', 'conflicts.reason'])
    .where('agenda_items.session_id', '=', sessionId);
  if (itemIds) query = query.where('conflicts.agenda_item_id', 'in', itemIds.length ? itemIds : [-1]);
  return query.execute();
}

/** Items of a session without an opinion yet. */
export async function countWithoutOpinion(db: Kysely<Database>, sessionId: number): Promise<number> {
  const row = await db
    .selectFrom('agenda_items')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('session_id', '=', sessionId)
    .where('opinion', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

// ---------------------------------------------------------------------------------------------
// Score sheets

export async function scoreSheets(db: Kysely<Database>, dossierId: number, version: number) {
  const rows = await db
    .selectFrom('score_sheets')
    .selectAll()
    .where('dossier_id', '=', dossierId)
    .where('grid_version', '=', version)
    .orderBy('scorer')
    .execute();
  return rows.map((r) => ({
    scorer: r.scorer,
    sheet: JSON.parse(r.values_json) as ScoreSheet,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    version: r.version,
  }));
}

/** The sheets of `scorers` for each of these dossiers, in one query. */
export async function scoreSheetsOf(db: Kysely<Database>, dossierIds: readonly number[], version: number, scorers: readonly string[]) {
  if (!dossierIds.length) return [];
  const rows = await db
    .selectFrom('score_sheets')
    .select(['dossier_id', 'scorer', 'values_json'])
    .where('dossier_id', 'in', dossierIds)
    .where('grid_version', '=', version)
    .where('scorer', 'in', scorers)
    .execute();
  return rows.map((r) => ({ dossierId: r.dossier_id, scorer: r.scorer, sheet: JSON.parse(r.values_json) as ScoreSheet }));
}

export async function putScoreSheet(
  db: Kysely<Database>,
  args: { dossierId: number; version: number; scorer: string; sheet: ScoreSheet; at: string; by: string },
): Promise<void> {
  const values_json = JSON.stringify(args.sheet);
  await db
    .insertInto('score_sheets')
    .values({
      dossier_id: args.dossierId,
      grid_version: args.version,
      scorer: args.scorer,
      values_json,
      updated_at: args.at,
      updated_by: args.by,
    })
    .onConflict((oc) =>
      oc
        .columns(['dossier_id', 'grid_version', 'scorer'])
        .doUpdateSet((eb) => ({ values_json, updated_at: args.at, updated_by: args.by, version: eb('score_sheets.version', '+', 1) })),
    )
    .execute();
}

/** The agenda items of a dossier with their session's number, date and status, latest session first. */
export function agendaItemsOfDossier(db: Kysely<Database>, dossierId: number) {
  return db
    .selectFrom('agenda_items')
    .innerJoin('sessions', 'sessions.id', 'agenda_items.session_id')
    .selectAll('agenda_items')
    .select(['sessions.number as session_number', 'sessions.date as session_date', 'sessions.status as session_status'])
    .where('agenda_items.dossier_id', '=', dossierId)
    .orderBy('sessions.date', 'desc')
    .orderBy('sessions.id', 'desc')
    .execute();
}
