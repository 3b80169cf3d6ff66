import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import PostalMime from 'postal-mime';
import { sha256 } from '../../services/files';

/** A .eml file read back by a maintained parser, each attachment with its content's sha256. */
export async function readEml(path: string) {
  const email = await PostalMime.parse(readFileSync(path), { attachmentEncoding: 'arraybuffer' });
  return {
    ...email,
    files: email.attachments.map((a) => ({
      filename: a.filename,
      mimeType: a.mimeType,
      disposition: a.disposition,
      sha256: sha256(new Uint8Array(a.content as ArrayBuffer)),
    })),
  };
}

/** A draft written for the mail client: read, then its temporary folder removed; refused if it is elsewhere. */
export async function takeDraft(path: string) {
  const folder = dirname(path);
  if (!basename(folder).startsWith('commission-brouillons-') || dirname(folder) !== tmpdir()) {
    throw new Error(`The draft ${path} is not in a temporary folder of its own.`);
  }
  try {
    return await readEml(path);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
