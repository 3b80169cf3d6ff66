import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { insertAudit } from '../db/queries/audit';
import { getZoning } from '../db/queries/zoning';
import { gridVersion, insertGrid, latestGrid, listMembers, putScoreSheet, scoreSheets } from '../db/queries/sessions';
import { latestGridStamp, latestSheetVersion, openSessionSheets } from '../db/queries/grid';
import { issuesToDetails } from '../shared/contract/dispatch';
import type { ParsedInput } from '../shared/contract';
import { AppError, validationError, type ErrorDetail } from '../shared/result';
import {
  computeScore,
  consensusScore,
  nextGridVersion,
  removedCriteria,
  scoreSheetSchema,
  suggestScores,
  type GridVersion,
  type ScoringGrid,
} from '../shared/scoring';
import type { ScoresView } from '../shared/session';
import type { ServiceContext } from './context';
import { resolveDossierId } from './dossier-ref';
import { getDossiers } from '../db/queries/dossiers';
import { currentGrid, persistedGrid } from './sessions';
import { checkVersion, staleVersion } from './versions';

type Db = Kysely<Database>;

const audit = (db: Db, ctx: ServiceContext, entry: Omit<Parameters<typeof insertAudit>[1], 'at' | 'actor'>) =>
  insertAudit(db, { at: ctx.now().toISOString(), actor: ctx.actor, ...entry });

/** The sessions whose agenda holds this dossier with this grid version, closed ones first. */
async function closedSessionOf(db: Db, dossierId: number, version: number) {
  return db
    .selectFrom('agenda_items')
    .innerJoin('sessions', 'sessions.id', 'agenda_items.session_id')
    .select(['sessions.number'])
    .where('agenda_items.dossier_id', '=', dossierId)
    .where('sessions.grid_version', '=', version)
    .where('sessions.status', '=', 'closed')
    .executeTakeFirst();
}

/**
 * The grid version a dossier is scored with: its session's; outside any session, the version of
 * its newest sheet (a sheet keeps the version it was scored with), or the current grid.
 */
async function versionFor(db: Db, dossierId: number, sessionId?: number): Promise<number> {
  if (sessionId !== undefined) {
    const row = await db.selectFrom('sessions').select('grid_version').where('id', '=', sessionId).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `La séance ${sessionId} n'existe pas.`);
    return row.grid_version;
  }
  const latestSession = await db
    .selectFrom('agenda_items')
    .innerJoin('sessions', 'sessions.id', 'agenda_items.session_id')
    .select('sessions.grid_version')
    .where('agenda_items.dossier_id', '=', dossierId)
    .orderBy('sessions.date', 'desc')
    .executeTakeFirst();
  return latestSession?.grid_version ?? (await latestSheetVersion(db, dossierId)) ?? (await currentGrid(db)).version;
}

export async function getScores(db: Db, input: ParsedInput<'scores.get'>): Promise<ScoresView> {
  const dossierId = await resolveDossierId(db, { id: input.dossierId });
  const version = await versionFor(db, dossierId, input.sessionId);
  const { grid } = (await gridVersion(db, version)) ?? (await currentGrid(db));
  const [dossier] = await getDossiers(db, [dossierId]);
  const reference = dossier!.data.communeCode ? await getZoning(db, dossier!.data.communeCode) : undefined;
  const sheets = await scoreSheets(db, dossierId, version);
  const scorers = sheets.filter((s) => s.scorer !== 'consensus');
  return {
    gridVersion: version,
    currentVersion: (await currentGrid(db)).version,
    grid,
    suggestions: suggestScores(grid, dossier!.data, reference ?? null),
    sheets: sheets.map((s) => ({ ...s, result: computeScore(grid, s.sheet) })),
    consensus: scorers.length ? consensusScore(grid, scorers.map((s) => s.sheet)) : null,
    locked: (await closedSessionOf(db, dossierId, version)) !== undefined,
  };
}

/** A member's sheet names a member of the commission's roster. */
async function checkScorer(db: Db, scorer: string): Promise<void> {
  const memberId = /^member:(\d+)$/.exec(scorer)?.[1];
  if (memberId === undefined) return;
  const [member] = await listMembers(db, [Number(memberId)]);
  if (!member) throw new AppError('NOT_FOUND', `Le notateur « ${scorer} » ne correspond à aucun membre de la commission.`);
}

/** One scorer's confirmed values; a dossier examined in a closed session keeps its scores. */
export async function saveScores(input: ParsedInput<'scores.save'>, ctx: ServiceContext): Promise<ScoresView> {
  await ctx.db.transaction().execute(async (trx) => {
    const dossierId = await resolveDossierId(trx, { id: input.dossierId });
    await checkScorer(trx, input.scorer);
    let version = input.gridVersion ?? (await versionFor(trx, dossierId));
    if (version === 0) version = (await persistedGrid(trx, ctx)).version;
    const stored = await gridVersion(trx, version);
    if (!stored) throw new AppError('NOT_FOUND', `La version ${version} de la grille n'existe pas.`);
    const closed = await closedSessionOf(trx, dossierId, version);
    if (closed) {
      throw new AppError('LOCKED', `Ce dossier a été examiné en séance n° ${closed.number}, clôturée : ses notes ne peuvent plus changer sans rouvrir la séance.`);
    }
    const checked = scoreSheetSchema(stored.grid).safeParse(input.sheet);
    if (!checked.success) throw validationError(issuesToDetails(checked.error, 'sheet'));
    const sheetKey = { dossier_id: dossierId, grid_version: version, scorer: input.scorer };
    await checkVersion(trx, { kind: 'scoreSheet', table: 'score_sheets', key: sheetKey }, input.expectedVersion);
    const before = (await scoreSheets(trx, dossierId, version)).find((s) => s.scorer === input.scorer)?.sheet ?? null;
    await putScoreSheet(trx, { dossierId, version, scorer: input.scorer, sheet: checked.data, at: ctx.now().toISOString(), by: ctx.actor });
    await audit(trx, ctx, { entityType: 'dossier', entityId: String(dossierId), action: `scores.${input.scorer}`, before, after: checked.data });
  });
  return getScores(ctx.db, { dossierId: input.dossierId });
}

/**
 * Criteria the new grid drops while a sheet of a session not closed scores them: the session is
 * still being examined on them, so they stay until it closes.
 */
async function removalsInUse(db: Db, before: ScoringGrid, after: ScoringGrid): Promise<ErrorDetail[]> {
  const removed = removedCriteria(before, after);
  if (!removed.length) return [];
  const sheets = await openSessionSheets(db);
  return removed.flatMap(({ criterion }) => {
    const used = sheets.find(({ sheet }) => sheet.values[criterion.id] !== undefined);
    return used
      ? [
          {
            field: `grid.removed.${criterion.id}`,
            message: `Le critère « ${criterion.label} » est noté dans la séance n° ${used.number}, qui n'est pas clôturée : gardez-le jusqu'à la clôture de la séance.`,
          },
        ]
      : [];
  });
}

/** Saves the grid as a new version, unless it did not change; sessions keep the version they were created with. */
export async function updateGrid(input: ParsedInput<'grid.update'>, ctx: ServiceContext): Promise<GridVersion> {
  return ctx.db.transaction().execute(async (trx) => {
    // A grid never saved is the default one, version 0, as grid.get gives it.
    const latest = (await latestGridStamp(trx)) ?? { version: 0, changedBy: '', changedAt: '' };
    if (input.expectedVersion !== undefined && latest.version !== input.expectedVersion) throw await staleVersion(trx, 'grid', latest);
    return writeGrid(trx, ctx, input.grid);
  });
}

/** `updateGrid` inside the caller's transaction. */
export async function writeGrid(trx: Db, ctx: ServiceContext, grid: ScoringGrid): Promise<GridVersion> {
  const latest = await latestGrid(trx);
  const next = nextGridVersion(latest, grid, ctx.now().toISOString());
  if (next === latest) return latest;
  const inUse = await removalsInUse(trx, (latest ?? (await currentGrid(trx))).grid, next.grid);
  if (inUse.length) throw new AppError('CONFLICT', inUse.map((d) => d.message).join(' '), inUse);
  await insertGrid(trx, { ...next, createdBy: ctx.actor });
  await audit(trx, ctx, { entityType: 'grid', entityId: String(next.version), action: 'create', before: latest?.grid ?? null, after: next.grid });
  return next;
}
