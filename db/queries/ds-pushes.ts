import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, DsPushesTable } from '../schema';

type Db = Kysely<Database>;
export type DsPushRow = Selectable<DsPushesTable>;

/** Every push of a session's letters, any version. */
export function sessionPushes(db: Db, sessionId: number): Promise<DsPushRow[]> {
  return db.selectFrom('ds_pushes').selectAll().where('session_id', '=', sessionId).orderBy('id').execute();
}

/** The push of one letter version, begun again if an earlier attempt stopped: one row per version. */
export async function beginPush(
  db: Db,
  values: Pick<DsPushRow, 'document_id' | 'letter_sha256' | 'session_id' | 'dossier_id' | 'ds_number' | 'action' | 'actor'>,
  at: string,
): Promise<DsPushRow> {
  const existing = await db.selectFrom('ds_pushes').selectAll().where('document_id', '=', values.document_id).executeTakeFirst();
  if (existing) {
    return db
      .updateTable('ds_pushes')
      .set({ attempts: existing.attempts + 1, updated_at: at, actor: values.actor, last_error: '' })
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  return db
    .insertInto('ds_pushes')
    .values({ ...values, attempts: 1, started_at: at, updated_at: at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updatePush(db: Db, id: number, changes: Updateable<DsPushesTable>): Promise<void> {
  await db.updateTable('ds_pushes').set(changes).where('id', '=', id).execute();
}
