/**
 * Démarches Simplifiées exports of any size for the bench: the sample export's first dossier,
 * repeated with new numbers, names and teams. Written with exceljs's streaming writer, one sheet
 * after the other, so that 100,000 dossiers never sit in memory.
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';

const SAMPLES = resolve(import.meta.dirname, '../fixtures/samples/demarches-simplifiees');
const PROFESSIONS = ['Médecin généraliste', 'Médecin généraliste', 'Infirmier(ère)', 'Infirmier(ère)', 'Masseur-kinésithérapeute', 'Pharmacien(ne)', 'Orthophoniste', 'Diététicien(ne)'];
/** Who signs each team's agreement: without it, no agreement is produced. */
const REPRESENTATIVE_HEADERS = ['Civilité du représentant légal', 'Prénom du représentant légal', 'Nom du représentant légal', 'Qualité du représentant légal'];
const REPRESENTATIVE = ['Mme', 'Anne', 'Lefebvre', 'présidente de l’association'];
const TEAM_HEADERS = ['Dossier ID', 'Ligne', 'Nom', 'Prénom', 'Profession', 'Numéro RPPS', 'Commune d’exercice', 'Commune d’exercice (Code INSEE)', 'Commune d’exercice (Département)'];

function luhnComplete(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    sum += d > 9 ? d - 9 : d;
  }
  return payload + String((10 - (sum % 10)) % 10);
}

const dossierId = (i: number) => 30000000 + i;

/** The i-th dossier's row, from the sample's headers and first row. */
function dossierRow<T>(headers: readonly unknown[], template: readonly T[], i: number): (T | number | string)[] {
  const row: (T | number | string)[] = [...template];
  row.length = headers.length;
  row[headers.indexOf('ID')] = dossierId(i);
  row[headers.indexOf('Nom de l’équipe ou de la structure')] = `ESP numéro ${i}`;
  return [...row, ...REPRESENTATIVE];
}

function teamRow(i: number, p: number, perTeam: number): (string | number)[] {
  const rpps = luhnComplete(`10${String(i * perTeam + p).padStart(8, '0')}`);
  return [dossierId(i), p + 1, `Nom${p}`, `Prénom${p}`, PROFESSIONS[p % PROFESSIONS.length]!, rpps, 'Hirson (02500)', '02381', '02 – Aisne'];
}

/** Writes an XLSX export of `dossiers` dossiers of `perTeam` professionals each to `file`. */
export async function writeXlsxExport(file: string, dossiers: number, perTeam: number): Promise<void> {
  const source = new ExcelJS.Workbook();
  await source.xlsx.readFile(join(SAMPLES, 'hdf-dossiers-export.xlsx'));
  const sheet = source.getWorksheet('Dossiers')!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1);
  const template = (sheet.getRow(2).values as ExcelJS.CellValue[]).slice(1);

  const out = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const main = out.addWorksheet('Dossiers');
  main.addRow([...headers, ...REPRESENTATIVE_HEADERS]).commit();
  for (let i = 0; i < dossiers; i++) main.addRow(dossierRow(headers, template, i)).commit();
  main.commit();
  const team = out.addWorksheet('(3512851) Professionnels');
  team.addRow(TEAM_HEADERS).commit();
  for (let i = 0; i < dossiers; i++) for (let p = 0; p < perTeam; p++) team.addRow(teamRow(i, p, perTeam)).commit();
  team.commit();
  await out.commit();
}

/** The bytes of an XLSX export, for the sizes that fit in memory at ease. */
export async function xlsxExport(dossiers: number, perTeam: number): Promise<Buffer> {
  const file = join(tmpdir(), `commission-export-${process.pid}-${dossiers}.xlsx`);
  try {
    await writeXlsxExport(file, dossiers, perTeam);
    return readFileSync(file);
  } finally {
    rmSync(file, { force: true });
  }
}

/** A CSV export as DS writes it (no professionals: its CSV has no repetition blocks). */
export function csvExport(dossiers: number): string {
  const sample = readFileSync(join(SAMPLES, 'hdf-dossiers-export.csv'), 'utf8');
  const [headers, template] = Papa.parse<string[]>(sample.trim()).data;
  const rows = [[...headers!, ...REPRESENTATIVE_HEADERS]];
  for (let i = 0; i < dossiers; i++) rows.push(dossierRow(headers!, template!, i).map(String));
  return `${Papa.unparse(rows, { newline: '\r\n' })}\r\n`;
}
