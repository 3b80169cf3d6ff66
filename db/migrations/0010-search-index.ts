import type { Kysely } from 'kysely';
import { createSearchIndex } from '../search';

/** The columns a list filters on; each sort index carries them, so a page filters without reading rows. */
const filters = ['structure_type', 'status', 'department_code', 'eligible'];

/** The sort keys of the list; the filter columns among them also lead the seeks of those filters. */
const sorted = ['ds_number', 'name_key', 'commune_key', 'updated_at', 'submitted_at', 'grant_requested_cents', ...filters];

export async function up(db: Kysely<unknown>): Promise<void> {
  // The wide covering index and the one-column sort indexes gave way to a text index and to
  // compound indexes: (key, id, other filters) seeks a filter, pages in (key, id) order with no
  // sort, and checks the other filters from the index alone.
  await db.schema.dropIndex('dossiers_list').execute();
  for (const column of ['structure_type', 'department_code', 'status', 'name_key', 'commune_key', 'updated_at', 'submitted_at', 'grant_requested_cents']) {
    await db.schema.dropIndex(`dossiers_by_${column}`).execute();
  }
  for (const column of sorted) {
    await db.schema
      .createIndex(`dossiers_by_${column}`)
      .on('dossiers')
      .columns([column, 'id', ...filters.filter((f) => f !== column)])
      .execute();
  }
  // Words under three letters are looked for with LIKE, in this index rather than in the wide rows.
  await db.schema.createIndex('dossiers_by_search_text').on('dossiers').columns(['search_text', ...filters]).execute();
  await createSearchIndex(db);
}
