import Papa from 'papaparse';
import type { ImportProblem } from '../../shared/import-mapping';
import { isBlank, refuse, type SourceRow, type SourceTable } from './table';

const SEPARATORS = [';', ',', '\t'] as const;
const separatorNames: Record<string, string> = { ';': 'point-virgule', ',': 'virgule', '\t': 'tabulation' };

/**
 * The separator that occurs most often, outside quotes, in the header record: headers are never
 * empty, so DS's "," and French Excel's ";" are unmistakable there.
 */
export function sniffSeparator(text: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ',';
  for (const separator of SEPARATORS) {
    if ((counts.get(separator) ?? 0) > (counts.get(best) ?? 0)) best = separator;
  }
  return best;
}

/** The line break that ends the header record. */
function sniffNewline(text: string): '\r\n' | '\n' | '\r' {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr === -1) return '\n';
  if (lf === -1) return '\r';
  return cr + 1 === lf ? '\r\n' : cr < lf ? '\r' : '\n';
}

/**
 * Counts line breaks as the cursor moves forward, so that a record's line is the physical line it
 * starts on even after multi-line quoted fields.
 */
function lineCounter(text: string, newline: string) {
  const mark = newline === '\r' ? '\r' : '\n';
  let offset = 0;
  let line = 1;
  return (to: number) => {
    for (let at = text.indexOf(mark, offset); at !== -1 && at < to; at = text.indexOf(mark, at + 1)) line++;
    offset = Math.max(offset, to);
    return line;
  };
}

/**
 * Reads CSV text with papaparse. Records with a wrong number of values are left out with a
 * problem; a quoted field that never closes means a truncated file and refuses it.
 */
export function readCsv(
  text: string,
  fileName: string,
): { table: SourceTable; separator: string; problems: ImportProblem[] } {
  const separator = sniffSeparator(text);
  const newline = sniffNewline(text);
  const lineAt = lineCounter(text, newline);
  const records: SourceRow[] = [];
  const problems: ImportProblem[] = [];
  let start = 0;
  Papa.parse<string[]>(text, {
    delimiter: separator,
    newline,
    step: (result) => {
      const line = lineAt(start);
      for (const error of result.errors) {
        if (error.code === 'MissingQuotes') {
          const at = lineAt(error.index ?? start);
          throw refuse(
            `Le fichier « ${fileName} » est incomplet : le texte entre guillemets commencé ligne ${at} n'est jamais refermé (fichier tronqué ?).`,
          );
        }
        problems.push({ line, message: `Ligne ${line} : guillemets mal placés, la ligne est ignorée.` });
      }
      if (!result.errors.length) records.push({ line, cells: result.data });
      start = result.meta.cursor;
    },
  });
  const [header, ...rows] = records.filter((record) => !record.cells.every(isBlank));
  const headers = header?.cells.map(String) ?? [];
  const kept = rows.filter((row) => {
    if (row.cells.length === headers.length) return true;
    const verdict =
      row.cells.length < headers.length
        ? 'la ligne est incomplète'
        : `une valeur contient sans doute un séparateur (${separatorNames[separator]}) hors guillemets`;
    problems.push({
      line: row.line,
      message: `Ligne ${row.line} : ${row.cells.length} valeurs au lieu de ${headers.length} (${verdict}) ; elle est ignorée.`,
    });
    return false;
  });
  return {
    separator,
    problems,
    table: {
      title: 'le fichier',
      headerLine: header?.line ?? 1,
      headers,
      rows: kept,
      locate: (row) => `Ligne ${row.line}`,
    },
  };
}
