/**
 * The streaming XLSX reader: what each kind of cell reads as, rows numbered as the spreadsheet
 * numbers them, sheets in the workbook's order, and the same cells as exceljs reads from a
 * workbook exceljs wrote (rich text, links, formulas, dates).
 */
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isDateFormat, readXlsx } from '../../services/import/xlsx';
import type { Cell } from '../../services/import/table';

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface Parts {
  sheets: { name: string; xml: string }[];
  sharedStrings?: string;
  styles?: string;
  workbookPr?: string;
  /** Stored without compression, as some tools write. */
  stored?: boolean;
}

/** A workbook written by hand, part by part, as other tools than Excel write them. */
function workbook({ sheets, sharedStrings, styles, workbookPr = '', stored = false }: Parts): Uint8Array {
  const rels = sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/s${i + 1}.xml"/>`);
  if (sharedStrings) rels.push(`<Relationship Id="rSS" Type="${REL}/sharedStrings" Target="/xl/strings.xml"/>`);
  if (styles) rels.push(`<Relationship Id="rSt" Type="${REL}/styles" Target="styles.xml"/>`);
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<Types/>'),
    '_rels/.rels': strToU8(`<Relationships><Relationship Id="r" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0"?><Relationships>${rels.join('')}</Relationships>`),
    'xl/workbook.xml': strToU8(
      `<workbook ${NS} xmlns:r="${REL}">${workbookPr}<sheets>${sheets
        .map((sheet, i) => `<sheet name="${sheet.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    ),
  };
  sheets.forEach((sheet, i) => (files[`xl/worksheets/s${i + 1}.xml`] = strToU8(sheet.xml)));
  if (sharedStrings) files['xl/strings.xml'] = strToU8(sharedStrings);
  if (styles) files['xl/styles.xml'] = strToU8(styles);
  return zipSync(files, { level: stored ? 0 : 6 });
}

const sheetXml = (rows: string) => `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>${rows}</sheetData></worksheet>`;
const cellsOf = async (parts: Parts) => (await readXlsx(workbook(parts), 'classeur.xlsx')).map((sheet) => sheet.rows);

describe('XLSX reader', () => {
  it('reads each kind of cell, with the line and column the spreadsheet gives it', async () => {
    const [rows] = await cellsOf({
      sharedStrings: `<sst ${NS}><si><t>Oui</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">ESP </t></r><r><t>« Thiérache »</t></r><rPh><t>ふりがな</t></rPh></si><si><t>ligne 1_x000D_
ligne 2</t></si></sst>`,
      sheets: [
        {
          name: 'Dossiers',
          xml: sheetXml(
            '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c><c r="D2"><v>35000.5</v></c><c r="E2" t="b"><v>1</v></c></row>' +
              '<row r="5" spans="1:4"><c r="B5" t="inlineStr"><is><r><t>AT&amp;T </t></r><r><t>&#233;&#x2019;</t></r></is></c><c r="C5" t="e"><v>#N/A</v></c>' +
              '<c r="D5" t="str"><v><![CDATA[<brut>]]></v></c><c r="E5" t="s"><v>2</v></c></row>' +
              // Styled but empty: no row at all.
              '<row r="6"><c r="A6" s="0"/><c r="B6" t="inlineStr"><is><t></t></is></c></row>',
          ),
        },
      ],
    });
    expect(rows).toEqual([
      { line: 2, cells: ['Oui', null, 'ESP « Thiérache »', 35000.5, true] },
      { line: 5, cells: [null, 'AT&T é’', '#N/A', '<brut>', 'ligne 1\r\nligne 2'] },
    ]);
  });

  it('numbers rows and cells that carry no reference, and reads prefixed elements', async () => {
    const [rows] = await cellsOf({
      sheets: [
        {
          name: 'Feuille',
          xml: `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
            <x:row><x:c><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row>
            <x:row r="4"><x:c r="C4"><x:v>3</x:v></x:c><x:c><x:v>4</x:v></x:c></x:row>
            <x:row><x:c><x:v>5</x:v></x:c></x:row>
          </x:sheetData></x:worksheet>`,
        },
      ],
    });
    expect(rows).toEqual([
      { line: 1, cells: [1, 'a'] },
      { line: 4, cells: [null, null, 3, 4] },
      { line: 5, cells: [5] },
    ]);
  });

  it('reads a formula as its cached value and says which cells a formula computed', async () => {
    const [rows] = await cellsOf({
      styles: `<styleSheet ${NS}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`,
      sheets: [
        {
          name: 'Dossiers',
          xml: sheetXml(
            '<row r="3"><c r="A3"><f>B3*2</f><v>84</v></c><c r="B3" t="str"><f>UPPER("x")</f><v>X</v></c>' +
              '<c r="C3"><f t="shared" si="0" ref="C3:C4">A3+1</f><v>85</v></c><c r="D3" t="e"><f>1/0</f><v>#DIV/0!</v></c>' +
              '<c r="E3" s="1"><f>TODAY()</f><v>46023</v></c><c r="F3"><f>NOW()</f></c></row>' +
              '<row r="4"><c r="C4"><f t="shared" si="0"/><v>86</v></c></row>',
          ),
        },
      ],
    });
    expect(rows).toEqual([
      { line: 3, cells: [84, 'X', 85, '#DIV/0!', new Date('2026-01-01T00:00:00Z'), null], formulas: [0, 1, 2, 3, 4, 5] },
      { line: 4, cells: [null, null, 86], formulas: [2] },
    ]);
  });

  it('reads numbers under a date format as dates, in either date system', async () => {
    const styles = `<styleSheet ${NS}><numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/><numFmt numFmtId="165" formatCode="#,##0\\ &quot;d&quot;"/><numFmt numFmtId="166" formatCode="[Red]0.00"/></numFmts>
      <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs></styleSheet>`;
    const xml = sheetXml('<row r="1"><c s="1"><v>46023</v></c><c s="2"><v>46023.5</v></c><c s="3"><v>46023</v></c><c s="4"><v>2</v></c><c t="d"><v>2026-10-02T08:12:01Z</v></c></row>');
    const [excel] = (await cellsOf({ styles, sheets: [{ name: 'A', xml }] }))[0] ?? [];
    expect(excel?.cells).toEqual([new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T12:00:00Z'), 46023, 2, new Date('2026-10-02T08:12:01Z')]);
    const [mac] = (await cellsOf({ styles, sheets: [{ name: 'A', xml }], workbookPr: '<workbookPr date1904="1"/>' }))[0] ?? [];
    expect(mac?.cells[0]).toEqual(new Date('2030-01-02T00:00:00Z'));
  });

  it('tells date formats from others', () => {
    for (const code of ['dd/mm/yyyy', 'h:mm', 'mmm-yy', '[$-40C]d mmmm yyyy', 'yyyy-mm-dd"T"hh:mm']) expect(isDateFormat(code), code).toBe(true);
    for (const code of ['0.00', '#,##0 "€"', '[Red]0', '0\\ "jours"', '0.00E+00', '@', 'General', '_-* #,##0\\ _€_-']) expect(isDateFormat(code), code).toBe(false);
  });

  it('gives the sheets in the workbook order, whatever their order in the archive, stored or compressed', async () => {
    for (const stored of [false, true]) {
      const sheets = await readXlsx(
        workbook({
          stored,
          sheets: [
            { name: '(4410027) Professionnels de s', xml: sheetXml('<row r="1"><c t="inlineStr"><is><t>Dossier ID</t></is></c></row>') },
            { name: 'Dossiers', xml: sheetXml('<row r="1"><c t="inlineStr"><is><t>ID</t></is></c></row>') },
          ],
        }),
        'x.xlsx',
      );
      expect(sheets.map((sheet) => [sheet.name, sheet.rows[0]?.cells])).toEqual([
        ['(4410027) Professionnels de s', ['Dossier ID']],
        ['Dossiers', ['ID']],
      ]);
    }
  });

  it('keeps texts and rows whole across the pieces the archive is inflated in', async () => {
    const long = 'Équipe « pluriprofessionnelle » ’ 😀 '.repeat(4000);
    const rows = Array.from({ length: 3000 }, (_, i) => `<row r="${i + 1}"><c t="s"><v>0</v></c><c t="inlineStr"><is><t>n° ${i} &amp; é</t></is></c><c><v>${i}</v></c></row>`);
    const [read] = await cellsOf({ sharedStrings: `<sst ${NS}><si><t>${long}</t></si></sst>`, sheets: [{ name: 'A', xml: sheetXml(rows.join('\n')) }] });
    expect(read).toHaveLength(3000);
    expect(read!.every((row, i) => row.line === i + 1 && row.cells[0] === long && row.cells[1] === `n° ${i} & é` && row.cells[2] === i)).toBe(true);
  });

  it('refuses a workbook whose sheet is damaged or cut, in French', async () => {
    const bytes = workbook({ sheets: [{ name: 'A', xml: sheetXml('<row r="1"><c><v>1</v></c></row>'.repeat(2000)) }] });
    const cut = bytes.slice();
    // Inside the sheet's compressed data: the archive's directory is intact, the content is not.
    cut.fill(0xff, 600, 700);
    await expect(readXlsx(cut, 'abîmé.xlsx')).rejects.toThrow(/Le classeur « abîmé\.xlsx » est endommagé ou incomplet/);
    const unclosed = workbook({ sheets: [{ name: 'A', xml: `<worksheet ${NS}><sheetData><row r="1"><c><v>1</v></c></row><row r="2"><c` }] });
    await expect(readXlsx(unclosed, 'coupé.xlsx')).rejects.toThrow(/est endommagé ou incomplet/);
  });
});

/** exceljs's value of a cell, as the import read it before: a formula's result, a link's or rich text's text. */
function exceljsCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('error' in value) return value.error;
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : exceljsCell(value.text);
  if ('result' in value && value.result !== undefined) return exceljsCell(value.result);
  return null;
}

describe('XLSX reader and exceljs', () => {
  it('read the same cells from a workbook exceljs wrote', async () => {
    const source = new ExcelJS.Workbook();
    const sheet = source.addWorksheet('Dossiers');
    sheet.addRow(['ID', 'Nom', 'Site', 'Déposé le', 'Montant', 'Double', 'Texte']);
    sheet.addRow([
      24001101,
      { richText: [{ text: 'ESP ', font: { bold: true } }, { text: 'de Thiérache' }] },
      { text: 'esp-thierache.fr', hyperlink: 'https://esp-thierache.fr' },
      new Date('2026-09-28T15:41:55Z'),
      20000.5,
      { formula: 'E2*2', result: 40001 },
      { formula: 'UPPER(B2)', result: 'ESP DE THIÉRACHE' },
    ]);
    sheet.addRow([]);
    sheet.addRow([24001102, 'Équipe « Val de Sambre » & co', null, null, { formula: 'E2+1', result: 20001.5 }, true, { formula: 'NA()', result: { error: '#N/A' } }]);
    sheet.getCell('D4').value = new Date('2027-01-01T00:00:00Z');
    sheet.getCell('D4').numFmt = 'dd/mm/yyyy';
    const bytes = await source.xlsx.writeBuffer();

    const loaded = new ExcelJS.Workbook();
    await loaded.xlsx.load(bytes);
    const expected: { line: number; cells: Cell[] }[] = [];
    loaded.getWorksheet('Dossiers')!.eachRow((row, line) => {
      expected.push({ line, cells: Array.from((row.values as ExcelJS.CellValue[]).slice(1), exceljsCell) });
    });
    const [read] = await readXlsx(new Uint8Array(bytes), 'x.xlsx');
    expect(read?.rows.map(({ line, cells }) => ({ line, cells }))).toEqual(expected);
    expect(read?.rows.map((row) => row.formulas)).toEqual([undefined, [5, 6], [4, 6]]);
  });
});
