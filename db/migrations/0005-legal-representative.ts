import type { Kysely } from 'kysely';

const columns = ['representative_civility', 'representative_first_name', 'representative_last_name', 'representative_capacity'];

/** Who signs the funding agreement for the team; '' for the dossiers kept before. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of columns) {
    await db.schema.alterTable('dossiers').addColumn(column, 'text', (c) => c.notNull().defaultTo('')).execute();
  }
}
