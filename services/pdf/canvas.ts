import {
  PDFArray,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  beginText,
  rgb,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setFillingRgbColor,
  setFontAndSize,
  setTextMatrix,
} from 'pdf-lib';
import type { PDFFont, PDFName, PDFPage } from 'pdf-lib';
import type { FontFace } from './fonts';
import type { Color } from './style';
import type { TextLine, Word } from './text';

/**
 * Drawing on one page, in points from the page's bottom-left corner. Text goes straight into
 * the content stream, one text object per line: that is what lets a justified line stretch its
 * spaces, since PDF word spacing (Tw) does not apply to two-byte fonts.
 */
export class Canvas {
  private readonly keys = new Map<FontFace, PDFName>();

  constructor(
    readonly page: PDFPage,
    private readonly fonts: ReadonlyMap<FontFace, PDFFont>,
  ) {}

  private fontKey(face: FontFace): PDFName {
    let key = this.keys.get(face);
    if (!key) {
      const font = this.fonts.get(face);
      if (!font) throw new Error(`Police non intégrée au document : ${face.style}`);
      key = this.page.node.newFontDictionary(font.name, font.ref);
      this.keys.set(face, key);
    }
    return key;
  }

  /**
   * A laid-out line, its box's left edge at x, on the given baseline: one TJ per run of words
   * in the same font, the stretch of each justified space given as a TJ adjustment.
   */
  line(line: TextLine, x: number, baseline: number): void {
    const ops: PDFOperator[] = [pushGraphicsState(), beginText()];
    let face: FontFace | undefined;
    let size = 0;
    let color: Color | undefined;
    let shown: PDFArray | undefined;
    /** Where the text cursor stands after what has been shown so far. */
    let cursor = 0;
    line.words.forEach((word: Word, i) => {
      // The space after a word is drawn with it: copied text and text extraction keep their spaces.
      const spaced = word.glue === 'space' && i < line.words.length - 1;
      const text = spaced ? `${word.text} ` : word.text;
      if (!text) return;
      const wordX = line.xs[i]!;
      if (!shown || word.face !== face || word.size !== size || word.color !== color) {
        if (word.face !== face || word.size !== size) {
          face = word.face;
          size = word.size;
          ops.push(setFontAndSize(this.fontKey(face), size));
        }
        if (word.color !== color) {
          color = word.color;
          ops.push(setFillingRgbColor(color.r, color.g, color.b));
        }
        shown = PDFArray.withContext(this.page.doc.context);
        ops.push(setTextMatrix(1, 0, 0, 1, round(x + wordX), round(baseline)), PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [shown]));
      } else if (Math.abs(wordX - cursor) > 0.001) {
        // In thousandths of the font size, positive to the left.
        shown.push(PDFNumber.of(round(((cursor - wordX) * 1000) / size)));
      }
      shown.push(this.fonts.get(face!)!.encodeText(text));
      cursor = wordX + word.width + (spaced ? word.spaceWidth : 0);
    });
    ops.push(endText(), popGraphicsState());
    this.page.pushOperators(...ops);
  }

  /** A filled rectangle given by its top-left corner. */
  rect(x: number, top: number, width: number, height: number, color: Color): void {
    this.page.drawRectangle({ x, y: top - height, width, height, color: rgbOf(color) });
  }

  /** A horizontal rule. */
  rule(x1: number, x2: number, y: number, thickness: number, color: Color): void {
    this.page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness, color: rgbOf(color) });
  }
}

function rgbOf({ r, g, b }: Color) {
  return rgb(r, g, b);
}

/** Hundredths of a point are finer than any printer, and keep the content stream short. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}
