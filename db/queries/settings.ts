import type { Kysely } from 'kysely';
import { AppError } from '../../shared/result';
import { defaultSettings, settingsSectionSchemas, settingsSections, type Settings } from '../../shared/settings';
import type { Database } from '../schema';

/** Every section, stored or default. */
export async function readSettings(db: Kysely<Database>): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const stored = new Map(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  const settings: Settings = { ...defaultSettings };
  for (const section of settingsSections) {
    if (!stored.has(section)) continue;
    const parsed = settingsSectionSchemas[section].safeParse(stored.get(section));
    if (!parsed.success) {
      throw new AppError('INTERNAL', `Les paramètres enregistrés (section « ${section} ») sont illisibles.`);
    }
    Object.assign(settings, { [section]: parsed.data });
  }
  return settings;
}

export async function putSetting(
  db: Kysely<Database>,
  args: { key: string; value: unknown; at: string; by: string },
): Promise<void> {
  const value = JSON.stringify(args.value);
  await db
    .insertInto('settings')
    .values({ key: args.key, value, updated_at: args.at, updated_by: args.by })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value, updated_at: args.at, updated_by: args.by, version: eb('settings.version', '+', 1) })))
    .execute();
}

/** Each stored section's version. */
export async function settingsVersions(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = await db.selectFrom('settings').select(['key', 'version']).execute();
  return Object.fromEntries(rows.map((r) => [r.key, r.version]));
}
