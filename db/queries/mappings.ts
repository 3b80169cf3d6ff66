import type { Kysely } from 'kysely';
import { importMappingSchema, type ImportMapping } from '../../shared/import-mapping';
import type { Database } from '../schema';

export async function getMapping(db: Kysely<Database>, name: string): Promise<ImportMapping | undefined> {
  const row = await db.selectFrom('import_mappings').select('mapping_json').where('name', '=', name).executeTakeFirst();
  return row && importMappingSchema.parse(JSON.parse(row.mapping_json));
}

/** The saved mappings, each with its version (migration 0015). */
export async function listMappings(db: Kysely<Database>): Promise<{ mapping: ImportMapping; version: number }[]> {
  const rows = await db.selectFrom('import_mappings').select(['mapping_json', 'version']).orderBy('name').execute();
  return rows.map((r) => ({ mapping: importMappingSchema.parse(JSON.parse(r.mapping_json)), version: r.version }));
}

export async function saveMapping(db: Kysely<Database>, args: { mapping: ImportMapping; at: string; by: string }): Promise<void> {
  const json = JSON.stringify(args.mapping);
  await db
    .insertInto('import_mappings')
    .values({ name: args.mapping.name, mapping_json: json, updated_at: args.at, updated_by: args.by })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({ mapping_json: json, updated_at: args.at, updated_by: args.by, version: eb('import_mappings.version', '+', 1) })),
    )
    .execute();
}

export async function deleteMapping(db: Kysely<Database>, name: string): Promise<void> {
  await db.deleteFrom('import_mappings').where('name', '=', name).execute();
}
