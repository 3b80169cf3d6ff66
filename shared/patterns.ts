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

export const fileNamePlaceholders = {
  date: 'la date de la séance (AAAA-MM-JJ)',
  ...referencePlaceholders,
  structure: 'le nom de la structure',
  type: 'le type de document (decision, convention, proces-verbal)',
} as const;
export type FileNamePlaceholder = keyof typeof fileNamePlaceholders;

/** « 2026-12-10_ESP-Les-Trois-Ilets_decision »; « .pdf » and « -v2 » are added. */
export const defaultFileNamePattern = '{date}_{structure}_{type}';

/** What a file-name pattern lacks or gets wrong, in French; empty when it can be saved. */
export function fileNamePatternProblems(pattern: string): string[] {
  const used = [...pattern.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  const names = Object.keys(fileNamePlaceholders).map((p) => `{${p}}`).join(', ');
  const problems = used.filter((p) => !(p in fileNamePlaceholders)).map((p) => `« {${p}} » n'est pas un champ connu ; les champs sont ${names}.`);
  const literal = pattern.replace(PLACEHOLDER, '');
  if (/[{}]/.test(literal)) problems.push('Une accolade n’est pas refermée : écrivez les champs ainsi, {type}.');
  else if (/[^A-Za-z0-9_.-]/.test(literal)) {
    problems.push('Hors des champs, un nom de fichier ne contient que des lettres sans accent, des chiffres, « - », « _ » et « . ».');
  }
  if (!used.includes('type')) problems.push('Le modèle doit contenir {type} : le courrier et la convention d’un dossier auraient le même nom.');
  if (!used.some((p) => p === 'rang' || p === 'ds' || p === 'structure')) {
    problems.push('Le modèle doit contenir {rang}, {ds} ou {structure} : deux dossiers d’une même séance auraient le même nom.');
  }
  return problems;
}

const checked = (label: string, problemsOf: (pattern: string) => string[]) =>
  requiredText(label, 100).superRefine((pattern, ctx) => {
    for (const message of problemsOf(pattern)) ctx.addIssue({ code: 'custom', message });
  });

export const patternsSchema = z.strictObject({
  reference: checked('Le modèle de la référence des documents', referencePatternProblems),
  fileName: checked('Le modèle du nom des fichiers', fileNamePatternProblems).default(defaultFileNamePattern),
});
export type Patterns = z.infer<typeof patternsSchema>;
/** As a form holds them before parsing: a missing file-name pattern takes the default. */
export type PatternsInput = z.input<typeof patternsSchema>;
export const defaultPatterns: Patterns = { reference: defaultReferencePattern, fileName: defaultFileNamePattern };

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

/** Letters, digits and dashes only: no separator, no « .. », nothing a file system refuses. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

export interface FileNameFacts extends ReferenceFacts {
  /** The structure's name, or the session's for the minutes. */
  subject: string;
  /** decision, convention, proces-verbal. */
  type: string;
}

/** The file name, without its version and « .pdf »: every field made safe for a file system. */
export function renderFileName(pattern: string, facts: FileNameFacts): string {
  const { session, item } = facts;
  const values: Record<FileNamePlaceholder, string> = {
    date: session.date,
    seance: slug(session.number) || 'sans-numero',
    annee: session.date.slice(0, 4),
    rang: item ? String(item.position + 1).padStart(2, '0') : 'PV',
    ds: item?.dsNumber ? String(item.dsNumber) : item ? 'sans-numero' : 'PV',
    structure: slug(facts.subject) || 'document',
    type: facts.type,
  };
  return pattern.replace(PLACEHOLDER, (_m, name: string) => values[name as FileNamePlaceholder] ?? '');
}

/** Whether a name is one `renderFileName` gives with this pattern (with « -v2 », and the « -2 » a taken name gets). */
export function matchesFileName(pattern: string, name: string, types: readonly string[]): boolean {
  const source = pattern
    .split(PLACEHOLDER)
    .map((part, i) => (i % 2 ? (part === 'type' ? `(${types.join('|')})` : part === 'date' ? '\\d{4}-\\d{2}-\\d{2}' : '[A-Za-z0-9-]+') : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}(-v\\d+)?(-\\d+)?\\.pdf$`).test(name);
}
