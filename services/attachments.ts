import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { attachmentInfo, deleteAttachment, getAttachment, insertAttachment } from '../db/queries/attachments';
import { insertAudit } from '../db/queries/audit';
import type { Output, ParsedInput } from '../shared/contract';
import { AppError } from '../shared/result';
import type { ServiceContext } from './context';
import { resolveDossierId } from './dossier-ref';
import { refreshEligibility } from './eligibility';
import { decodeUpload, safeFileName, sha256, writeFileAtomic } from './files';

/** Keeps a copy of the document in the data folder, then records it; the copy is removed if recording fails. */
export async function addAttachment(
  input: ParsedInput<'attachments.add'>,
  ctx: ServiceContext,
): Promise<Output<'attachments.add'>> {
  const dossierId = await resolveDossierId(ctx.db, { id: input.dossierId });
  const bytes = decodeUpload(input.contentBase64);
  const hash = sha256(bytes);
  const storedPath = join('pieces', String(dossierId), `${hash.slice(0, 12)}-${safeFileName(input.fileName)}`);
  const absolute = join(ctx.dataDir, storedPath);
  writeFileAtomic(absolute, bytes);
  const at = ctx.now().toISOString();
  const record = {
    dossierId,
    kind: input.kind,
    originalName: input.fileName,
    size: bytes.length,
    sha256: hash,
    storedPath,
    addedAt: at,
    addedBy: ctx.actor,
  };
  try {
    const id = await ctx.db.transaction().execute(async (trx) => {
      const id = await insertAttachment(trx, record);
      await insertAudit(trx, {
        at,
        actor: ctx.actor,
        entityType: 'dossier',
        entityId: String(dossierId),
        action: 'attachment.add',
        before: null,
        after: { id, kind: input.kind, originalName: input.fileName, sha256: hash, size: bytes.length },
      });
      await refreshEligibility(trx, [dossierId]);
      return id;
    });
    return attachmentInfo({ id, ...record });
  } catch (error) {
    rmSync(absolute, { force: true });
    throw error;
  }
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
  // The same file attached twice to one dossier shares one copy.
  const stillUsed = await ctx.db
    .selectFrom('attachments')
    .select('id')
    .where('stored_path', '=', attachment.storedPath)
    .executeTakeFirst();
  if (!stillUsed) rmSync(join(ctx.dataDir, attachment.storedPath), { force: true });
  return null;
}

/** Opens the kept copy with the system viewer where the transport can, and tells where it is. */
export async function openAttachment(
  input: ParsedInput<'attachments.open'>,
  ctx: ServiceContext,
): Promise<Output<'attachments.open'>> {
  const attachment = await existingAttachment(ctx, input.id);
  const path = join(ctx.dataDir, attachment.storedPath);
  if (ctx.openPath) await ctx.openPath(path);
  return { path, opened: ctx.openPath !== undefined };
}
