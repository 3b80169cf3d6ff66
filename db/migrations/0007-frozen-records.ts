import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // What a closed session's documents print, frozen at closing and dropped at reopening.
  await db.schema
    .createTable('session_records')
    .addColumn('session_id', 'integer', (c) => c.primaryKey().references('sessions.id'))
    .addColumn('facts_json', 'text', (c) => c.notNull())
    .addColumn('frozen_at', 'text', (c) => c.notNull())
    .addColumn('frozen_by', 'text', (c) => c.notNull())
    .execute();
  // The decision (or the session's outcome, for the minutes) each document was produced from:
  // when it no longer matches, the document is to be made again. NULL for documents produced
  // before this column existed, which cannot be judged.
  await db.schema.alterTable('documents').addColumn('basis_json', 'text').execute();
}
