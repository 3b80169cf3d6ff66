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
 * The latest version of each document of a session, by documentKey: one query for a whole
 * batch, rather than one per document.
 */
export async function latestDocuments(db: Kysely<Database>, sessionId: number): Promise<Map<string, LatestDocument>> {
  const latest = db
    .selectFrom('documents')
    .select(['kind', 'dossier_id', (eb) => eb.fn.max('version').as('version')])
    .where('session_id', '=', sessionId)
    .groupBy(['kind', 'dossier_id'])
    .as('latest');
  const rows = await db
    .selectFrom('documents')
    .innerJoin(latest, (join) =>
      join
        .onRef('latest.kind', '=', 'documents.kind')
        .onRef('latest.version', '=', 'documents.version')
        .on((eb) => eb.or([eb('latest.dossier_id', '=', eb.ref('documents.dossier_id')), eb.and([eb('latest.dossier_id', 'is', null), eb('documents.dossier_id', 'is', null)])])),
    )
    .select(['documents.kind', 'documents.dossier_id', 'documents.version', 'documents.file_path', 'documents.sha256', 'documents.basis_json'])
    .where('documents.session_id', '=', sessionId)
    .execute();
  return new Map(rows.map((r) => [documentKey(r.kind, r.dossier_id), r]));
}
