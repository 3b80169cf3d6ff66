/**
 * The content of an attachment judged against its extension (shared/attachments.ts): a file
 * opens with the program its extension names, so both must say the same harmless thing.
 */
import { strFromU8, unzipSync } from 'fflate';
import { attachmentFormats, attachmentNameProblem, extensionOf, type AttachmentFormat } from '../shared/attachments';

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const ZIP = ascii('PK\x03\x04');
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The main part each OOXML format declares in [Content_Types].xml; the macro-enabled ones differ. */
const OOXML_MAIN: Partial<Record<AttachmentFormat, string>> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
};
const ODF_MIMETYPE: Partial<Record<AttachmentFormat, string>> = {
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};

/** The few small entries the check reads; a part larger than this is no content-types list. */
const MAX_ENTRY = 1024 * 1024;

/** The names of a zip's entries, and the text of the ones wanted; null when it is no zip. */
function readZip(bytes: Uint8Array, wanted: string): { names: string[]; text: string | null } | null {
  const names: string[] = [];
  try {
    const files = unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        return file.name === wanted && file.originalSize <= MAX_ENTRY;
      },
    });
    const entry = files[wanted];
    return { names, text: entry ? strFromU8(entry) : null };
  } catch {
    return null;
  }
}

function isOoxml(bytes: Uint8Array, format: AttachmentFormat): boolean {
  if (!startsWith(bytes, ZIP)) return false;
  const zip = readZip(bytes, '[Content_Types].xml');
  if (!zip?.text) return false;
  const macros = zip.names.some((name) => /vbaProject|activeX/i.test(name)) || /macroEnabled/i.test(zip.text);
  return !macros && zip.text.includes(`"${OOXML_MAIN[format]}"`);
}

function isOdf(bytes: Uint8Array, format: AttachmentFormat): boolean {
  if (!startsWith(bytes, ZIP)) return false;
  const zip = readZip(bytes, 'mimetype');
  // Basic/ and Scripts/ hold the document's macros.
  const macros = zip?.names.some((name) => /^(Basic|Scripts)\//.test(name));
  return zip?.text?.trim() === ODF_MIMETYPE[format] && !macros;
}

/** Text in any usual encoding (UTF-8, Windows-1252, UTF-16 with its mark): no control but tab, line breaks and form feed. */
function isText(bytes: Uint8Array): boolean {
  const utf16 = startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);
  if (utf16) {
    if (bytes.length % 2) return false;
    const littleEndian = bytes[0] === 0xff;
    for (let i = 2; i < bytes.length; i += 2) {
      const unit = littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!;
      if (unit < 0x20 && ![9, 10, 12, 13].includes(unit)) return false;
    }
    return true;
  }
  return bytes.every((b) => b >= 0x20 || b === 9 || b === 10 || b === 12 || b === 13);
}

const judges: Record<AttachmentFormat, (bytes: Uint8Array) => boolean> = {
  // Readers accept a PDF whose header comes within its first kilobyte.
  pdf: (b) => Buffer.from(b.subarray(0, 1024)).includes('%PDF-'),
  png: (b) => startsWith(b, [0x89, ...ascii('PNG\r\n\x1a\n')]),
  jpeg: (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  tiff: (b) => startsWith(b, ascii('II*\0')) || startsWith(b, ascii('MM\0*')),
  gif: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')),
  webp: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8),
  docx: (b) => isOoxml(b, 'docx'),
  xlsx: (b) => isOoxml(b, 'xlsx'),
  pptx: (b) => isOoxml(b, 'pptx'),
  odt: (b) => isOdf(b, 'odt'),
  ods: (b) => isOdf(b, 'ods'),
  odp: (b) => isOdf(b, 'odp'),
  cfb: (b) => startsWith(b, CFB),
  text: isText,
};

const formatNames: Record<AttachmentFormat, string> = {
  pdf: 'un PDF',
  png: 'une image PNG',
  jpeg: 'une image JPEG',
  tiff: 'une image TIFF',
  gif: 'une image GIF',
  webp: 'une image WebP',
  docx: 'un document Word (sans macros)',
  xlsx: 'un classeur Excel (sans macros)',
  pptx: 'une présentation PowerPoint (sans macros)',
  odt: 'un texte OpenDocument (sans macros)',
  ods: 'un classeur OpenDocument (sans macros)',
  odp: 'une présentation OpenDocument (sans macros)',
  cfb: 'un document Office',
  text: 'un fichier texte',
};

/** Headers of Windows, Linux and macOS programs and of scripts, named as such in the refusal. */
const looksRunnable = (b: Uint8Array) =>
  startsWith(b, ascii('MZ')) ||
  startsWith(b, ascii('\x7fELF')) ||
  startsWith(b, ascii('#!')) ||
  [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]].some((s) => startsWith(b, s));

/** Why this file cannot be attached or opened, in French, or null when its name and content agree on an admitted type. */
export function attachmentProblem(fileName: string, bytes: Uint8Array): string | null {
  const nameProblem = attachmentNameProblem(fileName);
  if (nameProblem) return nameProblem;
  const ext = extensionOf(fileName) as keyof typeof attachmentFormats;
  const format = attachmentFormats[ext];
  if (judges[format](bytes)) return null;
  if (looksRunnable(bytes)) return `« ${fileName} » est un programme, sous une extension .${ext} : il ne peut pas être joint.`;
  return `Le contenu de « ${fileName} » n'est pas celui d'${formatNames[format]} : le fichier ne correspond pas à son extension .${ext}.`;
}
