import ExcelJS from 'exceljs';
import { refuse, type Cell, type SourceRow } from './table';

export interface Sheet {
  name: string;
  rows: SourceRow[];
}

/** exceljs's cell value to a cell: formulas give their result, rich text and links their text. */
function toCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'object') return value;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('error' in value) return value.error;
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : toCell(value.text);
  if ('result' in value && value.result !== undefined) return toCell(value.result);
  return null;
}

/** A formula's cached result is what gets imported: the preview warns about it. */
function isFormula(value: ExcelJS.CellValue): boolean {
  return typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value);
}

/** Every sheet, each row numbered as the spreadsheet numbers it. */
export async function readXlsx(bytes: Uint8Array, fileName: string): Promise<Sheet[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // A copy as a plain ArrayBuffer: what exceljs's types accept, and JSZip reads it as well.
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  } catch {
    throw refuse(`Le classeur « ${fileName} » est endommagé ou incomplet : il ne peut pas être lu.`);
  }
  return workbook.worksheets.map((worksheet) => {
    const rows: SourceRow[] = [];
    worksheet.eachRow((row, line) => {
      // row.values is 1-based and sparse.
      const values = row.values as ExcelJS.CellValue[];
      const cells: Cell[] = [];
      const formulas: number[] = [];
      for (let i = 1; i < values.length; i++) {
        cells.push(toCell(values[i]));
        if (isFormula(values[i])) formulas.push(i - 1);
      }
      rows.push(formulas.length ? { line, cells, formulas } : { line, cells });
    });
    return { name: worksheet.name, rows };
  });
}
