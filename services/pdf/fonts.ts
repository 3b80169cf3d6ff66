import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import fonteditor from 'fonteditor-core';
import * as fontkit from 'fontkit';
import type { Font, Glyph, GlyphRun } from 'fontkit';
import type { PDFDocument } from 'pdf-lib';
import { AppError } from '../../shared/result';
import { SharedSubset } from './embed';

/**
 * The Marianne typeface, read from the WOFF files that @codegouvfr/react-dsfr ships and
 * converted in memory, once per process, to the OpenType (CFF) data pdf-lib can embed.
 * Nothing converted is written to disk: Marianne is not under the DSFR's MIT licence (it is
 * the State's, for the State's services), so no copy of it belongs in the repository.
 *
 * The font engine is fontkit 2 rather than pdf-lib's own fork (@pdf-lib/fontkit 1.1.1), whose
 * subsets of CFF fonts have an invalid header that poppler and FreeType reject: the text then
 * shows in a substitute font, or not at all.
 */

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

const FILES: Record<FontStyle, string> = {
  regular: 'Marianne-Regular.woff',
  bold: 'Marianne-Bold.woff',
  italic: 'Marianne-Regular_Italic.woff',
  boldItalic: 'Marianne-Bold_Italic.woff',
};

/** Characters Marianne lacks, drawn as a glyph it has. U+202F (« espace fine insécable ») is the one that matters. */
const SUBSTITUTES: Record<string, string> = {
  '\u202f': '\u2009', // narrow no-break space → thin space (same width class; the layout never breaks there)
  '\u2011': '-', // non-breaking hyphen
  '\u2010': '-',
  '\u00ad': '', // soft hyphen: the layout does not hyphenate
  '\u200b': '',
  '\ufeff': '',
};

/** Shaped strings kept per face; the texts of the documents repeat, and fontkit's shaping is the slow part. */
const SHAPING_CACHE_LIMIT = 10_000;

/** One style of Marianne, with its measurements cached for the life of the process. */
export class FontFace {
  readonly style: FontStyle;
  /** The OpenType data to embed; pdf-lib finds the parsed font again through `sharedFontkit`. */
  readonly bytes: Uint8Array;
  readonly font: Font;
  /** Width in em of each text measured so far (multiply by the size in points). */
  private readonly widths = new Map<string, number>();
  private readonly characters: Set<number>;
  readonly spaceWidth: number;
  /** The subset every document covered by it embeds as made once (see embed.ts). */
  readonly shared: SharedSubset;
  /** Characters the shaping leaves alone, each with its glyph (see plainGlyphs). */
  private readonly plain: Map<number, Glyph>;

  constructor(style: FontStyle, bytes: Uint8Array) {
    this.style = style;
    this.bytes = bytes;
    const font = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (!('layout' in font)) throw fontError(`${FILES[style]} est une collection de polices`);
    this.font = font;
    this.characters = new Set(font.characterSet);
    memoizeShaping(font);
    streamSubsets(font);
    this.plain = plainGlyphs(font);
    this.shared = new SharedSubset(font, style, this);
    this.spaceWidth = this.width(' ');
  }

  /** Width in em, as pdf-lib measures it (advance widths after shaping, no kerning). */
  width(text: string): number {
    let width = this.widths.get(text);
    if (width === undefined) {
      width = 0;
      for (const glyph of this.glyphs(text)) width += glyph.advanceWidth;
      width /= this.font.unitsPerEm;
      if (this.widths.size >= SHAPING_CACHE_LIMIT) this.widths.clear();
      this.widths.set(text, width);
    }
    return width;
  }

  /** The glyph of a character the shaping leaves alone, whatever surrounds it (see plainGlyphs). */
  plainGlyph(code: number): Glyph | undefined {
    return this.plain.get(code);
  }

  /**
   * The glyphs fontkit's shaping gives the text: read from the character map when every character
   * is one the shaping leaves alone (most texts), shaped otherwise.
   */
  glyphs(text: string): readonly Glyph[] {
    const glyphs: Glyph[] = [];
    for (let i = 0; i < text.length; i++) {
      const glyph = this.plain.get(text.charCodeAt(i));
      if (!glyph) return this.font.layout(text).glyphs;
      glyphs.push(glyph);
    }
    return glyphs;
  }

  /** The text with each character the font lacks replaced; line breaks are kept for the layout. */
  printable(text: string, report: (character: string) => void): string {
    let out = '';
    for (const character of text) {
      if (character === '\n' || this.characters.has(character.codePointAt(0)!)) out += character;
      else out += this.substitute(character, report);
    }
    return out;
  }

  private substitute(character: string, report: (character: string) => void): string {
    const known = SUBSTITUTES[character];
    if (known !== undefined && [...known].every((c) => this.characters.has(c.codePointAt(0)!))) return known;
    // An accent Marianne does not have (ǹ), a ligature (ﬁ): the base letters are better than nothing, but say so.
    const base = character.normalize('NFKD').replace(/\p{M}/gu, '');
    report(character);
    return base && [...base].every((c) => this.characters.has(c.codePointAt(0)!)) ? base : '?';
  }
}

/**
 * The GSUB features fontkit's shaping applies to horizontal text (its default shaper's plan), but
 * the fractions' (frac, numr, dnom), which it applies only around a fraction slash.
 */
const SHAPING_FEATURES = new Set(['rvrn', 'ltra', 'ltrm', 'ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'rclt', 'curs', 'kern']);

/** What fontkit parses of a GSUB coverage table and of the subtables that hold one. */
interface Coverage {
  version: number;
  glyphs?: number[];
  rangeRecords?: { start: number; end: number }[];
}
interface Subtable {
  version?: number;
  coverage?: Coverage;
  coverages?: Coverage[];
  backtrackCoverage?: Coverage[];
  inputCoverage?: Coverage[];
  lookaheadCoverage?: Coverage[];
  lookupType?: number;
  extension?: Subtable;
}

function touches(coverage: Coverage, ids: ReadonlySet<number>): boolean {
  if (coverage.glyphs) return coverage.glyphs.some((id) => ids.has(id));
  return (coverage.rangeRecords ?? []).some(({ start, end }) => [...ids].some((id) => id >= start && id <= end));
}

/** Whether a substitution could apply to a text whose glyphs are all in `ids`; in doubt, yes. */
function mayApply(subtable: Subtable, lookupType: number, ids: ReadonlySet<number>): boolean {
  if (lookupType === 7 && subtable.extension) return mayApply(subtable.extension, subtable.lookupType!, ids);
  // A context given glyph by glyph (format 3) matches only if each of its places can.
  if ((lookupType === 5 || lookupType === 6) && subtable.version === 3) {
    const places = [...(subtable.backtrackCoverage ?? []), ...(subtable.inputCoverage ?? []), ...(subtable.lookaheadCoverage ?? []), ...(subtable.coverages ?? [])];
    return places.every((coverage) => touches(coverage, ids));
  }
  return !subtable.coverage || touches(subtable.coverage, ids);
}

/**
 * Characters the shaping leaves alone: Latin letters, figures, punctuation and spaces (not the
 * combining marks, the fraction slash nor the bidirectional controls) that lay out alone as their
 * glyph in the character map, provided no substitution of the features fontkit applies can match
 * a text made of them — Marianne's contextual alternates all need a combining mark. A text of
 * such characters then shapes to its characters' glyphs, one each, without fontkit's layout,
 * whose cost is most of measuring a new text. Should a font not qualify, every text is shaped.
 */
function plainGlyphs(font: Font): Map<number, Glyph> {
  const plain = new Map<number, Glyph>();
  for (const code of font.characterSet) {
    const character = String.fromCodePoint(code);
    const candidate =
      (code >= 0x20 && code <= 0x24f) || (code >= 0x2000 && code <= 0x200a) || (code >= 0x2010 && code <= 0x2027) || (code >= 0x202f && code <= 0x205f) || code === 0x20ac || code === 0x2122;
    if (!candidate || code === 0x2044 || /\p{M}/u.test(character)) continue;
    const glyph = font.glyphForCodePoint(code);
    const { glyphs } = font.layout(character);
    if (glyphs.length === 1 && glyphs[0]!.id === glyph.id) plain.set(code, glyph);
  }
  const ids = new Set([...plain.values()].map((glyph) => glyph.id));
  const gsub = (font as unknown as { GSUB?: GsubTable }).GSUB;
  if (!gsub) return plain;
  if (gsub.featureVariations) return new Map();
  const lookups = new Set<number>();
  for (const { script } of gsub.scriptList) {
    const { featureIndexes = [], reqFeatureIndex = 0xffff } = script.defaultLangSys ?? {};
    for (const index of featureIndexes) {
      const { tag, feature } = gsub.featureList[index]!;
      if (SHAPING_FEATURES.has(tag) || index === reqFeatureIndex) feature.lookupListIndexes.forEach((lookup) => lookups.add(lookup));
    }
  }
  for (const index of lookups) {
    const lookup = gsub.lookupList.get(index);
    if (lookup.subTables.some((subtable) => mayApply(subtable, lookup.lookupType, ids))) return new Map();
  }
  return plain;
}

interface GsubTable {
  scriptList: { script: { defaultLangSys?: { featureIndexes: number[]; reqFeatureIndex?: number } } }[];
  featureList: { tag: string; feature: { lookupListIndexes: number[] } }[];
  lookupList: { get(index: number): { lookupType: number; subTables: Subtable[] } };
  featureVariations?: unknown;
}

function memoizeShaping(font: Font): void {
  const layout = font.layout.bind(font);
  const runs = new Map<string, GlyphRun>();
  // pdf-lib shapes each string it encodes or measures; the runs are only read, never changed.
  font.layout = (text, features) => {
    if (features !== undefined) return layout(text, features);
    let run = runs.get(text);
    if (!run) {
      if (runs.size >= SHAPING_CACHE_LIMIT) runs.clear();
      run = layout(text);
      runs.set(text, run);
    }
    return run;
  };
}

/** pdf-lib reads a subset through the stream API of its fontkit fork; fontkit 2 encodes in one call. */
function streamSubsets(font: Font): void {
  const createSubset = font.createSubset.bind(font);
  font.createSubset = () => {
    const subset = createSubset();
    return Object.assign(subset, {
      encodeStream() {
        const listeners: Record<string, (value?: unknown) => void> = {};
        const stream = {
          on(event: string, listener: (value?: unknown) => void) {
            listeners[event] = listener;
            return stream;
          },
        };
        // After pdf-lib has attached its listeners; a failure rejects its promise instead of escaping.
        queueMicrotask(() => {
          try {
            listeners.data?.(subset.encode());
            listeners.end?.();
          } catch (error) {
            listeners.error?.(error);
          }
        });
        return stream;
      },
    });
  };
}

const parsed = new WeakMap<Uint8Array, Font>();
type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

/**
 * Given to pdf-lib's registerFontkit: the fonts parsed here are reused instead of being parsed
 * again for every document (a new font object re-reads its layout tables: about 15 ms per style
 * and per document).
 */
export const sharedFontkit: Fontkit = {
  create(bytes) {
    const font = parsed.get(bytes);
    if (!font) throw new Error('Seules les polices chargées par loadMarianne peuvent être intégrées.');
    return font as unknown as ReturnType<Fontkit['create']>;
  },
};

export type FontFamily = Record<FontStyle, FontFace>;

let fontDir: string | undefined;

/** The folder of the DSFR's fonts inside node_modules, resolved once: every document asks for it. */
function defaultFontDir(): string {
  if (fontDir) return fontDir;
  try {
    const require = createRequire(import.meta.url);
    return (fontDir = join(dirname(require.resolve('@codegouvfr/react-dsfr/package.json')), 'dsfr', 'fonts'));
  } catch {
    throw fontError('le paquet @codegouvfr/react-dsfr est introuvable');
  }
}

function fontError(detail: string): AppError {
  return new AppError(
    'INTERNAL',
    `La police Marianne est indisponible : ${detail}. Les documents PDF ne peuvent pas être produits sans elle ; ` +
      'réinstallez l’application (le paquet @codegouvfr/react-dsfr fournit la police).',
  );
}

async function readWoff(path: string): Promise<Uint8Array> {
  let woff: Buffer;
  try {
    woff = await readFile(path);
  } catch {
    throw fontError(`fichier introuvable (${path})`);
  }
  try {
    const buffer = woff.buffer.slice(woff.byteOffset, woff.byteOffset + woff.byteLength) as ArrayBuffer;
    // WOFF 1 is the sfnt's tables, each zlib-compressed: fonteditor-core reassembles them. It
    // copies what inflate returns by index, so a typed array does (its type says number[]).
    const inflate = (data: number[]) => inflateSync(Uint8Array.from(data)) as unknown as number[];
    return new Uint8Array(fonteditor.woff2ttf(buffer, { inflate }));
  } catch {
    throw fontError(`fichier illisible (${path})`);
  }
}

const families = new Map<string, Promise<FontFamily>>();

async function readFamily(dir: string): Promise<FontFamily> {
  const face = async (style: FontStyle) => {
    const bytes = await readWoff(join(dir, FILES[style]));
    const result = new FontFace(style, bytes);
    parsed.set(bytes, result.font);
    return result;
  };
  // One after the other: the conversion is CPU work anyway, and a missing file is named in order.
  const regular = await face('regular');
  const bold = await face('bold');
  const italic = await face('italic');
  const boldItalic = await face('boldItalic').catch(() => bold);
  return { regular, bold, italic, boldItalic };
}

/**
 * The four styles of Marianne, converted on first use and kept for the process. Without a bold
 * italic file, bold stands in for it; without any of the three others, a French AppError.
 */
export async function loadMarianne(dir?: string): Promise<FontFamily> {
  const folder = dir ?? defaultFontDir();
  let family = families.get(folder);
  if (!family) {
    family = readFamily(folder);
    // A failure is not cached: the files may be back on the next attempt.
    family.catch(() => families.delete(folder));
    families.set(folder, family);
  }
  return family;
}
