import { PDFObject, PDFRawStream } from 'pdf-lib';
import type { PDFContext, PDFDict } from 'pdf-lib';

/**
 * PDF objects that write their bytes in one copy. pdf-lib copies a stream's contents byte by
 * byte, which for the fonts and pages of a session's documents came to a twentieth of their time.
 */

/** A PDF object written once as text: the widths of 200 glyphs, which pdf-lib would otherwise convert and size for every document. */
export class RawObject extends PDFObject {
  private readonly bytes: Uint8Array;

  constructor(text: string) {
    super();
    this.bytes = Buffer.from(text, 'latin1');
  }

  override clone(): RawObject {
    return this;
  }

  override toString(): string {
    return Buffer.from(this.bytes).toString('latin1');
  }

  override sizeInBytes(): number {
    return this.bytes.length;
  }

  override copyBytesInto(buffer: Uint8Array, offset: number): number {
    buffer.set(this.bytes, offset);
    return this.bytes.length;
  }
}

const STREAM = Buffer.from('\nstream\n', 'latin1');
const END_STREAM = Buffer.from('\nendstream', 'latin1');

// Its typings keep the constructor private; PDFRawStream.of calls it just so.
const RawStream = PDFRawStream as unknown as new (dict: PDFDict, contents: Uint8Array) => PDFRawStream;

/** A stream of bytes already encoded (deflated), written as pdf-lib writes it, in one copy. */
class BytesStream extends RawStream {
  override copyBytesInto(buffer: Uint8Array, offset: number): number {
    this.updateDict();
    const start = offset;
    offset += this.dict.copyBytesInto(buffer, offset);
    buffer.set(STREAM, offset);
    offset += STREAM.length;
    buffer.set(this.contents, offset);
    offset += this.contents.length;
    buffer.set(END_STREAM, offset);
    return offset + END_STREAM.length - start;
  }
}

/** context.stream(contents, dict), written in one copy. */
export function streamOf(context: PDFContext, contents: Uint8Array, dict: Record<string, string>): PDFRawStream {
  return new BytesStream(context.obj(dict), contents);
}
