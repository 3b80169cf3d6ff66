/**
 * What an import preview flags without refusing the file: the reader's own warnings, then the
 * dossiers as they would be stored (the file's values over those kept) that deserve a look.
 */
import type { ImportPreview } from '../../shared/contract';
import type { DossierData } from '../../shared/dossier';
import type { CommuneInfo } from '../../shared/eligibility';
import type { DossierFileImport, ImportProblem } from '../../shared/import-mapping';
import { findRegion } from '../reference';

export interface ImportGeography {
  /** The agency's région, null while its identity is not configured. */
  regionCode: string | null;
  lookupCommune(inseeCode: string): CommuneInfo | undefined;
}

const regionName = (code: string) => {
  const region = findRegion(code);
  return region ? `${region.name} (${code})` : code;
};

const quoted = (names: readonly string[]) => names.map((name) => `« ${name} »`).join(', ');

/** Why a dossier of this file came without any professional. */
function missingTeamReason(parsed: DossierFileImport): string {
  const blockSheet = parsed.columns.find((column) => column.field?.startsWith('professionals.'))?.sheet;
  if (blockSheet !== undefined) {
    return parsed.format === 'graphql-json'
      ? `son bloc « ${blockSheet} » est vide`
      : `la feuille « ${blockSheet} » n'a aucune ligne pour ce dossier`;
  }
  if (parsed.format === 'csv') return "l'export CSV ne contient pas la liste des professionnels, que les exports XLSX et ODS donnent sur une feuille à part";
  if (parsed.format === 'graphql-json') return "la réponse de l'API n'a aucun bloc répétable reconnu comme la liste des professionnels";
  const ignored = parsed.ignoredSheets.length ? ` (feuilles ignorées : ${quoted(parsed.ignoredSheets)})` : '';
  return `aucune feuille du classeur n'est reconnue comme la liste des professionnels${ignored}`;
}

function dossierWarnings(
  parsed: DossierFileImport,
  dossiers: readonly { line: number; data: DossierData }[],
  geography: ImportGeography,
): ImportProblem[] {
  const warnings: ImportProblem[] = [];
  let teamReason: string | undefined;
  for (const { line, data } of dossiers) {
    const commune = data.communeCode ? geography.lookupCommune(data.communeCode) : undefined;
    if (commune && geography.regionCode !== null && commune.regionCode !== geography.regionCode) {
      const message =
        `${commune.name} (${commune.departmentCode}) est dans la région ${regionName(commune.regionCode)}, pas dans celle de ` +
        `l'agence, ${regionName(geography.regionCode)} : le dossier sera importé, mais son contrôle d'éligibilité sera bloquant.`;
      warnings.push(parsed.locate(line, 'communeCode', message));
    }
    const declared = data.project.declaredProfessionals;
    if (declared && data.professionals.length === 0) {
      const count = declared > 1 ? `${declared} professionnels déclarés` : '1 professionnel déclaré';
      const message =
        `${count}, mais aucun n'a été lu : ${(teamReason ??= missingTeamReason(parsed))}. ` +
        "Le dossier sera importé sans son équipe, dont la composition ne pourra pas être vérifiée.";
      warnings.push(parsed.locate(line, 'project.declaredProfessionals', message));
    }
  }
  return warnings;
}

/**
 * Every warning of the preview: those about a whole sheet first, as they often explain the
 * others, then in the order of the file's sheets and lines.
 */
export function previewWarnings(
  parsed: DossierFileImport,
  dossiers: readonly { line: number; data: DossierData }[],
  geography: ImportGeography,
): ImportPreview['warnings'] {
  const wide = (warning: ImportProblem) => (warning.column === undefined && warning.field === undefined ? 0 : 1);
  const sheetRank = (warning: ImportProblem) => (warning.sheet === undefined ? -1 : parsed.sheets.indexOf(warning.sheet));
  return [...parsed.warnings, ...dossierWarnings(parsed, dossiers, geography)]
    .sort((a, b) => wide(a) - wide(b) || sheetRank(a) - sheetRank(b) || a.line - b.line)
    .map((w) => ({ line: w.line, column: w.column ?? null, field: w.field ?? null, message: w.message, sheet: w.sheet ?? null }));
}
