import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // An item postponed « faute de quorum »: the commission could not deliberate, so no vote; the
  // minutes say so. Existing opinions were all deliberated.
  await db.schema
    .alterTable('agenda_items')
    .addColumn('no_quorum', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
