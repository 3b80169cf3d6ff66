import { deflateSync } from 'node:zlib';
import { PDFString } from 'pdf-lib';
import type { PDFContext, PDFRef } from 'pdf-lib';
import type { Font, Glyph } from 'fontkit';
import type { FontStyle } from './fonts';
import { RawObject, streamOf } from './objects';

/**
 * One subset of each face, built, compressed and measured once per process, that every document
 * whose text it covers embeds as it is: no subsetting, no deflate, no width table per document.
 * It holds the letters, figures and signs of French and of Latin-1 (about 200 glyphs, some 8 KB
 * compressed per face); a document using a glyph beyond it embeds a subset of its own for that face.
 */
export interface EmbeddedFont {
  readonly ref: PDFRef;
  /** The text as its glyphs' CIDs, two bytes each, written as a string of the content stream (literal for a shared subset). */
  encode(text: string): string;
}

/** What the subset covers: Basic Latin, Latin-1, œ, Ÿ, the typographic spaces and punctuation, €, ™. */
const REPERTOIRE = [
  ...range(0x20, 0x7e),
  ...range(0xa0, 0xff),
  0x152, 0x153, 0x178, 0x2c6, 0x2dc,
  ...range(0x2000, 0x206f),
  0x20ac, 0x2122, 0x2212,
].map((c) => String.fromCodePoint(c));
/** Ligatures the shaping may form from these characters. */
const SEQUENCES = ['fi', 'fl', 'ff', 'ffi', 'ffl'];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Subset tags: six capitals before the font's name say it is a subset. */
const TAGS: Record<FontStyle, string> = { regular: 'CMSNRG', bold: 'CMSNBD', italic: 'CMSNIT', boldItalic: 'CMSNBI' };

export class SharedSubset {
  /** Glyph id in the font → its id in the subset (the CID the text is written with). */
  private readonly cids = new Map<number, number>();
  /** Character code → its CID as written in a literal string, for the characters the shaping leaves alone (FontFace.plainGlyph). */
  private readonly plainCodes: string[] = [];
  /** Other texts → their CIDs as written, or null when a glyph is outside the subset. */
  private readonly encoded = new Map<string, string | null>();
  private readonly fontFile: Uint8Array;
  private readonly toUnicode: Uint8Array;
  private readonly widths: RawObject;
  private readonly descriptor: Record<string, unknown>;
  private readonly baseFont: string;

  /** `face`: its shaping of a text, and the glyph of a character the shaping leaves alone (FontFace). */
  constructor(
    font: Font,
    style: FontStyle,
    private readonly face: { glyphs(text: string): readonly Glyph[]; plainGlyph(code: number): Glyph | undefined },
  ) {
    const subset = font.createSubset();
    const glyphs: Glyph[] = [];
    const unicode = new Map<number, string>();
    for (const text of [...REPERTOIRE, ...SEQUENCES]) {
      const run = font.layout(text);
      // A character the font lacks lays out as .notdef: it stays outside the subset.
      if (run.glyphs.some((g) => g.id === 0)) continue;
      for (const glyph of run.glyphs) {
        if (this.cids.has(glyph.id)) continue;
        const cid = subset.includeGlyph(glyph) as unknown as number;
        this.cids.set(glyph.id, cid);
        glyphs[cid] = glyph;
        unicode.set(cid, run.glyphs.length === 1 ? text : String.fromCodePoint(...glyph.codePoints));
      }
    }
    for (const character of REPERTOIRE) {
      const code = character.charCodeAt(0);
      const cid = this.cids.get(face.plainGlyph(code)?.id ?? -1);
      if (cid !== undefined) this.plainCodes[code] = literalCid(cid);
    }
    this.fontFile = deflateSync(subset.encode());
    this.toUnicode = deflateSync(toUnicodeCMap(unicode));
    const scale = 1000 / font.unitsPerEm;
    this.widths = new RawObject(`[1 [${glyphs.slice(1).map((g) => round(g.advanceWidth * scale)).join(' ')}]]`);
    this.baseFont = `${TAGS[style]}+${font.postscriptName}`;
    const { minX, minY, maxX, maxY } = font.bbox;
    this.descriptor = {
      Type: 'FontDescriptor',
      FontName: this.baseFont,
      // Symbolic (its glyphs are named by CIDs), and italic where it is.
      Flags: 4 | (font.italicAngle !== 0 ? 64 : 0),
      FontBBox: [minX, minY, maxX, maxY].map((v) => round(v * scale)),
      ItalicAngle: font.italicAngle,
      Ascent: round(font.ascent * scale),
      Descent: round(font.descent * scale),
      CapHeight: round((font.capHeight || font.ascent) * scale),
      XHeight: round((font.xHeight || 0) * scale),
      StemV: 0,
    };
  }

  /** Whether every glyph of `text` is in the subset. */
  covers(text: string): boolean {
    for (let i = 0; i < text.length; i++) if (this.plainCodes[text.charCodeAt(i)] === undefined) return this.shapedCodes(text) !== null;
    return true;
  }

  /** A text of plain characters is written character by character; any other, from its shaping. */
  private codes(text: string): string | null {
    let codes = '';
    for (let i = 0; i < text.length; i++) {
      const cid = this.plainCodes[text.charCodeAt(i)];
      if (cid === undefined) return this.shapedCodes(text);
      codes += cid;
    }
    return codes;
  }

  private shapedCodes(text: string): string | null {
    let codes = this.encoded.get(text);
    if (codes === undefined) {
      codes = '';
      for (const glyph of this.face.glyphs(text)) {
        const cid = this.cids.get(glyph.id);
        if (cid === undefined) {
          codes = null;
          break;
        }
        codes += literalCid(cid);
      }
      if (this.encoded.size >= 20_000) this.encoded.clear();
      this.encoded.set(text, codes);
    }
    return codes;
  }

  /** The subset written into one document: a handful of small objects around the bytes made once. */
  embed(context: PDFContext): EmbeddedFont {
    const fontFile = context.register(streamOf(context, this.fontFile, { Subtype: 'CIDFontType0C', Filter: 'FlateDecode' }));
    const toUnicode = context.register(streamOf(context, this.toUnicode, { Filter: 'FlateDecode' }));
    const descriptor = context.register(context.obj({ ...this.descriptor, FontFile3: fontFile } as never));
    const cidFont = context.register(
      context.obj({
        Type: 'Font',
        Subtype: 'CIDFontType0',
        BaseFont: this.baseFont,
        CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
        FontDescriptor: descriptor,
        W: this.widths,
      }),
    );
    const ref = context.register(
      context.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: this.baseFont, Encoding: 'Identity-H', DescendantFonts: [cidFont], ToUnicode: toUnicode }),
    );
    return {
      ref,
      encode: (text) => {
        const codes = this.codes(text);
        if (codes === null) throw new Error(`Texte hors du sous-ensemble partagé : « ${text} »`);
        return `(${codes})`;
      },
    };
  }
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** The bytes a literal string must escape: its delimiters, the backslash, and line ends, which a reader would normalise. */
const ESCAPED: Record<number, string> = { 0x28: '\\(', 0x29: '\\)', 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r' };

/**
 * A CID as its two bytes in a literal string (one character per byte, written as Latin-1): half
 * the length of hex, so a page's content stream is shorter to build and to deflate.
 */
function literalCid(cid: number): string {
  const byte = (b: number) => ESCAPED[b] ?? String.fromCharCode(b);
  return byte(cid >> 8) + byte(cid & 0xff);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The ToUnicode map: what each CID reads as, for copying and searching the text. */
function toUnicodeCMap(unicode: ReadonlyMap<number, string>): Uint8Array {
  const utf16 = (text: string) => [...text].map((c) => {
    const code = c.codePointAt(0)!;
    if (code < 0x10000) return hex4(code);
    const v = code - 0x10000;
    return hex4(0xd800 + (v >> 10)) + hex4(0xdc00 + (v & 0x3ff));
  }).join('');
  const entries = [...unicode].map(([cid, text]) => `<${hex4(cid)}> <${utf16(text)}>`);
  const chunks: string[] = [];
  // At most 100 entries per bfchar block.
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    chunks.push(`${block.length} beginbfchar\n${block.join('\n')}\nendbfchar`);
  }
  return Buffer.from(
    [
      '/CIDInit /ProcSet findresource begin',
      '12 dict begin',
      'begincmap',
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
      '/CMapName /Adobe-Identity-UCS def',
      '/CMapType 2 def',
      '1 begincodespacerange',
      '<0000><ffff>',
      'endcodespacerange',
      ...chunks,
      'endcmap',
      'CMapName currentdict /CMap defineresource pop',
      'end',
      'end',
    ].join('\n'),
    'latin1',
  );
}
