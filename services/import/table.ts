/**
 * The one intermediate form every reader (CSV, XLSX, ODS, API JSON) produces: tables of records
 * that remember where each record sits in the file, so that every problem can name it.
 */
import type { ImportFormat, ImportProblem } from '../../shared/import-mapping';
import { AppError } from '../../shared/result';

/** A cell as the file typed it: spreadsheets and the API give numbers, booleans and dates. */
export type Cell = string | number | boolean | Date | null;

export interface SourceRow {
  /** Physical line (CSV), spreadsheet row, or rank of the dossier in an API answer. */
  line: number;
  /** Rank inside an API repetition block, whose rows all share their dossier's line. */
  item?: number;
  cells: Cell[];
  /** 0-based indexes of the cells whose value a formula computed (spreadsheets). */
  formulas?: number[];
}

export interface SourceTable {
  /** Sheet name, or label of an API repetition block. */
  name?: string;
  /** "la feuille « Dossiers »", "le fichier": names the whole table inside a sentence. */
  title: string;
  headerLine: number;
  headers: string[];
  rows: SourceRow[];
  /** "Ligne 4", "Feuille « Dossiers », ligne 4", "Dossier n° 2 du fichier". */
  locate(row: SourceRow): string;
}

export interface Source {
  format: ImportFormat;
  encoding?: string;
  separator?: string;
  sheets: string[];
  /** Sheets read neither for the dossiers nor for the professionals. */
  ignoredSheets: string[];
  main: SourceTable;
  /**
   * The professionals' repetition block: a sheet links its rows to dossiers by the "Dossier ID"
   * column; the API nests them, so a row's line is its dossier's line.
   */
  professionals?: { table: SourceTable; linkBy: 'dossierId' | 'line' };
  /** Records the reader could not turn into cells (a CSV line with too many values...). */
  problems: ImportProblem[];
  /** What the reader noticed without refusing the file (a sheet it could not place...). */
  warnings: ImportProblem[];
}

export function isBlank(cell: Cell | undefined): boolean {
  if (typeof cell !== 'string') return cell === null || cell === undefined;
  // Most cells start with a visible ASCII character: nothing to trim to know.
  const first = cell.charCodeAt(0);
  return !(first > 0x20 && first < 0x7f) && cell.trim() === '';
}

/** An unreadable file: a French message, never a stack trace. */
export function refuse(message: string): AppError {
  return new AppError('VALIDATION', message);
}

/** Spreadsheet-like rows to a table: the first non-blank row holds the headers. */
export function tableFromRows(
  rows: SourceRow[],
  place: { name?: string; title: string; locate(row: SourceRow): string },
): SourceTable {
  const start = rows.findIndex((row) => !row.cells.every(isBlank));
  const header = rows[start];
  if (!header) return { ...place, headerLine: 1, headers: [], rows: [] };
  return {
    ...place,
    headerLine: header.line,
    headers: header.cells.map(cellText),
    rows: rows.slice(start + 1).filter((row) => !row.cells.every(isBlank)),
  };
}

/** A header as written in the file. */
function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  return String(cell);
}

export function sheetPlace(name: string) {
  return {
    name,
    title: `la feuille « ${name} »`,
    locate: (row: SourceRow) => `Feuille « ${name} », ligne ${row.line}`,
  };
}
