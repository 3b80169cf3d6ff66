import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, DsPushesTable } from '../schema';

type Db = Kysely<Database>;
export type DsPushRow = Selectable<DsPushesTable>;

/** Every push of a session's letters, any version. */
export function sessionPushes(db: Db, sessionId: number): Promise<DsPushRow[]> {
  return db.selectFrom('ds_pushes').selectAll().where('session_id', '=', sessionId).orderBy('id').execute();
}

/**
 * How long an attempt holds its letter version while it says nothing: another post does not
 * start the same push meanwhile, and an attempt that crashed is taken over after it.
 */
export const PUSH_LEASE_MS = 10 * 60_000;

/**
 * The push of one letter version, begun again if an earlier attempt stopped: one row per
 * version. Null when another attempt holds it (going on, or completed, since it was read): the
 * row is taken by one conditional statement, so that two posts never both start it.
 */
export async function beginPush(
  db: Db,
  values: Pick<DsPushRow, 'document_id' | 'letter_sha256' | 'session_id' | 'dossier_id' | 'ds_number' | 'action' | 'actor'>,
  at: string,
  leaseSince: string,
): Promise<DsPushRow | null> {
  const existing = await db.selectFrom('ds_pushes').selectAll().where('document_id', '=', values.document_id).executeTakeFirst();
  if (existing) {
    const taken = await db
      .updateTable('ds_pushes')
      .set({ attempts: existing.attempts + 1, updated_at: at, actor: values.actor, last_error: '' })
      .where('id', '=', existing.id)
      .where('attempts', '=', existing.attempts)
      .where('completed_at', 'is', null)
      .where((eb) => eb.or([eb('last_error', '<>', ''), eb('updated_at', '<', leaseSince)]))
      .returningAll()
      .executeTakeFirst();
    return taken ?? null;
  }
  const inserted = await db
    .insertInto('ds_pushes')
    .values({ ...values, attempts: 1, started_at: at, updated_at: at })
    .onConflict((oc) => oc.column('document_id').doNothing())
    .returningAll()
    .executeTakeFirst();
  return inserted ?? null;
}

export async function updatePush(db: Db, id: number, changes: Updateable<DsPushesTable>): Promise<void> {
  await db.updateTable('ds_pushes').set(changes).where('id', '=', id).execute();
}
