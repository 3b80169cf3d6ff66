import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkAdeli,
  checkCommuneCode,
  checkFiness,
  checkProfessionalIdentifier,
  checkRna,
  checkRpps,
  checkSiren,
  checkSiret,
  isLuhnValid,
  luhnCheckDigit,
  normalizeIdentifier,
  professionalIdentifierKind,
  type IdentifierCheck,
} from '../../shared/identifiers';

const digits = (min: number, max = min) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));
/** A number of `length` digits whose last one is its Luhn key. */
const luhnNumber = (length: number) => digits(length - 1).map((payload) => payload + luhnCheckDigit(payload));
/** Spaces, including the non-breaking ones French software inserts, slipped in anywhere. */
const withSpaces = (text: string) =>
  fc
    .array(fc.constantFrom('', ' ', '  ', '\u00a0', '\u202f', '\t'), {
      minLength: text.length + 1,
      maxLength: text.length + 1,
    })
    .map((gaps) => gaps.map((gap, i) => gap + (text[i] ?? '')).join(''));

/** From the Hauts-de-France fixture export, said to pass their keys. */
const fixtureRpps = ['10632188842', '10280798132', '10602572504', '10108647685', '10665452206', '10612542448'];
const fixtureSirets = ['55967651022976', '19236758660202', '39627278205765', '46686608531101', '17630247168482'];
/** From the annex of the arrêté du 4 mars 2015 (isolated health establishments). */
const realFiness = [
  '240000059',
  '330780495',
  '720000124',
  '080001969',
  '020000253',
  '2A0000154',
  '2B0004246',
  '2B0005359',
];

describe('normalizeIdentifier', () => {
  it('drops every kind of space and upper-cases', () => {
    expect(normalizeIdentifier(' 2a\u00a0004 ')).toBe('2A004');
    expect(normalizeIdentifier('559 676 510\u202f22976')).toBe('55967651022976');
    expect(normalizeIdentifier('w 595 012 345')).toBe('W595012345');
  });
});

describe('Luhn', () => {
  it('knows the textbook example', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('79927398710')).toBe(false);
    expect(isLuhnValid('')).toBe(false);
    expect(isLuhnValid('7992 739871 3')).toBe(false);
  });

  it('refuses to compute a key for anything but digits', () => {
    expect(() => luhnCheckDigit('12A')).toThrow(RangeError);
  });

  it('always validates a number completed with its key', () => {
    fc.assert(fc.property(digits(0, 20), (payload) => isLuhnValid(payload + luhnCheckDigit(payload))));
  });

  it('always detects one changed digit', () => {
    fc.assert(
      fc.property(luhnNumber(14), fc.nat(13), fc.integer({ min: 1, max: 9 }), (number, at, shift) => {
        const changed = number.slice(0, at) + ((Number(number[at]) + shift) % 10) + number.slice(at + 1);
        return !isLuhnValid(changed);
      }),
    );
  });
});

describe('RPPS', () => {
  it('accepts the fixture numbers without a warning', () => {
    for (const rpps of fixtureRpps) expect(checkRpps(rpps)).toEqual({ valid: true });
  });

  it('only warns when the unofficial key or prefix is off', () => {
    const check = checkRpps('10632188843');
    expect(check).toEqual({ valid: true, warning: expect.stringContaining('clé de contrôle (Luhn)') });
    expect(checkRpps('20632188842')).toEqual({ valid: true, warning: expect.stringContaining('commence pas par 10') });
  });

  it('refuses a wrong format', () => {
    expect(checkRpps('1063218884')).toEqual({ valid: false, reason: 'Le numéro RPPS doit comporter 11 chiffres.' });
    expect(checkRpps('1063218884A')).toEqual({ valid: false, reason: 'Le numéro RPPS ne doit comporter que des chiffres.' });
  });

  it('never refuses 11 digits, whatever the key', () => {
    fc.assert(fc.property(digits(11), (rpps) => checkRpps(rpps).valid));
  });
});

describe('ADELI', () => {
  it('accepts 9 digits with their Luhn key and refuses a wrong key', () => {
    fc.assert(
      fc.property(luhnNumber(9), (adeli) => {
        expect(checkAdeli(adeli)).toEqual({ valid: true });
        const wrong = adeli.slice(0, 8) + ((Number(adeli[8]) + 1) % 10);
        expect(checkAdeli(wrong)).toEqual({ valid: false, reason: expect.stringContaining('clé de contrôle') });
      }),
    );
  });

  it('refuses a wrong length', () => {
    expect(checkAdeli('59123456')).toEqual({ valid: false, reason: 'Le numéro ADELI doit comporter 9 chiffres.' });
  });
});

describe('professional identifiers', () => {
  it('tells RPPS from ADELI by length', () => {
    expect(professionalIdentifierKind('106 321 888 42')).toBe('RPPS');
    expect(professionalIdentifierKind('591234567')).toBe('ADELI');
    expect(professionalIdentifierKind('5912345')).toBeUndefined();
  });

  it('checks each kind by its own rule', () => {
    expect(checkProfessionalIdentifier('10632188843').valid).toBe(true);
    expect(checkProfessionalIdentifier('591234560').valid).toBe(false);
    expect(checkProfessionalIdentifier('12345')).toEqual({
      valid: false,
      reason: "L'identifiant doit être un numéro RPPS (11 chiffres) ou ADELI (9 chiffres).",
    });
  });
});

describe('SIREN and SIRET', () => {
  it('accepts known numbers', () => {
    expect(checkSiren('732 829 320')).toEqual({ valid: true });
    expect(checkSiren('552100554')).toEqual({ valid: true });
    expect(checkSiret('732 829 320 00074')).toEqual({ valid: true });
  });

  it('accepts the fixture SIRETs', () => {
    for (const siret of fixtureSirets) expect(checkSiret(siret)).toEqual({ valid: true });
  });

  it('refuses a wrong key or format, and recognises a SIREN given for a SIRET', () => {
    expect(checkSiren('732829321')).toEqual({ valid: false, reason: expect.stringContaining('clé de contrôle du SIREN') });
    expect(checkSiret('73282932000075')).toEqual({ valid: false, reason: expect.stringContaining('clé de contrôle du SIRET') });
    expect(checkSiret('7328293200007')).toEqual({ valid: false, reason: 'Le SIRET doit comporter 14 chiffres.' });
    expect(checkSiret('732829320')).toEqual({ valid: false, reason: expect.stringContaining('sont un SIREN') });
  });

  it("applies La Poste's rule to its establishments, and Luhn to its head office", () => {
    expect(checkSiret('35600000000048').valid).toBe(true);
    expect(checkSiret('35600000000001').valid).toBe(true);
    expect(checkSiret('35600000000014').valid).toBe(false);
    fc.assert(
      fc.property(digits(5), (nic) => {
        const siret = `356000000${nic}`;
        fc.pre(siret !== '35600000000048');
        const sum = [...siret].reduce((s, d) => s + Number(d), 0);
        return checkSiret(siret).valid === (sum % 5 === 0);
      }),
    );
  });

  it('accepts any SIRET completed with its Luhn key outside La Poste', () => {
    fc.assert(
      fc.property(luhnNumber(14), (siret) => {
        fc.pre(!siret.startsWith('356000000'));
        return checkSiret(siret).valid;
      }),
    );
  });
});

describe('FINESS', () => {
  it('accepts real numbers, Corsican ones included', () => {
    for (const finess of realFiness) expect(checkFiness(finess)).toEqual({ valid: true });
    expect(checkFiness('2a 000 015 4')).toEqual({ valid: true });
  });

  it('refuses a wrong key, a wrong département or a wrong format', () => {
    expect(checkFiness('240000058')).toEqual({ valid: false, reason: expect.stringContaining('clé de contrôle') });
    expect(checkFiness('2A0000155').valid).toBe(false);
    expect(checkFiness('200000154')).toEqual({ valid: false, reason: expect.stringContaining('« 20 »') });
    expect(checkFiness('960000016').valid).toBe(false);
    expect(checkFiness('24000005')).toEqual({ valid: false, reason: expect.stringContaining('9 caractères') });
  });

  it('always detects one changed digit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...realFiness),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (finess, at, shift) => {
          const changed = finess.slice(0, at) + ((Number(finess[at]) + shift) % 10) + finess.slice(at + 1);
          return !checkFiness(changed).valid;
        },
      ),
    );
  });
});

describe('INSEE commune code', () => {
  it('accepts INSEE codes, Corsica and overseas included', () => {
    for (const code of ['02381', '59350', '2A004', '2b033', '97209']) expect(checkCommuneCode(code)).toEqual({ valid: true });
  });

  it('says when a postal code was typed instead', () => {
    expect(checkCommuneCode('20000')).toEqual({ valid: false, reason: expect.stringContaining('code postal corse') });
    expect(checkCommuneCode('59000')).toEqual({ valid: false, reason: expect.stringContaining('est un code postal') });
    expect(checkCommuneCode('97200')).toEqual({ valid: false, reason: expect.stringContaining('est un code postal') });
    expect(checkCommuneCode('2381')).toEqual({ valid: false, reason: expect.stringContaining('(02381)') });
    expect(checkCommuneCode('Hirson')).toEqual({ valid: false, reason: expect.stringContaining("ce n'est pas le code postal") });
  });
});

describe('RNA', () => {
  it('accepts W and 9 digits, and the greffe codes with a letter', () => {
    expect(checkRna('W595012345')).toEqual({ valid: true });
    expect(checkRna('w 595 012 345')).toEqual({ valid: true });
    expect(checkRna('W2A1000123')).toEqual({ valid: true });
  });

  it('refuses anything else', () => {
    for (const rna of ['595012345', 'W59501234', 'W5950123456', 'WA95012345', 'X595012345']) {
      expect(checkRna(rna)).toEqual({ valid: false, reason: expect.stringContaining('W suivi de 9 chiffres') });
    }
  });
});

describe('every check', () => {
  const checks: [string, (input: string) => IdentifierCheck][] = [
    ['RPPS', checkRpps],
    ['ADELI', checkAdeli],
    ['SIREN', checkSiren],
    ['SIRET', checkSiret],
    ['FINESS', checkFiness],
    ['commune', checkCommuneCode],
    ['RNA', checkRna],
  ];
  const samples = fc.oneof(
    digits(1, 16),
    luhnNumber(9),
    luhnNumber(11),
    luhnNumber(14),
    fc.constantFrom(...fixtureRpps, ...fixtureSirets, ...realFiness, 'W595012345', '2A004', '20000'),
    fc.string({ maxLength: 16 }),
  );

  it.each(checks)('%s ignores spaces', (_name, check) => {
    fc.assert(fc.property(samples.chain((s) => fc.tuple(fc.constant(s), withSpaces(s))), ([plain, spaced]) => {
      expect(check(spaced)).toEqual(check(plain));
    }));
  });

  it.each(checks)('%s explains every refusal in French', (_name, check) => {
    fc.assert(
      fc.property(samples, (input) => {
        const result = check(input);
        if (!result.valid) expect(result.reason).toMatch(/^[A-ZÀ-Ü0-9].*[.?]$/);
      }),
    );
  });
});
