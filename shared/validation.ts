import { z } from 'zod';

// Messages zod writes itself (wrong type, unknown key...) come out in French too.
z.config(z.locales.fr());

export { z };

/** Zero-width characters that copy-pastes leave around a text; stripped at its ends. */
const EDGES = /^[\s\u200B-\u200D\u2060\uFEFF]+|[\s\u200B-\u200D\u2060\uFEFF]+$/gu;
const EDGE = /[\s\u200B-\u200D\u2060\uFEFF]/;

/** Most texts neither start nor end with a space: their two ends tell, without scanning the rest. */
function trimEdges(value: string): string {
  if (value === '' || (!EDGE.test(value[0]!) && !EDGE.test(value[value.length - 1]!))) return value;
  return value.replace(EDGES, '');
}

/** A character a reader sees: not a space, a format character (zero-width, bidi mark…), a control, a mark alone or a blank filler. */
const VISIBLE = /[^\s\p{Z}\p{Cc}\p{Cf}\p{M}\u115F\u1160\u3164\uFFA0\u2800]/u;
/** Controls other than tab and line breaks, DEL and C1: nothing a person types. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u; // eslint-disable-line no-control-regex
/** Bidi overrides and isolates: they make « gpj.exe » read « exe.jpg ». */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Any code unit the three above could be about: one scan clears the texts people type. */
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/; // eslint-disable-line no-control-regex

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a text cannot be stored, naming the field, or null. */
export function textProblem(label: string, text: string): string | null {
  if (!SUSPECT.test(text)) return null;
  const control = CONTROL.exec(text);
  if (control) return `${label} contient un caractère de contrôle (${codePoint(control[0])}), qui n'est pas admis.`;
  const bidi = BIDI.exec(text);
  if (bidi) return `${label} contient un caractère qui inverse le sens de l'écriture (${codePoint(bidi[0])}), qui n'est pas admis.`;
  if (LONE_SURROGATE.test(text)) return `${label} contient un caractère mal encodé, qui n'est pas admis.`;
  return null;
}

/**
 * The text as stored: trimmed of spaces and zero-width characters, '' when nothing in it is
 * visible. A single-line text reads tabs and line breaks as spaces; a long one keeps them.
 */
export function tidyText(text: string, multiline: boolean): string {
  const spaced = multiline ? text.replace(/\r\n?/g, '\n') : text.replace(/[\t\n\r]+/g, ' ');
  const trimmed = trimEdges(spaced);
  return VISIBLE.test(trimmed) ? trimmed : '';
}

/** Texts this long are paragraphs (motivations, reasons, summaries): they keep tabs and line breaks. */
const MULTILINE_FROM = 1000;

// Messages that format a number are functions: the first Intl call costs tens of milliseconds, and
// building every schema at start-up (the CLI's, the app's) would pay it for no error.

/** A text checked and tidied (see textProblem, tidyText), possibly empty; `requiredText` and `optionalText` build on it. */
export function checkedText(label: string, max: number, typeError = `${label} doit être un texte.`) {
  return z
    .string({ error: typeError })
    .superRefine((value, ctx) => {
      const problem = textProblem(label, value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, continue: false });
    })
    .overwrite((value) => tidyText(value, max >= MULTILINE_FROM))
    .max(max, { error: () => `${label} ne doit pas dépasser ${max.toLocaleString('fr-FR')} caractères.` });
}

/**
 * A required text whose error names the field in French (« Le nom de l'agence est
 * obligatoire. »); one made only of invisible characters is missing.
 */
export function requiredText(label: string, max = 200) {
  return checkedText(label, max, `${label} est obligatoire.`).min(1, { error: `${label} est obligatoire.` });
}

/** An optional text; the empty string means "not given". */
export function optionalText(label: string, max = 200) {
  return checkedText(label, max).default('');
}

export function emailAddress(label: string) {
  return z
    .string({ error: `${label} est obligatoire.` })
    .overwrite(trimEdges)
    .min(1, { error: `${label} est obligatoire.` })
    .pipe(z.email({ error: `${label} n'est pas une adresse électronique valide.` }));
}

export function optionalEmailAddress(label: string) {
  return z
    .string({ error: `${label} doit être un texte.` })
    .overwrite(trimEdges)
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

/** The largest amount any field takes: cents stay exact far beyond, and no grant comes near. */
export const MAX_EUROS = 10_000_000;

/**
 * Euros with at most two decimals, from 0 to `max` (at most MAX_EUROS). An amount beyond
 * MAX_EUROS either way stops the checks there, so that no refinement formats or adds it up; one
 * merely above `max` lets them go on (a breakdown can still say it does not add up).
 */
export function euros(label: string, max: number = MAX_EUROS) {
  const ceiling = Math.min(max, MAX_EUROS);
  const negative = `${label} ne peut pas être négatif.`;
  const tooHigh = () => `${label} ne peut pas dépasser ${ceiling.toLocaleString('fr-FR')} €.`;
  return z
    .number({ error: `${label} doit être un nombre.` })
    .superRefine((value, ctx) => {
      if (Math.abs(value) > MAX_EUROS) ctx.addIssue({ code: 'custom', message: value < 0 ? negative : tooHigh(), continue: false });
    })
    .nonnegative({ error: negative })
    .max(ceiling, { error: tooHigh })
    .refine(hasCents, { error: `${label} ne peut avoir plus de deux décimales.` });
}

/** A whole number from 0 to max; zod's int() already keeps it a safe integer. */
export function wholeNumber(label: string, max: number) {
  return z
    .number({ error: `${label} doit être un nombre.` })
    .int({ error: `${label} doit être un nombre entier.`, abort: true })
    .nonnegative({ error: `${label} ne peut pas être négatif.`, abort: true })
    .max(max, { error: () => `${label} ne peut pas dépasser ${max.toLocaleString('fr-FR')}.`, abort: true });
}

/** At most `max` values in a list filter: each becomes an SQL parameter. */
export const MAX_FILTER_VALUES = 1000;

/** A list a filter or an edit sends, bounded so that no query runs out of SQL variables. */
export function boundedList<T extends z.ZodType>(label: string, item: T, max = MAX_FILTER_VALUES) {
  return z
    .array(item, { error: `${label} doit être une liste.` })
    .max(max, { error: () => `${label} ne peut pas compter plus de ${max.toLocaleString('fr-FR')} valeurs.` });
}

/** A calendar date written YYYY-MM-DD that exists (no 30 February). */
const DATE_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

export const isoDate = z
  .string()
  .regex(DATE_FORMAT, { error: 'La date doit être au format AAAA-MM-JJ.' })
  .refine((v) => {
    if (!DATE_FORMAT.test(v)) return false;
    // Day 31 of a 30-day month rolls over into the next one: the date read back differs.
    const [year, month, day] = [Number(v.slice(0, 4)), Number(v.slice(5, 7)) - 1, Number(v.slice(8, 10))];
    const date = new Date(0);
    date.setUTCFullYear(year, month, day);
    return date.getUTCFullYear() === year && date.getUTCMonth() === month && date.getUTCDate() === day;
  }, { error: "Cette date n'existe pas." });

/** A Windows path (C:\…, \\serveur\partage\…) or a POSIX one: a folder may be a network share. */
export function isAbsolutePath(path: string): boolean {
  return /^([a-zA-Z]:[\\/]|\\\\[^\\/]+[\\/][^\\/]+|\/)/.test(path);
}

/**
 * A file or folder named by its full path, checked before any work (whether it can be written is
 * the service's to judge): never resolved against the current folder of whichever process serves it.
 */
export function absolutePath(label: string) {
  return z
    .string({ error: `${label} doit être un chemin (texte).` })
    .trim()
    .min(1, { error: `${label} n'est pas indiqué.` })
    .max(1000, { error: `Le chemin ne doit pas dépasser 1 000 caractères.` })
    .refine((path) => !path.includes('\0'), { error: (issue) => `${label} « ${String(issue.input).replaceAll('\0', '␀')} » contient un caractère nul.` })
    .refine((path) => path.includes('\0') || isAbsolutePath(path), {
      error: (issue) => `${label} « ${String(issue.input)} » doit être désigné par un chemin complet.`,
    });
}
