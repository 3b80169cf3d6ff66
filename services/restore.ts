/**
 * Restoring from a backup (.sqlite) or a full archive (.zip). Replacing the database under a
 * running app is not clean (its connection, its background work, another process's connection,
 * Windows' locks on open files), so a restore is an offline operation in two steps:
 *
 * 1. staging, while the app runs: the file is copied (or the archive extracted) into
 *    « restauration » beside the database and verified — integrity_check on the database, the
 *    manifest's sha256 of every file, a schema this version knows. Nothing is replaced.
 * 2. applying, when no connection has the database open: at the next start of the app (or at
 *    once by the CLI's `restore`, the app closed), the current state is saved first into the
 *    backups folder, then the database (and, from an archive, the attachments and documents)
 *    are replaced. The restored database's audit log records it at its first start.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import {
  configuredBackupFolder,
  databaseState,
  inspectCopy,
  looksLikeDatabase,
  ownerOnly,
  plainConnection,
  relocateDocuments,
  usableBackupFolder,
} from '../db/backup';
import { placeFile, temporaryBeside } from '../db/durable';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { backupFileName, type PendingRestore } from '../shared/backups';
import { AppError } from '../shared/result';
import { ARCHIVED_DATABASE, extractArchive, writeArchive } from './archive';
import { ensureFolder, writeFileAtomic } from './files';

const STAGING = 'restauration';
const MARKER = 'restauration.json';
/** Left by an applied restore for the next runtime to audit. */
const NOTE = 'restauration-faite.json';

const markerSchema = z.object({
  source: z.string(),
  format: z.enum(['database', 'archive']),
  stagedAt: z.string(),
  stagedBy: z.string(),
  sha256: z.string(),
  /** The data folder the archive was made from, when it differs from this one. */
  originDataDir: z.string().nullable(),
  documents: z.array(z.object({ path: z.string(), original: z.string().optional() })),
});
type Marker = z.infer<typeof markerSchema>;

const noteSchema = z.object({ source: z.string(), format: z.string(), appliedAt: z.string(), by: z.string(), savedTo: z.string().nullable() });
export type RestoreNote = z.infer<typeof noteSchema>;

function refuse(message: string): never {
  throw new AppError('VALIDATION', message, [{ field: 'file', message }]);
}

function readJson<T>(path: string, schema: z.ZodType<T>): T | null {
  try {
    return schema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return null;
  }
}

function fileSha256(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    for (const buffer = Buffer.alloc(1024 * 1024); ; ) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function copyAtomic(from: string, to: string): void {
  ensureFolder(dirname(to));
  const temp = temporaryBeside(to);
  try {
    copyFileSync(from, temp);
    placeFile(temp, to);
    ownerOnly(to);
  } finally {
    rmSync(temp, { force: true });
  }
}

export function pendingRestore(dataDir: string): PendingRestore | null {
  const marker = readJson(join(dataDir, STAGING, MARKER), markerSchema);
  return marker && { source: marker.source, format: marker.format, stagedAt: marker.stagedAt, stagedBy: marker.stagedBy };
}

export function cancelRestore(dataDir: string): null {
  if (!existsSync(join(dataDir, STAGING))) throw new AppError('NOT_FOUND', "Aucune restauration n'est en attente.");
  rmSync(join(dataDir, STAGING), { recursive: true, force: true });
  return null;
}

/**
 * Copies and verifies `source` into the staging folder, replacing a restore already waiting.
 * `db` is any connection the copy can be attached to for its checks.
 */
export async function stageRestore(
  db: Kysely<Database>,
  ctx: { dataDir: string; actor: string; now: () => Date },
  source: string,
): Promise<PendingRestore> {
  const file = resolve(source);
  let stats;
  try {
    stats = statSync(file);
  } catch {
    return refuse(`Le fichier « ${file} » est introuvable.`);
  }
  if (!stats.isFile()) refuse(`« ${file} » n'est pas un fichier.`);
  const magic = Buffer.alloc(4);
  const fd = openSync(file, 'r');
  const read = readSync(fd, magic, 0, 4, 0);
  closeSync(fd);
  const format = looksLikeDatabase(file) ? 'database' : read === 4 && magic.readUInt32LE(0) === 0x04034b50 ? 'archive' : null;
  if (!format) refuse(`« ${file} » n'est ni une sauvegarde de la base (.sqlite) ni une archive complète (.zip) de Commission.`);

  const work = join(ctx.dataDir, `.${STAGING}-${randomBytes(6).toString('hex')}`);
  ensureFolder(work);
  ownerOnly(work, true);
  try {
    const database = join(work, ARCHIVED_DATABASE);
    const manifest = format === 'archive' ? extractArchive(file, work) : null;
    if (!manifest) copyFileSync(file, database);
    const inspection = await inspectCopy(db, database);
    if (inspection.integrity !== 'ok') refuse(`La base de « ${file} » est endommagée (integrity_check : ${inspection.integrity}).`);
    if (inspection.migrations.length === 0) refuse(`« ${file} » n'est pas une base de Commission.`);
    if (inspection.unknownMigrations.length) {
      refuse(
        `« ${file} » a été écrite par une version plus récente de Commission (évolution inconnue : ${inspection.unknownMigrations.join(', ')}) ; installez la dernière version de l'application avant de la restaurer.`,
      );
    }
    const marker: Marker = {
      source: file,
      format,
      stagedAt: ctx.now().toISOString(),
      stagedBy: ctx.actor,
      sha256: fileSha256(database),
      originDataDir: manifest && resolve(manifest.dataDir) !== resolve(ctx.dataDir) ? manifest.dataDir : null,
      documents: (manifest?.files ?? []).filter((f) => f.role === 'document').map((f) => ({ path: f.path, ...(f.original ? { original: f.original } : {}) })),
    };
    writeFileAtomic(join(work, MARKER), JSON.stringify(marker, null, 2));
    rmSync(join(ctx.dataDir, STAGING), { recursive: true, force: true });
    renameSync(work, join(ctx.dataDir, STAGING));
    return pendingRestore(ctx.dataDir)!;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface ApplyOptions {
  nativeBinding?: string;
  appVersion: string;
  now?: Date;
}

/** The state about to be replaced, into the backups folder: the database file (free, so complete), or a full archive. */
async function saveCurrentState(databasePath: string, dataDir: string, marker: Marker, options: ApplyOptions, now: Date): Promise<string> {
  let chosen = '';
  let documents: { id: number; path: string }[] = [];
  try {
    const current = plainConnection(databasePath, options.nativeBinding);
    try {
      chosen = await configuredBackupFolder(current);
      if (marker.format === 'archive') documents = await current.selectFrom('documents').select(['id', 'file_path as path']).execute();
    } finally {
      await current.destroy();
    }
  } catch {
    // A damaged database is saved as it is, into the default folder.
  }
  const { folder } = usableBackupFolder(chosen, databasePath);
  if (marker.format === 'database') {
    const target = join(folder, backupFileName('restore', now, 'sqlite'));
    copyAtomic(databasePath, target);
    return target;
  }
  const target = join(folder, backupFileName('restore', now, 'zip'));
  await writeArchive({ dataDir, appVersion: options.appVersion, documents, snapshot: async (file) => copyFileSync(databasePath, file) }, target, undefined, now);
  return target;
}

export interface AppliedRestore {
  source: string;
  format: 'database' | 'archive';
  /** Where the state before the restore was saved; null when there was no database. */
  savedTo: string | null;
  /** Documents of the archive that could not be put back where the register says. */
  documentsNotRestored: string[];
}

/**
 * Applies the staged restore; throws when it cannot (the database open elsewhere, the staged
 * copy changed), leaving it waiting. Nothing may have the database open.
 */
export async function applyRestore(databasePath: string, options: ApplyOptions): Promise<AppliedRestore | null> {
  const database = resolve(databasePath);
  const dataDir = dirname(database);
  const staging = join(dataDir, STAGING);
  const marker = readJson(join(staging, MARKER), markerSchema);
  if (!marker) return null;
  const state = databaseState(database, options.nativeBinding);
  if (state === 'busy') {
    throw new AppError(
      'CONFLICT',
      `La base « ${database} » est ouverte par l'application ou une autre commande : fermez-la, puis relancez la restauration.`,
    );
  }
  const staged = join(staging, ARCHIVED_DATABASE);
  if (!existsSync(staged) || fileSha256(staged) !== marker.sha256) {
    rmSync(staging, { recursive: true, force: true });
    throw new AppError('CONFLICT', `La restauration préparée depuis « ${marker.source} » a été modifiée depuis sa vérification : elle est abandonnée.`);
  }
  const now = options.now ?? new Date();
  const savedTo = state === 'absent' ? null : await saveCurrentState(database, dataDir, marker, options, now);

  if (marker.format === 'archive') relocateDocuments(staged, marker.originDataDir ?? dataDir, dataDir, options.nativeBinding);
  // A WAL left beside the old file would be replayed into the new one.
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${database}${suffix}`, { force: true });
  copyAtomic(staged, database);

  const documentsNotRestored: string[] = [];
  if (marker.format === 'archive') {
    const pieces = join(dataDir, 'pieces');
    const replaced = join(dataDir, `.pieces-remplacees-${randomBytes(6).toString('hex')}`);
    if (existsSync(pieces)) renameSync(pieces, replaced);
    if (existsSync(join(staging, 'pieces'))) renameSync(join(staging, 'pieces'), pieces);
    rmSync(replaced, { recursive: true, force: true });
    for (const doc of marker.documents) {
      const to = doc.original ?? join(dataDir, ...doc.path.split('/'));
      try {
        copyAtomic(join(staging, ...doc.path.split('/')), to);
      } catch {
        documentsNotRestored.push(to);
      }
    }
  }
  const note: RestoreNote = { source: marker.source, format: marker.format, appliedAt: now.toISOString(), by: marker.stagedBy, savedTo };
  writeFileAtomic(join(dataDir, NOTE), JSON.stringify(note));
  rmSync(staging, { recursive: true, force: true });
  return { source: marker.source, format: marker.format, savedTo, documentsNotRestored };
}

/** Called before the runtime opens its database: a restore waiting is applied, or said why not (it then stays waiting). */
export async function applyPendingRestore(
  databasePath: string,
  options: { nativeBinding?: string; log?: (line: string) => void },
  appVersion: string,
): Promise<void> {
  if (databasePath === ':memory:' || !existsSync(join(dirname(resolve(databasePath)), STAGING, MARKER))) return;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  try {
    const applied = await applyRestore(databasePath, { nativeBinding: options.nativeBinding, appVersion });
    if (!applied) return;
    log(`Restauration faite depuis « ${applied.source} ».${applied.savedTo ? ` L'état précédent est sauvegardé dans « ${applied.savedTo} ».` : ''}`);
    for (const path of applied.documentsNotRestored) log(`Document non restauré (emplacement inaccessible) : ${path}`);
  } catch (error) {
    log(`La restauration en attente n'a pas été faite : ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The note an applied restore left, removed as it is read. */
export function takeRestoreNote(dataDir: string): RestoreNote | null {
  const path = join(dataDir, NOTE);
  if (!existsSync(path)) return null;
  const note = readJson(path, noteSchema);
  rmSync(path, { force: true });
  return note;
}

/** The CLI's `restore`, the app closed: verified, the current state saved, then replaced. */
export async function restoreOffline(
  databasePath: string,
  source: string,
  options: { actor: string; appVersion: string; nativeBinding?: string; now?: () => Date },
): Promise<AppliedRestore> {
  const database = resolve(databasePath);
  if (databaseState(database, options.nativeBinding) === 'busy') {
    throw new AppError(
      'CONFLICT',
      `La base « ${database} » est ouverte par l'application ou une autre commande : fermez-la, puis relancez la restauration (ou restaurez depuis Paramètres, au prochain démarrage).`,
    );
  }
  const scratch = plainConnection(':memory:', options.nativeBinding);
  try {
    await stageRestore(scratch, { dataDir: dirname(database), actor: options.actor, now: options.now ?? (() => new Date()) }, source);
  } finally {
    await scratch.destroy();
  }
  return (await applyRestore(database, { nativeBinding: options.nativeBinding, appVersion: options.appVersion, now: options.now?.() }))!;
}
