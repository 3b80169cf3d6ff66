// The shortcut of FontFace.glyphs (a text of plain characters read from the character map) must
// give exactly what fontkit's shaping gives, or the widths and the glyphs written would change.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMarianne } from '../../services/pdf/fonts';
import type { FontFamily } from '../../services/pdf/fonts';

let family: FontFamily;
beforeAll(async () => {
  family = await loadMarianne();
});

const styles = ['regular', 'bold', 'italic', 'boldItalic'] as const;
/** French text and its signs, and characters the shaping does change or the font lacks: combining marks, the fraction slash, Cyrillic, an emoji. */
const alphabet = [
  ...'aàâäbcçdeéèêëfghiîïjklmnoôöpqrstuùûüvwxyzAÀÉÈÇLIJŒœÆæ0123456789 .,;:!?-–—’\'"«»()[]/@€%&*+=#_',
  '\u00a0', '\u2009', '\u202f', '\u2026', '\u0301', '\u0308', '\u2044', 'ж', '😀',
];
const text = fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 12 }).map((chars) => chars.join(''));

describe('FontFace.glyphs', () => {
  it('gives the glyphs and widths of fontkit’s shaping, for any text', () => {
    for (const style of styles) {
      const face = family[style];
      fc.assert(
        fc.property(text, (sample) => {
          const shaped = face.font.layout(sample).glyphs;
          expect(face.glyphs(sample).map((g) => g.id)).toEqual(shaped.map((g) => g.id));
          expect(face.width(sample)).toBe(shaped.reduce((sum, g) => sum + g.advanceWidth, 0) / face.font.unitsPerEm);
        }),
        { numRuns: 400 },
      );
    }
  });

  it('reads a French text from the character map, and shapes what the font substitutes', () => {
    const face = family.regular;
    const plain = 'Le montant de 20 000,00 € (vingt mille euros) – l’ARS.';
    expect(face.glyphs(plain).map((g) => g.id)).toEqual([...plain].map((c) => face.font.glyphForCodePoint(c.codePointAt(0)!).id));
    // An i before a combining accent becomes a dotless i: only the shaping knows.
    const accented = 'i\u0301';
    const shaped = face.glyphs(accented).map((g) => g.id);
    expect(shaped).toEqual(face.font.layout(accented).glyphs.map((g) => g.id));
    expect(shaped[0]).not.toBe(face.font.glyphForCodePoint(0x69).id);
  });
});
