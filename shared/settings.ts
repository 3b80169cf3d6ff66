import { compositionRulesSchema, defaultCompositionRules } from './eligibility';
import { namedPerson, signatorySchema } from './people';
import { defaultSessionRules, sessionRulesSchema } from './session-rules';
import { defaultTemplates, templatesSchema } from './templates';
import { emailAddress, euros, optionalEmailAddress, optionalText, requiredText, z } from './validation';


export const departmentContactSchema = z.strictObject({
  code: z
    .string({ error: 'Le département est obligatoire.' })
    .trim()
    .regex(/^(\d{2,3}|2[AB])$/, { error: 'Le code du département est invalide (ex. : 59, 2A, 972).' }),
  email: emailAddress('Le courriel de contact du département'),
});

/** The ARS identity: the letterhead, the signatory and the départements of every document. */
export const identitySchema = z.strictObject({
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
  phone: optionalText('Le téléphone', 30).refine((v) => v === '' || /^[+\d][\d .-]{5,}$/.test(v), {
    error: "Le téléphone n'est pas un numéro valide.",
  }),
  email: optionalEmailAddress("Le courriel de l'agence"),
  directorGeneral: namedPerson('du directeur général'),
  signatory: signatorySchema,
  departments: z
    .array(departmentContactSchema)
    .max(20)
    .refine((list) => new Set(list.map((d) => d.code)).size === list.length, {
      error: 'Un département figure deux fois.',
    }),
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

/** Each section is stored, validated and audited on its own. */
export const settingsSectionSchemas = {
  identity: identitySchema,
  grants: grantsSchema,
  composition: compositionRulesSchema,
  sessionRules: sessionRulesSchema,
  templates: templatesSchema,
};

/** `identity` is null until the agency is configured; the other sections have defaults. */
export const settingsSchema = z.object({
  identity: identitySchema.nullable(),
  grants: grantsSchema,
  composition: compositionRulesSchema,
  sessionRules: sessionRulesSchema,
  templates: templatesSchema,
});

export const settingsUpdateSchema = z
  .strictObject({
    identity: identitySchema.optional(),
    grants: grantsSchema.optional(),
    composition: compositionRulesSchema.optional(),
    sessionRules: sessionRulesSchema.optional(),
    templates: templatesSchema.optional(),
  })
  .refine((u) => Object.values(u).some((section) => section !== undefined), {
    error: 'Rien à enregistrer : indiquer au moins une section (identity, grants, composition, sessionRules, templates).',
  });

export type Identity = z.infer<typeof identitySchema>;
export type IdentityInput = z.input<typeof identitySchema>;
export type Grants = z.infer<typeof grantsSchema>;
export type Settings = z.infer<typeof settingsSchema>;
export type SettingsSection = keyof Settings;

export const settingsSections = ['identity', 'grants', 'composition', 'sessionRules', 'templates'] as const satisfies readonly SettingsSection[];

export const defaultSettings: Settings = {
  identity: null,
  // The Martinique guide's start-up grant.
  grants: { defaultStartupGrant: 20_000, ceiling: 50_000 },
  composition: defaultCompositionRules,
  sessionRules: defaultSessionRules,
  templates: defaultTemplates,
};
