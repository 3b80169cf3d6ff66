/** The configuration file: exported from one installation, previewed and imported on another. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { insertAudit } from '../db/queries/audit';
import { listMembers, saveMember } from '../db/queries/sessions';
import { readSettings } from '../db/queries/settings';
import {
  CONFIG_FORMAT,
  CONFIG_SCHEMA_VERSION,
  configDifferences,
  configEnvelopeSchema,
  configFileSchema,
  configSectionLabels,
  configSettingsSections,
  personalIdentityPaths,
  type ConfigFile,
  type ConfigMember,
  type ConfigPreview,
} from '../shared/config';
import type { ParsedInput } from '../shared/contract';
import { issuesToDetails } from '../shared/contract/dispatch';
import { AppError, validationError } from '../shared/result';
import type { RosterMember } from '../shared/session';
import type { Identity, Settings } from '../shared/settings';
import { foldText } from '../shared/text';
import type { ServiceContext } from './context';
import { localToday } from './dates';
import { writeGrid } from './scores';
import { currentGrid } from './sessions';
import { checkSettings, writeSettings } from './settings';

type Db = Kysely<Database>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads and writes a dotted path inside a JSON object. */
function at(root: Record<string, unknown>, path: string): [Record<string, unknown>, string] | null {
  const keys = path.split('.');
  const leaf = keys.pop()!;
  let node: unknown = root;
  for (const key of keys) node = isRecord(node) ? node[key] : undefined;
  return isRecord(node) ? [node, leaf] : null;
}

/** The identity without the names of people: the case officers of the départements go too. */
function withoutNames(identity: Identity): Record<string, unknown> {
  const copy = structuredClone(identity) as unknown as Record<string, unknown>;
  for (const path of personalIdentityPaths) {
    const place = at(copy, path);
    if (place) delete place[0][place[1]];
  }
  for (const d of copy.departments as Record<string, unknown>[]) delete d.officerName;
  return copy;
}

/** A file without names takes this installation's, wherever the file leaves them out. */
function keepNames(raw: Record<string, unknown>, current: Identity | null): void {
  const identity = raw.identity;
  if (!isRecord(identity) || !current) return;
  const own = current as unknown as Record<string, unknown>;
  for (const path of personalIdentityPaths) {
    const place = at(identity, path);
    const mine = at(own, path);
    if (place && mine && place[0][place[1]] === undefined) place[0][place[1]] = mine[0][mine[1]];
  }
  if (Array.isArray(identity.departments)) {
    for (const d of identity.departments as unknown[]) {
      if (!isRecord(d) || d.officerName !== undefined) continue;
      d.officerName = current.departments.find((c) => c.code === d.code)?.officerName ?? '';
    }
  }
}

const memberKey = (m: Pick<RosterMember, 'firstName' | 'lastName'>) => foldText(`${m.lastName} ${m.firstName}`);
const memberLabel = (m: Pick<RosterMember, 'firstName' | 'lastName'>) => `${m.firstName} ${m.lastName}`;
const withoutId = ({ id: _id, ...member }: RosterMember): ConfigMember => member;

export async function exportConfig(input: ParsedInput<'config.export'>, ctx: ServiceContext) {
  const settings = await readSettings(ctx.db);
  const identity = settings.identity && (input.personalData ? settings.identity : withoutNames(settings.identity));
  const file = {
    format: CONFIG_FORMAT,
    schemaVersion: CONFIG_SCHEMA_VERSION,
    exportedAt: ctx.now().toISOString(),
    personalData: input.personalData,
    identity,
    ...Object.fromEntries(configSettingsSections.filter((s) => s !== 'identity').map((s) => [s, settings[s]])),
    grid: (await currentGrid(ctx.db)).grid,
    ...(input.personalData ? { members: (await listMembers(ctx.db)).map(withoutId) } : {}),
  };
  const content = `${JSON.stringify(file, null, 2)}\n`;
  return {
    fileName: `commission-configuration-${localToday(ctx)}.json`,
    contentBase64: Buffer.from(content, 'utf8').toString('base64'),
  };
}

/** The file read, its schema version checked first, then its content, each refusal naming the field. */
async function readConfig(db: Db, upload: ParsedInput<'config.preview'>): Promise<{ file: ConfigFile; settings: Settings }> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(upload.contentBase64, 'base64').toString('utf8'));
  } catch {
    // JSON.parse explains in English: the French message names the file and what it should be.
    throw new AppError('VALIDATION', `« ${upload.fileName} » n'est pas un fichier JSON lisible : exportez la configuration depuis Commission, sans la modifier à la main hors d'un éditeur de texte.`);
  }
  const envelope = configEnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw validationError(issuesToDetails(envelope.error));
  if (envelope.data.schemaVersion > CONFIG_SCHEMA_VERSION) {
    throw new AppError(
      'VALIDATION',
      `« ${upload.fileName} » suit le schéma de configuration n° ${envelope.data.schemaVersion}, plus récent que celui que lit cette version de Commission (n° ${CONFIG_SCHEMA_VERSION}) : mettez Commission à jour pour l'importer.`,
      [{ field: 'schemaVersion', message: `Schéma n° ${envelope.data.schemaVersion}, plus récent que le n° ${CONFIG_SCHEMA_VERSION}.` }],
    );
  }
  const settings = await readSettings(db);
  const content = raw as Record<string, unknown>;
  if (content.personalData === false) {
    keepNames(content, settings.identity);
    delete content.members;
  }
  const parsed = configFileSchema.safeParse(content);
  if (!parsed.success) {
    const details = issuesToDetails(parsed.error);
    const error = validationError(details);
    const hint =
      content.personalData === false && details.some((d) => /Name|\.firstName|\.lastName/.test(d.field))
        ? ' Le fichier a été exporté sans les données personnelles et cette installation ne les a pas encore : saisissez-les dans les Paramètres, ou importez un fichier qui les contient.'
        : '';
    throw new AppError('VALIDATION', `Fichier de configuration refusé — ${error.message}${hint}`, details);
  }
  const file = parsed.data;
  checkSettings(settings, { identity: file.identity ?? undefined });
  return { file, settings };
}

/** The members of the file against the roster, by name: added or changed, never removed. */
function memberChanges(roster: RosterMember[], members: ConfigMember[] | undefined) {
  const byKey = new Map(roster.map((m) => [memberKey(m), m]));
  return (members ?? []).flatMap((member) => {
    const existing = byKey.get(memberKey(member));
    const differences = configDifferences(existing && withoutId(existing), member, memberLabel(member));
    return differences.length ? [{ member, id: existing?.id, differences }] : [];
  });
}

async function previewOf(db: Db, file: ConfigFile, settings: Settings): Promise<ConfigPreview> {
  const grid = (await currentGrid(db)).grid;
  const members = memberChanges(await listMembers(db), file.members);
  return {
    schemaVersion: file.schemaVersion,
    exportedAt: file.exportedAt,
    personalData: file.personalData,
    sections: [
      ...configSettingsSections.map((section) => ({
        section,
        label: configSectionLabels[section],
        differences: configDifferences(settings[section], file[section] ?? settings[section]),
      })),
      { section: 'grid' as const, label: configSectionLabels.grid, differences: configDifferences(grid, file.grid) },
      ...(file.members
        ? [{ section: 'members' as const, label: configSectionLabels.members, differences: members.flatMap((m) => m.differences) }]
        : []),
    ],
  };
}

export async function previewConfig(input: ParsedInput<'config.preview'>, ctx: ServiceContext): Promise<ConfigPreview> {
  const { file, settings } = await readConfig(ctx.db, input);
  return previewOf(ctx.db, file, settings);
}

/** Applies the file in one transaction: the settings that differ, a new grid version if it differs, the members it adds or changes. */
export async function importConfig(input: ParsedInput<'config.import'>, ctx: ServiceContext): Promise<ConfigPreview> {
  const { file, settings } = await readConfig(ctx.db, input);
  const preview = await previewOf(ctx.db, file, settings);
  const changed = new Set(preview.sections.filter((s) => s.differences.length).map((s) => s.section));
  await ctx.db.transaction().execute(async (trx) => {
    const sections = Object.fromEntries(configSettingsSections.filter((s) => changed.has(s)).map((s) => [s, file[s]]));
    await writeSettings(trx, ctx, settings, sections);
    if (changed.has('grid')) await writeGrid(trx, ctx, file.grid);
    for (const { member, id } of memberChanges(await listMembers(trx), file.members)) {
      const [before] = id === undefined ? [] : await listMembers(trx, [id]);
      const saved = await saveMember(trx, { ...member, id });
      const [after] = await listMembers(trx, [saved]);
      await insertAudit(trx, {
        at: ctx.now().toISOString(),
        actor: ctx.actor,
        entityType: 'member',
        entityId: String(saved),
        action: before ? 'update' : 'create',
        before: before ?? null,
        after,
      });
    }
    await insertAudit(trx, {
      at: ctx.now().toISOString(),
      actor: ctx.actor,
      entityType: 'config',
      entityId: input.fileName,
      action: 'import',
      before: null,
      after: { exportedAt: file.exportedAt, schemaVersion: file.schemaVersion, sections: [...changed] },
    });
  });
  return preview;
}
