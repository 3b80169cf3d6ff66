import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { putSetting, readSettings, settingsVersions } from '../db/queries/settings';
import { insertAudit } from '../db/queries/audit';
import { auditFrozenSessions } from './documents/record';
import { checkBackupFolder } from './backup';
import { validationError, type ErrorDetail } from '../shared/result';
import { settingsSections, type Identity, type Settings, type SettingsSection, type VersionedSettings } from '../shared/settings';
import { checkVersion } from './versions';
import type { ParsedInput } from '../shared/contract';
import type { ServiceContext } from './context';
import { refreshEligibility } from './eligibility';
import { findRegion } from './reference';

/** Checks what a schema cannot: the région exists and each département belongs to it. */
function checkGeography(identity: Identity): ErrorDetail[] {
  const region = findRegion(identity.regionCode);
  if (!region) {
    return [{ field: 'identity.regionCode', message: `La région « ${identity.regionCode} » n'existe pas.` }];
  }
  return identity.departments.flatMap((d, i) =>
    region.departments.some((rd) => rd.code === d.code)
      ? []
      : [
          {
            field: `identity.departments.${i}.code`,
            message: `Le département « ${d.code} » n'appartient pas à la région ${region.name}.`,
          },
        ],
  );
}

/** Refuses what a schema cannot see: a région or département that does not exist, a backup folder where nothing can be written. */
export function checkSettings(before: Settings, input: Partial<Settings>): void {
  if (input.identity) {
    const problems = checkGeography(input.identity);
    if (problems.length) throw validationError(problems);
  }
  checkBackupFolder(before.records, input.records);
}

/** Replaces the given sections in one transaction, with one audit entry per section that changed. */
export async function updateSettings(
  input: ParsedInput<'settings.update'>,
  ctx: ServiceContext,
): Promise<VersionedSettings> {
  const before = await readSettings(ctx.db);
  checkSettings(before, input);
  await ctx.db.transaction().execute(async (trx) => {
    for (const [section, expected] of Object.entries(input.expectedVersions ?? {})) {
      if (input[section as SettingsSection] === undefined) continue;
      await checkVersion(trx, { kind: 'settings', table: 'settings', key: { key: section } }, expected);
    }
    // Read again in the transaction: what is written is compared with what is there now.
    await writeSettings(trx, ctx, await readSettings(trx), input);
  });
  return readVersionedSettings(ctx.db);
}

/** The settings with each section's version, as settings.get gives them. */
export async function readVersionedSettings(db: Kysely<Database>): Promise<VersionedSettings> {
  const versions = await settingsVersions(db);
  return { ...(await readSettings(db)), versions: Object.fromEntries(settingsSections.map((s) => [s, versions[s] ?? 0])) };
}

/** Writes the sections of `input` that differ from `before`, inside the caller's transaction. */
export async function writeSettings(trx: Kysely<Database>, ctx: ServiceContext, before: Settings, input: Partial<Settings>): Promise<void> {
  const at = ctx.now().toISOString();
  let rulesChanged = false;
  for (const section of settingsSections) {
    const next = input[section];
    if (next === undefined) continue;
    const previous = before[section];
    if (JSON.stringify(previous) === JSON.stringify(next)) continue;
    await putSetting(trx, { key: section, value: next, at, by: ctx.actor });
    await insertAudit(trx, {
      at,
      actor: ctx.actor,
      entityType: 'settings',
      entityId: section,
      action: previous === null ? 'create' : 'update',
      before: previous,
      after: next,
    });
    // Closed sessions keep the identity they were closed with (their paragraphs follow the settings).
    if (section === 'identity') await auditFrozenSessions(trx, ctx, { entityType: 'settings', entityId: section });
    rulesChanged ||= section === 'composition' || (section === 'identity' && before.identity?.regionCode !== input.identity?.regionCode);
  }
  // The région and the composition rules are what every dossier is judged against.
  if (rulesChanged) await refreshEligibility(trx);
}
