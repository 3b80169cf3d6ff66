import { defaultRecordsSettings, recordsSettingsSchema } from './backups';
import { defaultEnvelopes, envelopesSchema } from './envelope';
import { compositionRulesSchema, defaultCompositionRules } from './eligibility';
import { namedPerson, requiredCivility, signatorySchema } from './people';
import { defaultPatterns, patternsSchema } from './patterns';
import { defaultSessionRules, memberVoices, sessionRulesSchema, type MemberVoice } from './session-rules';
import { defaultTemplates, templatesSchema } from './templates';
import { emailAddress, euros, optionalEmailAddress, optionalText, requiredText, z } from './validation';
import { expectedVersionSchema } from './versions';


/** Optional; loose enough for "03 62 72 77 00", "+596 596 39 44 00" or "0596-39-44-00". */
const optionalPhone = (label: string) =>
  optionalText(label, 30).refine((v) => v === '' || /^[+\d][\d .-]{5,}$/.test(v), {
    error: `${label} n'est pas un numéro valide.`,
  });

export const departmentContactSchema = z.strictObject({
  code: z
    .string({ error: 'Le département est obligatoire.' })
    .trim()
    .regex(/^(\d{2,3}|2[AB])$/, { error: 'Le code du département est invalide (ex. : 59, 2A, 972).' }),
  email: emailAddress('Le courriel de contact du département'),
  /** Prénom et nom of who follows the département's dossiers: « Affaire suivie par » on its letters. */
  officerName: optionalText('Le nom de la personne qui suit les dossiers du département', 100),
  phone: optionalPhone('Le téléphone de contact du département'),
});
export type DepartmentContact = z.infer<typeof departmentContactSchema>;

/**
 * Where the letters tell the recipient to appeal (CJA R421-1 and R421-5). 'overseas': the letter
 * adds the distance delays of CJA R421-7 (one more month between overseas and metropolitan
 * France, two from abroad).
 */
export const distanceDelays = ['none', 'overseas'] as const;
export type DistanceDelay = (typeof distanceDelays)[number];

const COURT = 'Le tribunal administratif compétent pour les recours';
const appealSchema = z.strictObject({
  /** « tribunal administratif de Fort-de-France »; '' in identities saved before it existed. */
  court: optionalText(COURT, 200),
  distanceDelay: z
    .enum(distanceDelays, { error: 'Le délai de distance doit être « none » (aucun) ou « overseas » (outre-mer).' })
    .default('none'),
});

/** « Affaire suivie par » when the dossier's département names no one. */
const caseOfficerSchema = z.strictObject({
  name: optionalText('Le nom de la personne qui suit les dossiers', 100),
  email: optionalEmailAddress('Le courriel de la personne qui suit les dossiers'),
  phone: optionalPhone('Le téléphone de la personne qui suit les dossiers'),
});

const DIRECTOR = 'du directeur général';

/**
 * The ARS identity as stored: the letterhead, the signatory and the départements of every
 * document. What later versions added reads with a default ('' for a civility or the court),
 * which the documents refuse (see `identityGaps`); `identitySchema` is what a save must give.
 */
export const storedIdentitySchema = z.strictObject({
  regionCode: z
    .string({ error: 'La région est obligatoire.' })
    .trim()
    .regex(/^\d{2}$/, { error: 'La région est obligatoire.' }),
  agencyName: requiredText("Le nom de l'agence"),
  direction: requiredText('La direction'),
  unit: optionalText('Le service'),
  address: z.strictObject({
    street: requiredText("L'adresse"),
    postalCode: z
      .string({ error: 'Le code postal est obligatoire.' })
      .trim()
      .regex(/^\d{5}$/, { error: 'Le code postal doit comporter 5 chiffres.' }),
    city: requiredText('La commune', 100),
  }),
  phone: optionalPhone('Le téléphone'),
  email: optionalEmailAddress("Le courriel de l'agence"),
  directorGeneral: namedPerson(DIRECTOR),
  signatory: signatorySchema,
  appeal: appealSchema.prefault({}),
  caseOfficer: caseOfficerSchema.prefault({}),
  departments: z
    .array(departmentContactSchema)
    .max(20)
    .refine((list) => new Set(list.map((d) => d.code)).size === list.length, {
      error: 'Un département figure deux fois.',
    }),
});

/** The identity a save must give: the civilities the documents agree with, and the court. */
export const identitySchema = storedIdentitySchema.extend({
  directorGeneral: namedPerson(DIRECTOR).extend({ civility: requiredCivility(DIRECTOR) }),
  signatory: signatorySchema.extend({ civility: requiredCivility('du signataire') }),
  appeal: appealSchema.extend({ court: requiredText(COURT, 200) }).prefault({ court: '' }),
});

export const grantsSchema = z
  .strictObject({
    defaultStartupGrant: euros("Le montant par défaut de l'aide au démarrage", 1_000_000),
    /** No opinion or decision may grant more. */
    ceiling: euros("Le plafond de l'aide au démarrage", 1_000_000).default(50_000),
  })
  .refine((g) => g.defaultStartupGrant <= g.ceiling, {
    path: ['defaultStartupGrant'],
    error: "Le montant par défaut de l'aide au démarrage dépasse son plafond.",
  });

/** An organisation members belong to, and the voice its members have unless said otherwise. */
export const organisationSchema = z.strictObject({
  name: requiredText("Le nom de l'organisme", 200),
  voice: z.enum(memberVoices, { error: "La voix de l'organisme doit être délibérative ou consultative." }),
});
export type Organisation = z.infer<typeof organisationSchema>;

export const organisationsSchema = z
  .array(organisationSchema)
  .max(100, { error: 'Pas plus de 100 organismes.' })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((o, i) => {
      const key = o.name.toLocaleLowerCase('fr');
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `L'organisme « ${o.name} » figure deux fois.` });
      seen.add(key);
    });
  });

const organisation = (name: string, voice: MemberVoice = 'deliberative'): Organisation => ({ name, voice });

/** The usual members of a commission (PRODUCT.md §3); users' representatives advise. */
export const defaultOrganisations: Organisation[] = [
  organisation('ARS'),
  organisation('CPAM'),
  organisation('CGSS'),
  organisation('URPS médecins libéraux'),
  organisation('URPS infirmiers'),
  organisation('URPS pharmaciens'),
  organisation('URPS masseurs-kinésithérapeutes'),
  organisation('Conseil départemental'),
  organisation('France Assos Santé', 'advisory'),
];

/** Each section is stored, validated and audited on its own. */
export const settingsSectionSchemas = {
  identity: storedIdentitySchema,
  grants: grantsSchema,
  composition: compositionRulesSchema,
  sessionRules: sessionRulesSchema,
  templates: templatesSchema,
  records: recordsSettingsSchema,
  envelopes: envelopesSchema,
  organisations: organisationsSchema,
  patterns: patternsSchema,
};

/** `identity` is null until the agency is configured; the other sections have defaults. */
export const settingsSchema = z.object({
  identity: storedIdentitySchema.nullable(),
  grants: grantsSchema,
  composition: compositionRulesSchema,
  sessionRules: sessionRulesSchema,
  templates: templatesSchema,
  /** Backups and retention of personal data. */
  records: recordsSettingsSchema,
  /** The yearly start-up grant envelopes. */
  envelopes: envelopesSchema,
  /** The organisations members belong to, with their default voice. */
  organisations: organisationsSchema,
  /** The reference documents print. */
  patterns: patternsSchema,
});

export const settingsSections = ['identity', 'grants', 'composition', 'sessionRules', 'templates', 'records', 'envelopes', 'organisations', 'patterns'] as const satisfies readonly SettingsSection[];

export const settingsUpdateSchema = z
  .strictObject({
    identity: identitySchema.optional(),
    grants: grantsSchema.optional(),
    composition: compositionRulesSchema.optional(),
    sessionRules: sessionRulesSchema.optional(),
    templates: templatesSchema.optional(),
    records: recordsSettingsSchema.optional(),
    envelopes: envelopesSchema.optional(),
    organisations: organisationsSchema.optional(),
    patterns: patternsSchema.optional(),
    /** The version of each section when loaded (`versions` of settings.get; 0 for one never saved). */
    expectedVersions: z.partialRecord(z.enum(settingsSections), expectedVersionSchema).optional(),
  })
  .refine((u) => settingsSections.some((section) => u[section] !== undefined), {
    error: 'Rien à enregistrer : indiquer au moins une section (identity, grants, composition, sessionRules, templates, records, envelopes, organisations, patterns).',
  });

export type Identity = z.infer<typeof storedIdentitySchema>;
export type IdentityInput = z.input<typeof identitySchema>;
export type Grants = z.infer<typeof grantsSchema>;
export type Settings = z.infer<typeof settingsSchema>;
/** What settings.get answers: the sections and the version of each (0 for one never saved). */
export const versionedSettingsSchema = settingsSchema.extend({ versions: z.record(z.string(), z.number()) });
export type VersionedSettings = z.infer<typeof versionedSettingsSchema>;
export type SettingsSection = keyof Settings;


export const defaultSettings: Settings = {
  identity: null,
  // The Martinique guide's start-up grant.
  grants: { defaultStartupGrant: 20_000, ceiling: 50_000 },
  composition: defaultCompositionRules,
  sessionRules: defaultSessionRules,
  templates: defaultTemplates,
  records: defaultRecordsSettings,
  envelopes: defaultEnvelopes,
  organisations: defaultOrganisations,
  patterns: defaultPatterns,
};

export interface CaseOfficer {
  name: string;
  email: string;
  phone: string;
}

/**
 * « Affaire suivie par » on a dossier's documents: the département's officer when it names one,
 * else the agency's default one, else null. Contact details missing from the officer fall back
 * to the département's, then to the agency's.
 */
export function caseOfficerFor(identity: Identity, departmentCode: string): CaseOfficer | null {
  const department = identity.departments.find((d) => d.code === departmentCode);
  const email = (own: string) => own || department?.email || identity.email;
  const phone = (own: string) => own || department?.phone || identity.phone;
  if (department?.officerName) return { name: department.officerName, email: department.email, phone: phone(department.phone) };
  const fallback = identity.caseOfficer;
  return fallback.name ? { name: fallback.name, email: email(fallback.email), phone: phone(fallback.phone) } : null;
}

/**
 * What an identity read from an earlier version lacks for the signable documents, each named
 * by its field as a refused save would be; empty once the Paramètres have been saved again.
 */
export function identityGaps(identity: Identity): { field: string; message: string }[] {
  const gaps: { field: string; message: string }[] = [];
  if (!identity.directorGeneral.civility) {
    gaps.push({ field: 'identity.directorGeneral.civility', message: `La civilité ${DIRECTOR} n'est pas renseignée dans les Paramètres.` });
  }
  if (!identity.signatory.civility) {
    gaps.push({ field: 'identity.signatory.civility', message: "La civilité du signataire n'est pas renseignée dans les Paramètres." });
  }
  if (!identity.appeal.court) {
    gaps.push({
      field: 'identity.appeal.court',
      message: "Le tribunal administratif compétent pour les recours n'est pas renseigné dans les Paramètres.",
    });
  }
  return gaps;
}
