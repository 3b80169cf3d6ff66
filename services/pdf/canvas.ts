import { constants, deflateSync } from 'node:zlib';
import { PDFName } from 'pdf-lib';
import type { PDFPage, PDFRef } from 'pdf-lib';
import type { FontFace } from './fonts';
import { streamOf } from './objects';
import type { Color } from './style';
import type { TextLine, Word } from './text';

/** How a document names its faces (/F0…) and encodes text in them. */
export interface DocumentFonts {
  readonly faces: ReadonlyMap<FontFace, { key: string; encode: (text: string) => string }>;
  /**
   * The naming as a string when every face is its shared subset (embed.ts), whose encoding is
   * the same in every document: a line drawn for one document then serves the next. Null when
   * a face has a subset of its own.
   */
  readonly signature: string | null;
}

/** Per laid-out line (shared by the documents setting the same text, text.ts), its text object per naming of the faces. */
const drawnLines = new WeakMap<TextLine, Map<string, string>>();

/**
 * Drawing on one page, in points from the page's bottom-left corner. Text goes straight into
 * the content stream, one text object per line: that is what lets a justified line stretch its
 * spaces, since PDF word spacing (Tw) does not apply to two-byte fonts. The stream is written as
 * text, without pdf-lib's operator objects, and compressed by finish() with Node's zlib at its
 * fastest level: pdf-lib's own deflate (pako) spends about 10 ms on the repetitive text of one
 * page, zlib a tenth of a millisecond, for a stream 2 % longer than at its default level.
 */
export class Canvas {
  private readonly parts: string[] = [];

  /** `resources`: the document's font dictionary, shared by its pages. */
  constructor(
    readonly page: PDFPage,
    resources: PDFRef,
    private readonly fonts: DocumentFonts,
  ) {
    page.node.set(PDFName.of('Resources'), resources);
  }

  private face(face: FontFace) {
    const font = this.fonts.faces.get(face);
    if (!font) throw new Error(`Police non intégrée au document : ${face.style}`);
    return font;
  }

  /**
   * A laid-out line, its box's left edge at x, on the given baseline: the line's text object,
   * moved there by a translation, so that it depends on the line alone.
   */
  line(line: TextLine, x: number, baseline: number): void {
    this.parts.push(`q 1 0 0 1 ${num(x)} ${num(baseline)} cm\n${this.textObject(line)}Q\n`);
  }

  private textObject(line: TextLine): string {
    const { signature } = this.fonts;
    let drawn = signature === null ? undefined : drawnLines.get(line);
    const known = signature === null ? undefined : drawn?.get(signature);
    if (known !== undefined) return known;
    const text = this.writeTextObject(line);
    if (signature !== null) {
      if (!drawn) drawnLines.set(line, (drawn = new Map()));
      drawn.set(signature, text);
    }
    return text;
  }

  /** One TJ per run of words in the same font, the stretch of each justified space given as a TJ adjustment. */
  private writeTextObject(line: TextLine): string {
    let out = 'BT\n';
    let face: FontFace | undefined;
    let size = 0;
    let color: Color | undefined;
    /** The TJ array being written, closed when the font, size or colour changes. */
    let open = false;
    /** Where the text cursor stands after what has been shown so far. */
    let cursor = 0;
    line.words.forEach((word: Word, i) => {
      // The space after a word is drawn with it: copied text and text extraction keep their spaces.
      const spaced = word.glue === 'space' && i < line.words.length - 1;
      const text = spaced ? `${word.text} ` : word.text;
      if (!text) return;
      const wordX = line.xs[i]!;
      if (!open || word.face !== face || word.size !== size || word.color !== color) {
        if (open) out += '] TJ\n';
        if (word.face !== face || word.size !== size) {
          face = word.face;
          size = word.size;
          out += `${this.face(face).key} ${num(size)} Tf\n`;
        }
        if (word.color !== color) {
          color = word.color;
          out += `${num(color.r)} ${num(color.g)} ${num(color.b)} rg\n`;
        }
        out += `1 0 0 1 ${num(wordX)} 0 Tm\n[`;
        open = true;
      } else if (Math.abs(wordX - cursor) > 0.001) {
        // In thousandths of the font size, positive to the left.
        out += ` ${num(((cursor - wordX) * 1000) / size)} `;
      }
      out += this.face(face!).encode(text);
      cursor = wordX + word.width + (spaced ? word.spaceWidth : 0);
    });
    if (open) out += '] TJ\n';
    return `${out}ET\n`;
  }

  /** A filled rectangle given by its top-left corner. */
  rect(x: number, top: number, width: number, height: number, color: Color): void {
    this.parts.push(`q ${rgb(color)} rg ${num(x)} ${num(top - height)} ${num(width)} ${num(height)} re f Q\n`);
  }

  /** A horizontal rule. */
  rule(x1: number, x2: number, y: number, thickness: number, color: Color): void {
    this.parts.push(`q ${rgb(color)} RG ${num(thickness)} w ${num(x1)} ${num(y)} m ${num(x2)} ${num(y)} l S Q\n`);
  }

  /** Writes what was drawn as the page's content stream. */
  finish(): void {
    const { context } = this.page.doc;
    const stream = streamOf(context, deflateSync(Buffer.from(this.parts.join(''), 'latin1'), { level: constants.Z_BEST_SPEED }), { Filter: 'FlateDecode' });
    this.page.node.set(PDFName.of('Contents'), context.register(stream));
  }
}

const rgb = ({ r, g, b }: Color) => `${num(r)} ${num(g)} ${num(b)}`;

/** Hundredths of a point are finer than any printer, and keep the content stream short; never an exponent. */
function num(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? '0' : String(rounded);
}
