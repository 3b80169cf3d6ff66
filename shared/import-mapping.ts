/**
 * How the columns of a Démarches Simplifiées export feed a dossier: for every target field, the
 * header labels it is read from. Pure (zod and shared/ only): the import preview edits it too.
 */
import type { DossierData, Professional, Zoning } from './dossier';
import { requiredText, z } from './validation';

/** How a cell is converted before validation (services/import/convert.ts implements each). */
export type ValueKind =
  | 'text'
  | 'identifier'
  | 'integer'
  | 'amount'
  | 'decimal'
  | 'boolean'
  | 'date'
  | 'instant'
  | 'list'
  | 'dsState'
  | 'structureType'
  | 'civility'
  | 'legalForm'
  | 'department'
  | 'communeCode'
  | 'communeLabel'
  | 'zoning';

export interface TargetField {
  /** French, for the mapping editor and the messages. */
  label: string;
  kind: ValueKind;
  /** A file without a column for it cannot be imported. */
  required?: true;
  /** Source-only key: its value fills this field when no column gives that field itself. */
  feeds?: string;
}

/** Dotted paths of the leaves of T (arrays are leaves). */
type LeafPaths<T> = {
  [K in keyof T & string]: T[K] extends readonly unknown[] | null
    ? K
    : T[K] extends Record<string, unknown>
      ? `${K}.${LeafPaths<T[K]>}`
      : K;
}[keyof T & string];

/**
 * 'commune' is DS's "Hirson (02500)" column, split by the platform from the INSEE code and département;
 * 'establishmentSiret' is the applicant's SIRET DS adds to every export, beside the form's own champ.
 */
export type DossierFieldKey = Exclude<LeafPaths<DossierData>, 'professionals'> | 'commune' | 'establishmentSiret';
/** 'dossierId' and 'row' are the "Dossier ID" and "Ligne" columns of a repetition sheet. */
export type ProfessionalFieldKey = keyof Professional | 'commune' | 'dossierId' | 'row';

// `satisfies Record<Key, …>` makes the compiler refuse a schema field without a target here.
export const dossierFields = {
  dsNumber: { label: 'Numéro de dossier Démarches Simplifiées', kind: 'integer', required: true },
  dsState: { label: 'État du dossier sur Démarches Simplifiées', kind: 'dsState' },
  structureType: { label: 'Type de structure', kind: 'structureType', required: true },
  name: { label: "Nom de l'équipe ou de la structure", kind: 'text', required: true },
  submittedAt: { label: 'Date de dépôt', kind: 'instant' },
  instructionAt: { label: 'Date de passage en instruction', kind: 'instant' },
  'sponsor.civility': { label: 'Civilité du porteur', kind: 'civility' },
  'sponsor.firstName': { label: 'Prénom du porteur', kind: 'text' },
  'sponsor.lastName': { label: 'Nom du porteur', kind: 'text' },
  'sponsor.email': { label: 'Courriel du porteur', kind: 'text' },
  'sponsor.phone': { label: 'Téléphone du porteur', kind: 'text' },
  'legalEntity.form': { label: 'Forme juridique de la structure porteuse', kind: 'legalForm' },
  'legalEntity.siret': { label: 'SIRET de la structure porteuse', kind: 'identifier' },
  establishmentSiret: {
    label: 'SIRET de l’établissement demandeur (à défaut du SIRET de la structure porteuse)',
    kind: 'identifier',
    feeds: 'legalEntity.siret',
  },
  'legalEntity.rna': { label: "Numéro RNA de l'association", kind: 'identifier' },
  'legalEntity.representative.civility': { label: 'Civilité du représentant légal', kind: 'civility' },
  'legalEntity.representative.firstName': { label: 'Prénom du représentant légal', kind: 'text' },
  'legalEntity.representative.lastName': { label: 'Nom du représentant légal', kind: 'text' },
  'legalEntity.representative.capacity': { label: 'Qualité du représentant légal', kind: 'text' },
  address: { label: "Adresse du lieu principal d'exercice", kind: 'text' },
  commune: { label: 'Commune (libellé « Nom (code postal) »)', kind: 'communeLabel', feeds: 'communeName' },
  communeCode: { label: 'Code INSEE de la commune', kind: 'communeCode' },
  communeName: { label: 'Nom de la commune', kind: 'text' },
  departmentCode: { label: 'Département', kind: 'department' },
  zoning: { label: 'Zonage médecins (ZIP, ZAC)', kind: 'zoning' },
  apl: { label: 'APL médecins généralistes', kind: 'decimal' },
  'grant.requested': { label: "Montant de l'aide sollicitée", kind: 'amount' },
  'grant.engineering': { label: 'Dont ingénierie de projet', kind: 'amount' },
  'grant.it': { label: 'Dont investissement informatique', kind: 'amount' },
  'grant.furniture': { label: 'Dont mobilier et logistique', kind: 'amount' },
  'coordination.meetingFrequency': { label: 'Fréquence des réunions de concertation', kind: 'text' },
  'coordination.protocolCount': { label: 'Nombre de protocoles pluriprofessionnels', kind: 'integer' },
  'coordination.informationSystem': { label: "Logiciel (système d'information)", kind: 'text' },
  'coordination.informationSystemLabelled': { label: "Système d'information labellisé ANS", kind: 'boolean' },
  'coordination.secureMessaging': { label: 'Messagerie sécurisée de santé (MSSanté)', kind: 'boolean' },
  'coordination.coordinator': { label: 'Coordinateur identifié', kind: 'boolean' },
  'coordination.openingHours': { label: "Horaires d'ouverture", kind: 'text' },
  'coordination.unscheduledCare': { label: 'Soins non programmés', kind: 'boolean' },
  'project.summary': { label: 'Présentation du projet de santé', kind: 'text' },
  'project.themes': { label: 'Thématiques du projet', kind: 'list' },
  'project.startDate': { label: 'Date prévisionnelle de démarrage', kind: 'date' },
  'project.declaredProfessionals': { label: 'Nombre de professionnels déclarés', kind: 'integer' },
  'project.inPriorityZone': { label: "Projet en zone d'intervention prioritaire (ZIP)", kind: 'boolean' },
  declaredFiles: { label: 'Pièces jointes déclarées', kind: 'list' },
} as const satisfies Record<DossierFieldKey, TargetField>;

export const professionalFields = {
  dossierId: { label: 'Numéro du dossier', kind: 'integer', required: true },
  row: { label: 'Rang dans la liste', kind: 'integer' },
  lastName: { label: 'Nom du professionnel', kind: 'text', required: true },
  firstName: { label: 'Prénom du professionnel', kind: 'text' },
  profession: { label: 'Profession', kind: 'text', required: true },
  identifier: { label: 'Numéro RPPS ou ADELI', kind: 'identifier' },
  commune: { label: "Commune d'exercice (libellé « Nom (code postal) »)", kind: 'communeLabel', feeds: 'communeName' },
  communeCode: { label: "Code INSEE de la commune d'exercice", kind: 'communeCode' },
  communeName: { label: "Nom de la commune d'exercice", kind: 'text' },
  role: { label: "Rôle dans l'équipe", kind: 'text' },
} as const satisfies Record<ProfessionalFieldKey, TargetField>;

export const mappingTables = { dossier: dossierFields, professional: professionalFields } as const;
export type MappingTable = keyof typeof mappingTables;
export type FieldKeyOf<T extends MappingTable> = T extends 'dossier' ? DossierFieldKey : ProfessionalFieldKey;

const dossierFieldKeys = Object.keys(dossierFields) as [DossierFieldKey, ...DossierFieldKey[]];
const professionalFieldKeys = Object.keys(professionalFields) as [ProfessionalFieldKey, ...ProfessionalFieldKey[]];

/**
 * Lower case, no accents or ligatures, straight apostrophes and hyphens, single plain spaces, no
 * trailing colon: "Nom de l’équipe :" and "NOM DE L'EQUIPE" are the same header.
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[’‘ʼ′´`]/g, "'")
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/\s*:+\s*$/, '')
    .trim();
}

/**
 * A label as Démarches Simplifiées writes it in a sheet name: in ASCII (an apostrophe may be
 * dropped), / \ * ? [ ] removed, cut anywhere. Only letters and digits are compared.
 */
export function sheetLabelKey(label: string): string {
  return normalizeHeader(label)
    .replace(/(\.\.\.|…)$/, '')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]/g, '');
}

const aliasList = z
  .array(requiredText('Un en-tête de colonne', 300), { error: 'Les en-têtes doivent être une liste de textes.' })
  .max(50, { error: 'Pas plus de 50 en-têtes par champ.' });

/** A saved mapping may predate a field: the missing ones read from no column. */
function aliasRecord<K extends string>(keys: [K, ...K[]]) {
  return z
    .partialRecord(z.enum(keys), aliasList)
    .transform((given) => Object.fromEntries(keys.map((k) => [k, given[k] ?? []])) as Record<K, string[]>);
}

/** One header may feed only one field of a table, or the import would be ambiguous. */
function checkAliasesUnique(
  aliases: Record<string, string[]>,
  table: MappingTable,
  ctx: z.RefinementCtx<unknown>,
) {
  const fields: Record<string, TargetField> = mappingTables[table];
  const owner = new Map<string, string>();
  for (const [key, list] of Object.entries(aliases)) {
    for (const [i, alias] of list.entries()) {
      const previous = owner.get(normalizeHeader(alias));
      if (previous !== undefined && previous !== key) {
        ctx.addIssue({
          code: 'custom',
          path: [table, key, i],
          message: `L'en-tête « ${alias} » est déjà lu pour « ${fields[previous]?.label} ».`,
        });
      }
      owner.set(normalizeHeader(alias), key);
    }
  }
}

export const importMappingSchema = z
  .strictObject({
    name: requiredText('Le nom de la correspondance', 100),
    /** Labels of the repetition block listing the professionals: sheet "(3512851) Professionnels", API champ label. */
    professionalsBlock: aliasList,
    dossier: aliasRecord(dossierFieldKeys),
    professional: aliasRecord(professionalFieldKeys),
  })
  .superRefine((mapping, ctx) => {
    checkAliasesUnique(mapping.dossier, 'dossier', ctx);
    checkAliasesUnique(mapping.professional, 'professional', ctx);
  });
export type ImportMapping = z.output<typeof importMappingSchema>;

/** The standard ESP/MSP form ("reconnaissance et aide au démarrage"), with the usual renamings. */
export const defaultMapping: ImportMapping = {
  name: 'Formulaire ESP/MSP standard',
  professionalsBlock: ['Professionnels', 'Professionnels de santé', 'Liste des professionnels', 'Membres de l’équipe'],
  dossier: {
    dsNumber: ['ID', 'Numéro de dossier', 'N° de dossier', 'N° dossier'],
    dsState: ['État du dossier', 'État', 'Statut du dossier'],
    structureType: ['Type de structure', 'Type de projet'],
    name: ['Nom de l’équipe ou de la structure', 'Nom de la structure', 'Nom de l’équipe'],
    submittedAt: ['Déposé le', 'Date de dépôt'],
    instructionAt: ['Passé en instruction le', 'Date de passage en instruction'],
    'sponsor.civility': ['Civilité'],
    'sponsor.firstName': ['Prénom', 'Prénom du porteur'],
    'sponsor.lastName': ['Nom', 'Nom du porteur'],
    'sponsor.email': ['Email', 'E-mail', 'Courriel', 'Adresse électronique'],
    'sponsor.phone': ['Téléphone', 'Téléphone du porteur'],
    'legalEntity.form': ['Forme juridique de la structure porteuse', 'Forme juridique'],
    'legalEntity.siret': ['SIRET de la structure porteuse', 'SIRET'],
    // The same fact twice: both are read, the form's champ first, DS's column when it is empty.
    establishmentSiret: ['Établissement SIRET'],
    'legalEntity.rna': ['Numéro RNA', 'RNA', 'Numéro RNA de l’association'],
    // Not in the standard form: the labels its authors would give these fields.
    'legalEntity.representative.civility': [
      'Civilité du représentant légal',
      'Représentant légal - Civilité',
      'Représentant légal (Civilité)',
    ],
    'legalEntity.representative.firstName': [
      'Prénom du représentant légal',
      'Représentant légal - Prénom',
      'Représentant légal (Prénom)',
    ],
    'legalEntity.representative.lastName': [
      'Nom du représentant légal',
      'Représentant légal - Nom',
      'Représentant légal (Nom)',
    ],
    'legalEntity.representative.capacity': [
      'Qualité du représentant légal',
      'Représentant légal - Qualité',
      'Représentant légal (Qualité)',
      'Fonction du représentant légal',
      'Représentant légal - Fonction',
    ],
    address: ['Adresse du lieu principal d’exercice', 'Adresse'],
    commune: ['Commune d’implantation', 'Commune'],
    communeCode: ['Commune d’implantation (Code INSEE)', 'Code INSEE', 'Code commune'],
    communeName: ['Nom de la commune'],
    departmentCode: ['Commune d’implantation (Département)', 'Département'],
    zoning: ['Zonage', 'Zonage médecins'],
    apl: ['APL', 'APL médecins généralistes'],
    'grant.requested': ['Montant de l’aide sollicitée (en euros)', 'Montant de l’aide sollicitée', 'Montant sollicité'],
    'grant.engineering': ['Dont ingénierie de projet (en euros)', 'Ingénierie de projet'],
    'grant.it': ['Dont investissement informatique (en euros)', 'Investissement informatique'],
    'grant.furniture': ['Dont mobilier et logistique (en euros)', 'Mobilier et logistique'],
    'coordination.meetingFrequency': [
      'Réunions de concertation pluriprofessionnelles',
      'Fréquence des réunions de concertation',
    ],
    'coordination.protocolCount': [
      'Nombre de protocoles pluriprofessionnels prévus',
      'Nombre de protocoles pluriprofessionnels',
    ],
    'coordination.informationSystem': ['Nom du logiciel', 'Logiciel'],
    'coordination.informationSystemLabelled': [
      'Système d’information partagé labellisé par l’ANS',
      'Système d’information labellisé',
    ],
    'coordination.secureMessaging': ['Messagerie sécurisée de santé (MSSanté)', 'MSSanté'],
    'coordination.coordinator': ['Coordinateur ou coordinatrice identifié(e)', 'Coordinateur identifié'],
    'coordination.openingHours': ['Horaires d’ouverture'],
    'coordination.unscheduledCare': ['Soins non programmés'],
    'project.summary': ['Présentation du projet de santé', 'Présentation du projet'],
    'project.themes': ['Thématiques du projet', 'Thématiques'],
    'project.startDate': ['Date prévisionnelle de démarrage', 'Date de démarrage'],
    'project.declaredProfessionals': ['Nombre de professionnels de santé impliqués', 'Nombre de professionnels'],
    'project.inPriorityZone': [
      'Projet situé en zone d’intervention prioritaire (ZIP)',
      'Zone d’intervention prioritaire (ZIP)',
    ],
    declaredFiles: ['Projet de santé (document PDF)', 'Statuts de la structure', 'Lettre d’intention'],
  },
  professional: {
    dossierId: ['Dossier ID', 'ID du dossier'],
    row: ['Ligne'],
    lastName: ['Nom', 'Nom du professionnel'],
    firstName: ['Prénom', 'Prénom du professionnel'],
    profession: ['Profession', 'Profession de santé'],
    identifier: ['Numéro RPPS', 'RPPS', 'Numéro RPPS ou ADELI', 'Numéro ADELI', 'ADELI'],
    commune: ['Commune d’exercice'],
    communeCode: ['Commune d’exercice (Code INSEE)'],
    communeName: ['Nom de la commune d’exercice'],
    role: ['Rôle', 'Rôle dans l’équipe', 'Fonction'],
  },
};

export interface ColumnMatch<K extends string> {
  /** For each header, in order, the field it feeds, or null when it is ignored. */
  fields: (K | null)[];
  /** Required fields that no header feeds. */
  missing: K[];
}

/**
 * Which field each header feeds, by its aliases. A header feeds one field; a field reads one
 * column, except the lists (several attachment columns all add to the declared files).
 */
export function matchHeaders<K extends string>(
  headers: readonly string[],
  aliases: Record<K, readonly string[]>,
  specs: Record<K, TargetField>,
): ColumnMatch<K> {
  const byAlias = new Map<string, K>();
  for (const [key, list] of Object.entries(aliases) as [K, readonly string[]][]) {
    for (const alias of list) {
      const normalized = normalizeHeader(alias);
      if (!byAlias.has(normalized)) byAlias.set(normalized, key);
    }
  }
  const used = new Set<K>();
  const fields = headers.map((header) => {
    const key = byAlias.get(normalizeHeader(header));
    if (key === undefined || (used.has(key) && specs[key].kind !== 'list')) return null;
    used.add(key);
    return key;
  });
  const missing = (Object.keys(specs) as K[]).filter((key) => specs[key].required && !used.has(key));
  return { fields, missing };
}

/** `matchHeaders` for one table of a mapping: the dossiers, or the professionals' repetition block. */
export function matchColumns<T extends MappingTable = 'dossier'>(
  headers: readonly string[],
  mapping: ImportMapping,
  table: T = 'dossier' as T,
): ColumnMatch<FieldKeyOf<T>> {
  const specs = mappingTables[table] as Record<FieldKeyOf<T>, TargetField>;
  return matchHeaders(headers, mapping[table] as Record<FieldKeyOf<T>, string[]>, specs);
}

/** One problem of an import, located in the file as the user sees it. */
export interface ImportProblem {
  /** Physical line (CSV), spreadsheet row (XLSX, ODS) or rank of the dossier (API JSON). */
  line: number;
  /** The column header as it appears in the file. */
  column?: string;
  /** The target field: a key of the mapping, "professionals.<key>" for a professional. */
  field?: string;
  /** French, naming the line, the column and the field. */
  message: string;
  /** The sheet (XLSX, ODS) or, for the API JSON, the repetition block. */
  sheet?: string;
}

export type ImportFormat = 'csv' | 'xlsx' | 'ods' | 'graphql-json';

export interface ImportColumn {
  header: string;
  /** The target field it feeds, named as in ImportProblem.field; null when the column is ignored. */
  field: string | null;
  sheet?: string;
}

export interface DossierFileImport {
  format: ImportFormat;
  /** CSV only: utf-8, utf-8-bom, windows-1252, utf-16le, utf-16be. */
  encoding?: string;
  /** CSV only. */
  separator?: string;
  sheets: string[];
  /** Sheets the import does not read: neither the dossiers nor the professionals' block. */
  ignoredSheets: string[];
  columns: ImportColumn[];
  /** The dossiers that passed validation, with the line they start on. */
  dossiers: { line: number; data: DossierData }[];
  /** Each refuses the whole file. */
  problems: ImportProblem[];
  /** To look at, without refusing the file: formula cells, a last line perhaps cut... */
  warnings: ImportProblem[];
  /** Places a message on a field of the dossier read at this line, as its problems are. */
  locate(line: number, field: string, message: string): ImportProblem;
}

export interface ZoningEntry {
  communeCode: string;
  communeName: string;
  zoning: Zoning;
  apl: number | null;
}

export interface ZoningFileImport {
  entries: ZoningEntry[];
  problems: ImportProblem[];
}
