import type { Kysely, Selectable } from 'kysely';
import type { Database, LiveItemsTable } from '../schema';

export interface AuditChange {
  id: number;
  entity_type: string;
  entity_id: string;
}

/**
 * The audit entries after `after`, oldest first, at most `limit`: a seek on the log's key, so
 * that machines asking every second cost the same on 200,000 entries as on 20. Every write is in
 * one transaction with its entry, so a key seen means every smaller one is committed too.
 */
export function auditChangesAfter(db: Kysely<Database>, after: number, limit: number): Promise<AuditChange[]> {
  return db
    .selectFrom('audit_log')
    .select(['id', 'entity_type', 'entity_id'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The key of the last audit entry, 0 for an empty log. */
export async function auditHead(db: Kysely<Database>): Promise<number> {
  // max() of the key reads the last entry of its index on both engines.
  const last = await db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return last?.id ?? 0;
}

export type LiveItemRow = Selectable<LiveItemsTable>;

export function liveItemOf(db: Kysely<Database>, sessionId: number): Promise<LiveItemRow | undefined> {
  return db.selectFrom('live_items').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
}

export async function putLiveItem(db: Kysely<Database>, row: LiveItemRow): Promise<void> {
  await db
    .insertInto('live_items')
    .values(row)
    .onConflict((oc) => oc.column('session_id').doUpdateSet({ item_id: row.item_id, set_at: row.set_at, set_by: row.set_by }))
    .execute();
}
