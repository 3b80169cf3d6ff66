import { constants, deflateSync } from 'node:zlib';
import { PDFName } from 'pdf-lib';
import type { PDFPage, PDFRef } from 'pdf-lib';
import type { FontFace } from './fonts';
import type { Color } from './style';
import type { TextLine, Word } from './text';

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

  /** `resources`: the document's font dictionary, shared by its pages; `faces`: each face's name in it, and its encoder. */
  constructor(
    readonly page: PDFPage,
    resources: PDFRef,
    private readonly faces: ReadonlyMap<FontFace, { key: string; encode: (text: string) => string }>,
  ) {
    page.node.set(PDFName.of('Resources'), resources);
  }

  private face(face: FontFace) {
    const font = this.faces.get(face);
    if (!font) throw new Error(`Police non intégrée au document : ${face.style}`);
    return font;
  }

  /**
   * A laid-out line, its box's left edge at x, on the given baseline: one TJ per run of words
   * in the same font, the stretch of each justified space given as a TJ adjustment.
   */
  line(line: TextLine, x: number, baseline: number): void {
    let out = 'q BT\n';
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
        out += `1 0 0 1 ${num(x + wordX)} ${num(baseline)} Tm\n[`;
        open = true;
      } else if (Math.abs(wordX - cursor) > 0.001) {
        // In thousandths of the font size, positive to the left.
        out += ` ${num(((cursor - wordX) * 1000) / size)} `;
      }
      out += this.face(face!).encode(text);
      cursor = wordX + word.width + (spaced ? word.spaceWidth : 0);
    });
    if (open) out += '] TJ\n';
    this.parts.push(`${out}ET Q\n`);
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
    const stream = context.stream(deflateSync(Buffer.from(this.parts.join(''), 'latin1'), { level: constants.Z_BEST_SPEED }), { Filter: 'FlateDecode' });
    this.page.node.set(PDFName.of('Contents'), context.register(stream));
  }
}

const rgb = ({ r, g, b }: Color) => `${num(r)} ${num(g)} ${num(b)}`;

/** Hundredths of a point are finer than any printer, and keep the content stream short; never an exponent. */
function num(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? '0' : String(rounded);
}
