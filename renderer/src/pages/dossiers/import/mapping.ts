import type { ImportPreview } from '../../../../../shared/contract';
import {
  mappingTables,
  normalizeHeader,
  type ImportMapping,
  type MappingTable,
  type TargetField,
} from '../../../../../shared/import-mapping';

export type PreviewColumn = ImportPreview['columns'][number];

/**
 * Which table of the mapping a column belongs to. The file's first sheet holds the dossiers; a
 * column of another sheet (XLSX, ODS) or of the API's repetition block lists professionals.
 */
export function tableOf(column: PreviewColumn, columns: readonly PreviewColumn[]): MappingTable {
  const first = columns[0]?.sheet ?? null;
  return column.sheet !== null && column.sheet !== first ? 'professional' : 'dossier';
}

/** The mapping key a column feeds; a professional's may come prefixed, as in the problems. */
export const fieldOf = (column: PreviewColumn) => column.field?.replace(/^professionals\./, '') ?? null;

export const specsOf = (table: MappingTable) => mappingTables[table] as Record<string, TargetField>;

/**
 * The mapping once a column of the file feeds `field` (or no field): the header leaves the field
 * that read it, and the column that fed `field` is let go, since a field reads one column (the
 * lists of attachments excepted).
 */
export function assignColumn(
  mapping: ImportMapping,
  table: MappingTable,
  header: string,
  field: string | null,
  columns: readonly PreviewColumn[],
): ImportMapping {
  const normalized = normalizeHeader(header);
  const aliases: Record<string, string[]> = Object.fromEntries(
    Object.entries(mapping[table] as Record<string, string[]>).map(([key, list]) => [
      key,
      list.filter((alias) => normalizeHeader(alias) !== normalized),
    ]),
  );
  if (field !== null) {
    if (specsOf(table)[field]?.kind !== 'list') {
      const feeding = columns.filter((c) => fieldOf(c) === field && tableOf(c, columns) === table);
      const replaced = new Set(feeding.map((c) => normalizeHeader(c.header)));
      aliases[field] = (aliases[field] ?? []).filter((alias) => !replaced.has(normalizeHeader(alias)));
    }
    aliases[field] = [header, ...(aliases[field] ?? [])];
  }
  return { ...mapping, [table]: aliases };
}

/** The field each column feeds once the mapping is edited, before the preview is run again. */
export function columnsUnder(edits: ReadonlyMap<number, string | null>, columns: readonly PreviewColumn[]) {
  return columns.map((column, index) => (edits.has(index) ? { ...column, field: edits.get(index) ?? null } : column));
}
