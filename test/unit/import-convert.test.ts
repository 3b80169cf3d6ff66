import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ValueKind } from '../../shared/import-mapping';
import { convertCell, formatInstant, parseNumber } from '../../services/import/convert';
import type { Cell } from '../../services/import/table';

const value = (kind: ValueKind, cell: Cell) => {
  const result = convertCell(kind, cell);
  if (!result.ok) throw new Error(result.error);
  return result.value;
};
const error = (kind: ValueKind, cell: Cell) => {
  const result = convertCell(kind, cell);
  return result.ok ? undefined : result.error;
};

describe('convertCell', () => {
  it('gives undefined for a blank cell of any kind, so that the schema default applies', () => {
    for (const kind of ['text', 'integer', 'boolean', 'date', 'structureType'] as const) {
      expect(value(kind, '  ')).toBeUndefined();
      expect(value(kind, null)).toBeUndefined();
    }
  });

  it.each([
    ['Oui', true],
    ['non', false],
    ['on', true],
    ['off', false],
    ['true', true],
    ['FALSE', false],
    ['1', true],
    ['0', false],
    [true, true],
    [0, false],
  ])('reads the answer %j as %j', (cell, expected) => {
    expect(value('boolean', cell)).toBe(expected);
  });

  it.each([
    ['35000.0', 35000],
    ['35 000,50', 35000.5],
    ['35\u00a0000,50', 35000.5],
    ['35\u202f000,50 €', 35000.5],
    ['20 000 €', 20000],
    ['1.234,56', 1234.56],
    ['1,234.56', 1234.56],
    ['0', 0],
    ['0.0', 0],
    [18000.5, 18000.5],
  ])('reads the amount %j as %j', (cell, expected) => {
    expect(value('amount', cell)).toBe(expected);
  });

  it('refuses what is not a number, quoting the value', () => {
    expect(error('amount', 'vingt mille')).toBe("« vingt mille » n'est pas un nombre.");
    expect(error('integer', true)).toBe("« true » n'est pas un nombre.");
  });

  it.each([
    ['2027-01-01', '2027-01-01'],
    ['01/01/2027', '2027-01-01'],
    ['1/3/2027', '2027-03-01'],
    ['2025-03-19 21:05:41 +0100', '2025-03-19'],
    [new Date('2027-01-01T00:00:00Z'), '2027-01-01'],
    [46388, '2027-01-01'],
  ])('reads the date %j as %j', (cell, expected) => {
    expect(value('date', cell)).toBe(expected);
  });

  it('refuses dates that do not exist', () => {
    expect(error('date', '30/02/2027')).toBe("« 30/02/2027 » n'est pas une date qui existe.");
    expect(error('date', 'demain')).toMatch(/n'est pas une date/);
  });

  it.each([
    ['2025-03-19 21:05:41 +0100', '2025-03-19T21:05:41+01:00'],
    ['2026-10-02 10:12:01 +0200', '2026-10-02T10:12:01+02:00'],
    ['2026-10-02T08:12:01Z', '2026-10-02T10:12:01+02:00'],
    ['2025-03-19T21:05:41+01:00', '2025-03-19T21:05:41+01:00'],
    ['19/03/2025 21:05', '2025-03-19T21:05:00+01:00'],
    ['2026-07-14 09:00', '2026-07-14T09:00:00+02:00'],
    // A spreadsheet cell: DS writes UTC wall-clock serials.
    [new Date('2026-10-02T08:12:01Z'), '2026-10-02T10:12:01+02:00'],
    // Either side of the changes of time, and Paris mean time before 1911.
    ['2026-03-29 01:59:59', '2026-03-29T01:59:59+01:00'],
    ['2026-03-29 03:00:00', '2026-03-29T03:00:00+02:00'],
    ['2026-10-25 03:00:00', '2026-10-25T03:00:00+01:00'],
    ['1900-01-01 00:00:00', '1900-01-01T00:00:00+00:09:21'],
  ])('reads the instant %j as %j (Paris offset)', (cell, expected) => {
    expect(value('instant', cell)).toBe(expected);
  });

  it.each([
    ['2026-10-20T21:30:00-04:00', '2026-10-20T21:30:00-04:00'],
    ['2026-10-20 21:30:00 -0400', '2026-10-20T21:30:00-04:00'],
    ['2025-03-19T21:05:41.250-04', '2025-03-19T21:05:41-04:00'],
    ['2026-10-21T06:15:00+11:00', '2026-10-21T06:15:00+11:00'],
  ])('keeps the offset the file wrote for %j, and so its calendar day', (cell, expected) => {
    expect(value('instant', cell)).toBe(expected);
  });

  it.each([
    ['En construction', 'en_construction'],
    ['En instruction', 'en_instruction'],
    ['Accepté', 'accepte'],
    ['Refusé', 'refuse'],
    ['Classé sans suite', 'sans_suite'],
    ['en_instruction', 'en_instruction'],
    ['sans_suite', 'sans_suite'],
  ])('reads the DS state %j', (cell, expected) => {
    expect(value('dsState', cell)).toBe(expected);
  });

  it.each([
    ['Équipe de soins primaires (ESP)', 'ESP'],
    ['Maison de santé pluriprofessionnelle (MSP)', 'MSP'],
    ['Communauté professionnelle territoriale de santé (CPTS)', 'CPTS'],
    ['Centre de santé', 'CDS'],
    ['Centre de santé (CDS)', 'CDS'],
    ['msp', 'MSP'],
  ])('reads the structure type %j', (cell, expected) => {
    expect(value('structureType', cell)).toBe(expected);
  });

  it('refuses an unknown structure type or civility', () => {
    expect(error('structureType', 'Pharmacie')).toBe(
      "« Pharmacie » n'est pas un type de structure reconnu (ESP, MSP, CPTS ou centre de santé).",
    );
    expect(error('civility', 'Dr')).toBe("« Dr » n'est pas une civilité reconnue (Mme ou M.).");
  });

  it('reads civilities, legal forms, départements, communes and lists', () => {
    expect([value('civility', 'Mme'), value('civility', 'M.'), value('civility', 'Monsieur')]).toEqual(['Mme', 'M.', 'M.']);
    expect(value('legalForm', 'Aucune')).toBe('');
    expect(value('legalForm', 'SISA')).toBe('SISA');
    expect(value('department', '02 – Aisne')).toBe('02');
    expect(value('department', '2A – Corse-du-Sud')).toBe('2A');
    expect(value('department', '971 – Guadeloupe')).toBe('971');
    expect(value('department', 2)).toBe('02');
    expect(error('department', 'Aisne')).toMatch(/n'est pas un département/);
    expect(value('communeCode', '2381')).toBe('02381');
    expect(value('communeCode', 2381)).toBe('02381');
    expect(value('communeCode', '2a004')).toBe('2A004');
    expect(error('communeCode', '02500 Hirson')).toMatch(/n'est pas un code INSEE/);
    expect(value('communeLabel', 'Saint-Jean-de-Maurienne (73300)')).toBe('Saint-Jean-de-Maurienne');
    expect(value('list', 'Accès aux soins non programmés, Prise en charge des maladies chroniques')).toEqual([
      'Accès aux soins non programmés',
      'Prise en charge des maladies chroniques',
    ]);
    expect(value('list', 'projet-de-sante-MSP-Matheysin.pdf, statuts-SISA.pdf')).toEqual([
      'projet-de-sante-MSP-Matheysin.pdf',
      'statuts-SISA.pdf',
    ]);
    expect(value('zoning', 'Hors zonage')).toBe('none');
    expect(value('text', 'ligne 1\r\nligne 2')).toBe('ligne 1\nligne 2');
  });

  it('keeps identifiers as digits and refuses one a spreadsheet turned into scientific notation', () => {
    expect(value('identifier', 55967651022976)).toBe('55967651022976');
    expect(value('identifier', '559 676 510 22976')).toBe('55967651022976');
    expect(error('identifier', '5,59677E+13')).toMatch(/abîmé par le tableur/);
  });
});

describe('parseNumber (property-based)', () => {
  const groupSeparators = fc.constantFrom('', ' ', '\u00a0', '\u202f');
  const cents = fc.integer({ min: 0, max: 999_999_999 });

  it('reads French amounts, with any thousands separator and an optional euro sign', () => {
    fc.assert(
      fc.property(cents, groupSeparators, fc.constantFrom('', ' €', '\u00a0€', '€'), (n, group, euro) => {
        const [units = '', decimals = ''] = (n / 100).toFixed(2).split('.');
        const written = `${units.replace(/\B(?=(\d{3})+(?!\d))/g, group)},${decimals}${euro}`;
        expect(parseNumber(written)).toBe(n / 100);
      }),
    );
  });

  it('reads dotted decimals as JavaScript writes them', () => {
    fc.assert(
      fc.property(cents, (n) => {
        expect(parseNumber(String(n / 100))).toBe(n / 100);
        expect(parseNumber((n / 100).toFixed(1 + (n % 2)))).toBe(Number((n / 100).toFixed(1 + (n % 2))));
      }),
    );
  });
});

describe('dates and instants (property-based)', () => {
  const instants = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2080-12-31T23:59:59Z'), noInvalidDate: true });

  it('reads a date written AAAA-MM-JJ or JJ/MM/AAAA', () => {
    fc.assert(
      fc.property(instants, (date) => {
        const iso = date.toISOString().slice(0, 10);
        const [year, month, day] = iso.split('-');
        expect(value('date', iso)).toBe(iso);
        expect(value('date', `${day}/${month}/${year}`)).toBe(iso);
      }),
    );
  });

  it('gives back the same instant with the offset the file wrote, so the same calendar day', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: -12, max: 14 }), (date, hours) => {
        const whole = new Date(Math.floor(date.getTime() / 1000) * 1000);
        const shifted = new Date(whole.getTime() + hours * 3_600_000).toISOString().slice(0, 19);
        const offset = `${hours < 0 ? '-' : '+'}${String(Math.abs(hours)).padStart(2, '0')}00`;
        const read = value('instant', `${shifted.replace('T', ' ')} ${offset}`) as string;
        expect(Date.parse(read)).toBe(whole.getTime());
        expect(read).toBe(`${shifted}${offset.slice(0, 3)}:00`);
      }),
    );
  });

  it('gives back the same instant in Paris time when the file wrote UTC', () => {
    fc.assert(
      fc.property(instants, (date) => {
        const whole = new Date(Math.floor(date.getTime() / 1000) * 1000);
        const read = value('instant', whole.toISOString().replace('.000', '')) as string;
        expect(read).toBe(formatInstant(whole));
        expect(read).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
      }),
    );
  });
});
