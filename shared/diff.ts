import { dsStateLabels, structureTypeLabels, zoningLabels, type DossierData, type Professional } from './dossier';
import { formatDate, formatEuros, formatTime } from './french';
import { dossierFields, type DossierFieldKey } from './import-mapping';

/**
 * The dotted paths where two JSON-like values differ ('grant.requested', 'professionals'):
 * arrays are compared whole, since a reordered or edited list is one change for a reader.
 */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => changedPaths(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix || '(tout)'];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Specs = typeof dossierFields;
/** Mapping keys that only feed another field: DS's « Commune » label, its « Établissement SIRET ». */
type SourceOnlyKey = { [K in keyof Specs]: Specs[K] extends { feeds: string } ? K : never }[keyof Specs];

/** A leaf of a dossier's data, named as the mapping names it ('grant.requested'). */
export type DataLeaf = Exclude<DossierFieldKey, SourceOnlyKey>;
export const dataLeaves = (Object.keys(dossierFields) as DossierFieldKey[]).filter(
  (key): key is DataLeaf => !('feeds' in dossierFields[key]),
);

/** What imports compare, merge and people correct: each leaf, and the team as a whole. */
export type DossierField = DataLeaf | 'professionals';
export const dossierFieldNames = [...dataLeaves, 'professionals'] as DossierField[] as [DossierField, ...DossierField[]];

/** Each field's keys, split once: an import compares every field of thousands of dossiers. */
const fieldKeys = new Map<string, readonly string[]>(dossierFieldNames.map((field) => [field, field.split('.')]));
const keysOf = (field: DossierField) => fieldKeys.get(field) ?? field.split('.');

export function valueAt(data: DossierData, field: DossierField): unknown {
  let node: unknown = data;
  for (const key of keysOf(field)) node = isRecord(node) ? node[key] : undefined;
  return node;
}

export function setValueAt(data: DossierData, field: DossierField, value: unknown): void {
  const keys = keysOf(field);
  let node = data as unknown as Record<string, unknown>;
  for (let i = 0; i < keys.length - 1; i++) node = node[keys[i]!] as Record<string, unknown>;
  node[keys[keys.length - 1]!] = value;
}

/** Equal as JSON; the same text, number or answer needs no serialising to tell. */
export const sameValue = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** The fields where two dossiers differ, among `fields` (all of them by default). */
export function changedFields(before: DossierData, after: DossierData, fields: readonly DossierField[] = dossierFieldNames): DossierField[] {
  return fields.filter((field) => !sameValue(valueAt(before, field), valueAt(after, field)));
}

export function fieldLabelOf(field: DossierField): string {
  return field === 'professionals' ? 'Professionnels' : dossierFields[field].label;
}

const isNothing = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

/**
 * A value that says nothing: no text, no answer, no item, or no amount (0 €, which is what a
 * blank amount cell becomes: the two cannot be told apart).
 */
export function isBlankValue(field: DossierField, value: unknown): boolean {
  return isNothing(value) || (field !== 'professionals' && dossierFields[field].kind === 'amount' && value === 0);
}

function professionalText(p: Professional): string {
  const name = [p.lastName, p.firstName].filter(Boolean).join(' ');
  return `${name} (${p.profession})`;
}

/** The value as a person reads it (20 000 €, 1er janvier 2027, Oui); null when there is none. */
export function displayValue(field: DossierField, value: unknown): string | null {
  if (isNothing(value)) return null;
  if (field === 'professionals') {
    const team = value as Professional[];
    return `${team.length} professionnel${team.length > 1 ? 's' : ''} : ${team.map(professionalText).join(' ; ')}`;
  }
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
  if (Array.isArray(value)) return value.join(', ');
  const kind = dossierFields[field].kind;
  if (typeof value === 'number') {
    if (kind === 'amount') return formatEuros(value, { cents: 'whenPresent' });
    return String(value).replace('.', ',');
  }
  const text = String(value);
  switch (kind) {
    case 'date':
      return formatDate(text);
    case 'instant':
      // Its own wall-clock time: the offset the platform wrote is the sponsor's.
      return `${formatDate(text.slice(0, 10))} à ${formatTime(text.slice(11, 16))}`;
    case 'dsState':
      return dsStateLabels[text as keyof typeof dsStateLabels] ?? text;
    case 'structureType':
      return structureTypeLabels[text as keyof typeof structureTypeLabels] ?? text;
    case 'zoning':
      return zoningLabels[text as keyof typeof zoningLabels] ?? text;
    default:
      return text;
  }
}
