/**
 * The queries the sync sends, written for the app: only what the mapping of dossiers reads
 * (services/import/graphql.ts) and the files to download. Checked against the platform's
 * published schema in test/unit/ds-sync.test.ts.
 */
import type { DsState } from '../../shared/dossier';
import { dsDocument } from './client';

export const procedureQuery = dsDocument<
  { demarche: { number: number; title: string; groupeInstructeurs: { number: number; label: string }[] } },
  { procedure: number }
>(`query commissionProcedure($procedure: Int!) {
  demarche(number: $procedure) {
    number
    title
    groupeInstructeurs { number label }
  }
}`);

export interface DsFileNode {
  filename: string;
  contentType: string;
  checksum: string;
  url: string;
}

/** A champ as the query asks for it; the aliases say what its value is (services/import/graphql.ts). */
export interface DsChampNode {
  __typename: string;
  label: string;
  stringValue: string | null;
  files?: DsFileNode[];
  rows?: { champs: DsChampNode[] }[];
  [alias: string]: unknown;
}

export interface DsDossierNode {
  id: string;
  number: number;
  state: DsState;
  dateDerniereModification: string;
  champs: DsChampNode[];
  annotations: DsChampNode[];
  [field: string]: unknown;
}

export interface DsPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: (DsDossierNode | null)[];
}

export interface DsPageVariables {
  first: number;
  after: string | null;
  updatedSince: string | null;
  state: DsState | null;
}

const champFields = `
fragment CommissionChamp on Champ {
  __typename
  label
  stringValue
  ... on TextChamp { value }
  ... on DropDownListChamp { value }
  ... on MultipleDropDownListChamp { values }
  ... on DateChamp { date }
  ... on DatetimeChamp { datetime }
  ... on CheckboxChamp { checked: value }
  ... on YesNoChamp { selected: value }
  ... on IntegerNumberChamp { integerNumber: value }
  ... on DecimalNumberChamp { decimalNumber: value }
  ... on CommuneChamp { commune { name code postalCode } departement { name code } }
  ... on AddressChamp {
    address { label postalCode cityName cityCode departmentName departmentCode }
    commune { name code postalCode }
    departement { name code }
  }
  ... on SiretChamp { etablissement { siret } }
  ... on PieceJustificativeChamp { files { filename contentType checksum url } }
}

fragment CommissionDossier on Dossier {
  id
  number
  state
  archived
  dateDerniereModification
  dateDepot
  datePassageEnInstruction
  dateTraitement
  motivation
  deposeParUnTiers
  nomMandataire
  prenomMandataire
  usager { email }
  demandeur {
    ... on PersonnePhysique { civilite nom prenom }
    ... on PersonneMorale { siret }
  }
  groupeInstructeur { number label }
  instructeurs { email }
  champs {
    ...CommissionChamp
    ... on RepetitionChamp { rows { champs { ...CommissionChamp } } }
  }
  annotations {
    ...CommissionChamp
    ... on RepetitionChamp { rows { champs { ...CommissionChamp } } }
  }
}`;

/** A page of dossiers of `root` (a procedure, or an instructor group), oldest change first. */
function dossiersQuery<Root extends string, Key extends string>(operation: string, root: Root, key: Key) {
  return dsDocument<{ [R in Root]: { dossiers: DsPage } }, DsPageVariables & { [K in Key]: number }>(
    `query ${operation}($${key}: Int!, $first: Int!, $after: String, $updatedSince: ISO8601DateTime, $state: DossierState) {
  ${root}(number: $${key}) {
    dossiers(first: $first, after: $after, updatedSince: $updatedSince, state: $state) {
      pageInfo { hasNextPage endCursor }
      nodes { ...CommissionDossier }
    }
  }
}
${champFields}`,
  );
}

export const procedureDossiersQuery = dossiersQuery('commissionProcedureDossiers', 'demarche', 'procedure');
export const groupDossiersQuery = dossiersQuery('commissionGroupDossiers', 'groupeInstructeur', 'group');

/** Every document of the sync, for the check against the published schema. */
export const syncDocuments = [procedureQuery, procedureDossiersQuery, groupDossiersQuery];
