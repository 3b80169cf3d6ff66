import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NARROW_NBSP,
  closedSentence,
  NBSP,
  eurosInWords,
  formatDate,
  formatEuros,
  formatNumber,
  formatTime,
  frenchTypography,
  numberInWords,
  parseEuros,
} from '../../shared/french';

/** Makes the invisible spaces visible in failure messages: ⍽ for U+202F, _ for U+00A0. */
const show = (text: string) => text.replaceAll(NARROW_NBSP, '⍽').replaceAll(NBSP, '_');

/** An independent reading of French numerals, to check the words without repeating their rules. */
function readNumber(words: string): number {
  const values: Record<string, number> = {
    zéro: 0, un: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10,
    onze: 11, douze: 12, treize: 13, quatorze: 14, quinze: 15, seize: 16, vingt: 20, vingts: 20, trente: 30,
    quarante: 40, cinquante: 50, soixante: 60,
  };
  let total = 0;
  let group = 0;
  for (const word of words.split(/[\s-]+/)) {
    if (word === 'et') continue;
    if (word === 'cent' || word === 'cents') group = (group || 1) * 100;
    else if (word === 'mille') {
      total += (group || 1) * 1000;
      group = 0;
    } else if (/^millions?$/.test(word) || /^milliards?$/.test(word)) {
      total += group * (word.startsWith('million') ? 1e6 : 1e9);
      group = 0;
    } else if (word === 'vingt' || word === 'vingts') {
      // quatre-vingt(s): the four before multiplies.
      group = group % 10 === 4 && group % 100 !== 14 ? group - 4 + 80 : group + 20;
    } else {
      const value = values[word];
      if (value === undefined) throw new Error(`mot inconnu : ${word}`);
      group += value;
    }
  }
  return total + group;
}

describe('amounts in figures', () => {
  it('writes euros as French accounting does', () => {
    expect(show(formatEuros(20000))).toBe('20⍽000,00_€');
    expect(show(formatEuros(1234567.8))).toBe('1⍽234⍽567,80_€');
    expect(show(formatEuros(0.07))).toBe('0,07_€');
    expect(show(formatEuros(999))).toBe('999,00_€');
    expect(show(formatEuros(20000, { cents: 'whenPresent' }))).toBe('20⍽000_€');
    expect(show(formatEuros(20000.5, { cents: 'whenPresent' }))).toBe('20⍽000,50_€');
    expect(show(formatEuros(-1500))).toBe('\u22121⍽500,00_€');
    expect(show(formatNumber(87.456, { decimals: 1 }))).toBe('87,5');
    expect(formatNumber(-0.001, { decimals: 2 })).toBe('0,00');
  });

  it('parses back every amount it writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }), fc.boolean(), (cents, whenPresent) => {
        const text = formatEuros(cents / 100, { cents: whenPresent ? 'whenPresent' : 'always' });
        return parseEuros(text) === cents / 100;
      }),
    );
    expect(parseEuros('20 000 €')).toBe(20000);
    expect(parseEuros('12,5')).toBe(12.5);
    expect(parseEuros('douze euros')).toBeUndefined();
    expect(parseEuros('1,234')).toBeUndefined();
  });

  it('refuses what it cannot write exactly', () => {
    expect(() => formatEuros(Number.NaN)).toThrow(RangeError);
    expect(() => formatEuros(1e17)).toThrow(RangeError);
  });
});

describe('numbers in words (traditional spelling)', () => {
  it.each([
    [0, 'zéro'], [1, 'un'], [16, 'seize'], [17, 'dix-sept'], [21, 'vingt et un'], [22, 'vingt-deux'],
    [71, 'soixante et onze'], [72, 'soixante-douze'], [77, 'soixante-dix-sept'], [80, 'quatre-vingts'],
    [81, 'quatre-vingt-un'], [91, 'quatre-vingt-onze'], [99, 'quatre-vingt-dix-neuf'], [100, 'cent'],
    [101, 'cent un'], [180, 'cent quatre-vingts'], [200, 'deux cents'], [201, 'deux cent un'],
    [1000, 'mille'], [1001, 'mille un'], [2000, 'deux mille'], [21_000, 'vingt et un mille'],
    [80_000, 'quatre-vingt mille'], [200_000, 'deux cent mille'], [1_000_000, 'un million'],
    [2_000_000, 'deux millions'], [200_000_000, 'deux cents millions'], [1_000_000_000, 'un milliard'],
    [999_999_999, 'neuf cent quatre-vingt-dix-neuf millions neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf'],
  ])('%i → %s', (n, words) => {
    expect(numberInWords(n)).toBe(words);
  });

  it('writes every integer up to 999 999 999, each differently, readable back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_998 }), (n) => {
        const words = numberInWords(n);
        expect(words).toMatch(/^[a-zé]+(?:[ -][a-zé]+)*$/);
        expect(readNumber(words)).toBe(n);
        expect(numberInWords(n + 1)).not.toBe(words);
      }),
      { numRuns: 2000 },
    );
  });

  it('puts the plural s on cent and vingt only when they end the numeral or stand before million', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), (n) => {
        const words = numberInWords(n);
        for (const match of words.matchAll(/(cents|vingts)(?: (\S+))?/g)) expect([undefined, 'millions', 'milliards']).toContain(match[2]);
        // Mille alone for 1 000 (not « un mille »), and never with an s.
        expect(words).not.toMatch(/\bmilles\b|(?:^|millions? |milliards? )un mille/);
      }),
    );
  });

  it('writes the amounts of the agreements', () => {
    expect(eurosInWords(20000)).toBe('vingt mille euros');
    expect(eurosInWords(18500.5)).toBe('dix-huit mille cinq cents euros et cinquante centimes');
    expect(eurosInWords(1)).toBe('un euro');
    expect(eurosInWords(0.01)).toBe('un centime');
    expect(eurosInWords(80.8)).toBe('quatre-vingts euros et quatre-vingts centimes');
    expect(eurosInWords(1_000_000)).toBe('un million d’euros');
    expect(eurosInWords(2_000_000)).toBe('deux millions d’euros');
    expect(eurosInWords(1_000_200)).toBe('un million deux cents euros');
    expect(() => eurosInWords(-1)).toThrow(RangeError);
  });
});

describe('dates and times', () => {
  it('writes dates the French way, 1er for the first', () => {
    expect(show(formatDate('2026-12-10'))).toBe('10_décembre 2026');
    expect(show(formatDate('2026-12-01'))).toBe('1er_décembre 2026');
    expect(show(formatDate('2026-12-10', { weekday: true }))).toBe('jeudi 10_décembre 2026');
    expect(show(formatDate(new Date(2027, 1, 28)))).toBe('28_février 2027');
    expect(() => formatDate('2027-02-30')).toThrow(RangeError);
  });

  it('writes times with h', () => {
    expect(show(formatTime('14:30'))).toBe('14_h_30');
    expect(show(formatTime('09:05'))).toBe('9_h_05');
    expect(show(formatTime('14:00'))).toBe('14_h');
    expect(show(formatTime(new Date(2026, 0, 1, 18, 45)))).toBe('18_h_45');
    expect(() => formatTime('25:00')).toThrow(RangeError);
  });
});

describe('French typography', () => {
  it.each([
    ["l'ARS et l'équipe d'Hirson", 'l’ARS et l’équipe d’Hirson'],
    ['Objet : demande', 'Objet_: demande'],
    ['Objet: demande', 'Objet_: demande'],
    ['Vraiment ? Oui ! Donc ; enfin', 'Vraiment⍽? Oui⍽! Donc⍽; enfin'],
    ['Vraiment?! Oui!', 'Vraiment⍽?! Oui⍽!'],
    ['«Les Tilleuls»', '«_Les Tilleuls_»'],
    ['« Les Tilleuls »', '«_Les Tilleuls_»'],
    ['soit 20 000 € ou 15 %', 'soit 20⍽000_€ ou 15_%'],
    ['soit 20000€ ou 15%', 'soit 20000_€ ou 15_%'],
    ['1 234 567,89 €', '1⍽234⍽567,89_€'],
    ['à 14 h 30, durée 3 ans', 'à 14_h_30, durée 3_ans'],
    ['le 3 mars, n° 12, M. Dupont et Mme Durand', 'le 3_mars, n°_12, M._Dupont et Mme_Durand'],
    // Left alone: times, URLs, identifiers, phone numbers.
    ['à 14:30 sur https://ars.sante.fr/page?id=3', 'à 14:30 sur https://ars.sante.fr/page?id=3'],
    ['03 20 62 66 00', '03 20 62 66 00'],
  ])('%s', (input, expected) => {
    expect(show(frenchTypography(input))).toBe(expected);
  });

  const typed = fc.string({
    unit: fc.constantFrom('a', 'é', 'L', ' ', ' ', "'", ':', ';', '!', '?', '«', '»', '€', '%', '1', '0', '2', 'h', ',', '.', '/', NBSP, NARROW_NBSP, '\n'),
    maxLength: 40,
  });

  it('is idempotent, and changes nothing but spaces and apostrophes', () => {
    fc.assert(
      fc.property(typed, (text) => {
        const once = frenchTypography(text);
        expect(show(frenchTypography(once))).toBe(show(once));
        const strip = (s: string) => s.replace(/[\s\u00a0\u202f]/g, '').replaceAll('’', "'");
        expect(strip(once)).toBe(strip(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves the amounts and dates it formats as they are', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e11 }), fc.integer({ min: 0, max: 20000 }), (cents, day) => {
        const amount = formatEuros(cents / 100);
        const date = formatDate(new Date(Date.UTC(2020, 0, 1 + day)).toISOString().slice(0, 10));
        expect(frenchTypography(`${amount} le ${date}`)).toBe(`${amount} le ${date}`);
      }),
    );
  });
});

describe('closedSentence', () => {
  it.each([
    ['Administrateur de la CPTS', 'Administrateur de la CPTS.'],
    ['  associé du porteur  ', 'associé du porteur.'],
    ['Exerce dans la MSP.', 'Exerce dans la MSP.'],
    ['Lien familial ?', 'Lien familial ?'],
    ['Voir le courrier…', 'Voir le courrier…'],
    ['Il a dit « non ! »', 'Il a dit « non ! »'],
    ['Salarié (depuis 2024.)', 'Salarié (depuis 2024.)'],
    ['Salarié (depuis 2024)', 'Salarié (depuis 2024).'],
    ['', ''],
  ])('%j → %j', (typed, closed) => {
    expect(closedSentence(typed)).toBe(closed);
  });
});
