/**
 * Answers of the DS GraphQL API (query `dossier` or pages of `demarche.dossiers`) turned into the
 * columns the platform's own exports have, so that one mapping reads both: a champ's label is
 * its column header, and a commune champ gives the same three columns as in the CSV export.
 */
import { normalizeHeader, type ImportMapping, type ImportProblem } from '../../shared/import-mapping';
import { refuse, type Cell, type Source, type SourceRow, type SourceTable } from './table';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

function cell(value: unknown): Cell {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The dossiers of one answer, or undefined when it is not an answer of the API. */
function dossierNodes(answer: unknown): unknown[] | undefined {
  const data = object(object(answer).data);
  if (isObject(data.dossier)) return [data.dossier];
  for (const owner of [data.demarche, data.groupeInstructeur]) {
    const nodes = object(object(owner).dossiers).nodes;
    if (Array.isArray(nodes)) return nodes;
  }
  return undefined;
}

/** Fields of the dossier itself, under the headers of the platform's exports. */
const dossierColumns: [string, (dossier: JsonObject) => unknown][] = [
  ['ID', (d) => d.number],
  ['Email', (d) => object(d.usager).email],
  ['Civilité', (d) => object(d.demandeur).civilite],
  ['Nom', (d) => object(d.demandeur).nom],
  ['Prénom', (d) => object(d.demandeur).prenom],
  ['Établissement SIRET', (d) => object(d.demandeur).siret],
  ['Dépôt pour un tiers', (d) => d.deposeParUnTiers],
  ['Nom du mandataire', (d) => d.nomMandataire],
  ['Prénom du mandataire', (d) => d.prenomMandataire],
  ['À archiver', (d) => d.archived],
  ['État du dossier', (d) => d.state],
  ['Dernière mise à jour le', (d) => d.dateDerniereModification],
  ['Déposé le', (d) => d.dateDepot],
  ['Passé en instruction le', (d) => d.datePassageEnInstruction],
  ['Traité le', (d) => d.dateTraitement],
  ['Motivation de la décision', (d) => d.motivation],
  ['Instructeurs', (d) => list(d.instructeurs).map((i) => text(object(i).email)).join(' ')],
  ['Groupe instructeur', (d) => object(d.groupeInstructeur).label],
];

function departmentLabel(code: unknown, name: unknown): Cell {
  return typeof code === 'string' && code ? `${code} – ${text(name)}` : null;
}

/** Where each kind of champ puts its typed value (aliases of the query's fragments). */
const typedKeys = ['selected', 'checked', 'integerNumber', 'decimalNumber', 'date', 'datetime', 'value'];

/**
 * A champ's cells. Its shape says what it is rather than its __typename, which depends on the
 * fragments of the query (a yes/no champ may come back as a CheckboxChamp or a TextChamp).
 */
function champCells(champ: JsonObject, put: (header: string, value: Cell) => void): void {
  const label = text(champ.label);
  if ('address' in champ || 'commune' in champ) {
    const address = object(champ.address);
    const commune = object(champ.commune);
    const department = object(champ.departement);
    const name = text(commune.name);
    const postal = text(commune.postalCode);
    put(label, cell(address.label) ?? cell(champ.stringValue) ?? (name && `${name}${postal && ` (${postal})`}`));
    put(`${label} (Code INSEE)`, cell(address.cityCode) ?? cell(commune.code));
    const departmentOfAddress = departmentLabel(address.departmentCode, address.departmentName);
    put(`${label} (Département)`, departmentOfAddress ?? departmentLabel(department.code, department.name));
  } else if (Array.isArray(champ.files)) {
    put(label, champ.files.map((file) => text(object(file).filename)).filter(Boolean).join(', '));
  } else if (Array.isArray(champ.values)) {
    put(label, champ.values.map(text).filter(Boolean).join(', '));
  } else {
    const typedKey = typedKeys.find((key) => key in champ);
    const typed = 'etablissement' in champ ? object(champ.etablissement).siret : typedKey && champ[typedKey];
    put(label, cell(typed) ?? cell(champ.stringValue));
  }
}

/** Collects rows of cells by header, in the order headers first appear. */
class TableBuilder {
  private readonly headers = new Map<string, number>();
  private readonly rows: { row: Omit<SourceRow, 'cells'>; cells: Map<number, Cell> }[] = [];

  add(row: Omit<SourceRow, 'cells'>): (header: string, value: Cell) => void {
    const cells = new Map<number, Cell>();
    this.rows.push({ row, cells });
    return (header, value) => {
      let index = this.headers.get(header);
      if (index === undefined) this.headers.set(header, (index = this.headers.size));
      if (!cells.has(index)) cells.set(index, value);
    };
  }

  build(place: Pick<SourceTable, 'name' | 'title' | 'locate'>): SourceTable {
    const width = this.headers.size;
    return {
      ...place,
      headerLine: 1,
      headers: [...this.headers.keys()],
      rows: this.rows.map(({ row, cells }) => ({
        ...row,
        cells: Array.from({ length: width }, (_, i) => cells.get(i) ?? null),
      })),
    };
  }
}

export function readGraphql(json: unknown, fileName: string, mapping: ImportMapping): Source {
  const answers = Array.isArray(json) ? json : [json];
  const pages = answers.map(dossierNodes);
  if (pages.some((page) => page === undefined)) {
    const errors = answers.flatMap((answer) => list(object(answer).errors).map((e) => text(object(e).message)));
    throw refuse(
      errors.length
        ? `La réponse de l'API enregistrée dans « ${fileName} » est une erreur : ${errors.join(' ; ')}`
        : `Le fichier « ${fileName} » n'est pas une réponse de l'API GraphQL de Démarches Simplifiées (data.dossier ou data.demarche.dossiers.nodes attendu).`,
    );
  }
  const blockLabels = new Set(mapping.professionalsBlock.map(normalizeHeader));
  const main = new TableBuilder();
  const block = new TableBuilder();
  let blockName: string | undefined;
  const problems: ImportProblem[] = [];
  pages.flatMap((page) => page ?? []).forEach((node, index) => {
    const line = index + 1;
    if (!isObject(node)) {
      problems.push({ line, message: `Dossier n° ${line} du fichier : ce n'est pas un dossier, il est ignoré.` });
      return;
    }
    const put = main.add({ line });
    for (const [header, get] of dossierColumns) put(header, cell(get(node)));
    const champs = [...list(node.champs), ...list(node.annotations)].filter(isObject);
    for (const champ of champs) {
      if (!Array.isArray(champ.rows)) {
        champCells(champ, put);
      } else if (blockLabels.has(normalizeHeader(text(champ.label)))) {
        blockName ??= text(champ.label);
        champ.rows.forEach((row, item) => {
          const putInRow = block.add({ line, item: item + 1 });
          for (const inner of list(object(row).champs).filter(isObject)) champCells(inner, putInRow);
        });
      }
    }
  });
  return {
    format: 'graphql-json',
    sheets: [],
    ignoredSheets: [],
    problems,
    warnings: [],
    main: main.build({ title: 'le fichier', locate: (row) => `Dossier n° ${row.line} du fichier` }),
    professionals: blockName === undefined ? undefined : { linkBy: 'line', table: block.build(blockPlace(blockName)) },
  };
}

function blockPlace(name: string): Pick<SourceTable, 'name' | 'title' | 'locate'> {
  return {
    name,
    title: `le bloc « ${name} »`,
    locate: (row) => `Dossier n° ${row.line} du fichier, bloc « ${name} », ligne ${row.item}`,
  };
}
