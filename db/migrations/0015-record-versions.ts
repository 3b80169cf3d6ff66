import type { Kysely } from 'kysely';

/**
 * Concurrent editing: every record a person edits carries a version, bumped by each save, and
 * who last saved it and when. A save names the version it was made from; an older one is refused
 * (services/versions.ts). Existing rows start at version 1, their author unknown ('').
 */
const versioned: Record<string, { updatedAt: boolean; updatedBy: boolean }> = {
  dossiers: { updatedAt: false, updatedBy: true },
  sessions: { updatedAt: false, updatedBy: true },
  agenda_items: { updatedAt: true, updatedBy: true },
  members: { updatedAt: true, updatedBy: true },
  score_sheets: { updatedAt: false, updatedBy: false },
  settings: { updatedAt: false, updatedBy: true },
  import_mappings: { updatedAt: false, updatedBy: true },
  agreement_reports: { updatedAt: true, updatedBy: true },
};

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, missing] of Object.entries(versioned)) {
    await db.schema.alterTable(table).addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    if (missing.updatedBy) await db.schema.alterTable(table).addColumn('updated_by', 'text', (c) => c.notNull().defaultTo('')).execute();
    if (missing.updatedAt) await db.schema.alterTable(table).addColumn('updated_at', 'text', (c) => c.notNull().defaultTo('')).execute();
  }
}
