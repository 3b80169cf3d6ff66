/**
 * The step every format shares: which column feeds which field, each cell converted, the record
 * validated by its zod schema, and every problem located by line, column header and field.
 */
import type { z } from 'zod';
import { matchHeaders, type ImportColumn, type ImportProblem, type TargetField } from '../../shared/import-mapping';
import { convertCell } from './convert';
import { isBlank, type Cell, type SourceRow, type SourceTable } from './table';

export interface BoundTable<K extends string> {
  table: SourceTable;
  specs: Record<K, TargetField>;
  /** Prefix of the problems' field: "professionals." for the repetition block. */
  fieldPrefix: string;
  /** `path`: where the value goes in the converted record, split once (the field fed, for a source-only column). */
  bindings: { key: K; spec: TargetField; columns: number[]; path: string[] }[];
  /** The header a schema path was read from. */
  headerOf: Map<string, string>;
  columns: ImportColumn[];
  /** One problem per required field that no column feeds. */
  missing: ImportProblem[];
}

export function bindTable<K extends string>(
  table: SourceTable,
  aliases: Record<K, readonly string[]>,
  specs: Record<K, TargetField>,
  fieldPrefix = '',
  optional: readonly NoInfer<K>[] = [],
): BoundTable<K> {
  const match = matchHeaders(table.headers, aliases, specs);
  const bindings = new Map<K, BoundTable<K>['bindings'][number]>();
  match.fields.forEach((key, index) => {
    if (key === null) return;
    const binding = bindings.get(key) ?? { key, spec: specs[key], columns: [], path: (specs[key].feeds ?? key).split('.') };
    binding.columns.push(index);
    bindings.set(key, binding);
  });
  const headerOf = new Map<string, string>();
  for (const { key, spec, columns } of bindings.values()) {
    const header = table.headers[columns[0] ?? 0] ?? '';
    headerOf.set(key, header);
    // A source-only column answers for the field it feeds, unless that field has its own column.
    if (spec.feeds && !bindings.has(spec.feeds as K)) headerOf.set(spec.feeds, header);
  }
  const missing = match.missing
    .filter((key) => !optional.includes(key))
    .map((key) => ({
      line: table.headerLine,
      field: `${fieldPrefix}${key}`,
      ...(table.name === undefined ? {} : { sheet: table.name }),
      message: `${capitalize(table.title)} n'a aucune colonne pour le champ obligatoire « ${specs[key].label} » (en-têtes reconnus : ${
        aliases[key].map((alias) => `« ${alias} »`).join(', ') || 'aucun'
      }).`,
    }));
  return {
    table,
    specs,
    fieldPrefix,
    bindings: [...bindings.values()],
    headerOf,
    missing,
    columns: table.headers.map((header, index) => ({
      header,
      field: match.fields[index] ? `${fieldPrefix}${match.fields[index]}` : null,
      ...(table.name === undefined ? {} : { sheet: table.name }),
    })),
  };
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The path itself, then its parents: "project.themes.3", "project.themes", "project". */
function ancestors(path: string): string[] {
  const keys = path.split('.');
  return keys.map((_, i) => keys.slice(0, keys.length - i).join('.'));
}

/**
 * "Feuille « Dossiers », ligne 3, colonne « Montant » (Montant de l'aide sollicitée) : message".
 * A path inside a field (the fourth theme) is reported on that field.
 */
export function problemAt<K extends string>(
  bound: BoundTable<K>,
  row: SourceRow,
  path: string,
  message: string,
): ImportProblem {
  const specs: Record<string, TargetField | undefined> = bound.specs;
  const field = ancestors(path).find((p) => bound.headerOf.has(p) || specs[p]) ?? path;
  return located(bound, row, field, bound.headerOf.get(field), message);
}

function located<K extends string>(
  bound: BoundTable<K>,
  row: SourceRow,
  field: string,
  column: string | undefined,
  message: string,
): ImportProblem {
  const label = (bound.specs as Record<string, TargetField | undefined>)[field]?.label;
  const where = column === undefined ? bound.table.locate(row) : `${bound.table.locate(row)}, colonne « ${column} »`;
  return {
    line: row.line,
    ...(column === undefined ? {} : { column }),
    field: `${bound.fieldPrefix}${field}`,
    message: `${where}${label ? ` (${label})` : ''} : ${message}`,
    ...(bound.table.name === undefined ? {} : { sheet: bound.table.name }),
  };
}

/** "A", "Z", "AA": a spreadsheet's name for a 0-based column. */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function shown(cell: Cell | undefined): string {
  const text = cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/**
 * Cells of read columns whose value a formula computed: the value is imported as the file kept
 * it, which may be stale or an error, so each is named for the user to check.
 */
export function formulaWarnings<K extends string>(bound: BoundTable<K>): ImportProblem[] {
  const fieldOf = new Map<number, K>();
  for (const { key, columns } of bound.bindings) for (const index of columns) fieldOf.set(index, key);
  const warnings: ImportProblem[] = [];
  for (const row of bound.table.rows) {
    for (const index of row.formulas ?? []) {
      const field = fieldOf.get(index);
      if (field === undefined) continue;
      const cell = `${columnName(index)}${row.line}`;
      const value = row.cells[index];
      const message = isBlank(value)
        ? `la cellule ${cell} contient une formule sans valeur calculée enregistrée : elle est lue vide.`
        : `la cellule ${cell} contient une formule : sa valeur calculée « ${shown(value)} » est importée, pas la formule.`;
      warnings.push(located(bound, row, field, bound.table.headers[index], message));
    }
  }
  return warnings;
}

export interface ConvertedRow {
  row: SourceRow;
  /** Nested like the schema's input: { sponsor: { email } }. */
  values: Record<string, unknown>;
  problems: ImportProblem[];
  /** Paths that already have a problem: the schema's complaint about them would say it twice. */
  failed: Set<string>;
}

function setPath(target: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let node = target;
  for (let i = 0; i < keys.length - 1; i++) node = (node[keys[i]!] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]!] = value;
}

function getPath(target: Record<string, unknown>, keys: readonly string[]): unknown {
  let node: unknown = target;
  for (const key of keys) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

/** A binding's cell read, converted: the first readable column's value, or every list column's items. */
function bindingValue<K extends string>(
  bound: BoundTable<K>,
  row: SourceRow,
  converted: ConvertedRow,
  { key, spec, columns }: BoundTable<K>['bindings'][number],
): unknown {
  let value: unknown;
  let read = false;
  let items: unknown[] | undefined;
  for (const index of columns) {
    const result = convertCell(spec.kind, row.cells[index]);
    if (!result.ok) {
      converted.problems.push(problemAt(bound, row, spec.feeds ?? key, result.error));
      converted.failed.add(spec.feeds ?? key);
    } else if (spec.kind !== 'list') {
      // The first column read decides, blank or not.
      if (!read) [value, read] = [result.value, true];
    } else if (Array.isArray(result.value)) {
      items = items ? [...items, ...(result.value as unknown[])] : (result.value as unknown[]);
    }
  }
  return spec.kind === 'list' ? (items?.length ? items : undefined) : value;
}

export function convertRow<K extends string>(bound: BoundTable<K>, row: SourceRow): ConvertedRow {
  const converted: ConvertedRow = { row, values: {}, problems: [], failed: new Set() };
  let fallbacks: { keys: string[]; value: unknown }[] | undefined;
  for (const binding of bound.bindings) {
    const value = bindingValue(bound, row, converted, binding);
    if (value === undefined) continue;
    if (binding.spec.feeds) (fallbacks ??= []).push({ keys: binding.path, value });
    else setPath(converted.values, binding.path, value);
  }
  for (const { keys, value } of fallbacks ?? []) {
    if (getPath(converted.values, keys) === undefined) setPath(converted.values, keys, value);
  }
  return converted;
}

/** A zod issue path as the dotted path of a field. */
export function issuePath(issue: z.core.$ZodIssue): string {
  return issue.path.map(String).join('.');
}
