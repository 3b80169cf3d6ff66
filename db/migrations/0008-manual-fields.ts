import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The fields a person corrected in the app, with the value they gave: a later import must not
  // overwrite them without the user's say. A field leaves the table once an import's value is taken.
  await db.schema
    .createTable('dossier_manual_fields')
    .addColumn('dossier_id', 'integer', (c) => c.notNull().references('dossiers.id'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text', (c) => c.notNull())
    .addColumn('edited_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dossier_manual_fields_pk', ['dossier_id', 'field'])
    .execute();
}
