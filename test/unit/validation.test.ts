import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { optionalCivility, requiredCivility } from '../../shared/people';
import { euros, isoDate } from '../../shared/validation';

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
});
