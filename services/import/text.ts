import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le' | 'utf-16be';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a text file. A BOM decides; otherwise valid UTF-8 is UTF-8 and anything else is the
 * Windows-1252 of French Excel ("CSV (séparateur : point-virgule)"), where accented letters
 * followed by ASCII can never form valid UTF-8.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  // Excel's "Texte Unicode" is UTF-16 with a BOM.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  try {
    return { text: strictUtf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { text: iconv.decode(buffer, 'win1252'), encoding: 'windows-1252' };
  }
}

/** Control characters other than tab, line feed, form feed and carriage return. */
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g; // eslint-disable-line no-control-regex

/** A text file has no NUL and almost no control characters; a PDF or an image has plenty. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 65_536);
  if (sample.includes('\u0000')) return true;
  return (sample.match(CONTROL)?.length ?? 0) > sample.length / 100;
}
