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

/** Euros with at most two decimals. */
export function euros(label: string, max: number) {
  return z
    .number({ error: `${label} doit être un nombre.` })
    .nonnegative({ error: `${label} ne peut pas être négatif.` })
    .max(max, { error: `${label} ne peut pas dépasser ${max} €.` })
    .refine((v) => Math.round(v * 100) === v * 100, {
      error: `${label} ne peut avoir plus de deux décimales.`,
    });
}
