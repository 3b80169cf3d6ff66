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
  /** An address or a postcode with its town: shrinks rather than being cut when wider than its line. */
  unbreakable?: boolean;
}

export interface TextLine {
  words: readonly Word[];
  /** x of each word from the left of the text box. */
  xs: number[];
}

function styleOf(bold: boolean, italic: boolean): FontStyle {
  if (bold) return italic ? 'boldItalic' : 'bold';
  return italic ? 'italic' : 'regular';
}

/** Breaks after a hyphen between two words (Hauts-|de-|France), not in L. 211-2 or 2026-03-01. */
const HYPHEN_BREAK = /(?<=\p{L}{2}-)(?=\p{L}{2})/gu;

/** Spaces no line may end or be cut at (U+202F is drawn as U+2009, which Marianne has). */
const NO_BREAK_SPACE = /[\u00a0\u202f\u2009\u2007\u2060]/u;

/** A town's words after its postcode: capitalised, with lowercase links (Saint-Martin de Ré, Cedex 07). */
const TOWN_WORD = "(?:(?:de|du|des|la|le|les|sur|sous|en|aux|lès|et)[ \\u00a0])*(?:[dl][’'])?\\p{Lu}[\\p{L}’'-]*";
/** 97232 Le Lamentin: a postcode and its town, joined by no-break spaces so that they share a line. */
const POSTCODE_TOWN = new RegExp(
  `(?<![\\p{L}\\p{N}])\\d{5}(?:[ \\u00a0]${TOWN_WORD})+(?:(?<=[Cc][Ee][Dd][Ee][Xx])[ \\u00a0]\\d{1,3}(?!\\p{N}))?`,
  'gu',
);
/** E-mail addresses, web addresses and bare domains (telerecours.fr): never broken, not even at their hyphens. */
const ADDRESS = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+|(?:https?:\/\/|www\.)\S+|(?:[\p{L}\p{N}-]+\.)+\p{Ll}{2,}(?![\p{L}\p{N}])/gu;

/** Ranges of a word that no line break may divide. */
function unbreakableSpans(token: string): [number, number][] {
  // Most words hold neither a dot, an @ nor a figure: no need to look further.
  if (!/[.@\d]/.test(token)) return [];
  return [...token.matchAll(ADDRESS), ...token.matchAll(POSTCODE_TOWN)].map((m) => [m.index, m.index + m[0].length]);
}

/** A word cut after its hyphens (Hauts-|de-|France), but never inside an address or a town; the pieces flag what must not break. */
function hyphenPieces(token: string): { text: string; unbreakable: boolean }[] {
  const spans = unbreakableSpans(token);
  if (!token.includes('-')) return [{ text: token, unbreakable: spans.length > 0 }];
  const inside = (at: number) => spans.some(([start, end]) => start < at && at < end);
  const cuts = [...token.matchAll(HYPHEN_BREAK)].map((m) => m.index).filter((at) => !inside(at));
  return [0, ...cuts].map((start, i) => {
    const end = cuts[i] ?? token.length;
    return { text: token.slice(start, end), unbreakable: spans.some(([s, e]) => s < end && start < e) };
  });
}

/** A run's text made ready to measure: its tokens, and the characters the face lacked. */
interface Prepared {
  /** A piece of a word (`last`: the word ends there), a line break, or spaces. */
  tokens: ({ text: string; unbreakable: boolean; last: boolean; em: number } | '\n' | ' ')[];
  missing: string[];
}

/** Runs repeat from one document to the next (paragraphs, headings, labels): each is prepared once per face. */
/** Per face, the runs prepared without and with French typography, keyed by their text as it is (no key to build). */
const prepared = new WeakMap<FontFace, [Map<string, Prepared>, Map<string, Prepared>]>();
const PREPARED_LIMIT = 20_000;

function prepare(text: string, face: FontFace, typography: boolean): Prepared {
  let caches = prepared.get(face);
  if (!caches) prepared.set(face, (caches = [new Map(), new Map()]));
  const cache = caches[typography ? 1 : 0];
  let entry = cache.get(text);
  if (entry) return entry;
  const missing: string[] = [];
  const typed = (typography ? frenchTypography(text) : text).replace(POSTCODE_TOWN, (town) => town.replace(/ /g, '\u00a0'));
  const printable = face.printable(typed.replace(/\r\n?/g, '\n').replace(/\t/g, ' '), (c) => missing.push(c));
  const tokens: Prepared['tokens'] = [];
  for (const [token] of printable.matchAll(/\n| +|[^ \n]+/g)) {
    if (token === '\n') tokens.push('\n');
    else if (token.startsWith(' ')) tokens.push(' ');
    else {
      const pieces = hyphenPieces(token);
      pieces.forEach((piece, i) => tokens.push({ ...piece, last: i === pieces.length - 1, em: face.width(piece.text) }));
    }
  }
  entry = { tokens, missing };
  if (cache.size >= PREPARED_LIMIT) cache.clear();
  cache.set(text, entry);
  return entry;
}

/**
 * Turns rich text into measured words: one width look-up per word and style (cached in the
 * face), spaces as glue. No-break spaces stay inside their word, so no line ends there; a
 * postcode gets them before its town.
 */
export function measureWords(content: RichText, style: TextStyle, family: FontFamily, report: (character: string) => void): Word[] {
  const runs: readonly Inline[] = Array.isArray(content) ? content : [content as Inline];
  const words: Word[] = [];
  const last = () => words[words.length - 1];
  for (const run of runs) {
    const { text, bold = style.bold ?? false, italic = style.italic ?? false } = typeof run === 'string' ? { text: run } : run;
    const face = family[styleOf(bold, italic)];
    const { tokens, missing } = prepare(text, face, style.typography !== false);
    missing.forEach(report);
    for (const token of tokens) {
      const previous = last();
      if (token === '\n') {
        // A new line right after another (or at the start) is an empty line of its own.
        if (!previous || previous.glue === 'newline') words.push(word('', face, style, 'newline'));
        else previous.glue = 'newline';
      } else if (token === ' ') {
        // Leading spaces, and spaces after a line break, are dropped; runs of spaces count as one.
        if (previous?.glue === 'none') previous.glue = 'space';
      } else {
        const measured = word(token.text, face, style, token.last ? 'none' : 'break', token.em);
        words.push(token.unbreakable ? { ...measured, unbreakable: true } : measured);
      }
    }
  }
  return words;
}

/** A text measured, and what drawing it asks of the fonts. */
export interface Measured {
  readonly words: readonly Word[];
  /** The faces its words are drawn in. */
  readonly faces: readonly FontFace[];
  /** Those of the faces drawing a glyph beyond their shared subset (embed.ts). */
  readonly unshared: readonly FontFace[];
  /** Characters Marianne lacks, replaced. */
  readonly missing: readonly string[];
}

/**
 * Per family, the texts seen once (their key only), and those seen again, measured and kept, by
 * their style and runs (textKey): a text naming one dossier is measured for its document alone,
 * and holds no memory after it.
 */
const measuredTexts = new WeakMap<FontFamily, { seen: Set<string>; kept: Map<string, Measured> }>();
/** Word lists that measureText kept: only theirs have their lines kept too (layoutLines). */
const measuredWords = new WeakSet<readonly Word[]>();
/** A key weighs its text; a kept text, with its lines and their drawing, some 8 KB. */
const SEEN_LIMIT = 20_000;
const KEPT_LIMIT = 2_000;

/** Style and runs as one string; each text preceded by its length, so that no two contents share a key. */
function textKey(content: RichText, style: TextStyle): string {
  const { r, g, b } = style.color;
  let key = `${style.size} ${style.bold ? 1 : 0}${style.italic ? 1 : 0}${style.typography === false ? 0 : 1} ${r} ${g} ${b}`;
  for (const run of Array.isArray(content) ? content : [content as Inline]) {
    key += typeof run === 'string' ? ` ${run.length}:${run}` : ` ${run.bold === undefined ? '-' : Number(run.bold)}${run.italic === undefined ? '-' : Number(run.italic)}${run.text.length}:${run.text}`;
  }
  return key;
}

/**
 * measureWords for a document: most paragraphs, headings and labels recur from one document of a
 * batch to the next (87 % of them in a session's letters and agreements), so a text seen again is
 * measured once more and its words kept and shared, never to be changed.
 */
export function measureText(content: RichText, style: TextStyle, family: FontFamily): Measured {
  let cache = measuredTexts.get(family);
  if (!cache) measuredTexts.set(family, (cache = { seen: new Set(), kept: new Map() }));
  const key = textKey(content, style);
  let entry = cache.kept.get(key);
  if (entry) return entry;
  const missing = new Set<string>();
  const words = measureWords(content, style, family, (c) => missing.add(c));
  const faces = new Set<FontFace>();
  const unshared = new Set<FontFace>();
  for (const word of words) {
    if (!word.text) continue;
    faces.add(word.face);
    if (!word.face.shared.covers(word.text)) unshared.add(word.face);
  }
  entry = { words, faces: [...faces], unshared: [...unshared], missing: [...missing] };
  if (!cache.seen.has(key)) {
    if (cache.seen.size >= SEEN_LIMIT) cache.seen.clear();
    cache.seen.add(key);
    return entry;
  }
  cache.seen.delete(key);
  measuredWords.add(words);
  if (cache.kept.size >= KEPT_LIMIT) cache.kept.clear();
  cache.kept.set(key, entry);
  return entry;
}

/** `em`: the text's width in em, when already known. */
function word(text: string, face: FontFace, style: TextStyle, glue: Word['glue'], em = face.width(text)): Word {
  return {
    text,
    face,
    size: style.size,
    color: style.color,
    glue,
    width: em * style.size,
    spaceWidth: face.spaceWidth * style.size,
  };
}

/** An address or a town wider than its column shrinks down to this share of its size, then overflows. */
const MIN_SHRINK = 0.6;

/**
 * Words wider than the line (a long name in a narrow column): addresses and towns shrink, other
 * words are cut where they must, never next to a no-break space.
 */
function fitLongWords(words: readonly Word[], max: number): readonly Word[] {
  if (words.every((w) => w.width <= max)) return words;
  return words.flatMap((w) => (w.width <= max ? [w] : w.unbreakable ? [shrink(w, max)] : cut(w, max)));
}

function shrink(w: Word, max: number): Word {
  const size = w.size * Math.max(max / w.width, MIN_SHRINK);
  return { ...w, size, width: w.face.width(w.text) * size, spaceWidth: w.face.spaceWidth * size };
}

function cut(w: Word, max: number): Word[] {
  const out: Word[] = [];
  let piece = '';
  let width = 0;
  let before = '';
  for (const character of w.text) {
    const advance = w.face.width(character) * w.size;
    if (piece && width + advance > max && !NO_BREAK_SPACE.test(character) && !NO_BREAK_SPACE.test(before)) {
      out.push({ ...w, text: piece, width: w.face.width(piece) * w.size, glue: 'break' });
      piece = '';
      width = 0;
    }
    piece += character;
    width += advance;
    before = character;
  }
  out.push({ ...w, text: piece, width: w.face.width(piece) * w.size });
  return out;
}

export interface TextBox {
  width: number;
  align: Align;
  /** Extra indent of the first line (positive) — the other lines use the full width. */
  firstIndent?: number;
}

/** Per measured text (measureText's words), its lines in each box it was laid out in. */
const laidOut = new WeakMap<readonly Word[], Map<string, readonly TextLine[]>>();

/**
 * Rich text broken into lines and placed in a box of the given width. Lines of words that
 * measureText gave are kept with them, for the next document setting the same text in the same
 * box; the lines, like the words, are shared and never changed.
 */
export function layoutLines(words: readonly Word[], box: TextBox): readonly TextLine[] {
  const key = `${box.width} ${box.align} ${box.firstIndent ?? 0}`;
  const boxes = laidOut.get(words);
  const known = boxes?.get(key);
  if (known) return known;
  const lines = breakIntoLines(words, box);
  if (boxes) boxes.set(key, lines);
  else if (measuredWords.has(words)) laidOut.set(words, new Map([[key, lines]]));
  return lines;
}

function breakIntoLines(words: readonly Word[], box: TextBox): TextLine[] {
  const indent = box.firstIndent ?? 0;
  const items = fitLongWords(words, box.width - indent);
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
