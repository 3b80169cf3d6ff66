import type { Kysely, Selectable } from 'kysely';
import type { ConvocationsTable, Database } from '../schema';

export type ConvocationRow = Selectable<ConvocationsTable>;

export function sessionConvocations(db: Kysely<Database>, sessionId: number): Promise<ConvocationRow[]> {
  return db.selectFrom('convocations').selectAll().where('session_id', '=', sessionId).execute();
}

/** A new file for the member: its sending is to be recorded again. */
export async function putConvocation(db: Kysely<Database>, row: Omit<ConvocationRow, 'sent_at' | 'sent_by'>): Promise<void> {
  await db
    .insertInto('convocations')
    .values({ ...row, sent_at: null, sent_by: null })
    .onConflict((oc) =>
      oc.columns(['session_id', 'member_id']).doUpdateSet({
        file_path: row.file_path,
        sha256: row.sha256,
        created_at: row.created_at,
        created_by: row.created_by,
        sent_at: null,
        sent_by: null,
      }),
    )
    .execute();
}

export async function markConvocationsSent(
  db: Kysely<Database>,
  args: { sessionId: number; memberIds: readonly number[]; sentAt: string; sentBy: string },
): Promise<void> {
  await db
    .updateTable('convocations')
    .set({ sent_at: args.sentAt, sent_by: args.sentBy })
    .where('session_id', '=', args.sessionId)
    .where('member_id', 'in', args.memberIds)
    .execute();
}
