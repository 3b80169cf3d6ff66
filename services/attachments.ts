import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { attachmentInfo, deleteAttachment, getAttachment, insertAttachment, type AttachmentRecord } from '../db/queries/attachments';
import { insertAudit } from '../db/queries/audit';
import type { Output, ParsedInput } from '../shared/contract';
import { extensionOf } from '../shared/attachments';
import { AppError } from '../shared/result';
import { attachmentProblem } from './attachment-content';
import type { ServiceContext } from './context';
import { resolveDossierId } from './dossier-ref';
import type { StagedKeep } from './file-store';
import { refreshEligibility } from './eligibility';
import { decodeUpload, md5Base64, safeFileName, sha256 } from './files';

/** UTF-8 bytes of the original name kept in the copy's: well within the 255 of file systems and Windows' 260-character paths. */
const MAX_STEM_BYTES = 100;

/** `text` cut to `maxBytes` in UTF-8, between characters as a reader sees them (é, emoji). */
export function cutToBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let kept = '';
  let size = 0;
  for (const { segment } of new Intl.Segmenter('fr', { granularity: 'grapheme' }).segment(text)) {
    size += Buffer.byteLength(segment, 'utf8');
    if (size > maxBytes) break;
    kept += segment;
  }
  return kept;
}

/** The kept copy's name: a prefix of the content's hash, the original name shortened, and its admitted extension. */
export function storedFileName(originalName: string, hash: string): string {
  const ext = extensionOf(originalName);
  const base = originalName.replace(/[.\s]+$/u, '');
  const stem = base.slice(0, base.length - ext.length - 1);
  return `${hash.slice(0, 12)}-${safeFileName(cutToBytes(stem, MAX_STEM_BYTES), 'piece')}.${ext}`;
}

function refuse(message: string): never {
  throw new AppError('VALIDATION', message, [{ field: 'fileName', message }]);
}

export interface NewAttachment {
  dossierId: number;
  kind: string;
  fileName: string;
  bytes: Buffer;
}

/**
 * Keeps a copy of a document attached to a dossier where the store keeps files, and records it,
 * audited, in `trx`; the caller refreshes the dossier's eligibility (once for many). Returns the
 * record, and the copy to discard (`ctx.files.discard`) if `trx` fails: a copy already there is
 * another attachment's, of the same content, and stays.
 */
export async function keepAttachment(
  trx: Kysely<Database>,
  ctx: ServiceContext,
  { dossierId, kind, fileName, bytes }: NewAttachment,
): Promise<{ attachment: AttachmentRecord; staged: StagedKeep }> {
  const problem = attachmentProblem(fileName, bytes);
  if (problem) refuse(problem);
  const hash = sha256(bytes);
  const storedPath = join('pieces', String(dossierId), storedFileName(fileName, hash));
  const staged = await ctx.files.stage(storedPath, bytes);
  await ctx.files.commit(trx, [staged]);
  const at = ctx.now().toISOString();
  const kept = { dossierId, kind, originalName: fileName, size: bytes.length, sha256: hash, storedPath, addedAt: at, addedBy: ctx.actor };
  const id = await insertAttachment(trx, { ...kept, contentMd5: md5Base64(bytes) });
  await insertAudit(trx, {
    at,
    actor: ctx.actor,
    entityType: 'dossier',
    entityId: String(dossierId),
    action: 'attachment.add',
    before: null,
    after: { id, kind, originalName: fileName, sha256: hash, size: bytes.length },
  });
  return { attachment: { id, ...kept }, staged };
}

/**
 * Keeps a copy of a document attached to `dossierId`, then runs `record` in the same transaction
 * as the attachment's record; the copy is removed if it fails.
 */
export async function withAttachment<T>(
  ctx: ServiceContext,
  upload: { dossierId: number; kind: string; fileName: string; contentBase64: string },
  record: (trx: Kysely<Database>, attachment: AttachmentRecord) => Promise<T>,
): Promise<T> {
  const bytes = decodeUpload(upload.contentBase64);
  const staged: StagedKeep[] = [];
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const kept = await keepAttachment(trx, ctx, { ...upload, bytes });
      staged.push(kept.staged);
      await refreshEligibility(trx, [upload.dossierId]);
      return record(trx, kept.attachment);
    });
  } catch (error) {
    ctx.files.discard(staged);
    throw error;
  }
}

export async function addAttachment(
  input: ParsedInput<'attachments.add'>,
  ctx: ServiceContext,
): Promise<Output<'attachments.add'>> {
  const dossierId = await resolveDossierId(ctx.db, { id: input.dossierId });
  return withAttachment(ctx, { ...input, dossierId }, async (_trx, attachment) => attachmentInfo(attachment));
}

async function existingAttachment(ctx: ServiceContext, id: number) {
  const attachment = await getAttachment(ctx.db, id);
  if (!attachment) throw new AppError('NOT_FOUND', `La pièce jointe ${id} n'existe pas.`);
  return attachment;
}

export async function removeAttachment(input: ParsedInput<'attachments.remove'>, ctx: ServiceContext): Promise<null> {
  const attachment = await existingAttachment(ctx, input.id);
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await deleteAttachment(trx, attachment.id);
    await insertAudit(trx, {
      at,
      actor: ctx.actor,
      entityType: 'dossier',
      entityId: String(attachment.dossierId),
      action: 'attachment.remove',
      before: { id: attachment.id, kind: attachment.kind, originalName: attachment.originalName, sha256: attachment.sha256 },
      after: null,
    });
    await refreshEligibility(trx, [attachment.dossierId]);
  });
  await ctx.files.release(ctx.db, [{ path: attachment.storedPath, sha256: attachment.sha256 }]);
  return null;
}

/**
 * Opens the kept copy with the system viewer where the transport can, and tells where it is.
 * The copy is judged again, as the viewer will see it (copies kept before the allowlist, or
 * changed on disk since): the system would run a program.
 */
export async function openAttachment(
  input: ParsedInput<'attachments.open'>,
  ctx: ServiceContext,
): Promise<Output<'attachments.open'>> {
  const attachment = await existingAttachment(ctx, input.id);
  const file = { path: attachment.storedPath, sha256: attachment.sha256 };
  const kept = ctx.files.location(file);
  const bytes = await ctx.files.load(file);
  if (!bytes) {
    throw new AppError('NOT_FOUND', `La copie de « ${attachment.originalName} » est introuvable ${kept ? `dans le dossier des données (${kept})` : 'dans la base partagée'}.`);
  }
  const problem = attachmentProblem(attachment.originalName, bytes) ?? attachmentProblem(file.path, bytes);
  const here = kept ? ` ; sa copie est ici : ${kept}` : ' ; sa copie est dans la base partagée';
  if (problem) throw new AppError('CONFLICT', `${problem} La pièce jointe n'est pas ouverte${here}`);
  if (sha256(bytes) !== attachment.sha256) {
    throw new AppError('CONFLICT', `La copie de « ${attachment.originalName} » a été modifiée depuis qu'elle a été jointe (son empreinte ne correspond plus) : elle n'est pas ouverte${here}.`);
  }
  const path = ctx.files.localPath(file, bytes);
  if (ctx.openPath) await ctx.openPath(path);
  return { path, opened: ctx.openPath !== undefined };
}
