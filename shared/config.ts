/**
 * One configuration file: what an agency configures, to hand to another installation. JSON with
 * a schema version; the names of people only when the user ticks it.
 */
import { rosterMemberSchema } from './session';
import { scoringGridSchema } from './scoring';
import { settingsSectionSchemas } from './settings';
import { z } from './validation';

export const CONFIG_FORMAT = 'commission-configuration';
/** Raised when the file's shape changes; a file of a newer schema is refused, never half read. */
export const CONFIG_SCHEMA_VERSION = 1;

/** The settings an agency configures; `records` (folders, rotation) belongs to one installation. */
export const configSettingsSections = ['identity', 'grants', 'composition', 'sessionRules', 'templates', 'organisations', 'patterns'] as const;
export type ConfigSettingsSection = (typeof configSettingsSections)[number];
export type ConfigSection = ConfigSettingsSection | 'grid' | 'members';

export const configSectionLabels: Record<ConfigSection, string> = {
  identity: "Identité de l'agence, signataire, recours, départements et contacts",
  grants: 'Aide au démarrage',
  composition: 'Composition des équipes',
  sessionRules: 'Règles de séance',
  templates: 'Textes des documents',
  organisations: 'Organismes des membres et leur voix',
  patterns: 'Référence des documents',
  grid: "Grille d'évaluation",
  members: 'Membres de la commission',
};

/** A member as the file carries it: no database id. */
export const configMemberSchema = rosterMemberSchema.omit({ id: true });
export type ConfigMember = z.infer<typeof configMemberSchema>;

/** The envelope, read before the content: a newer schema is refused whatever its content. */
export const configEnvelopeSchema = z.object({
  format: z.literal(CONFIG_FORMAT, { error: "Ce fichier n'est pas un fichier de configuration de Commission." }),
  schemaVersion: z
    .number({ error: 'La version du schéma (schemaVersion) doit être un nombre.' })
    .int({ error: 'La version du schéma (schemaVersion) doit être un nombre entier.' })
    .positive({ error: 'La version du schéma (schemaVersion) doit être positive.' }),
});

export const configFileSchema = z.strictObject({
  format: z.literal(CONFIG_FORMAT),
  schemaVersion: z.number().int().positive(),
  exportedAt: z.iso.datetime({ offset: true, error: "La date d'export (exportedAt) est invalide." }),
  /** Whether the names of people are in the file; without them, an import keeps the installation's. */
  personalData: z.boolean({ error: 'Préciser si le fichier contient les données personnelles (personalData).' }),
  identity: settingsSectionSchemas.identity.nullable(),
  grants: settingsSectionSchemas.grants,
  composition: settingsSectionSchemas.composition,
  sessionRules: settingsSectionSchemas.sessionRules,
  templates: settingsSectionSchemas.templates,
  // Absent from files of the first schema's early exports: the installation's list is kept.
  organisations: settingsSectionSchemas.organisations.optional(),
  patterns: settingsSectionSchemas.patterns.optional(),
  grid: scoringGridSchema,
  /** Only with the personal data. */
  members: z.array(configMemberSchema).max(500, { error: 'Pas plus de 500 membres.' }).optional(),
});
export type ConfigFile = z.infer<typeof configFileSchema>;

/** One difference, as a person reads it: where, before, after (null: absent). */
export interface ConfigDifference {
  path: string;
  before: string | null;
  after: string | null;
}

export interface ConfigPreview {
  schemaVersion: number;
  exportedAt: string;
  personalData: boolean;
  /** Every section, in the file's order, with its differences (none: unchanged). */
  sections: { section: ConfigSection; label: string; differences: ConfigDifference[] }[];
}

/** The identity's fields that name people: left out of a file exported without personal data. */
export const personalIdentityPaths = [
  'directorGeneral.firstName',
  'directorGeneral.lastName',
  'signatory.firstName',
  'signatory.lastName',
  'caseOfficer.name',
] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const shown = (value: unknown): string | null =>
  value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value);

/** Every leaf where two JSON values differ, lists compared item by item. */
export function configDifferences(before: unknown, after: unknown, path = ''): ConfigDifference[] {
  const join = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => configDifferences(before[k], after[k], join(k)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    return Array.from({ length: Math.max(before.length, after.length) }, (_, i) => configDifferences(before[i], after[i], join(i))).flat();
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '(tout)', before: shown(before), after: shown(after) }];
}
