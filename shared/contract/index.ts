import { z } from '../validation';
import { settingsSchema, settingsUpdateSchema } from '../settings';
import {
  attachmentInfoSchema,
  dossierInputSchema,
  dossierListInputSchema,
  dossierRefSchema,
  dossierStatuses,
  dossierSummarySchema,
} from '../dossier';
import { attachmentKinds, type Eligibility } from '../eligibility';
import { importMappingSchema, type ZoningEntry } from '../import-mapping';
import { uploadSchema } from '../upload';
import type { Result } from '../result';
import type { MethodName } from './methods';

export { methodNames, isMethodName, type MethodName } from './methods';

interface MethodSpec {
  /** French, shown by `cli methods`. */
  description: string;
  input: z.ZodType;
  output: z.ZodType;
}

const noInput = z.strictObject({});

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const regionSchema = z.object({
  code: z.string(),
  name: z.string(),
  departments: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type Region = z.infer<typeof regionSchema>;

const eligibilitySchema = z.custom<Eligibility>();

export const dossierDetailSchema = z.object({
  id: z.number(),
  status: z.enum(dossierStatuses),
  createdAt: z.string(),
  updatedAt: z.string(),
  data: dossierInputSchema,
  eligibility: eligibilitySchema,
  /** What the ARS zoning table says of the dossier's commune, when it lists it. */
  referenceZoning: z.custom<ZoningEntry>().nullable(),
  attachments: z.array(attachmentInfoSchema),
});
export type DossierDetail = z.infer<typeof dossierDetailSchema>;

const importUploadSchema = uploadSchema.extend({
  /** A saved column mapping; the standard form's by default. */
  mappingName: z.string().trim().min(1).optional(),
});

const importChangeSchema = z.object({
  line: z.number(),
  dsNumber: z.number().nullable(),
  name: z.string(),
  action: z.enum(['create', 'update', 'unchanged']),
  /** Dotted paths of the fields an update changes. */
  fields: z.array(z.string()),
});

const importCountsSchema = z.object({
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  changes: z.array(importChangeSchema),
});

export const importPreviewSchema = importCountsSchema.extend({
  format: z.enum(['csv', 'xlsx', 'ods', 'graphql-json']),
  encoding: z.string().nullable(),
  separator: z.string().nullable(),
  sheets: z.array(z.string()),
  mappingName: z.string(),
  columns: z.array(z.object({ header: z.string(), field: z.string().nullable(), sheet: z.string().nullable() })),
  problems: z.array(
    z.object({
      line: z.number(),
      column: z.string().nullable(),
      field: z.string().nullable(),
      message: z.string(),
      sheet: z.string().nullable(),
    }),
  ),
  dossierCount: z.number(),
  professionalCount: z.number(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

/**
 * The one contract: every method's name, input schema and output type. Electron IPC, the CLI
 * and the test HTTP bridge are transports of it; the Node-side services implement it.
 */
export const contract = {
  'app.info': {
    description: "Version de l'application et emplacement de la base de données.",
    input: noInput,
    output: z.object({
      version: z.string(),
      databasePath: z.string(),
      schemaVersion: z.number(),
    }),
  },
  'settings.get': {
    description: "Paramètres de l'ARS : identité, signataire, départements, aide au démarrage.",
    input: noInput,
    output: settingsSchema,
  },
  'settings.update': {
    description:
      'Enregistre une ou plusieurs sections des paramètres (chaque section est remplacée entière) et journalise le changement.',
    input: settingsUpdateSchema,
    output: settingsSchema,
  },
  'reference.regions': {
    description: 'Régions et départements français (référentiel INSEE).',
    input: noInput,
    output: z.array(regionSchema),
  },
  'audit.list': {
    description: "Journal des modifications, du plus récent au plus ancien, filtré par type d'entité ou entité.",
    input: z.strictObject({
      entityType: z.string().trim().min(1).optional(),
      entityId: z.string().trim().min(1).optional(),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    output: z.array(auditEntrySchema),
  },
  'dossiers.list': {
    description: 'Liste des dossiers, filtrée (recherche, type, statut, département, éligibilité), triée et paginée.',
    input: dossierListInputSchema,
    output: z.object({ total: z.number(), rows: z.array(dossierSummarySchema) }),
  },
  'dossiers.get': {
    description: "Un dossier complet : données, professionnels, pièces jointes et contrôle d'éligibilité.",
    input: dossierRefSchema,
    output: dossierDetailSchema,
  },
  'dossiers.create': {
    description: 'Crée un dossier saisi à la main (mêmes contrôles que les imports).',
    input: z.strictObject({ data: dossierInputSchema }),
    output: dossierDetailSchema,
  },
  'dossiers.update': {
    description: 'Remplace les données d’un dossier et de ses professionnels ; la modification est journalisée.',
    input: z.strictObject({ id: z.number().int().positive(), data: dossierInputSchema }),
    output: dossierDetailSchema,
  },
  'attachments.add': {
    description: 'Joint un document au dossier (projet de santé signé, statuts, lettre d’intention…) ; une copie est conservée.',
    input: uploadSchema.extend({
      dossierId: z.number().int().positive(),
      kind: z.enum(attachmentKinds, { error: 'Le type de document est inconnu.' }),
    }),
    output: attachmentInfoSchema,
  },
  'attachments.remove': {
    description: "Retire une pièce jointe du dossier et supprime sa copie.",
    input: z.strictObject({ id: z.number().int().positive() }),
    output: z.null(),
  },
  'attachments.open': {
    description: 'Ouvre une pièce jointe avec la visionneuse du système et indique où est sa copie.',
    input: z.strictObject({ id: z.number().int().positive() }),
    output: z.object({ path: z.string(), opened: z.boolean() }),
  },
  'eligibility.report': {
    description: "Contrôle d'éligibilité de tous les dossiers, ou d'un seul par son numéro Démarches Simplifiées.",
    input: z.strictObject({ dsNumber: z.number().int().positive().optional() }),
    output: z.array(
      z.object({ id: z.number(), dsNumber: z.number().nullable(), name: z.string(), eligibility: eligibilitySchema }),
    ),
  },
  'import.preview': {
    description: "Lit un export Démarches Simplifiées sans rien écrire : colonnes reconnues, problèmes par ligne, dossiers créés ou modifiés.",
    input: importUploadSchema,
    output: importPreviewSchema,
  },
  'import.run': {
    description: "Importe un export Démarches Simplifiées en une transaction ; un fichier qui a des problèmes est refusé en entier.",
    input: importUploadSchema,
    output: importCountsSchema.extend({ batchId: z.number() }),
  },
  'import.mappings.list': {
    description: "Correspondances de colonnes : celle du formulaire standard et celles enregistrées.",
    input: noInput,
    output: z.array(z.object({ builtin: z.boolean(), mapping: importMappingSchema })),
  },
  'import.mappings.save': {
    description: 'Enregistre une correspondance de colonnes (par démarche), sous son nom.',
    input: z.strictObject({ mapping: importMappingSchema }),
    output: importMappingSchema,
  },
  'import.mappings.delete': {
    description: 'Supprime une correspondance de colonnes enregistrée.',
    input: z.strictObject({ name: z.string().trim().min(1) }),
    output: z.null(),
  },
  'zoning.import': {
    description: 'Remplace le zonage médecins (ZIP, ZAC, APL par commune) par le tableau publié par l’ARS.',
    input: uploadSchema,
    output: z.object({ imported: z.number(), ZIP: z.number(), ZAC: z.number(), none: z.number() }),
  },
} as const satisfies { [M in MethodName]: MethodSpec };

export type Contract = typeof contract;
/** What a caller passes (defaults may be left out). */
export type Input<M extends MethodName> = z.input<Contract[M]['input']>;
/** What a handler receives, after parsing. */
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type Output<M extends MethodName> = z.output<Contract[M]['output']>;

export type Handlers<Ctx> = {
  [M in MethodName]: (input: ParsedInput<M>, ctx: Ctx) => Output<M> | Promise<Output<M>>;
};

/** The shape of `window.api` in the renderer, whatever the transport behind it. */
export type Api = {
  [M in MethodName]: (input: Input<M>) => Promise<Result<Output<M>>>;
};
