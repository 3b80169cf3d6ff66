import { z } from 'zod';

// Messages zod writes itself (wrong type, unknown key...) come out in French too.
z.config(z.locales.fr());

export { z };

/** A required, trimmed text whose error names the field in French ("Le nom de l'agence est obligatoire."). */
export function requiredText(label: string, max = 200) {
  return z
    .string({ error: `${label} est obligatoire.` })
    .trim()
    .min(1, { error: `${label} est obligatoire.` })
    .max(max, { error: `${label} ne doit pas dépasser ${max} caractères.` });
}

/** An optional text; the empty string means "not given". */
export function optionalText(label: string, max = 200) {
  return z
    .string({ error: `${label} doit être un texte.` })
    .trim()
    .max(max, { error: `${label} ne doit pas dépasser ${max} caractères.` })
    .default('');
}

export function emailAddress(label: string) {
  return z
    .string({ error: `${label} est obligatoire.` })
    .trim()
    .min(1, { error: `${label} est obligatoire.` })
    .pipe(z.email({ error: `${label} n'est pas une adresse électronique valide.` }));
}

export function optionalEmailAddress(label: string) {
  return z
    .string({ error: `${label} doit être un texte.` })
    .trim()
    .pipe(
      z.union([z.literal(''), z.email({ error: `${label} n'est pas une adresse électronique valide.` })], {
        error: `${label} n'est pas une adresse électronique valide.`,
      }),
    )
    .default('');
}

/** Whole cents, allowing for binary fractions: 19.99 * 100 is 1998.9999999999998. */
export function hasCents(value: number): boolean {
  return Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
}

/** Euros with at most two decimals. */
export function euros(label: string, max: number) {
  return z
    .number({ error: `${label} doit être un nombre.` })
    .nonnegative({ error: `${label} ne peut pas être négatif.` })
    .max(max, { error: `${label} ne peut pas dépasser ${max.toLocaleString('fr-FR')} €.` })
    .refine(hasCents, { error: `${label} ne peut avoir plus de deux décimales.` });
}

/** A whole number from 0 to max. */
export function wholeNumber(label: string, max: number) {
  return z
    .number({ error: `${label} doit être un nombre.` })
    .int({ error: `${label} doit être un nombre entier.` })
    .nonnegative({ error: `${label} ne peut pas être négatif.` })
    .max(max, { error: `${label} ne peut pas dépasser ${max.toLocaleString('fr-FR')}.` });
}

/** A calendar date written YYYY-MM-DD that exists (no 30 February). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'La date doit être au format AAAA-MM-JJ.' })
  .refine((v) => {
    const date = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === v;
  }, { error: "Cette date n'existe pas." });
