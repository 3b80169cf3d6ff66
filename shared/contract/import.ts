/**
 * The schemas of an import of dossiers, shared by the file import and the sync with Démarches
 * Simplifiées (shared/contract/ds.ts): the same choices, the same preview.
 */
import { dossierFieldNames } from '../diff';
import { dossierStatuses } from '../dossier';
import { uploadSchema } from '../upload';
import { z } from '../validation';

export const importUploadSchema = uploadSchema.extend({
  /** A saved column mapping; the standard form's by default. */
  mappingName: z.string().trim().min(1).optional(),
});

const dossierFieldSchema = z.enum(dossierFieldNames, { error: 'Ce champ du dossier est inconnu.' });
const keepSchema = z.enum(['manual', 'file'], { error: 'Garder « manual » (la correction) ou « file » (le fichier).' });

/** What the user chose for the fields corrected by hand: the preview shows the import these choices make. */
export const importChoices = {
  /** The user's choice for each field corrected by hand that the file would change. */
  resolutions: z
    .array(z.strictObject({ dsNumber: z.number().int().positive(), field: dossierFieldSchema, keep: keepSchema }))
    .max(100_000)
    .default([]),
  /** For the conflicts `resolutions` leaves out: the file's value rather than the correction. */
  overwriteManual: z.boolean().default(false),
};

/** Values as a person reads them (20 000 €, 1er janvier 2027); null where there is none. */
const importFieldChangeSchema = z.object({
  field: dossierFieldSchema,
  label: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});

/** A field corrected by hand that the file would change: kept unless the user chooses the file's value. */
const importConflictSchema = z.object({
  field: dossierFieldSchema,
  label: z.string(),
  manual: z.string().nullable(),
  file: z.string().nullable(),
  editedAt: z.string(),
  editedBy: z.string(),
  keep: keepSchema,
});

const importChangeSchema = z.object({
  line: z.number(),
  dsNumber: z.number().nullable(),
  name: z.string(),
  action: z.enum(['create', 'update', 'unchanged']),
  /** The stored dossier's status; null for a dossier the import creates. */
  status: z.enum(dossierStatuses).nullable(),
  /** It has an opinion, a decision or a notification: changing it needs `confirmDecided`. */
  decided: z.boolean(),
  /** Each field an update changes, old → new. */
  fields: z.array(importFieldChangeSchema),
  conflicts: z.array(importConflictSchema),
});

export const importCountsSchema = z.object({
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  changes: z.array(importChangeSchema),
});

/** Something of the file, located as the user sees it; the message (French) names it all. */
const importRemarkSchema = z.object({
  line: z.number(),
  column: z.string().nullable(),
  field: z.string().nullable(),
  message: z.string(),
  sheet: z.string().nullable(),
});

export const importPreviewSchema = importCountsSchema.extend({
  format: z.enum(['csv', 'xlsx', 'ods', 'graphql-json']),
  encoding: z.string().nullable(),
  separator: z.string().nullable(),
  sheets: z.array(z.string()),
  /** Sheets read neither for the dossiers nor for the professionals. */
  ignoredSheets: z.array(z.string()),
  mappingName: z.string(),
  columns: z.array(z.object({ header: z.string(), field: z.string().nullable(), sheet: z.string().nullable() })),
  /** Each refuses the whole file. */
  problems: z.array(importRemarkSchema),
  /** To look at, without refusing the file. */
  warnings: z.array(importRemarkSchema),
  dossierCount: z.number(),
  professionalCount: z.number(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;
