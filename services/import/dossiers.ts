import { dossierInputSchema, type DossierData } from '../../shared/dossier';
import {
  defaultMapping,
  dossierFields,
  professionalFields,
  type DossierFieldKey,
  type DossierFileImport,
  type ImportMapping,
  type ImportProblem,
  type ProfessionalFieldKey,
} from '../../shared/import-mapping';
import {
  bindTable,
  capitalize,
  convertRow,
  formulaWarnings,
  issuePath,
  problemAt,
  type BoundTable,
  type ConvertedRow,
} from './records';
import { readSource } from './read';

interface Member extends ConvertedRow {
  /** The block's "Ligne" column. */
  rank: number;
}

/** Converts the repetition block's rows and groups them by the dossier they belong to. */
function groupProfessionals(
  bound: BoundTable<ProfessionalFieldKey>,
  linkBy: 'dossierId' | 'line',
  problems: ImportProblem[],
): Map<number, Member[]> {
  const teams = new Map<number, Member[]>();
  for (const row of bound.table.rows) {
    const converted = convertRow(bound, row);
    const { dossierId, row: rank, ...professional } = converted.values;
    const key = linkBy === 'line' ? row.line : dossierId;
    if (typeof key !== 'number') {
      if (!converted.failed.has('dossierId')) {
        problems.push(
          problemAt(bound, row, 'dossierId', 'le numéro du dossier est vide : ce professionnel ne peut être rattaché à aucun dossier.'),
        );
      }
      continue;
    }
    const team = teams.get(key) ?? [];
    team.push({ ...converted, values: professional, rank: typeof rank === 'number' ? rank : Number.MAX_SAFE_INTEGER });
    teams.set(key, team);
  }
  // DS numbers the rows of a block: keep that order even if someone sorted the sheet.
  for (const team of teams.values()) team.sort((a, b) => a.rank - b.rank);
  return teams;
}

/**
 * Validates a dossier with its team by the same schema as manual entry, and puts each of the
 * schema's complaints on the row and column it came from: the dossier's, or a professional's.
 */
function validateDossier(
  main: BoundTable<DossierFieldKey>,
  block: BoundTable<ProfessionalFieldKey> | undefined,
  dossier: ConvertedRow,
  team: Member[],
): { data?: DossierData; problems: ImportProblem[] } {
  const problems = [...dossier.problems, ...team.flatMap((member) => member.problems)];
  const parsed = dossierInputSchema.safeParse({ ...dossier.values, professionals: team.map((m) => m.values) });
  for (const issue of parsed.error?.issues ?? []) {
    const [head, index, ...rest] = issue.path;
    const member = head === 'professionals' && typeof index === 'number' ? team[index] : undefined;
    if (member && block) {
      const path = rest.map(String).join('.');
      if (!member.failed.has(path)) problems.push(problemAt(block, member.row, path, issue.message));
    } else if (!dossier.failed.has(issuePath(issue))) {
      problems.push(problemAt(main, dossier.row, issuePath(issue), issue.message));
    }
  }
  return parsed.success && !problems.length ? { data: parsed.data, problems } : { problems };
}

/**
 * Reads a Démarches Simplifiées export (CSV, XLSX, ODS or API JSON) into validated dossiers.
 * A dossier with any problem, or with a problem in one of its professionals, is left out of
 * `dossiers`; an unreadable file throws AppError('VALIDATION') with a French message.
 */
export async function parseDossierFile(
  fileName: string,
  bytes: Uint8Array,
  mapping: ImportMapping = defaultMapping,
): Promise<DossierFileImport> {
  const source = await readSource(fileName, bytes, mapping);
  const main = bindTable(source.main, mapping.dossier, dossierFields);
  const linkBy = source.professionals?.linkBy;
  const block =
    source.professionals &&
    bindTable(
      source.professionals.table,
      mapping.professional,
      professionalFields,
      'professionals.',
      // The API nests professionals in their dossier: no "Dossier ID" column needed.
      linkBy === 'line' ? ['dossierId'] : [],
    );
  const result: DossierFileImport = {
    format: source.format,
    ...(source.encoding === undefined ? {} : { encoding: source.encoding }),
    ...(source.separator === undefined ? {} : { separator: source.separator }),
    sheets: source.sheets,
    ignoredSheets: source.ignoredSheets,
    columns: [...main.columns, ...(block?.columns ?? [])],
    dossiers: [],
    problems: [...source.problems, ...main.missing, ...(block?.missing ?? [])],
    warnings: [...source.warnings, ...formulaWarnings(main), ...(block ? formulaWarnings(block) : [])],
    locate: (line, field, message) => problemAt(main, { line, cells: [] }, field, message),
  };
  if (!main.table.rows.length && !source.problems.length) {
    // Without headers either, the missing columns would only say the same thing worse.
    const headed = main.table.headers.length > 0;
    const message = `${capitalize(main.table.title)} ne contient aucun dossier${headed ? " : seulement la ligne d'en-têtes" : ''}.`;
    const sheet = main.table.name === undefined ? {} : { sheet: main.table.name };
    result.problems = [{ line: main.table.headerLine, message, ...sheet }, ...(headed ? result.problems : [])];
  }
  if (main.missing.length) return result;

  const teams =
    block && linkBy && !block.missing.length
      ? groupProfessionals(block, linkBy, result.problems)
      : new Map<number, Member[]>();
  const firstLine = new Map<number, number>();
  for (const row of main.table.rows) {
    const dossier = convertRow(main, row);
    const dsNumber = dossier.values.dsNumber;
    const key = linkBy === 'line' ? row.line : dsNumber;
    const team = (typeof key === 'number' && teams.get(key)) || [];
    if (typeof key === 'number') teams.delete(key);

    if (typeof dsNumber === 'number') {
      const first = firstLine.get(dsNumber);
      if (first !== undefined) {
        result.problems.push(
          problemAt(main, row, 'dsNumber', `le dossier n° ${dsNumber} figure déjà ligne ${first} ; cette ligne en double est ignorée.`),
        );
        continue;
      }
      firstLine.set(dsNumber, row.line);
    } else if (!dossier.failed.has('dsNumber')) {
      dossier.problems.push(
        problemAt(main, row, 'dsNumber', 'le numéro de dossier est vide : il est obligatoire pour importer le dossier.'),
      );
    }

    const { data, problems } = validateDossier(main, block, dossier, team);
    if (data) result.dossiers.push({ line: row.line, data });
    result.problems.push(...problems);
  }

  // What is left belongs to no dossier of the file.
  for (const [key, team] of teams) {
    for (const member of team) {
      const message = `aucun dossier n° ${key} dans ${main.table.title} : ce professionnel n'est rattaché à aucun dossier.`;
      if (block) result.problems.push(problemAt(block, member.row, 'dossierId', message));
    }
  }
  // In file order; a spreadsheet's repetition sheet after the dossiers' sheet.
  const blockSheet = source.format === 'graphql-json' ? undefined : block?.table.name;
  const rank = (problem: ImportProblem) => (problem.sheet !== undefined && problem.sheet === blockSheet ? 1 : 0);
  for (const list of [result.problems, result.warnings]) list.sort((a, b) => rank(a) - rank(b) || a.line - b.line);
  return result;
}
