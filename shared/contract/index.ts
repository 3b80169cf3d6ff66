import { z } from '../validation';
import { settingsUpdateSchema, versionedSettingsSchema } from '../settings';
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
import { gridVersionSchema } from '../scoring';
import type { ConfigPreview } from '../config';
import {
  agendaEntrySchema,
  decisionInputSchema,
  gridInputSchema,
  opinionInputSchema,
  rollEntrySchema,
  rosterMemberSchema,
  scoreSheetInputSchema,
  scorerSchema,
  sessionFieldsSchema,
  withdrawalEntrySchema,
  type ItemsUpdate,
  type RosterMember,
  type VersionedMember,
  type DossierExamination,
  type ScoresView,
  type SessionDetail,
  type SessionSummary,
} from '../session';
import { attachmentFileNameSchema } from '../attachments';
import { absolutePath, checkedText, isoDate, requiredText } from '../validation';
import { archiveResultSchema, archiveTargetSchema, backupSchema, backupsStatusSchema, pendingRestoreSchema, restoreSourceSchema } from '../backups';
import { auditVerificationSchema, purgeReportSchema } from '../retention';
import type { Result } from '../result';
import { agreementInputSchema, followUpSchema, paymentFieldsSchema, withdrawalFieldsSchema } from '../followup';
import { documentKinds } from '../documents';
import { envelopeSchema } from '../envelope';
import { expectedVersionSchema } from '../versions';
import type { MethodName } from './methods';
import { inHandMethods } from './in-hand';
import { teamMethods } from './team';
import { importChoices, importCountsSchema, importPreviewSchema, importUploadSchema } from './import';
import { jobSchemaOf } from './job';
import { liveMethods } from './live';
import { dsPushMethods } from './ds-push';
import { dsMethods } from './ds';
import { accountMethods } from './accounts';

export { methodNames, isMethodName, type MethodName } from './methods';
export { importPreviewSchema, type ImportPreview } from './import';

interface MethodSpec {
  /** French, shown by `cli methods`. */
  description: string;
  input: z.ZodType;
  output: z.ZodType;
}

const noInput = z.strictObject({});
const sessionId = z.number({ error: "L'identifiant de la séance doit être un nombre." }).int().positive();

const documentKindSchema = z.enum(documentKinds, {
  error: 'Le type de document doit être decision_letter, funding_agreement ou minutes.',
});

/** Whether the folder is usable is judged by the service, at once, before any work. */
const folderSchema = absolutePath('Le dossier');

const generateInput = z.strictObject({
  sessionId,
  /** Absolute path; the app's data folder by default. */
  folder: folderSchema.optional(),
  kinds: z.array(documentKindSchema).min(1).max(documentKinds.length).default([...documentKinds]),
  /** Resuming: skip each document whose latest version still matches its decision and is on disk. */
  onlyMissing: z.boolean({ error: 'onlyMissing doit valoir true ou false.' }).default(false),
});

const registeredDocumentSchema = z.object({
  id: z.number(),
  kind: documentKindSchema,
  sessionId: z.number(),
  dossierId: z.number().nullable(),
  dossierName: z.string().nullable(),
  dsNumber: z.number().nullable(),
  version: z.number(),
  reference: z.string(),
  filePath: z.string(),
  sha256: z.string(),
  size: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
  sentAt: z.string().nullable(),
  /** « À refaire »: the decision (or, for the minutes, the session) changed since it was produced. */
  stale: z.boolean(),
  staleReason: z.string(),
  /** « Caduc »: stale, and the decision no longer calls for it (an agreement after a refusal). */
  void: z.boolean(),
});

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
  /** To send back with `dossiers.update`: a save from an older version is refused. */
  version: z.number(),
  updatedBy: z.string(),
  data: dossierInputSchema,
  eligibility: eligibilitySchema,
  /** What the ARS zoning table says of the dossier's commune, when it lists it. */
  referenceZoning: z.custom<ZoningEntry>().nullable(),
  attachments: z.array(attachmentInfoSchema),
});
export type DossierDetail = z.infer<typeof dossierDetailSchema>;


const generatedSchema = z.object({
  folder: z.string(),
  total: z.number(),
  /** Already in the register for the current decisions (with onlyMissing): not made again. */
  skipped: z.number(),
  cancelled: z.boolean(),
  documents: z.array(registeredDocumentSchema),
});

const jobSchema = jobSchemaOf(generatedSchema);
const archiveJobSchema = jobSchemaOf(archiveResultSchema);

/**
 * The one contract: every method's name, input schema and output type. Electron IPC, the CLI
 * and the test HTTP bridge are transports of it; the Node-side services implement it.
 */
export const contract = {
  'app.info': {
    description: "Version de l'application, emplacement de la base de données et des dossiers de l'application (pièces jointes, documents).",
    input: noInput,
    output: z.object({
      version: z.string(),
      databasePath: z.string(),
      schemaVersion: z.number(),
      /** The folder of the database, the attachments under `pieces` and the documents produced by default. */
      dataDir: z.string(),
      attachmentsDir: z.string(),
      documentsDir: z.string(),
    }),
  },
  'settings.get': {
    description: "Paramètres de l'ARS : identité, signataire, départements, aide au démarrage.",
    input: noInput,
    output: versionedSettingsSchema,
  },
  'settings.update': {
    description:
      'Enregistre une ou plusieurs sections des paramètres (chaque section est remplacée entière) et journalise le changement.',
    input: settingsUpdateSchema,
    output: versionedSettingsSchema,
  },
  'reference.regions': {
    description: 'Régions et départements français (référentiel INSEE).',
    input: noInput,
    output: z.array(regionSchema),
  },
  'audit.list': {
    description: "Journal des modifications, du plus récent au plus ancien, filtré par type d'entité ou entité.",
    input: z.strictObject({
      entityType: requiredText("Le type d'entité", 100).optional(),
      entityId: requiredText("L'identifiant de l'entité", 100).optional(),
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
    input: z.strictObject({ id: z.number().int().positive(), data: dossierInputSchema, expectedVersion: expectedVersionSchema.optional() }),
    output: dossierDetailSchema,
  },
  'attachments.add': {
    description: 'Joint un document au dossier (projet de santé signé, statuts, lettre d’intention…) ; une copie est conservée.',
    input: uploadSchema.extend({
      fileName: attachmentFileNameSchema,
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
    description:
      "Lit un export Démarches Simplifiées sans rien écrire : colonnes reconnues, problèmes par ligne, dossiers créés ou modifiés, tels que les choix faits pour les champs corrigés à la main (resolutions, overwriteManual) les donneraient.",
    input: importUploadSchema.extend(importChoices),
    output: importPreviewSchema,
  },
  'import.run': {
    description:
      "Importe un export Démarches Simplifiées en une transaction ; un fichier qui a des problèmes est refusé en entier. Un champ corrigé à la main garde sa correction sauf choix contraire (resolutions, overwriteManual) ; un dossier qui a un avis, une décision ou une notification n'est modifié qu'avec confirmDecided.",
    input: importUploadSchema.extend({
      ...importChoices,
      /** Allows changing dossiers that have an opinion, a decision or a notification. */
      confirmDecided: z.boolean().default(false),
    }),
    output: importCountsSchema.extend({ batchId: z.number() }),
  },
  'import.mappings.list': {
    description: "Correspondances de colonnes : celle du formulaire standard et celles enregistrées.",
    input: noInput,
    /** `version`: sent back with `import.mappings.save` (0 for the standard form's). */
    output: z.array(z.object({ builtin: z.boolean(), mapping: importMappingSchema, version: z.number() })),
  },
  'import.mappings.save': {
    description: 'Enregistre une correspondance de colonnes (par démarche), sous son nom.',
    input: z.strictObject({
      mapping: importMappingSchema,
      /** The saved mapping's version when loaded; 0 for a name not saved yet. */
      expectedVersion: expectedVersionSchema.optional(),
    }),
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
  'grid.get': {
    description: "La grille d'évaluation en vigueur (axes, critères, barèmes, seuils) et sa version.",
    input: noInput,
    output: gridVersionSchema.extend({ version: z.number() }),
  },
  'grid.update': {
    description: "Enregistre une nouvelle version de la grille ; les séances gardent la version avec laquelle elles ont été notées.",
    input: z.strictObject({ grid: gridInputSchema, /** The version `grid.get` gave. */ expectedVersion: expectedVersionSchema.optional() }),
    output: gridVersionSchema,
  },
  'config.export': {
    description:
      "La configuration de l'agence en un fichier JSON (identité, départements, règles, textes, grille) ; les noms des personnes et les membres seulement avec personalData.",
    input: z.strictObject({ personalData: z.boolean({ error: 'Préciser si les données personnelles sont exportées (personalData).' }).default(false) }),
    output: z.object({ fileName: z.string(), contentBase64: z.string() }),
  },
  'config.preview': {
    description: "Lit un fichier de configuration et liste, section par section, chaque différence (avant → après), sans rien écrire.",
    input: uploadSchema,
    output: z.custom<ConfigPreview>(),
  },
  'config.import': {
    description: 'Importe un fichier de configuration en une transaction : les sections qui diffèrent, une nouvelle version de la grille, les membres.',
    input: uploadSchema,
    output: z.custom<ConfigPreview>(),
  },
  'members.list': {
    description: 'Les membres de la commission (liste réutilisable d’une séance à l’autre).',
    input: noInput,
    output: z.array(z.custom<VersionedMember>()),
  },
  'members.save': {
    description:
      'Ajoute un membre à la liste, ou modifie un membre existant (avec son identifiant). Un homonyme (mêmes prénom et nom) est refusé sauf avec allowDuplicate.',
    input: z.strictObject({
      member: rosterMemberSchema,
      allowDuplicate: z.boolean({ error: 'allowDuplicate doit valoir true ou false.' }).default(false),
      /** The member's version when loaded (`members.list`), for a change. */
      expectedVersion: expectedVersionSchema.optional(),
    }),
    output: z.custom<RosterMember>(),
  },
  'sessions.list': {
    description: 'Les séances, de la plus récente à la plus ancienne.',
    input: noInput,
    output: z.array(z.custom<SessionSummary>()),
  },
  'sessions.get': {
    description: 'Une séance : membres et présences, quorum, ordre du jour, déports, avis, décisions.',
    input: z.strictObject({ id: sessionId }),
    output: z.custom<SessionDetail>(),
  },
  'sessions.create': {
    description: 'Crée une séance (numéro, date, horaires, lieu ou visioconférence, président, secrétaire) avec les membres actifs.',
    input: sessionFieldsSchema,
    output: z.custom<SessionDetail>(),
  },
  'sessions.update': {
    description: 'Modifie les informations d’une séance non clôturée.',
    input: z.strictObject({ id: sessionId, fields: sessionFieldsSchema, expectedVersion: expectedVersionSchema.optional() }),
    output: z.custom<SessionDetail>(),
  },
  'sessions.setRoll': {
    description: 'Les membres qui siègent et leur présence : présent (éventuellement à distance), excusé, absent, représenté par un mandataire.',
    input: z.strictObject({ sessionId, members: z.array(rollEntrySchema).max(200), expectedVersion: expectedVersionSchema.optional() }),
    output: z.custom<SessionDetail>(),
  },
  'agenda.set': {
    description:
      "L'ordre du jour, dans l'ordre d'examen, avec le rapporteur de chaque dossier. Un dossier qui a reçu un avis ou un déport ne peut pas en être retiré.",
    input: z.strictObject({ sessionId, items: z.array(agendaEntrySchema).max(1000), expectedVersion: expectedVersionSchema.optional() }),
    output: z.custom<SessionDetail>(),
  },
  'conflicts.set': {
    description: "Les déports (conflits d'intérêts) : le membre ne prend part ni aux débats ni au vote du point.",
    input: z.strictObject({ sessionId, withdrawals: z.array(withdrawalEntrySchema).max(5000), expectedVersion: expectedVersionSchema.optional() }),
    output: z.custom<ItemsUpdate>(),
  },
  'items.recordOpinion': {
    description:
      "Enregistre l'avis de la commission sur un point : avis, réserves, motivation, vote, aide proposée et sa ventilation. Sans quorum, seul un ajournement faute de quorum (noQuorum), sans vote, est possible.",
    input: z.strictObject({
      itemId: z.number().int().positive(),
      opinion: opinionInputSchema,
      privateNotes: checkedText('Les notes privées', 10_000).optional(),
      /** The item's version when the opinion was loaded. */
      expectedVersion: expectedVersionSchema.optional(),
    }),
    output: z.custom<ItemsUpdate>(),
  },
  'items.recordDecision': {
    description:
      "Enregistre la décision de l'ARS : elle suit l'avis par défaut ; une autre issue ou un autre montant exige un motif. Datée du jour par défaut, jamais avant la séance ni après aujourd'hui.",
    input: decisionInputSchema.extend({ itemId: z.number().int().positive(), expectedVersion: expectedVersionSchema.optional() }),
    output: z.custom<ItemsUpdate>(),
  },
  'sessions.transition': {
    description: 'Fait passer une séance de « en préparation » à « convoquée », puis « en cours ».',
    input: z.strictObject({ id: sessionId, to: z.enum(['draft', 'convened', 'in_progress']) }),
    output: z.custom<SessionDetail>(),
  },
  'sessions.close': {
    description:
      "Clôture la séance, une fois tenue, quand chaque point a un avis ; elle est alors verrouillée. Les points sans décision reçoivent celle qui suit l'avis, datée de decisionDate (par défaut, le jour de la séance).",
    input: z.strictObject({
      id: sessionId,
      /** The date of the decisions closing writes; the session's day when left out. */
      decisionDate: isoDate.optional(),
    }),
    output: z.custom<SessionDetail>(),
  },
  'sessions.reopen': {
    description: 'Rouvre une séance clôturée, avec le motif (journalisé).',
    input: z.strictObject({ id: sessionId, reason: requiredText('Le motif de la réouverture', 1000) }),
    output: z.custom<SessionDetail>(),
  },
  'scores.get': {
    description: "Les notes d'un dossier : suggestions tirées du dossier, notes de l'instructeur et des membres, consensus.",
    input: z.strictObject({ dossierId: z.number().int().positive(), sessionId: sessionId.optional() }),
    output: z.custom<ScoresView>(),
  },
  'scores.save': {
    description: "Enregistre les notes confirmées d'un notateur (instructor, member:<id>, consensus) pour un dossier.",
    input: z.strictObject({
      dossierId: z.number().int().positive(),
      gridVersion: z.number().int().positive().optional(),
      scorer: scorerSchema,
      sheet: scoreSheetInputSchema,
      /** The scorer's sheet's version when loaded; 0 for a sheet not saved yet. */
      expectedVersion: expectedVersionSchema.optional(),
    }),
    output: z.custom<ScoresView>(),
  },
  'documents.generate': {
    description: "Produit les documents d'une séance clôturée (courriers de décision, conventions, procès-verbal) dans un dossier du disque, et les inscrit au registre.",
    input: generateInput,
    output: generatedSchema,
  },
  'documents.start': {
    description: 'Lance la production des documents d’une séance en tâche de fond (suivre avec documents.job, arrêter avec documents.cancel).',
    input: generateInput,
    output: jobSchema,
  },
  'documents.job': {
    description: "L'avancement d'une production de documents : fait, total, document en cours, résultat.",
    input: z.strictObject({ jobId: requiredText("L'identifiant de la tâche", 100) }),
    output: jobSchema,
  },
  'documents.cancel': {
    description: 'Arrête une production de documents après le document en cours ; ceux déjà produits restent au registre.',
    input: z.strictObject({ jobId: requiredText("L'identifiant de la tâche", 100) }),
    output: jobSchema,
  },
  'documents.preview': {
    description: "Un document de la séance, produit sans être enregistré, pour l'aperçu.",
    input: z.strictObject({ sessionId, kind: documentKindSchema, itemId: z.number().int().positive().optional() }),
    output: z.object({ fileName: z.string(), contentBase64: z.string() }),
  },
  'documents.list': {
    description: 'Le registre des documents produits, par séance ou par dossier.',
    input: z.strictObject({ sessionId: sessionId.optional(), dossierId: z.number().int().positive().optional() }),
    output: z.array(registeredDocumentSchema),
  },
  'documents.markSent': {
    description: "Indique qu'un courrier de décision a été envoyé (date de notification ; aujourd'hui par défaut).",
    input: z.strictObject({ id: z.number().int().positive(), sentAt: isoDate.optional() }),
    output: registeredDocumentSchema,
  },
  ...inHandMethods,
  ...teamMethods,
  ...liveMethods,
  ...dsPushMethods,
  ...dsMethods,
  ...accountMethods,
  'dashboard.deadlines': {
    description:
      "Les échéances : notifications à faire dans le mois qui suit la commission (à envoyer, bientôt dues, en retard, envoyées) et justificatifs demandés par les conventions signées (à recevoir, bientôt dus, en retard, reçus).",
    input: z.strictObject({ today: isoDate.optional() }),
    output: z.array(
      z.object({
        dossierId: z.number(),
        dsNumber: z.number().nullable(),
        name: z.string(),
        sessionId: z.number(),
        sessionNumber: z.string(),
        sessionDate: z.string(),
        deadline: z.string(),
        sentAt: z.string().nullable(),
        /** « redo »: the latest letter no longer matches the decision (changed after a reopening). */
        state: z.enum(['to_send', 'due_soon', 'late', 'sent', 'redo', 'to_receive', 'received']),
        /** A decision letter to send, or a report the agreement asks the beneficiary for. */
        kind: z.enum(['notification', 'report']),
        label: z.string(),
        reportId: z.number().nullable(),
        receivedAt: z.string().nullable(),
      }),
    ),
  },
  'sessions.export': {
    description: 'Les résultats d’une séance (avis, votes, décisions, montants) en CSV pour Excel ou en XLSX.',
    input: z.strictObject({ sessionId, format: z.enum(['csv', 'xlsx'], { error: 'Le format doit être csv ou xlsx.' }) }),
    output: z.object({ fileName: z.string(), contentBase64: z.string() }),
  },
  'audit.verify': {
    description: "Vérifie la chaîne d'empreintes du journal des modifications et nomme le premier maillon rompu.",
    input: noInput,
    output: auditVerificationSchema,
  },
  'backups.list': {
    description: 'Les sauvegardes du dossier des sauvegardes, la dernière anomalie des sauvegardes automatiques et la restauration en attente.',
    input: noInput,
    output: backupsStatusSchema,
  },
  'backups.create': {
    description: 'Sauvegarde la base de données maintenant (copie cohérente, vérifiée par integrity_check) dans le dossier des sauvegardes.',
    input: noInput,
    output: backupSchema,
  },
  'backups.archive': {
    description:
      "Lance l'archive complète (base, pièces jointes, documents et manifeste sha256) en tâche de fond, dans le dossier des sauvegardes ou le fichier indiqué ; suivre avec backups.job.",
    input: z.strictObject({ file: archiveTargetSchema.optional() }),
    output: archiveJobSchema,
  },
  'backups.job': {
    description: "L'avancement d'une archive complète : fichiers copiés, total, fichier en cours, résultat.",
    input: z.strictObject({ jobId: requiredText("L'identifiant de la tâche", 100) }),
    output: archiveJobSchema,
  },
  'backups.restore': {
    description:
      "Prépare la restauration d'une sauvegarde (.sqlite) ou d'une archive complète (.zip), vérifiée d'abord ; elle est faite au prochain démarrage de l'application, après une sauvegarde de l'état actuel.",
    input: z.strictObject({ file: restoreSourceSchema }),
    output: pendingRestoreSchema,
  },
  'backups.cancelRestore': {
    description: 'Annule la restauration en attente.',
    input: noInput,
    output: z.null(),
  },
  'records.purge': {
    description:
      "Anonymise les dossiers dont la dernière décision dépasse la durée de conservation (noms, courriels, téléphones, RPPS, adresses), retire leurs pièces jointes et les données personnelles de leur journal ; dryRun dit ce qui serait fait.",
    input: z.strictObject({ dryRun: z.boolean({ error: 'dryRun doit valoir true ou false.' }).default(false) }),
    output: purgeReportSchema,
  },
  'dossiers.examinations': {
    description: "Les séances où un dossier a été inscrit, la plus récente d'abord : avis, vote, réserves et décision de l'ARS.",
    input: z.strictObject({ dossierId: z.number().int().positive() }),
    output: z.custom<DossierExamination[]>(),
  },
  'followup.get': {
    description: "Le suivi d'un dossier après la décision : aides accordées, conventions signées, versements, justificatifs attendus, désistement.",
    input: z.strictObject({ dossierId: z.number().int().positive() }),
    output: followUpSchema,
  },
  'followup.recordAgreement': {
    description:
      "Enregistre la convention de financement signée (date, scan joint, nombre de versements prévus à l'article 4, justificatifs de l'article 6 et leurs échéances) ; signée au plus tôt le jour de la décision, jamais dans le futur.",
    input: agreementInputSchema.partial({ reports: true }),
    output: followUpSchema,
  },
  'followup.recordPayment': {
    description:
      "Enregistre un versement de l'aide (date, montant, référence du paiement) : après la signature, jamais dans le futur, jamais au-delà du montant accordé, au plus autant de versements que la convention en prévoit, jamais deux fois la même référence ; expectedVersion est le nombre de versements déjà vus (refusé si un autre a été enregistré depuis).",
    input: paymentFieldsSchema.extend({ agreementId: z.number().int().positive(), expectedVersion: expectedVersionSchema.optional() }),
    output: followUpSchema,
  },
  'followup.recordReport': {
    description: "Indique qu'un justificatif demandé par la convention est reçu (aujourd'hui par défaut), ou de nouveau attendu (null) ; refusé si quelqu'un l'a changé depuis la version attendue.",
    input: z.strictObject({ reportId: z.number().int().positive(), receivedOn: isoDate.nullable().optional(), expectedVersion: expectedVersionSchema.optional() }),
    output: followUpSchema,
  },
  'dossiers.withdraw': {
    description: "Enregistre le désistement des porteurs (date, motif) : le dossier quitte les ordres du jour des séances non clôturées et reste au registre.",
    input: withdrawalFieldsSchema.extend({ dossierId: z.number().int().positive() }),
    output: followUpSchema,
  },
  'dossiers.cancelWithdrawal': {
    description: 'Annule un désistement enregistré par erreur, avec le motif (journalisé).',
    input: z.strictObject({ dossierId: z.number().int().positive(), reason: requiredText("Le motif de l'annulation", 1000) }),
    output: followUpSchema,
  },
  'sessions.delete': {
    description: "Supprime une séance qui n'a pas été tenue (aucun avis, aucun document) ; ses dossiers reviennent à leur statut d'instruction.",
    input: z.strictObject({ id: sessionId }),
    output: z.null(),
  },
  'members.merge': {
    description:
      'Fusionne deux fiches d’un même membre : présences, procurations, déports, présidences, rapports et notes passent au membre gardé, en une transaction.',
    input: z.strictObject({
      keepId: z.number().int().positive(),
      removeId: z.number().int().positive(),
    }),
    output: z.object({
      kept: z.custom<RosterMember>(),
      sessions: z.number(),
      withdrawals: z.number(),
      scoreSheets: z.number(),
      /** Sheets of the removed member for a dossier the kept one had scored too: the kept one's stay. */
      droppedScoreSheets: z.number(),
    }),
  },
  'envelope.get': {
    description:
      "L'enveloppe annuelle de l'aide au démarrage : montant (Paramètres), engagé par les décisions de l'année, signé, versé, reste, par département et par type de structure.",
    input: z.strictObject({ year: z.number().int().min(2000).max(2100) }),
    output: envelopeSchema,
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
