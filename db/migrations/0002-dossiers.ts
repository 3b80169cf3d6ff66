import { sql, type Kysely } from 'kysely';
import { engineOf, withId, isJson, floatType } from '../dialect';

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(', ')})`);

const sortColumns = [
  'structure_type',
  'department_code',
  'status',
  'name_key',
  'commune_key',
  'updated_at',
  'submitted_at',
  'grant_requested_cents',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const engine = engineOf(db);
  await db.schema
    .createTable('dossiers')
    .$call(withId(engine))
    .addColumn('ds_number', 'integer', (c) => c.unique())
    .addColumn('ds_state', 'text')
    .addColumn('structure_type', 'text', (c) => c.notNull().check(inList('structure_type', ['ESP', 'MSP', 'CPTS', 'CDS'])))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('received'))
    .addColumn('submitted_at', 'text')
    .addColumn('instruction_at', 'text')
    .addColumn('sponsor_civility', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sponsor_first_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sponsor_last_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sponsor_email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sponsor_phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('legal_form', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('siret', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rna', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('commune_code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('commune_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('department_code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('zoning', 'text')
    .addColumn('apl', floatType(engine))
    // Amounts in cents: sums of grants must be exact.
    .addColumn('grant_requested_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('grant_engineering_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('grant_it_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('grant_furniture_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('meeting_frequency', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('protocol_count', 'integer')
    .addColumn('information_system', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('information_system_labelled', 'integer')
    .addColumn('secure_messaging', 'integer')
    .addColumn('coordinator', 'integer')
    .addColumn('opening_hours', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('unscheduled_care', 'integer')
    .addColumn('project_summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('project_themes', 'text', (c) => c.notNull().defaultTo('[]').check(isJson(engine, 'project_themes')))
    .addColumn('start_date', 'text')
    .addColumn('declared_professionals', 'integer')
    .addColumn('in_priority_zone', 'integer')
    .addColumn('declared_files', 'text', (c) => c.notNull().defaultTo('[]').check(isJson(engine, 'declared_files')))
    // Folded name, commune, sponsor and number, for accent-insensitive search; folded name and
    // commune alone for sorting as a French reader expects (« Équipe » among the E).
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('name_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('commune_key', 'text', (c) => c.notNull().defaultTo(''))
    // Kept up to date on every write that can change it, so that lists filter on it with an index.
    .addColumn('eligible', 'integer')
    .addColumn('eligibility_blocking', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('eligibility_warnings', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The list filters through one narrow covering index (no row is read to count or filter,
  // even for a search), and pages through one index per sort column, stopping after a page.
  await db.schema
    .createIndex('dossiers_list')
    .on('dossiers')
    .columns([
      'structure_type',
      'department_code',
      'status',
      'eligible',
      'name_key',
      'commune_key',
      'ds_number',
      'updated_at',
      'submitted_at',
      'grant_requested_cents',
      'search_text',
    ])
    .execute();
  for (const column of sortColumns) {
    await db.schema.createIndex(`dossiers_by_${column}`).on('dossiers').column(column).execute();
  }

  await db.schema
    .createTable('professionals')
    .$call(withId(engine))
    .addColumn('dossier_id', 'integer', (c) => c.notNull().references('dossiers.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('profession', 'text', (c) => c.notNull())
    .addColumn('identifier', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('commune_code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('commune_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('role', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .createIndex('professionals_dossier')
    .on('professionals')
    .columns(['dossier_id', 'position'])
    .execute();

  await db.schema
    .createTable('attachments')
    .$call(withId(engine))
    .addColumn('dossier_id', 'integer', (c) => c.notNull().references('dossiers.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    /** Relative to the app's data folder. */
    .addColumn('stored_path', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_dossier').on('attachments').column('dossier_id').execute();

  await db.schema
    .createTable('import_batches')
    .$call(withId(engine))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('mapping_name', 'text', (c) => c.notNull())
    .addColumn('mapping_json', 'text', (c) => c.notNull().check(isJson(engine, 'mapping_json')))
    .addColumn('created', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('import_mappings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('mapping_json', 'text', (c) => c.notNull().check(isJson(engine, 'mapping_json')))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('zoning')
    .addColumn('commune_code', 'text', (c) => c.primaryKey())
    .addColumn('commune_name', 'text', (c) => c.notNull())
    .addColumn('zoning', 'text', (c) => c.notNull().check(inList('zoning', ['ZIP', 'ZAC', 'none'])))
    .addColumn('apl', floatType(engine))
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
}
