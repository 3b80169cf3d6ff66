import { frenchTypography } from '../../shared/french';
import type { FontFace, FontFamily, FontStyle } from './fonts';
import type { Color } from './style';
import { breakLines, placeLine } from './wrap';
import type { Align, WrapItem } from './wrap';

/** A piece of text in bold and/or italic; a plain string is a run in the paragraph's own style. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}
export type Inline = string | Run;
/** What a paragraph, a heading, a list item or a table cell holds; "\n" starts a new line. */
export type RichText = Inline | readonly Inline[];

export interface TextStyle {
  size: number;
  /** Line height in points. */
  leading: number;
  color: Color;
  bold?: boolean;
  italic?: boolean;
  /** Apply French typography (shared/french.ts) to each run; on by default. */
  typography?: boolean;
}

/** A word or a piece of one, measured: what the line breaker places and the canvas draws. */
export interface Word extends WrapItem {
  text: string;
  face: FontFace;
  size: number;
  color: Color;
}

export interface TextLine {
  words: Word[];
  /** x of each word from the left of the text box. */
  xs: number[];
}

function styleOf(bold: boolean, italic: boolean): FontStyle {
  if (bold) return italic ? 'boldItalic' : 'bold';
  return italic ? 'italic' : 'regular';
}

/** Breaks after a hyphen between two words (Hauts-|de-|France), not in L. 211-2 or 2026-03-01. */
const HYPHEN_BREAK = /(?<=\p{L}{2}-)(?=\p{L}{2})/u;

/**
 * Turns rich text into measured words: one width look-up per word and style (cached in the
 * face), spaces as glue. No-break spaces stay inside their word, so no line ends there.
 */
export function measureWords(content: RichText, style: TextStyle, family: FontFamily, report: (character: string) => void): Word[] {
  const runs: readonly Inline[] = Array.isArray(content) ? content : [content as Inline];
  const words: Word[] = [];
  const last = () => words[words.length - 1];
  for (const run of runs) {
    const { text, bold = style.bold ?? false, italic = style.italic ?? false } = typeof run === 'string' ? { text: run } : run;
    const face = family[styleOf(bold, italic)];
    const typed = style.typography === false ? text : frenchTypography(text);
    const printable = face.printable(typed.replace(/\r\n?/g, '\n').replace(/\t/g, ' '), report);
    for (const [token] of printable.matchAll(/\n| +|[^ \n]+/g)) {
      const previous = last();
      if (token === '\n') {
        // A new line right after another (or at the start) is an empty line of its own.
        if (!previous || previous.glue === 'newline') words.push(word('', face, style, 'newline'));
        else previous.glue = 'newline';
      } else if (token.startsWith(' ')) {
        // Leading spaces, and spaces after a line break, are dropped; runs of spaces count as one.
        if (previous?.glue === 'none') previous.glue = 'space';
      } else {
        const pieces = token.split(HYPHEN_BREAK);
        pieces.forEach((piece, i) => words.push(word(piece, face, style, i < pieces.length - 1 ? 'break' : 'none')));
      }
    }
  }
  return words;
}

function word(text: string, face: FontFace, style: TextStyle, glue: Word['glue']): Word {
  return {
    text,
    face,
    size: style.size,
    color: style.color,
    glue,
    width: face.width(text) * style.size,
    spaceWidth: face.spaceWidth * style.size,
  };
}

/** A word wider than the line (a long URL in a narrow column) cut where it must, so nothing overflows. */
function splitLongWords(words: Word[], max: number): Word[] {
  if (words.every((w) => w.width <= max)) return words;
  const out: Word[] = [];
  for (const w of words) {
    if (w.width <= max) {
      out.push(w);
      continue;
    }
    let piece = '';
    let width = 0;
    for (const character of w.text) {
      const advance = w.face.width(character) * w.size;
      if (piece && width + advance > max) {
        out.push({ ...w, text: piece, width: w.face.width(piece) * w.size, glue: 'break' });
        piece = '';
        width = 0;
      }
      piece += character;
      width += advance;
    }
    out.push({ ...w, text: piece, width: w.face.width(piece) * w.size });
  }
  return out;
}

export interface TextBox {
  width: number;
  align: Align;
  /** Extra indent of the first line (positive) — the other lines use the full width. */
  firstIndent?: number;
}

/** Rich text broken into lines and placed in a box of the given width. */
export function layoutLines(words: Word[], box: TextBox): TextLine[] {
  const indent = box.firstIndent ?? 0;
  const items = splitLongWords(words, box.width - indent);
  return breakLines(items, box.width - indent, box.width).map((line, index) => {
    const lineIndent = index === 0 ? indent : 0;
    const xs = placeLine(items, line, box.width - lineIndent, box.align).map((x) => x + lineIndent);
    return { words: items.slice(line.start, line.end), xs };
  });
}

/** From the top of a line box down to its baseline: the x-height centred in the line. */
export function baselineOffset(size: number, leading: number): number {
  return leading / 2 + 0.3 * size;
}
