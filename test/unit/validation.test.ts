import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { optionalCivility, requiredCivility } from '../../shared/people';
import { grantSchema } from '../../shared/session-rules';
import { sessionNumberSchema } from '../../shared/session';
import { euros, isoDate, optionalText, requiredText, wholeNumber } from '../../shared/validation';

describe('shared validators', () => {
  const amount = euros('Le montant', 1_000_000);

  it('accepts every amount in whole cents, despite binary fractions', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000_000 }), (cents) => amount.safeParse(cents / 100).success));
    expect(amount.safeParse(19.99).success).toBe(true);
    expect(amount.safeParse(0.07).success).toBe(true);
  });

  it('refuses fractions of a cent, negative and excessive amounts in French', () => {
    expect(amount.safeParse(1.234).error?.issues[0]?.message).toBe('Le montant ne peut avoir plus de deux décimales.');
    expect(amount.safeParse(-1).error?.issues[0]?.message).toBe('Le montant ne peut pas être négatif.');
    expect(amount.safeParse(2_000_000).error?.issues[0]?.message).toMatch(/^Le montant ne peut pas dépasser 1\s000\s000 €\.$/);
  });

  it('accepts real calendar dates only', () => {
    expect(isoDate.safeParse('2024-02-29').success).toBe(true);
    expect(isoDate.safeParse('2027-02-30').error?.issues[0]?.message).toBe("Cette date n'existe pas.");
    expect(isoDate.safeParse('2027-13-01').success).toBe(false);
    expect(isoDate.safeParse('01/02/2027').error?.issues[0]?.message).toBe('La date doit être au format AAAA-MM-JJ.');
  });

  it('reads a missing civility as not given, unless it is required, naming the person', () => {
    const optional = optionalCivility('du représentant légal');
    const required = requiredCivility('du directeur général');
    expect(optional.parse(undefined)).toBe('');
    expect(optional.parse('Mme')).toBe('Mme');
    expect(optional.safeParse('Madame').error?.issues[0]?.message).toBe('La civilité du représentant légal doit être « Mme » ou « M. ».');
    expect(required.parse('M.')).toBe('M.');
    for (const missing of [undefined, '']) {
      expect(required.safeParse(missing).error?.issues[0]?.message).toBe('La civilité du directeur général est obligatoire.');
    }
    expect(required.safeParse('Dr').error?.issues[0]?.message).toBe('La civilité du directeur général doit être « Mme » ou « M. ».');
  });

  it('refuses controls, bidi overrides and broken characters in a text, naming the field', () => {
    const reason = requiredText('Le motif de la réouverture', 1000);
    const message = (value: unknown) => reason.safeParse(value).error?.issues[0]?.message;
    expect(message('a\u0000b')).toBe("Le motif de la réouverture contient un caractère de contrôle (U+0000), qui n'est pas admis.");
    expect(message('ok\u0007')).toMatch(/U\+0007/);
    expect(message('facture\u202Efdp.exe')).toBe(
      "Le motif de la réouverture contient un caractère qui inverse le sens de l'écriture (U+202E), qui n'est pas admis.",
    );
    expect(message('\u2066isolé\u2069')).toMatch(/U\+2066/);
    expect(message('x\uD800')).toBe("Le motif de la réouverture contient un caractère mal encodé, qui n'est pas admis.");
    // A well-formed pair is a character like any other.
    expect(reason.parse('Vote recompté 👍')).toBe('Vote recompté 👍');
  });

  it('strips zero-width characters at the ends, and reads a text of invisible characters as empty', () => {
    const reason = requiredText('Le motif de la réouverture', 1000);
    for (const invisible of ['\u200B', ' \u200B\u2060\uFEFF ', '\u200D\n\t', '\u00AD\u200E', '\u3164']) {
      expect(reason.safeParse(invisible).error?.issues[0]?.message).toBe('Le motif de la réouverture est obligatoire.');
    }
    expect(reason.parse('\u200BErreur de vote\uFEFF')).toBe('Erreur de vote');
    expect(optionalText('Le lieu').parse('\u200B')).toBe('');
    // Inside a word, a zero-width joiner is part of the text (emoji sequences, some scripts).
    expect(reason.parse('a\u200Db')).toBe('a\u200Db');
  });

  it('keeps line breaks in long texts and reads them as spaces in short ones', () => {
    expect(requiredText('La motivation', 10_000).parse('Premier point.\r\n\tSecond point.')).toBe('Premier point.\n\tSecond point.');
    expect(requiredText('Le nom', 100).parse('ESP du\nNord\t')).toBe('ESP du Nord');
  });

  it('counts the maximum length after tidying, and says it the French way', () => {
    const name = requiredText('Le nom', 5);
    expect(name.parse('\u200B abcde \u200B')).toBe('abcde');
    expect(requiredText('Le texte', 5000).safeParse('x'.repeat(5001)).error?.issues[0]?.message).toMatch(/^Le texte ne doit pas dépasser 5\s000 caractères\.$/);
  });

  it('refuses huge, unsafe and infinite amounts as VALIDATION material, before any sum is made', () => {
    const grant = grantSchema(1_000_000);
    for (const amount of [1e21, 2 ** 53 + 2, 1e308, Infinity, NaN]) {
      const result = grant.safeParse({ amount, engineering: amount, it: 0, furniture: 0 });
      expect(result.success).toBe(false);
      for (const issue of result.error!.issues) expect(issue.message).toMatch(/^Le montant/);
    }
    expect(euros('Le montant').safeParse(10_000_000.01).error?.issues[0]?.message).toMatch(/^Le montant ne peut pas dépasser 10\s000\s000 €\.$/);
    expect(euros('Le montant', 1e12).safeParse(20_000_000).success).toBe(false);
    expect(wholeNumber('Le nombre', 1e18).safeParse(2 ** 53 + 2).success).toBe(false);
  });

  it('takes session numbers that name files and sheets safely', () => {
    for (const ok of ['2026-04', 'CSP 2026.1', 'Séance_3', '12']) expect(sessionNumberSchema.parse(ok)).toBe(ok);
    for (const bad of ['2026/04', 'a[1]', '../../../../x', '.cache', '2026.', 'a:b', 'x*', 'x?', '"x"', '<x>', 'a|b', 'a\\b', '-x']) {
      expect(sessionNumberSchema.safeParse(bad).error?.issues[0]?.message, bad).toMatch(/^Le numéro de la séance commence par une lettre ou un chiffre/);
    }
  });
});
