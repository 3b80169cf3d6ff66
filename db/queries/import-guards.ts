/**
 * What an import may not change without the user's say: the fields a person corrected in the
 * app, and the dossiers the commission or the agency already acted on.
 */
import type { Kysely } from 'kysely';
import { dossierStatuses } from '../../shared/dossier';
import type { Database } from '../schema';

export interface ManualField {
  value: unknown;
  editedAt: string;
  editedBy: string;
}

/** SQLite binds at most 32,766 parameters a statement. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** For each dossier, its fields corrected by hand, by dotted path. */
export async function manualFieldsOf(db: Kysely<Database>, dossierIds: readonly number[]): Promise<Map<number, Map<string, ManualField>>> {
  const byDossier = new Map<number, Map<string, ManualField>>();
  for (const ids of chunks(dossierIds)) {
    const rows = await db.selectFrom('dossier_manual_fields').selectAll().where('dossier_id', 'in', ids).execute();
    for (const row of rows) {
      const fields = byDossier.get(row.dossier_id) ?? new Map<string, ManualField>();
      fields.set(row.field, { value: JSON.parse(row.value_json), editedAt: row.edited_at, editedBy: row.edited_by });
      byDossier.set(row.dossier_id, fields);
    }
  }
  return byDossier;
}

/** Marks the fields as corrected by hand, with their new value; a later correction replaces an earlier one. */
export async function recordManualFields(
  db: Kysely<Database>,
  rows: readonly { dossierId: number; field: string; value: unknown; at: string; by: string }[],
): Promise<void> {
  for (const chunk of chunks(rows)) {
    await db
      .insertInto('dossier_manual_fields')
      .values(
        chunk.map((r) => ({ dossier_id: r.dossierId, field: r.field, value_json: JSON.stringify(r.value), edited_at: r.at, edited_by: r.by })),
      )
      .onConflict((oc) =>
        oc.columns(['dossier_id', 'field']).doUpdateSet((eb) => ({
          value_json: eb.ref('excluded.value_json'),
          edited_at: eb.ref('excluded.edited_at'),
          edited_by: eb.ref('excluded.edited_by'),
        })),
      )
      .execute();
  }
}

/** The fields whose value now comes from an import again. */
export async function forgetManualFields(db: Kysely<Database>, rows: readonly { dossierId: number; field: string }[]): Promise<void> {
  for (const chunk of chunks(rows)) {
    await db
      .deleteFrom('dossier_manual_fields')
      .where((eb) => eb.or(chunk.map((r) => eb.and([eb('dossier_id', '=', r.dossierId), eb('field', '=', r.field)]))))
      .execute();
  }
}

/** From « Avis rendu » on: the commission gave its opinion, the agency decided or notified. */
export const decidedStatuses = dossierStatuses.slice(dossierStatuses.indexOf('opinion_given'));

/** The dossiers among these that have an opinion, a decision or a notification. */
export async function decidedDossierIds(db: Kysely<Database>, dossierIds: readonly number[]): Promise<Set<number>> {
  const decided = new Set<number>();
  for (const ids of chunks(dossierIds)) {
    const byStatus = await db.selectFrom('dossiers').select('id').where('id', 'in', ids).where('status', 'in', decidedStatuses).execute();
    // An agenda item's opinion or decision counts, whatever the status says.
    const byItem = await db
      .selectFrom('agenda_items')
      .select('dossier_id as id')
      .where('dossier_id', 'in', ids)
      .where((eb) => eb.or([eb('opinion', 'is not', null), eb('decision_json', 'is not', null)]))
      .execute();
    for (const { id } of [...byStatus, ...byItem]) decided.add(id);
  }
  return decided;
}
