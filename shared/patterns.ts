/**
 * The reference a document prints (« CS-2026-04/03 »), as a pattern an agency sets: placeholders
 * between braces, checked when saved so that two documents never share a reference.
 */
import { requiredText, z } from './validation';

export const referencePlaceholders = {
  seance: 'le numéro de la séance',
  annee: "l'année de la séance",
  rang: "le rang du dossier à l'ordre du jour (01, 02…)",
  ds: 'le numéro Démarches Simplifiées du dossier',
} as const;
export type ReferencePlaceholder = keyof typeof referencePlaceholders;

export const defaultReferencePattern = 'CS-{seance}/{rang}';

const PLACEHOLDER = /\{([^{}]*)\}/g;
const known = Object.keys(referencePlaceholders).map((p) => `{${p}}`).join(', ');

/** What a pattern lacks or gets wrong, in French; empty when it can be saved. */
export function referencePatternProblems(pattern: string): string[] {
  const used = [...pattern.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  const problems = used
    .filter((p) => !(p in referencePlaceholders))
    .map((p) => `« {${p}} » n'est pas un champ connu ; les champs sont ${known}.`);
  if (/[{}]/.test(pattern.replace(PLACEHOLDER, ''))) problems.push('Une accolade n’est pas refermée : écrivez les champs ainsi, {seance}.');
  // The session tells two sessions apart, the rank two dossiers of one session (a DS number may be missing).
  if (!used.includes('seance')) problems.push('Le modèle doit contenir {seance} : deux séances donneraient la même référence.');
  if (!used.includes('rang')) problems.push('Le modèle doit contenir {rang} : deux dossiers d’une même séance auraient la même référence.');
  return problems;
}

export const patternsSchema = z.strictObject({
  reference: requiredText('Le modèle de la référence des documents', 100).superRefine((pattern, ctx) => {
    for (const message of referencePatternProblems(pattern)) ctx.addIssue({ code: 'custom', message });
  }),
});
export type Patterns = z.infer<typeof patternsSchema>;
export const defaultPatterns: Patterns = { reference: defaultReferencePattern };

export interface ReferenceFacts {
  session: { number: string; date: string };
  /** Absent for the minutes. */
  item?: { position: number; dsNumber: number | null };
}

/**
 * The reference of a dossier's documents; the minutes' is the pattern cut before the dossier's
 * first field (« CS-2026-04 »), or with « PV » as its rank when nothing comes before it.
 */
export function renderReference(pattern: string, { session, item }: ReferenceFacts): string {
  const values: Record<ReferencePlaceholder, string> = {
    seance: session.number,
    annee: session.date.slice(0, 4),
    rang: item ? String(item.position + 1).padStart(2, '0') : 'PV',
    ds: item?.dsNumber ? String(item.dsNumber) : item ? 'sans-numero' : 'PV',
  };
  const fill = (text: string) => text.replace(PLACEHOLDER, (_m, name: string) => values[name as ReferencePlaceholder] ?? '');
  if (item) return fill(pattern);
  const cut = pattern.search(/\{(rang|ds)\}/);
  const head = fill(pattern.slice(0, cut)).replace(/[^\p{L}\p{N}]+$/u, '');
  return head && cut > 0 ? head : fill(pattern);
}
