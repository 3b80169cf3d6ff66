import { normalizeHeader, type ImportMapping } from '../../shared/import-mapping';
import { sheetPlace, tableFromRows, type Source } from './table';
import type { Sheet } from './xlsx';

/** DS names a repetition block's sheet "(<champ id>) <label>". */
const REPETITION_SHEET = /^\(\d+\)\s*(.+)$/;

/**
 * The dossiers are on the sheet "Dossiers" (else the first one); the professionals on the
 * repetition sheet whose label the mapping lists. Other sheets are ignored.
 */
export function sourceFromSheets(format: 'xlsx' | 'ods', sheets: Sheet[], mapping: ImportMapping): Source {
  const main = sheets.find((sheet) => normalizeHeader(sheet.name) === 'dossiers') ?? sheets[0];
  const blockLabels = new Set(mapping.professionalsBlock.map(normalizeHeader));
  const block = sheets.find((sheet) => {
    const label = REPETITION_SHEET.exec(sheet.name.trim())?.[1];
    return sheet !== main && label !== undefined && blockLabels.has(normalizeHeader(label));
  });
  return {
    format,
    sheets: sheets.map((sheet) => sheet.name),
    main: tableFromRows(main?.rows ?? [], sheetPlace(main?.name ?? 'Dossiers')),
    professionals: block && { table: tableFromRows(block.rows, sheetPlace(block.name)), linkBy: 'dossierId' },
    problems: [],
  };
}
