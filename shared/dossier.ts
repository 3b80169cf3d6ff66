import { optionalCivility } from './people';
import { boundedList, euros, isoDate, optionalText, requiredText, wholeNumber, z } from './validation';

export const structureTypes = ['ESP', 'MSP', 'CPTS', 'CDS'] as const;
export type StructureType = (typeof structureTypes)[number];
export const structureTypeLabels: Record<StructureType, string> = {
  ESP: 'Équipe de soins primaires (ESP)',
  MSP: 'Maison de santé pluriprofessionnelle (MSP)',
  CPTS: 'Communauté professionnelle territoriale de santé (CPTS)',
  CDS: 'Centre de santé (CDS)',
};

/** The secretariat's pipeline, in order. */
export const dossierStatuses = [
  'received',
  'complete',
  'on_agenda',
  'opinion_given',
  'decided',
  'notified',
  'agreement_signed',
  'grant_paid',
] as const;
export type DossierStatus = (typeof dossierStatuses)[number];
export const dossierStatusLabels: Record<DossierStatus, string> = {
  received: 'Reçu',
  complete: 'Complet',
  on_agenda: "À l'ordre du jour",
  opinion_given: 'Avis rendu',
  decided: 'Décidé',
  notified: 'Notifié',
  agreement_signed: 'Convention signée',
  grant_paid: 'Aide versée',
};

/** States of a dossier on the Démarches Simplifiées platform (its API names). */
export const dsStates = ['en_construction', 'en_instruction', 'accepte', 'refuse', 'sans_suite'] as const;
export type DsState = (typeof dsStates)[number];
export const dsStateLabels: Record<DsState, string> = {
  en_construction: 'En construction',
  en_instruction: 'En instruction',
  accepte: 'Accepté',
  refuse: 'Refusé',
  sans_suite: 'Classé sans suite',
};

export const zonings = ['ZIP', 'ZAC', 'none'] as const;
export type Zoning = (typeof zonings)[number];
export const zoningLabels: Record<Zoning, string> = {
  ZIP: "Zone d'intervention prioritaire (ZIP)",
  ZAC: "Zone d'action complémentaire (ZAC)",
  none: 'Hors zonage',
};

const isoInstant = z.iso.datetime({ offset: true, error: "L'horodatage est invalide." });
const amount = (label: string) => euros(label, 10_000_000);

/** A yes/no answer the dossier may not have given. */
const answer = z.boolean().nullable().default(null);

export const professionalSchema = z.strictObject({
  lastName: requiredText('Le nom du professionnel', 100),
  firstName: optionalText('Le prénom du professionnel', 100),
  /** As typed by the team; classified by shared/eligibility. */
  profession: requiredText('La profession', 120),
  /** RPPS (11 digits) or ADELI (9 digits), as given. */
  identifier: optionalText("L'identifiant RPPS ou ADELI", 20),
  communeCode: optionalText("Le code INSEE de la commune d'exercice", 5),
  communeName: optionalText("La commune d'exercice", 100),
  /** Coordinator, referent, training supervisor… */
  role: optionalText('Le rôle dans l’équipe', 120),
});
export type Professional = z.infer<typeof professionalSchema>;

/**
 * A dossier as entered by hand or produced by an import: the same schema validates both, so an
 * imported line is refused for exactly the reasons a form would be.
 */
export const dossierInputSchema = z.strictObject({
  dsNumber: z
    .number({ error: 'Le numéro de dossier Démarches Simplifiées doit être un nombre.' })
    .int()
    .positive({ error: 'Le numéro de dossier Démarches Simplifiées doit être positif.' })
    .nullable()
    .default(null),
  dsState: z.enum(dsStates, { error: "L'état Démarches Simplifiées est inconnu." }).nullable().default(null),
  structureType: z.enum(structureTypes, { error: 'Le type de structure doit être ESP, MSP, CPTS ou CDS.' }),
  name: requiredText("Le nom de l'équipe ou de la structure"),
  submittedAt: isoInstant.nullable().default(null),
  instructionAt: isoInstant.nullable().default(null),
  sponsor: z
    .strictObject({
      civility: z.enum(['', 'Mme', 'M.'], { error: 'La civilité doit être « Mme » ou « M. ».' }).default(''),
      firstName: optionalText('Le prénom du porteur', 100),
      lastName: optionalText('Le nom du porteur', 100),
      email: z
        .string()
        .trim()
        .pipe(z.union([z.literal(''), z.email({ error: "Le courriel du porteur n'est pas valide." })], {
          error: "Le courriel du porteur n'est pas valide.",
        }))
        .default(''),
      phone: optionalText('Le téléphone du porteur', 30),
    })
    .prefault({}),
  legalEntity: z
    .strictObject({
      /** Association loi 1901, SISA, SCM… ; empty when the team has none. */
      form: optionalText('La forme juridique', 100),
      siret: optionalText('Le SIRET', 20),
      rna: optionalText('Le numéro RNA', 20),
      /** Who signs the funding agreement for the team, and in what capacity. */
      representative: z
        .strictObject({
          civility: optionalCivility('du représentant légal'),
          firstName: optionalText('Le prénom du représentant légal', 100),
          lastName: optionalText('Le nom du représentant légal', 100),
          /** « président de l'association », « gérante de la SISA »… */
          capacity: optionalText('La qualité du représentant légal', 200),
        })
        .prefault({}),
    })
    .prefault({}),
  address: optionalText("L'adresse", 300),
  communeCode: optionalText('Le code INSEE de la commune', 5),
  communeName: optionalText('La commune', 100),
  departmentCode: optionalText('Le département', 3),
  zoning: z.enum(zonings).nullable().default(null),
  apl: z.number({ error: "L'APL doit être un nombre." }).nonnegative().max(100).nullable().default(null),
  grant: z
    .strictObject({
      requested: amount("Le montant de l'aide sollicitée").default(0),
      engineering: amount("Le montant pour l'ingénierie de projet").default(0),
      it: amount("Le montant pour l'investissement informatique").default(0),
      furniture: amount('Le montant pour le mobilier et la logistique').default(0),
    })
    .prefault({}),
  coordination: z
    .strictObject({
      meetingFrequency: optionalText('La fréquence des réunions de concertation', 100),
      protocolCount: wholeNumber('Le nombre de protocoles pluriprofessionnels', 100_000).nullable().default(null),
      informationSystem: optionalText("Le système d'information", 100),
      informationSystemLabelled: answer,
      secureMessaging: answer,
      coordinator: answer,
      openingHours: optionalText("Les horaires d'ouverture", 300),
      unscheduledCare: answer,
    })
    .prefault({}),
  project: z
    .strictObject({
      summary: optionalText('La présentation du projet de santé', 20_000),
      themes: z.array(requiredText('Une thématique du projet', 200)).max(50).default([]),
      startDate: isoDate.nullable().default(null),
      declaredProfessionals: wholeNumber('Le nombre de professionnels déclarés', 100_000).nullable().default(null),
      inPriorityZone: answer,
    })
    .prefault({}),
  /** File names listed by the platform; the files themselves are attached separately. */
  declaredFiles: z.array(requiredText('Un fichier déclaré', 300)).max(100).default([]),
  professionals: z.array(professionalSchema).max(500).default([]),
});
export type DossierInput = z.input<typeof dossierInputSchema>;
export type DossierData = z.infer<typeof dossierInputSchema>;

export const dossierSortFields = [
  'dsNumber',
  'name',
  'structureType',
  'communeName',
  'departmentCode',
  'status',
  'submittedAt',
  'updatedAt',
  'grantRequested',
] as const;
export type DossierSortField = (typeof dossierSortFields)[number];

export const dossierListInputSchema = z.strictObject({
  search: optionalText('La recherche', 200),
  structureTypes: boundedList('Les types de structure', z.enum(structureTypes)).default([]),
  statuses: boundedList('Les statuts', z.enum(dossierStatuses)).default([]),
  departmentCodes: boundedList('Les départements', requiredText('Un département', 3)).default([]),
  eligibility: z.enum(['all', 'eligible', 'ineligible']).default('all'),
  sort: z
    .strictObject({
      field: z.enum(dossierSortFields).default('updatedAt'),
      direction: z.enum(['asc', 'desc']).default('desc'),
    })
    .prefault({}),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});
export type DossierListInput = z.input<typeof dossierListInputSchema>;
export type DossierListQuery = z.infer<typeof dossierListInputSchema>;

/** One line of the dossiers list. */
export const dossierSummarySchema = z.object({
  id: z.number(),
  dsNumber: z.number().nullable(),
  name: z.string(),
  structureType: z.enum(structureTypes),
  status: z.enum(dossierStatuses),
  communeName: z.string(),
  departmentCode: z.string(),
  sponsorName: z.string(),
  grantRequested: z.number(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
  eligible: z.boolean().nullable(),
  blocking: z.number(),
  warnings: z.number(),
});
export type DossierSummary = z.infer<typeof dossierSummarySchema>;

export const attachmentInfoSchema = z.object({
  id: z.number(),
  kind: z.string(),
  originalName: z.string(),
  size: z.number(),
  sha256: z.string(),
  addedAt: z.string(),
  addedBy: z.string(),
});
export type AttachmentInfo = z.infer<typeof attachmentInfoSchema>;

export const dossierRefSchema = z
  .strictObject({
    id: z.number().int().positive().optional(),
    dsNumber: z.number().int().positive().optional(),
  })
  .refine((r) => (r.id === undefined) !== (r.dsNumber === undefined), {
    error: 'Indiquer soit l’identifiant du dossier (id), soit son numéro Démarches Simplifiées (dsNumber).',
  });
