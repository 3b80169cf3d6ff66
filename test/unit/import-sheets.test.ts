/**
 * Spreadsheets as Démarches Simplifiées really names their sheets, the sheets an import leaves
 * aside, and what the reader flags without refusing the file: formula cells, a cut last line.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseDossierFile } from '../../services/import';
import { defaultMapping, sheetLabelKey } from '../../shared/import-mapping';

const xlsxSample = readFileSync(resolve(__dirname, '../fixtures/samples/demarches-simplifiees/hdf-dossiers-export.xlsx'));
const odsSample = readFileSync(resolve(__dirname, '../fixtures/import/hdf-dossiers-export.ods'));
const csvSample = readFileSync(resolve(__dirname, '../fixtures/samples/demarches-simplifiees/hdf-dossiers-export.csv'), 'utf8');
const BLOCK = '(3512851) Professionnels';

/**
 * A repetition sheet's name as DS writes it: "(<champ id>) <label>", the label in ASCII (its
 * typographic apostrophe dropped), / \ * ? [ ] removed, the whole cut to 30 characters.
 */
function dsSheetName(id: number, label: string): string {
  const ascii = label.normalize('NFD').replace(/\p{M}/gu, '').replace(/’/g, '');
  return `(${id}) ${ascii}`.replace(/[/\\*?[\]]/g, '').slice(0, 30);
}

/** The HDF XLSX export with its professionals' sheet renamed and the sheets DS adds besides. */
async function xlsxWith(edit: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(xlsxSample).buffer);
  edit(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addSheet(workbook: ExcelJS.Workbook, name: string, rows: (string | number)[][]) {
  const sheet = workbook.addWorksheet(name);
  for (const row of rows) sheet.addRow(row);
}

/** The ODS export with content.xml edited as text. */
function odsWith(edit: (content: string) => string): Uint8Array {
  const entries = unzipSync(odsSample);
  entries['content.xml'] = strToU8(edit(strFromU8(entries['content.xml']!)));
  return zipSync(entries);
}

const odsTable = (name: string, rows: string[][]) =>
  `<table:table table:name="${name}">${rows
    .map(
      (row) =>
        `<table:table-row>${row.map((text) => `<table:table-cell office:value-type="string"><text:p>${text}</text:p></table:table-cell>`).join('')}</table:table-row>`,
    )
    .join('')}</table:table>`;

const teamSizes = (result: Awaited<ReturnType<typeof parseDossierFile>>) =>
  result.dossiers.map((d) => [d.data.dsNumber, d.data.professionals.length]);
const expectedTeams = [
  [24001101, 5],
  [24001102, 7],
  [24001103, 2],
  [24001104, 6],
  [24001105, 3],
  [24001106, 3],
];

describe('sheet names as Démarches Simplifiées writes them', () => {
  it('a transliterated, stripped and truncated label still names the block', () => {
    expect(dsSheetName(4410027, 'Professionnels de santé de l’équipe')).toBe('(4410027) Professionnels de sa');
    expect(dsSheetName(4410027, 'Membres de l’équipe [MSP/ESP]')).toBe('(4410027) Membres de lequipe M');
    // Both sides compared on their letters and digits only.
    expect(sheetLabelKey('Professionnels de s')).toBe('professionnelsdes');
    expect(sheetLabelKey('Membres de l’équipe')).toBe(sheetLabelKey("Membres de l'equipe"));
    expect(sheetLabelKey('Professionnels de santé…')).toBe('professionnelsdesante');
  });

  it.each([
    '(4410027) Professionnels de s',
    dsSheetName(4410027, 'Professionnels de santé de l’équipe'),
    dsSheetName(4410027, 'Membres de l’équipe (médecins, infirmiers…)'),
    '(4410027) PROFESSIONNELS',
  ])('XLSX: « %s » is read as the professionals, the other sheets listed as ignored', async (name) => {
    const bytes = await xlsxWith((workbook) => {
      workbook.getWorksheet(BLOCK)!.name = name;
      addSheet(workbook, 'Etablissements', [['Dossier ID', 'Établissement SIRET'], [24001101, '55967651022976']]);
      addSheet(workbook, '(4410031) Locaux et equipements', [['Dossier ID', 'Ligne', 'Surface'], [24001101, 1, 120]]);
    });
    const result = await parseDossierFile('export.xlsx', bytes);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.sheets).toEqual(['Dossiers', name, 'Etablissements', '(4410031) Locaux et equipements']);
    expect(result.ignoredSheets).toEqual(['Etablissements', '(4410031) Locaux et equipements']);
    expect(teamSizes(result)).toEqual(expectedTeams);
    expect(result.columns).toContainEqual({ header: 'Profession', field: 'professionals.profession', sheet: name });
    expect(result.dossiers).toEqual((await parseDossierFile('export.xlsx', xlsxSample)).dossiers);
  });

  it('ODS: the same sheet names, the same dossiers', async () => {
    const name = '(4410027) Professionnels de s';
    const bytes = odsWith((content) =>
      content
        .replace(`table:name="${BLOCK}"`, `table:name="${name}"`)
        .replace('</office:spreadsheet>', `${odsTable('Avis', [['Dossier ID', 'Avis']])}</office:spreadsheet>`),
    );
    const result = await parseDossierFile('export.ods', bytes);
    expect(result).toMatchObject({ format: 'ods', problems: [], warnings: [], ignoredSheets: ['Avis'] });
    expect(result.sheets).toEqual(['Dossiers', name, 'Avis']);
    expect(teamSizes(result)).toEqual(expectedTeams);
    expect(result.dossiers).toEqual((await parseDossierFile('export.ods', odsSample)).dossiers);
  });

  it('a sheet named like the block without its columns, or with them under another name, is ignored and said so', async () => {
    const bytes = await xlsxWith((workbook) => {
      workbook.getWorksheet(BLOCK)!.name = '(4410099) Composition de lequi';
      addSheet(workbook, '(4410027) Professionnels de s', [['Dossier ID', 'Surface'], [24001101, 120]]);
    });
    const result = await parseDossierFile('export.xlsx', bytes);
    expect(result.problems).toEqual([]);
    expect(result.ignoredSheets).toEqual(['(4410099) Composition de lequi', '(4410027) Professionnels de s']);
    expect(teamSizes(result).every(([, size]) => size === 0)).toBe(true);
    expect(result.warnings).toEqual([
      {
        line: 1,
        sheet: '(4410099) Composition de lequi',
        message:
          "Feuille « (4410099) Composition de lequi » : ses colonnes sont celles de la liste des professionnels, mais son nom n'est pas « (numéro du champ) » suivi de l'un des libellés du bloc des professionnels de la correspondance (« Professionnels », « Professionnels de santé », « Liste des professionnels », « Membres de l’équipe ») : elle est ignorée. Ajoutez le libellé de ce bloc à la correspondance pour la lire.",
      },
      {
        line: 1,
        sheet: '(4410027) Professionnels de s',
        message:
          "Feuille « (4410027) Professionnels de s » : son nom est celui de la liste des professionnels, mais ses colonnes ne sont pas celles d'un bloc répétable (« Dossier ID », « Ligne », puis les champs du bloc) : elle est ignorée.",
      },
    ]);
    // With the label in the mapping, the sheet is read.
    const mapping = { ...defaultMapping, professionalsBlock: [...defaultMapping.professionalsBlock, 'Composition de l’équipe'] };
    expect(teamSizes(await parseDossierFile('export.xlsx', bytes, mapping))).toEqual(expectedTeams);
  });
});

describe('fixtures with the sheet names of a real export', () => {
  const own = (name: string) => readFileSync(resolve(__dirname, '../fixtures/import', name));

  it.each(['hdf-ds-sheet-names.xlsx', 'hdf-ds-sheet-names.ods'])('%s', async (name) => {
    const result = await parseDossierFile(name, own(name));
    expect(result).toMatchObject({ problems: [], warnings: [], ignoredSheets: ['Etablissements', '(4410031) Locaux et equipements'] });
    expect(result.sheets).toEqual(['Dossiers', '(4410027) Professionnels de s', 'Etablissements', '(4410031) Locaux et equipements']);
    expect(teamSizes(result)).toEqual(expectedTeams);
  });

  it('hdf-unreadable-block.xlsx: its professionals sheet lost its « Dossier ID » and « Ligne » headers', async () => {
    const result = await parseDossierFile('export.xlsx', own('hdf-unreadable-block.xlsx'));
    expect(result.problems).toEqual([]);
    expect(result.ignoredSheets).toEqual(['(4410027) Professionnels de s']);
    expect(result.warnings).toMatchObject([{ line: 1, sheet: '(4410027) Professionnels de s' }]);
    expect(teamSizes(result).every(([, size]) => size === 0)).toBe(true);
  });
});

describe('formula cells are imported as their value, with a warning naming the cell', () => {
  it('XLSX: a read column computed by a formula, one without a kept result; an unread column says nothing', async () => {
    const bytes = await xlsxWith((workbook) => {
      const sheet = workbook.getWorksheet('Dossiers')!;
      sheet.getCell('U2').value = { formula: '"ESP de "&"Thiérache"', result: 'ESP de Thiérache' };
      sheet.getCell('U3').value = { formula: 'TEAM_NAME()' } as ExcelJS.CellFormulaValue;
      sheet.getCell('C4').value = { formula: 'LOWER("X")', result: 'x' };
    });
    const result = await parseDossierFile('export.xlsx', bytes);
    expect(result.warnings).toEqual([
      {
        line: 2,
        column: 'Nom de l’équipe ou de la structure',
        field: 'name',
        sheet: 'Dossiers',
        message:
          "Feuille « Dossiers », ligne 2, colonne « Nom de l’équipe ou de la structure » (Nom de l'équipe ou de la structure) : la cellule U2 contient une formule : sa valeur calculée « ESP de Thiérache » est importée, pas la formule.",
      },
      {
        line: 3,
        column: 'Nom de l’équipe ou de la structure',
        field: 'name',
        sheet: 'Dossiers',
        message:
          "Feuille « Dossiers », ligne 3, colonne « Nom de l’équipe ou de la structure » (Nom de l'équipe ou de la structure) : la cellule U3 contient une formule sans valeur calculée enregistrée : elle est lue vide.",
      },
    ]);
    expect(result.dossiers.find((d) => d.line === 2)?.data.name).toBe('ESP de Thiérache');
    // Read empty, the required name is a problem of its own.
    expect(result.problems.map((p) => [p.line, p.field])).toEqual([[3, 'name']]);
  });

  it('ODS: a cell with a table:formula', async () => {
    const bytes = odsWith((content) =>
      content.replace(
        '<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>ESP de Thiérache</text:p>',
        '<table:table-cell table:formula="of:=&quot;ESP de &quot;&amp;&quot;Thiérache&quot;" office:value-type="string" calcext:value-type="string"><text:p>ESP de Thiérache</text:p>',
      ),
    );
    const result = await parseDossierFile('export.ods', bytes);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toMatchObject([{ line: 2, column: 'Nom de l’équipe ou de la structure', field: 'name', sheet: 'Dossiers' }]);
    expect(result.warnings[0]!.message).toContain('la cellule U2 contient une formule : sa valeur calculée « ESP de Thiérache » est importée');
  });
});

describe('a file with headers and no dossier is refused', () => {
  it.each([
    ['CSV', 'entetes.csv', () => Buffer.from(`${csvSample.split('\n')[0]}\n`), { line: 1 }, "Le fichier ne contient aucun dossier : seulement la ligne d'en-têtes."],
    [
      'XLSX',
      'entetes.xlsx',
      () =>
        xlsxWith((workbook) => {
          const sheet = workbook.getWorksheet('Dossiers')!;
          for (let line = sheet.rowCount; line > 1; line--) sheet.spliceRows(line, 1);
        }),
      { line: 1, sheet: 'Dossiers' },
      "La feuille « Dossiers » ne contient aucun dossier : seulement la ligne d'en-têtes.",
    ],
    [
      'API JSON',
      'vide.json',
      () => Buffer.from(JSON.stringify({ data: { demarche: { dossiers: { nodes: [] } } } })),
      { line: 1 },
      'Le fichier ne contient aucun dossier.',
    ],
  ])('%s', async (_format, name, bytes, where, message) => {
    const result = await parseDossierFile(name, await bytes());
    expect(result.dossiers).toEqual([]);
    expect(result.problems[0]).toEqual({ ...where, message });
  });
});

describe('a CSV whose end is cut', () => {
  it('inside a quoted value: refused, naming the line the value starts on', async () => {
    const cut = csvSample.slice(0, csvSample.indexOf('Équipe constituée autour') + 40);
    await expect(parseDossierFile('coupe.csv', Buffer.from(cut))).rejects.toThrow(
      /le texte entre guillemets commencé ligne 2 n'est jamais refermé \(fichier tronqué \?\)/,
    );
  });

  it('inside its last value, without a final line break: a warning naming the line and the column', async () => {
    const lines = ['ID;Type de structure;Nom de l’équipe ou de la structure', '24001190;ESP;ESP des Tests', '24001191;ESP;ESP Cou'];
    const result = await parseDossierFile('coupe.csv', Buffer.from(lines.join('\r\n')));
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([
      {
        line: 3,
        column: 'Nom de l’équipe ou de la structure',
        message:
          'Ligne 3, colonne « Nom de l’équipe ou de la structure » : le fichier ne se termine pas par un saut de ligne, comme si sa dernière ligne avait été coupée (téléchargement interrompu ?) : vérifiez que cette ligne est complète.',
      },
    ]);
    expect((await parseDossierFile('entier.csv', Buffer.from(`${lines.join('\r\n')}\r\n`))).warnings).toEqual([]);
    // Cut short of its last values, the line is a problem of its own, not this warning.
    const short = await parseDossierFile('coupe.csv', Buffer.from(csvSample.trimEnd().slice(0, -4)));
    expect(short.problems).toMatchObject([{ line: 8, message: expect.stringContaining('la ligne est incomplète') }]);
    expect(short.warnings).toEqual([]);
  });
});

describe('a DS number twice in a spreadsheet', () => {
  it('is a problem naming both lines', async () => {
    const bytes = await xlsxWith((workbook) => {
      workbook.getWorksheet('Dossiers')!.getCell('A5').value = 24001102;
    });
    const result = await parseDossierFile('doublon.xlsx', bytes);
    expect(result.problems.find((p) => p.field === 'dsNumber')).toMatchObject({
      line: 5,
      sheet: 'Dossiers',
      message: expect.stringMatching(/^Feuille « Dossiers », ligne 5, colonne « ID » .*le dossier n° 24001102 figure déjà ligne 3/),
    });
  });
});
