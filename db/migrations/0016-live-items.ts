import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The item a session's live mode shows, kept in the database so that every machine follows it.
  await db.schema
    .createTable('live_items')
    .addColumn('session_id', 'integer', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('agenda_items.id').onDelete('cascade'))
    .addColumn('set_at', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.notNull())
    .execute();
}
