import type { DossierData, DossierInput, Professional } from '../../../../shared/dossier';
import { dataLeaves, type DataLeaf } from '../../../../shared/diff';
import { dossierFields, type ValueKind } from '../../../../shared/import-mapping';
import type { ErrorDetail } from '../../../../shared/result';
import { editableNumber, fieldId, parseDecimal, type FieldErrors } from '../../forms';

/**
 * The form edits every leaf of a dossier but its professionals; the import's table of fields
 * already lists them with their kind, which decides the input and the conversion back.
 */
export type FormPath = DataLeaf;
export const formPaths = dataLeaves;
export const kindOf = (path: FormPath): ValueKind => dossierFields[path].kind;

export type ProfessionalField = keyof Professional;
export const professionalFieldNames = [
  'lastName',
  'firstName',
  'profession',
  'identifier',
  'communeCode',
  'communeName',
  'role',
] as const satisfies readonly ProfessionalField[];

export type ProfessionalRow = Record<ProfessionalField, string> & {
  /** React key: rows are added and removed, their index is not an identity. */
  key: number;
};

export interface DossierForm {
  text: Record<FormPath, string>;
  professionals: ProfessionalRow[];
}

let lastRowKey = 0;

export function newProfessionalRow(professional?: Professional): ProfessionalRow {
  lastRowKey += 1;
  const row = { key: lastRowKey } as ProfessionalRow;
  for (const field of professionalFieldNames) row[field] = professional?.[field] ?? '';
  return row;
}

/** The path of a field as the handler names it in its error details. */
export const dataPath = (path: string) => `data.${path}`;
export const professionalPath = (index: number, field: ProfessionalField) =>
  dataPath(`professionals.${index}.${field}`);
export const PROFESSIONALS_PATH = dataPath('professionals');

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function valueAt(data: DossierData, path: FormPath): unknown {
  return path.split('.').reduce<unknown>((value, key) => (isRecord(value) ? value[key] : undefined), data);
}

/** An instant as its own wall-clock time ("2026-10-01T19:05"): as the platform recorded it, in France. */
const wallTime = (instant: string) => instant.slice(0, 16);

function toText(kind: ValueKind, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join('\n');
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return kind === 'integer' ? String(value) : editableNumber.format(value);
  const text = String(value);
  return kind === 'instant' ? wallTime(text) : text;
}

export function fromData(data?: DossierData): DossierForm {
  const text = Object.fromEntries(
    formPaths.map((path) => [path, data ? toText(kindOf(path), valueAt(data, path)) : '']),
  ) as Record<FormPath, string>;
  return { text, professionals: (data?.professionals ?? []).map(newProfessionalRow) };
}

/** "+02:00" for a wall-clock time of this computer. */
function localOffset(wall: string): string {
  const minutes = -new Date(wall).getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A number the user typed. What is not one is sent as typed: the handler refuses it with the
 * field's own French message, whatever the transport (NaN would become null in JSON).
 */
function numberOrText(text: string): number | string {
  return parseDecimal(text) ?? text;
}

function fromText(kind: ValueKind, text: string, initial: unknown): unknown {
  const blank = text.trim() === '';
  switch (kind) {
    case 'integer':
    case 'decimal':
      return blank ? null : numberOrText(text);
    case 'amount':
      return blank ? 0 : numberOrText(text);
    case 'boolean':
      return text === '' ? null : text === 'true';
    case 'date':
    case 'dsState':
    case 'zoning':
      return blank ? null : text;
    case 'instant':
      if (blank) return null;
      // Unchanged, it keeps its seconds and offset: no change to record.
      if (typeof initial === 'string' && wallTime(initial) === text) return initial;
      return `${text}:00${localOffset(text)}`;
    case 'list':
      return text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    default:
      return text;
  }
}

export function toInput(form: DossierForm, initial?: DossierData): DossierInput {
  const data: Record<string, unknown> = {};
  for (const path of formPaths) {
    const keys = path.split('.');
    const leaf = keys.pop()!;
    let node = data;
    for (const key of keys) node = (node[key] ??= {}) as Record<string, unknown>;
    node[leaf] = fromText(kindOf(path), form.text[path], initial && valueAt(initial, path));
  }
  data.professionals = form.professionals.map((row) =>
    Object.fromEntries(professionalFieldNames.map((field) => [field, row[field]])),
  );
  // Built from the same table of fields as the schema; the handler validates it whole.
  return data as DossierInput;
}

/** The paths the form shows an error next to. */
function isFieldPath(path: string, rows: number): boolean {
  if (path === PROFESSIONALS_PATH) return true;
  const member = /^data\.professionals\.(\d+)\.(\w+)$/.exec(path);
  if (member) return Number(member[1]) < rows && (professionalFieldNames as readonly string[]).includes(member[2]!);
  return formPaths.some((p) => dataPath(p) === path);
}

/**
 * Each error goes to its field, or to the nearest field above it ('data.project.themes.3' to
 * the themes); an error no field holds stays in the summary alone.
 */
export function placeErrors(details: readonly ErrorDetail[], rows: number) {
  const errors: FieldErrors = {};
  const items = details.map(({ field, message }) => {
    const parts = field.split('.');
    while (parts.length > 1 && !isFieldPath(parts.join('.'), rows)) parts.pop();
    const path = parts.join('.');
    if (!isFieldPath(path, rows)) return { message };
    errors[path] ??= message;
    const row = /^data\.professionals\.(\d+)\./.exec(path);
    return { message: row ? `Professionnel n° ${Number(row[1]) + 1} : ${message}` : message, fieldId: fieldId(path) };
  });
  return { errors, items };
}
