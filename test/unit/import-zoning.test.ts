import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseZoningFile } from '../../services/import';
import { AppError } from '../../shared/result';

const fixture = readFileSync(resolve(__dirname, '../fixtures/samples/zonage/hdf-zonage-medecins.csv'));

describe('parseZoningFile', () => {
  it('reads the ARS table: INSEE code, name, zone and APL in French decimals', async () => {
    const { entries, problems } = await parseZoningFile('hdf-zonage-medecins.csv', fixture);
    expect(problems).toEqual([]);
    expect(entries).toHaveLength(11);
    expect(entries.slice(0, 2)).toEqual([
      { communeCode: '02381', communeName: 'Hirson', zoning: 'ZIP', apl: 1.9 },
      { communeCode: '02408', communeName: 'Laon', zoning: 'ZAC', apl: 3.1 },
    ]);
    expect(entries.find((e) => e.communeCode === '80620')).toEqual({ communeCode: '80620', communeName: 'Péronne', zoning: 'ZIP', apl: 2.3 });
    expect(entries.find((e) => e.communeCode === '60057')?.zoning).toBe('none');
  });

  it('accepts plain French headers, zone labels, blanks and codes that lost their leading zero', async () => {
    const text = [
      'Code commune;Commune;Zonage :;APL',
      '2381;Hirson;Zone d’intervention prioritaire;1,9',
      '02408;Laon;ZAC;',
      '2A004;Ajaccio;;4,5',
    ].join('\r\n');
    const { entries, problems } = await parseZoningFile('zonage.csv', iconv.encode(text, 'win1252'));
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { communeCode: '02381', communeName: 'Hirson', zoning: 'ZIP', apl: 1.9 },
      { communeCode: '02408', communeName: 'Laon', zoning: 'ZAC', apl: null },
      { communeCode: '2A004', communeName: 'Ajaccio', zoning: 'none', apl: 4.5 },
    ]);
  });

  it('locates every bad line by line, column and field', async () => {
    const text = ['CODGEO;LIBGEO;ZONAGE_MG;APL_MG', '02381;Hirson;ZIP;1,9', 'Hirson;Hirson;ZIP;1,9', '02408;Laon;ZV;3,1', '02173;Chauny;ZAC;-2', '02381;Hirson;ZAC;2'].join('\n');
    const { entries, problems } = await parseZoningFile('zonage.csv', Buffer.from(text));
    expect(entries.map((e) => e.communeCode)).toEqual(['02381']);
    expect(problems.map((p) => [p.line, p.column, p.field])).toEqual([
      [3, 'CODGEO', 'communeCode'],
      [4, 'ZONAGE_MG', 'zoning'],
      [5, 'APL_MG', 'apl'],
      [6, 'CODGEO', 'communeCode'],
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      "Ligne 3, colonne « CODGEO » (Code INSEE de la commune) : « Hirson » n'est pas un code INSEE de commune (5 caractères, par exemple 02381 ou 2A004).",
      "Ligne 4, colonne « ZONAGE_MG » (Zonage médecins) : « ZV » n'est pas un zonage reconnu (ZIP, ZAC ou hors zonage).",
      "Ligne 5, colonne « APL_MG » (APL médecins généralistes) : L'APL ne peut pas être négatif.",
      'Ligne 6, colonne « CODGEO » (Code INSEE de la commune) : la commune 02381 figure déjà ligne 2 ; cette ligne est ignorée.',
    ]);
  });

  it('needs a column for the code and the zone', async () => {
    const { entries, problems } = await parseZoningFile('zonage.csv', Buffer.from('CODGEO;APL\n02381;1,9\n'));
    expect(entries).toEqual([]);
    expect(problems).toEqual([
      {
        line: 1,
        field: 'zoning',
        message:
          "Le fichier n'a aucune colonne pour le champ obligatoire « Zonage médecins » (en-têtes reconnus : « ZONAGE_MG », « Zonage », « Zonage médecins », « Zonage MG », « Zone »).",
      },
    ]);
  });

  it('reads a spreadsheet with typed cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Zonage 2025');
    sheet.addRows([
      ['CODGEO', 'LIBGEO', 'ZONAGE_MG', 'APL_MG'],
      [2381, 'Hirson', 'ZIP', 1.9],
      ['59350', 'Lille', 'Hors zonage', 4.9],
    ]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const { entries, problems } = await parseZoningFile('zonage.xlsx', bytes);
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { communeCode: '02381', communeName: 'Hirson', zoning: 'ZIP', apl: 1.9 },
      { communeCode: '59350', communeName: 'Lille', zoning: 'none', apl: 4.9 },
    ]);
  });

  it('refuses an API answer', async () => {
    await expect(parseZoningFile('zonage.json', Buffer.from('{"data":{"dossier":{}}}'))).rejects.toThrow(AppError);
  });
});
