/**
 * Screens on several machines kept current: the audit log, which every write already extends in
 * its own transaction, serves as the change feed (its key is the cursor), and the item a
 * session's live mode shows is kept in the database for the projector and the other machines.
 */
import type { Kysely } from 'kysely';
import { insertAudit } from '../db/queries/audit';
import { auditChangesAfter, auditHead, liveItemOf, putLiveItem, type LiveItemRow } from '../db/queries/live';
import { getAgendaItem } from '../db/queries/sessions';
import type { Database } from '../db/schema';
import { CHANGES_BOUND, type Change, type Changes, type LiveItem } from '../shared/contract/live';
import { AppError } from '../shared/result';
import type { ServiceContext } from './context';
import { requireOpenSession, requireSession } from './sessions';

/** The audit entries of a move in live mode: their own kind, so that the session's history is not one line per item shown. */
const LIVE_ENTITY = 'live';

export async function changesSince(db: Kysely<Database>, cursor: number | null): Promise<Changes> {
  if (cursor === null) return { cursor: await auditHead(db), changes: [], complete: true };
  const rows = await auditChangesAfter(db, cursor, CHANGES_BOUND + 1);
  if (rows.length > CHANGES_BOUND) return { cursor: await auditHead(db), changes: [], complete: false };
  if (rows.length === 0) {
    // A cursor past the end: the database was restored from a backup since.
    const head = await auditHead(db);
    return head < cursor ? { cursor: head, changes: [], complete: false } : { cursor, changes: [], complete: true };
  }
  const changes = new Map<string, Change>();
  for (const row of rows) {
    const key = `${row.entity_type}\u0000${row.entity_id}`;
    if (!changes.has(key)) changes.set(key, { kind: row.entity_type, id: row.entity_id });
  }
  return { cursor: rows.at(-1)!.id, changes: [...changes.values()], complete: true };
}

const viewOf = (sessionId: number, row: LiveItemRow | undefined): LiveItem => ({
  sessionId,
  itemId: row?.item_id ?? null,
  setAt: row?.set_at ?? null,
  setBy: row?.set_by ?? null,
});

export async function getLiveItem(db: Kysely<Database>, sessionId: number): Promise<LiveItem> {
  await requireSession(db, sessionId);
  return viewOf(sessionId, await liveItemOf(db, sessionId));
}

/** Moves the live mode to another item; the same item again writes nothing. */
export function setLiveItem(input: { sessionId: number; itemId: number }, ctx: ServiceContext): Promise<LiveItem> {
  return ctx.db.transaction().execute(async (trx) => {
    await requireOpenSession(trx, input.sessionId);
    const item = await getAgendaItem(trx, input.itemId);
    if (item?.session_id !== input.sessionId) {
      throw new AppError('NOT_FOUND', `Le point ${input.itemId} n'est pas à l'ordre du jour de cette séance.`, [
        { field: 'itemId', message: "Ce point n'est pas à l'ordre du jour de la séance." },
      ]);
    }
    const before = await liveItemOf(trx, input.sessionId);
    if (before?.item_id === input.itemId) return viewOf(input.sessionId, before);
    const row: LiveItemRow = { session_id: input.sessionId, item_id: input.itemId, set_at: ctx.now().toISOString(), set_by: ctx.actor };
    await putLiveItem(trx, row);
    await insertAudit(trx, {
      at: row.set_at,
      actor: ctx.actor,
      entityType: LIVE_ENTITY,
      entityId: String(input.sessionId),
      action: 'show',
      before: before ? { itemId: before.item_id } : null,
      after: { itemId: input.itemId, dossierId: item.dossier_id },
    });
    return viewOf(input.sessionId, row);
  });
}
