/**
 * Bytes to tables. The content decides the format (a spreadsheet is a zip whose entries say
 * which kind; JSON starts with a brace); the extension only settles a text that could be either.
 */
import { strFromU8, unzipSync } from 'fflate';
import type { ImportMapping, ImportProblem } from '../../shared/import-mapping';
import { readCsv } from './csv';
import { readGraphql } from './graphql';
import { readOds } from './ods';
import { refuse, type Source, type SourceTable } from './table';
import { decodeText, looksBinary } from './text';
import { sourceFromSheets } from './workbook';
import { readXlsx } from './xlsx';

const ZIP = [0x50, 0x4b];
/** Compound File Binary: Excel 97-2003, or an XLSX protected by a password. */
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

function spreadsheetKind(bytes: Uint8Array, fileName: string): 'xlsx' | 'ods' {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (file) => file.name === 'mimetype' || file.name === '[Content_Types].xml' });
  } catch {
    throw refuse(
      `Le fichier « ${fileName} » est une archive endommagée ou incomplète (téléchargement interrompu ?) : il ne peut pas être lu.`,
    );
  }
  const mimetype = entries.mimetype ? strFromU8(entries.mimetype).trim() : '';
  const contentTypes = entries['[Content_Types].xml'] ? strFromU8(entries['[Content_Types].xml']) : '';
  if (mimetype.startsWith('application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
  if (/spreadsheetml\.sheet\.main|ms-excel\.sheet\.macroEnabled\.main/.test(contentTypes)) return 'xlsx';
  throw refuse(
    `Le fichier « ${fileName} » est une archive qui n'est pas un classeur (XLSX ou ODS attendu) : son format n'est pas pris en charge.`,
  );
}

function parseJson(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const line = position === undefined ? undefined : text.slice(0, Number(position)).split('\n').length;
    throw refuse(
      `Le fichier « ${fileName} » n'est pas un JSON valide${line === undefined ? '' : ` (erreur ligne ${line})`} : il est sans doute incomplet ou tronqué.`,
    );
  }
}

export async function readSource(fileName: string, bytes: Uint8Array, mapping: ImportMapping): Promise<Source> {
  const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (startsWith(bytes, ZIP)) {
    const format = spreadsheetKind(bytes, fileName);
    const sheets = format === 'xlsx' ? await readXlsx(bytes, fileName) : readOds(bytes, fileName);
    return sourceFromSheets(format, sheets, mapping);
  }
  if (startsWith(bytes, CFB)) {
    throw refuse(
      `Le fichier « ${fileName} » est un classeur Excel 97-2003 (.xls) ou protégé par un mot de passe : enregistrez-le au format .xlsx ou .csv, sans mot de passe.`,
    );
  }
  const { text, encoding } = decodeText(bytes);
  if (!text.trim()) throw refuse(`Le fichier « ${fileName} » est vide.`);
  if (looksBinary(text)) {
    throw refuse(
      `Le fichier « ${fileName} » n'est ni un fichier CSV, ni un classeur XLSX ou ODS, ni une réponse JSON de l'API : son format n'est pas pris en charge.`,
    );
  }
  const first = text.trimStart()[0];
  if (first === '{' || (first === '[' && !['csv', 'tsv', 'txt'].includes(extension))) {
    return readGraphql(parseJson(text, fileName), fileName, mapping);
  }
  const { table, separator, problems } = readCsv(text, fileName);
  return { format: 'csv', encoding, separator, sheets: [], ignoredSheets: [], main: table, problems, warnings: cutEnd(text, table, problems) };
}

/**
 * Every line of an export ends with a line break, the last one too: without it, the file may
 * have been cut inside the last record's last value, which still reads as a value.
 */
function cutEnd(text: string, table: SourceTable, problems: ImportProblem[]): ImportProblem[] {
  const last = table.rows[table.rows.length - 1];
  // A last line already left out has its own problem.
  if (!last || problems.some((problem) => problem.line > last.line) || /[\r\n]\s*$/.test(text.slice(-200))) return [];
  const column = table.headers[last.cells.length - 1];
  return [
    {
      line: last.line,
      ...(column === undefined ? {} : { column }),
      message:
        `Ligne ${last.line}${column === undefined ? '' : `, colonne « ${column} »`} : le fichier ne se termine pas par un saut de ligne, ` +
        'comme si sa dernière ligne avait été coupée (téléchargement interrompu ?) : vérifiez que cette ligne est complète.',
    },
  ];
}
