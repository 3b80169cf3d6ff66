import { readFileSync } from 'node:fs';
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
