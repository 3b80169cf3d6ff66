import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export interface LatestDocument {
  kind: string;
  dossier_id: number | null;
  version: number;
  file_path: string;
  sha256: string;
  basis_json: string | null;
}

/** A document's key in the register: its kind and dossier (none for the minutes). */
export const documentKey = (kind: string, dossierId: number | null) => `${kind}:${dossierId ?? ''}`;

/** The latest version of one document of a session, if any: a seek, for a preview. */
export function latestDocument(db: Kysely<Database>, sessionId: number, kind: string, dossierId: number | null): Promise<LatestDocument | undefined> {
  let query = db
    .selectFrom('documents')
    .select(['kind', 'dossier_id', 'version', 'file_path', 'sha256', 'basis_json'])
    .where('kind', '=', kind)
    .where('session_id', '=', sessionId)
    .orderBy('version', 'desc')
    .limit(1);
  query = dossierId === null ? query.where('dossier_id', 'is', null) : query.where('dossier_id', '=', dossierId);
  return query.executeTakeFirst();
}

/**
 * The latest version of the session's documents of these dossiers, and of its minutes, by
 * documentKey: one query for a part of a batch, rather than one per document.
 */
export async function latestDocuments(db: Kysely<Database>, sessionId: number, dossierIds: readonly number[]): Promise<Map<string, LatestDocument>> {
  // Each row of the session with no later version of itself: a seek in the unique index per row.
  const rows = await db
    .selectFrom('documents as d')
    .select(['d.kind', 'd.dossier_id', 'd.version', 'd.file_path', 'd.sha256', 'd.basis_json'])
    .where('d.session_id', '=', sessionId)
    .where((eb) => eb.or([eb('d.dossier_id', 'in', dossierIds.length ? dossierIds : [-1]), eb('d.dossier_id', 'is', null)]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('documents as later')
            .select('later.id')
            .whereRef('later.kind', '=', 'd.kind')
            .whereRef('later.session_id', '=', 'd.session_id')
            .whereRef('later.dossier_id', 'is not distinct from', 'd.dossier_id')
            .whereRef('later.version', '>', 'd.version'),
        ),
      ),
    )
    .execute();
  return new Map(rows.map((r) => [documentKey(r.kind, r.dossier_id), r]));
}
