/** A session's results as CSV (for French Excel) and XLSX, for the ARS's own reporting. */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Output, ParsedInput } from '../shared/contract';
import { structureTypeLabels } from '../shared/dossier';
import { decisionOutcomeLabels, opinionLabel } from '../shared/session-rules';
import { getSessionDetail } from './sessions';
import { listDocuments, sessionFolderName } from './documents';

const columns = [
  'Séance',
  'Date de la séance',
  'Point',
  'N° de dossier',
  'Équipe ou structure',
  'Type',
  'Commune',
  'Département',
  'Note',
  'Note maximale',
  'Avis',
  'Pour',
  'Contre',
  'Abstentions',
  'Réserves',
  'Motivation',
  'Aide proposée (€)',
  'Décision',
  'Date de la décision',
  'Aide décidée (€)',
  'Dont ingénierie (€)',
  'Dont informatique (€)',
  'Dont mobilier et logistique (€)',
  'Courrier envoyé le',
  'Courrier',
] as const;

type Cell = string | number | null;

async function resultRows(db: Kysely<Database>, sessionId: number): Promise<{ number: string; rows: Cell[][] }> {
  const session = await getSessionDetail(db, sessionId);
  const letters = (await listDocuments(db, { sessionId })).filter((d) => d.kind === 'decision_letter');
  const sent = new Map(letters.filter((d) => d.sentAt).map((d) => [d.dossierId, d.sentAt]));
  // The latest version of each letter says whether it still matches the decision.
  const latest = new Map(letters.map((d) => [d.dossierId, d]));
  const letterState = (dossierId: number) => {
    const letter = latest.get(dossierId);
    return !letter ? 'non produit' : letter.stale ? `à refaire (${letter.reference})` : letter.reference;
  };
  const rows = session.items.map((item): Cell[] => {
    const { dossier, opinion, decision, score } = item;
    return [
      session.number,
      session.date,
      item.position + 1,
      dossier.dsNumber,
      dossier.name,
      structureTypeLabels[dossier.structureType],
      dossier.communeName,
      dossier.departmentCode,
      score?.total ?? null,
      score?.max ?? null,
      opinion ? opinionLabel(opinion) : null,
      opinion?.vote?.for ?? null,
      opinion?.vote?.against ?? null,
      opinion?.vote?.abstention ?? null,
      opinion?.reservations.join(' ; ') || null,
      opinion?.motivation || null,
      opinion?.grant?.amount ?? null,
      decision ? decisionOutcomeLabels[decision.outcome] : null,
      decision?.date ?? null,
      decision?.grant?.amount ?? null,
      decision?.grant?.engineering ?? null,
      decision?.grant?.it ?? null,
      decision?.grant?.furniture ?? null,
      sent.get(dossier.id) ?? null,
      letterState(dossier.id),
    ];
  });
  return { number: session.number, rows };
}

/** What a spreadsheet would read as a formula (or a DDE call): = + - @, a tab or a carriage return first, whatever follows, line breaks included. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A quote before it makes the text shown as typed: the way Excel itself keeps « =… » as text. */
export function defuse(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** French Excel opens it as is: UTF-8 with a BOM, « ; », CRLF, decimal commas; every text cell defused. */
function toCsv(rows: Cell[][]): Buffer {
  const text = Papa.unparse(
    [columns as readonly string[], ...rows.map((r) => r.map((c) => (typeof c === 'number' ? String(c).replace('.', ',') : defuse(c ?? ''))))],
    // papaparse's own escapeFormulae stops at a line break.
    { delimiter: ';', newline: '\r\n' },
  );
  return Buffer.from(`\ufeff${text}\r\n`, 'utf8');
}

/** Excel refuses a sheet name with : \ / ? * [ ], or longer than 31 characters. */
function sheetName(number: string): string {
  return `Séance ${number.replace(/[:\\/?*[\]]/g, '-')}`.slice(0, 31).replace(/^'+|'+$/g, '');
}

async function toXlsx(number: string, rows: Cell[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Commission';
  const sheet = workbook.addWorksheet(sheetName(number));
  sheet.addRow([...columns]).font = { bold: true };
  // Text goes in as text cells, never as formulas; one that would read as a formula is also
  // formatted as text (« @ »), so that editing it in Excel does not turn it into one.
  for (const row of rows) {
    const added = sheet.addRow(row);
    row.forEach((value, i) => {
      if (typeof value === 'string' && FORMULA_START.test(value)) added.getCell(i + 1).numFmt = '@';
    });
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.columns.forEach((column, i) => {
    column.width = Math.min(50, Math.max(10, columns[i]!.length + 2));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function exportSession(db: Kysely<Database>, input: ParsedInput<'sessions.export'>): Promise<Output<'sessions.export'>> {
  const { number, rows } = await resultRows(db, input.sessionId);
  const bytes = input.format === 'csv' ? toCsv(rows) : await toXlsx(number, rows);
  return { fileName: `${sessionFolderName(number)}-resultats.${input.format}`, contentBase64: bytes.toString('base64') };
}
