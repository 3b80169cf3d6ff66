/**
 * The contract's methods of Démarches Simplifiées: the connection of a procedure, and the sync
 * of its dossiers. Spread into `contract`.
 */
import { attachmentKinds } from '../eligibility';
import { dsStates } from '../dossier';
import { dsConnectionInputSchema, dsConnectionSchema, dsConnectionViewSchema, dsTestSchema, dsTokenSchema, procedureNumberSchema } from '../ds';
import { requiredText, z } from '../validation';
import { importChoices, importCountsSchema, importPreviewSchema, importUploadSchema } from './import';
import { jobSchemaOf } from './job';

const connectionsSchema = z.object({
  connections: z.array(dsConnectionViewSchema),
  /** Whether this machine can keep a token (the OS keychain). */
  keychain: z.boolean(),
  /** Whether DS_API_TOKEN is set (the CLI's way, where there is no keychain). */
  environmentToken: z.boolean(),
});

const syncInput = z.strictObject({
  /** The procedure; may be left out when only one is connected. */
  procedureNumber: procedureNumberSchema.optional(),
  /** Only the dossiers in this state on the platform; such a sync does not move the point the next one starts from. */
  state: z.enum(dsStates, { error: "L'état doit être en_construction, en_instruction, accepte, refuse ou sans_suite." }).nullable().default(null),
  /** Every dossier, not only those changed since the last sync. */
  full: z.boolean({ error: 'full doit valoir true ou false.' }).default(false),
  mappingName: importUploadSchema.shape.mappingName,
  ...importChoices,
});

const syncAbout = {
  procedureNumber: z.number(),
  /** The dossiers changed since this time were asked for; null: all of them. */
  since: z.string().nullable(),
  pages: z.number(),
};

const fileSchema = z.object({ dsNumber: z.number(), label: z.string(), fileName: z.string(), kind: z.enum(attachmentKinds) });

const syncRunInput = syncInput.extend({
  /** Allows changing dossiers that have an opinion, a decision or a notification. */
  confirmDecided: z.boolean({ error: 'confirmDecided doit valoir true ou false.' }).default(false),
});

const syncResultSchema = importCountsSchema.extend({
  ...syncAbout,
  /** The import batch that records the sync; null when nothing had changed. */
  batchId: z.number().nullable(),
  files: z.object({
    kept: z.number(),
    /** Already attached to their dossier (the same content). */
    alreadyKept: z.number(),
    /** Downloaded, but of a kind of file the app does not keep. */
    refused: z.array(z.object({ dsNumber: z.number(), fileName: z.string(), message: z.string() })),
  }),
});

export const dsMethods = {
  'ds.connection.get': {
    description: 'Les démarches de Démarches Simplifiées connectées (instance, numéro, groupe instructeur, dernière synchronisation) et si un jeton est gardé sur ce poste.',
    input: z.strictObject({}),
    output: connectionsSchema,
  },
  'ds.connection.save': {
    description:
      "Enregistre la connexion d'une démarche (adresse de l'instance, numéro, groupe instructeur facultatif) ; le jeton d'accès, s'il est donné, est gardé par le trousseau du système de ce poste.",
    input: dsConnectionInputSchema,
    output: connectionsSchema,
  },
  'ds.connection.test': {
    description: "Interroge une fois Démarches Simplifiées avec la connexion indiquée (le jeton gardé, sinon celui donné) et dit en français ce qui va ou ne va pas.",
    input: z.strictObject({ connection: dsConnectionSchema, token: dsTokenSchema.optional() }),
    output: dsTestSchema,
  },
  'ds.sync.preview': {
    description:
      "Lit les dossiers de la démarche changés depuis la dernière synchronisation (ou tous, full) sans rien écrire : le même aperçu qu'un fichier importé, et les pièces jointes qui seraient téléchargées.",
    input: syncInput,
    output: importPreviewSchema.extend({
      ...syncAbout,
      /** The files to download: those already attached to their dossier (the same checksum) are not. */
      files: z.array(fileSchema),
      filesAlreadyKept: z.number(),
    }),
  },
  'ds.sync.run': {
    description:
      "Synchronise les dossiers de la démarche en une transaction, comme un import de fichier (mêmes correspondances, mêmes règles de fusion), leurs pièces jointes téléchargées et vérifiées par leur empreinte ; rien n'est écrit si une étape échoue.",
    input: syncRunInput,
    output: syncResultSchema,
  },
  'ds.sync.start': {
    description: "Lance ds.sync.run en tâche de fond ; suivre l'avancement avec ds.sync.job.",
    input: syncRunInput,
    output: jobSchemaOf(syncResultSchema),
  },
  'ds.sync.job': {
    description: "L'avancement d'une synchronisation : dossiers lus, pièces téléchargées, résultat.",
    input: z.strictObject({ jobId: requiredText("L'identifiant de la tâche", 100) }),
    output: jobSchemaOf(syncResultSchema),
  },
} as const;
