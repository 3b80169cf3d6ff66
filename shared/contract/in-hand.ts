/**
 * The contract's methods that put documents in the user's hands: the register's files opened,
 * printed, copied, zipped; e-mail drafts; the members' convocations. Spread into `contract`.
 */
import { absolutePath, boundedList, isoDate, z } from '../validation';

const id = (label: string) => z.number({ error: `${label} doit être un nombre.` }).int().positive();
const documentId = z.strictObject({ id: id("L'identifiant du document") });
const sessionId = id("L'identifiant de la séance");

/** A file or folder the user names (the CLI), by its full path. */
const pathSchema = absolutePath;

const draftSchema = z.object({
  /** The .eml file written. */
  path: z.string(),
  subject: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  /** The attached files' names. */
  attachments: z.array(z.string()),
  /** What the user should know before sending: a missing address… */
  warnings: z.array(z.string()),
});
export type MailDraftInfo = z.infer<typeof draftSchema>;

const draftsSchema = z.object({
  /** null: the user cancelled the choice of folder. */
  folder: z.string().nullable(),
  drafts: z.array(draftSchema),
});

const convocationsSchema = z.object({
  sessionId: z.number(),
  /** Where the convocations and the agenda are written. */
  folder: z.string(),
  agendaPath: z.string().nullable(),
  members: z.array(
    z.object({
      memberId: z.number(),
      name: z.string(),
      email: z.string(),
      filePath: z.string().nullable(),
      createdAt: z.string().nullable(),
      sentAt: z.string().nullable(),
    }),
  ),
  /** Days from today to the meeting. */
  daysBefore: z.number(),
  /** CRPA R133-8: said when the convocations would reach members fewer than five days before. */
  warning: z.string().nullable(),
});
export type ConvocationsView = z.infer<typeof convocationsSchema>;

export const inHandMethods = {
  'documents.open': {
    description: 'Ouvre un document du registre dans la visionneuse du système (vérifié contre son empreinte).',
    input: documentId,
    output: z.object({ path: z.string(), opened: z.boolean() }),
  },
  'documents.print': {
    description: "Envoie un document du registre à l'impression du système.",
    input: documentId,
    output: z.object({ path: z.string(), printed: z.boolean() }),
  },
  'documents.reveal': {
    description: 'Montre un document du registre dans son dossier (explorateur de fichiers).',
    input: documentId,
    output: z.object({ path: z.string(), shown: z.boolean() }),
  },
  'documents.saveCopy': {
    description: "Enregistre une copie d'un document du registre à l'emplacement choisi (to, ou la boîte de dialogue de l'application).",
    input: z.strictObject({ id: id("L'identifiant du document"), to: pathSchema('Le fichier de destination').optional() }),
    output: z.object({ path: z.string().nullable() }),
  },
  'documents.zip': {
    description: "La dernière version de chaque document d'une séance dans une archive ZIP (to, ou la boîte de dialogue de l'application).",
    input: z.strictObject({ sessionId, to: pathSchema("Le fichier de l'archive").optional() }),
    output: z.object({
      path: z.string().nullable(),
      files: z.array(z.object({ name: z.string(), reference: z.string(), sha256: z.string(), size: z.number() })),
      size: z.number(),
    }),
  },
  'mail.letterDraft': {
    description:
      "Écrit le brouillon de courriel (.eml) d'un courrier de décision, avec le courrier et la convention en pièces jointes, au porteur et en copie au département, et l'ouvre dans la messagerie.",
    input: z.strictObject({ documentId: id("L'identifiant du courrier") }),
    output: draftSchema.extend({ opened: z.boolean() }),
  },
  'mail.sessionDrafts': {
    description: "Écrit les brouillons de courriel (.eml) des derniers courriers de décision d'une séance dans un dossier (folder, ou la boîte de dialogue).",
    input: z.strictObject({ sessionId, folder: pathSchema('Le dossier').optional() }),
    output: draftsSchema,
  },
  'convocations.get': {
    description: "Les convocations d'une séance : par membre, le fichier produit et la date d'envoi ; l'alerte des cinq jours (CRPA, art. R133-8).",
    input: z.strictObject({ sessionId }),
    output: convocationsSchema,
  },
  'convocations.generate': {
    description: "Produit la convocation de chaque membre de la séance (date, heure, lieu ou lien, ordre du jour, documents à examiner) et l'ordre du jour, en PDF.",
    input: z.strictObject({ sessionId }),
    output: convocationsSchema,
  },
  'convocations.open': {
    description: "Ouvre la convocation d'un membre, ou l'ordre du jour sans memberId, dans la visionneuse du système.",
    input: z.strictObject({ sessionId, memberId: id("L'identifiant du membre").optional() }),
    output: z.object({ path: z.string(), opened: z.boolean() }),
  },
  'convocations.markSent': {
    description: "Indique que les convocations des membres ont été envoyées (aujourd'hui par défaut).",
    input: z.strictObject({
      sessionId,
      memberIds: boundedList('Les membres', id("L'identifiant du membre"), 200).min(1, { error: 'Indiquer au moins un membre.' }),
      sentAt: isoDate.optional(),
    }),
    output: convocationsSchema,
  },
  'convocations.draft': {
    description: "Écrit le brouillon de courriel (.eml) de la convocation d'un membre, avec l'ordre du jour, et l'ouvre dans la messagerie.",
    input: z.strictObject({ sessionId, memberId: id("L'identifiant du membre") }),
    output: draftSchema.extend({ opened: z.boolean() }),
  },
  'convocations.drafts': {
    description: 'Écrit les brouillons de courriel (.eml) des convocations de tous les membres dans un dossier (folder, ou la boîte de dialogue).',
    input: z.strictObject({ sessionId, folder: pathSchema('Le dossier').optional() }),
    output: draftsSchema,
  },
} as const;
