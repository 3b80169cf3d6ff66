import type { Kysely, Selectable } from 'kysely';
import type { AttachmentInfo } from '../../shared/dossier';
import type { AttachmentsTable, Database } from '../schema';

export type AttachmentRecord = AttachmentInfo & { dossierId: number; storedPath: string };

function fromRow(r: Selectable<AttachmentsTable>): AttachmentRecord {
  return {
    id: r.id,
    dossierId: r.dossier_id,
    kind: r.kind,
    originalName: r.original_name,
    size: r.size,
    sha256: r.sha256,
    storedPath: r.stored_path,
    addedAt: r.added_at,
    addedBy: r.added_by,
  };
}

/** What the interface is told of an attachment: not where the app keeps its copy. */
export function attachmentInfo(a: AttachmentRecord): AttachmentInfo {
  return {
    id: a.id,
    kind: a.kind,
    originalName: a.originalName,
    size: a.size,
    sha256: a.sha256,
    addedAt: a.addedAt,
    addedBy: a.addedBy,
  };
}

export async function listAttachments(db: Kysely<Database>, dossierId: number): Promise<AttachmentInfo[]> {
  const rows = await db.selectFrom('attachments').selectAll().where('dossier_id', '=', dossierId).orderBy('id').execute();
  return rows.map((r) => attachmentInfo(fromRow(r)));
}

export async function getAttachment(db: Kysely<Database>, id: number): Promise<AttachmentRecord | undefined> {
  const row = await db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
  return row && fromRow(row);
}

/** The contents already attached to the dossiers of these DS numbers, as `${dsNumber}:${contentMd5}`. */
export async function keptChecksums(db: Kysely<Database>, dsNumbers: readonly number[]): Promise<Set<string>> {
  if (dsNumbers.length === 0) return new Set();
  const rows = await db
    .selectFrom('attachments')
    .innerJoin('dossiers', 'dossiers.id', 'attachments.dossier_id')
    .select(['dossiers.ds_number', 'attachments.content_md5'])
    .where('dossiers.ds_number', 'in', dsNumbers)
    .where('attachments.content_md5', 'is not', null)
    .execute();
  return new Set(rows.map((r) => `${r.ds_number}:${r.content_md5}`));
}

/** `contentMd5`: base64 of the content's MD5, by which a sync knows the file is already here. */
export async function insertAttachment(
  db: Kysely<Database>,
  a: Omit<AttachmentRecord, 'id'> & { contentMd5: string },
): Promise<number> {
  const { id } = await db
    .insertInto('attachments')
    .values({
      dossier_id: a.dossierId,
      kind: a.kind,
      original_name: a.originalName,
      size: a.size,
      sha256: a.sha256,
      stored_path: a.storedPath,
      added_at: a.addedAt,
      added_by: a.addedBy,
      content_md5: a.contentMd5,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function deleteAttachment(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('attachments').where('id', '=', id).execute();
}
