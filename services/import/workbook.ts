import {
  matchColumns,
  normalizeHeader,
  sheetLabelKey,
  type ImportMapping,
  type ImportProblem,
  type ProfessionalFieldKey,
} from '../../shared/import-mapping';
import { sheetPlace, tableFromRows, type Source, type SourceTable } from './table';
import type { Sheet } from './xlsx';

/**
 * DS names a repetition block's sheet "(<champ id>) <label>": the label in ASCII without
 * / \ * ? [ ], the whole name cut to 30 characters ("(4410027) Professionnels de s").
 */
const REPETITION_SHEET = /^\(\d+\)\s*(.*)$/;

/** How a sheet's columns read as the professionals' block. */
function blockColumns(table: SourceTable, mapping: ImportMapping) {
  const { fields, missing } = matchColumns(table.headers, mapping, 'professional');
  const headers = new Set(table.headers.map(normalizeHeader));
  // DS's own headers count even if a mapping left them out: the shape is the platform's.
  const has = (key: ProfessionalFieldKey, dsHeader: string) => fields.includes(key) || headers.has(normalizeHeader(dsHeader));
  return {
    // A block's rows start with "Dossier ID" and "Ligne", then its champs: at least one of ours.
    shaped: has('dossierId', 'Dossier ID') && has('row', 'Ligne') && fields.some((f) => f !== null && f !== 'dossierId' && f !== 'row'),
    complete: missing.length === 0,
  };
}

/** Whether the label of a repetition sheet, however cut, begins one of the mapping's block labels. */
function namesBlock(label: string, mapping: ImportMapping): boolean {
  const key = sheetLabelKey(label);
  return key !== '' && mapping.professionalsBlock.some((blockLabel) => sheetLabelKey(blockLabel).startsWith(key));
}

const listOf = (labels: readonly string[]) => labels.map((label) => `« ${label} »`).join(', ');

/** A sheet-wide remark, placed on its header line. */
function sheetWarning(table: SourceTable, message: string): ImportProblem {
  return { line: table.headerLine, sheet: table.name ?? '', message: `Feuille « ${table.name} » : ${message}` };
}

/**
 * The dossiers are on the sheet "Dossiers" (else the first one); the professionals on the
 * repetition sheet whose label begins one the mapping lists and whose columns are a block's.
 * Every other sheet is ignored, and named as such.
 */
export function sourceFromSheets(format: 'xlsx' | 'ods', sheets: Sheet[], mapping: ImportMapping): Source {
  const main = sheets.find((sheet) => normalizeHeader(sheet.name) === 'dossiers') ?? sheets[0];
  const warnings: ImportProblem[] = [];
  let block: SourceTable | undefined;
  for (const sheet of sheets) {
    if (sheet === main) continue;
    const label = REPETITION_SHEET.exec(sheet.name.trim())?.[1];
    const table = tableFromRows(sheet.rows, sheetPlace(sheet.name));
    const named = label !== undefined && namesBlock(label, mapping);
    const { shaped, complete } = blockColumns(table, mapping);
    if (named && shaped && !block) block = table;
    else if (named && shaped) {
      warnings.push(sheetWarning(table, `la feuille « ${block?.name} » est déjà lue comme liste des professionnels : celle-ci est ignorée.`));
    } else if (named) {
      warnings.push(
        sheetWarning(
          table,
          "son nom est celui de la liste des professionnels, mais ses colonnes ne sont pas celles d'un bloc répétable " +
            '(« Dossier ID », « Ligne », puis les champs du bloc) : elle est ignorée.',
        ),
      );
    } else if (shaped && complete) {
      warnings.push(
        sheetWarning(
          table,
          "ses colonnes sont celles de la liste des professionnels, mais son nom n'est pas « (numéro du champ) » suivi " +
            `de l'un des libellés du bloc des professionnels de la correspondance (${listOf(mapping.professionalsBlock)}) : ` +
            'elle est ignorée. Ajoutez le libellé de ce bloc à la correspondance pour la lire.',
        ),
      );
    }
  }
  const used = new Set([main?.name, block?.name]);
  return {
    format,
    sheets: sheets.map((sheet) => sheet.name),
    ignoredSheets: sheets.map((sheet) => sheet.name).filter((name) => !used.has(name)),
    main: tableFromRows(main?.rows ?? [], sheetPlace(main?.name ?? 'Dossiers')),
    professionals: block && { table: block, linkBy: 'dossierId' },
    problems: [],
    warnings,
  };
}
