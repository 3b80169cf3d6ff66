/**
 * Backups of the database while the app runs: daily (at start and, in a long-running app, by a
 * timer), before every import, on demand; each one checked (integrity_check on the copy) and the
 * automatic ones rotated. Also the full archive on demand, and owner-only modes for the files
 * the app keeps.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { backupInto, DEFAULT_BACKUP_FOLDER, ownerOnly, snapshotDatabase, inspectCopy, usableBackupFolder } from '../db/backup';
import { readSettings } from '../db/queries/settings';
import { insertAudit } from '../db/queries/audit';
import {
  backupFileName,
  backupsToRemove,
  parseBackupName,
  rotatedKinds,
  SHARED_BACKUPS_MESSAGE,
  type ArchiveResult,
  type Backup,
  type BackupKind,
  type BackupsStatus,
  type RecordsSettings,
} from '../shared/backups';
import { AppError } from '../shared/result';
import { writeArchive } from './archive';
import type { ServiceContext } from './context';
import { convocationFiles } from './convocations';
import { namedFiles } from './file-store';
import { ATTACHMENTS_FOLDER, CONVOCATIONS_FOLDER } from './paths';
import { checkOutputFolder, ensureFolder, isTemporaryName, sha256 } from './files';
import { snapshotIntoSqlite } from './transfer';
import type { Progress } from './jobs';
import { pendingRestore, takeRestoreNote } from './restore';

type Ctx = Pick<ServiceContext, 'db' | 'databasePath' | 'engine' | 'dataDir' | 'now' | 'actor' | 'appVersion'>;

/** A database file backs itself up; a shared server is backed up by its administrators (pg_dump, replicas). */
const keepsOwnBackups = (ctx: Ctx) => ctx.engine === 'sqlite' && ctx.databasePath !== ':memory:';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The last automatic backup that went wrong, per database file: the Paramètres show it. */
const problems = new Map<string, { at: string; message: string }>();

async function recordsSettings(ctx: Ctx): Promise<RecordsSettings> {
  return (await readSettings(ctx.db)).records;
}

export const defaultBackupFolder = (ctx: Pick<Ctx, 'dataDir'>) => join(ctx.dataDir, DEFAULT_BACKUP_FOLDER);

/**
 * Where a backup goes: the chosen folder, else the default one. Asked for by hand, an unusable
 * folder is refused; an automatic backup falls back on the default folder and says so.
 */
async function targetFolder(ctx: Ctx, byHand: boolean): Promise<string> {
  const { backupFolder } = await recordsSettings(ctx);
  if (byHand) {
    const folder = backupFolder || defaultBackupFolder(ctx);
    checkOutputFolder(folder, 'backupFolder');
    ensureFolder(folder);
    return folder;
  }
  const { folder, fellBack } = usableBackupFolder(backupFolder, resolve(ctx.databasePath));
  if (!fellBack) problems.delete(ctx.databasePath);
  else {
    problems.set(ctx.databasePath, {
      at: ctx.now().toISOString(),
      message: `Le dossier des sauvegardes « ${backupFolder} » n'est pas accessible : la sauvegarde a été faite dans « ${folder} ».`,
    });
  }
  return folder;
}

/** A backups folder newly chosen must take files: refused at once, naming it, otherwise. */
export function checkBackupFolder(before: RecordsSettings, next: RecordsSettings | undefined): void {
  if (next?.backupFolder && next.backupFolder !== before.backupFolder) checkOutputFolder(next.backupFolder, 'records.backupFolder');
}

/** The backups in a folder, newest first; files the app did not name are not listed. */
export function backupsIn(folder: string): Backup[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const parsed = parseBackupName(name);
      if (!parsed) return [];
      const path = join(folder, name);
      try {
        const stats = statSync(path);
        return stats.isFile() ? [{ name, path, ...parsed, size: stats.size }] : [];
      } catch {
        return [];
      }
    })
    .sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : b.name.localeCompare(a.name)));
}

/** Removes the rotated backups past the settings' counts, and what interrupted backups left. */
export function rotateBackups(folder: string, keep: RecordsSettings, now: Date): string[] {
  const rotated = backupsIn(folder).filter((b) => rotatedKinds.includes(b.kind));
  const removed = backupsToRemove(rotated, keep);
  for (const name of removed) rmSync(join(folder, name), { force: true });
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    // Another process's backup may be under way: only what is old enough is a leftover.
    if (isTemporaryName(name) && now.getTime() - statSync(path).mtimeMs > HOUR_MS) rmSync(path, { force: true });
  }
  return removed;
}

export async function backupsStatus(ctx: Ctx): Promise<BackupsStatus> {
  const { backupFolder } = await recordsSettings(ctx);
  const fallback = defaultBackupFolder(ctx);
  const folder = backupFolder || fallback;
  // Backups that fell back on the default folder are listed with the chosen folder's.
  const folders = [...new Set([resolve(folder), resolve(fallback)])];
  const backups = folders.flatMap(backupsIn).sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : 0));
  if (ctx.engine === 'postgres') return { folder, defaultFolder: fallback, backups: [], lastProblem: null, pendingRestore: null, sharedServer: SHARED_BACKUPS_MESSAGE };
  return { folder, defaultFolder: fallback, backups, lastProblem: problems.get(ctx.databasePath) ?? null, pendingRestore: pendingRestore(ctx.dataDir), sharedServer: null };
}

/**
 * The audit log's last hash when this process last backed each database up. Every change the app
 * makes is audited: while the head is the same, that backup still holds the database as it is.
 */
const backedUpHeads = new Map<string, string>();

const auditHead = async (ctx: Ctx) => (await ctx.db.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst())?.hash ?? null;

/** A checked backup of the database now; automatic ones are rotated afterwards. */
export async function makeBackup(ctx: Ctx, kind: Extract<BackupKind, 'daily' | 'import' | 'manual'>): Promise<Backup> {
  if (ctx.engine === 'postgres') throw new AppError('CONFLICT', SHARED_BACKUPS_MESSAGE);
  const folder = await targetFolder(ctx, kind === 'manual');
  // Read before the copy: a change in between makes the next import back up again, never less.
  const head = await auditHead(ctx);
  const { path } = await backupInto(ctx.db, folder, backupFileName(kind, ctx.now(), 'sqlite'));
  if (head) backedUpHeads.set(ctx.databasePath, head);
  if (kind !== 'manual') rotateBackups(folder, await recordsSettings(ctx), ctx.now());
  return backupsIn(dirname(path)).find((b) => b.path === path)!;
}

/**
 * Called as an import begins: its state before, to go back to; an import is not made without it.
 * None is needed while nothing changed since the last one (a refused import writes nothing).
 */
export async function backupBeforeImport(ctx: Ctx): Promise<void> {
  if (!keepsOwnBackups(ctx)) return;
  const head = await auditHead(ctx);
  if (head === null || backedUpHeads.get(ctx.databasePath) === head) return;
  try {
    await makeBackup(ctx, 'import');
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new AppError('CONFLICT', `La sauvegarde qui précède l'import n'a pas pu être faite (${why}) ; rien n'a été importé.`);
  }
}

/** Databases whose daily backup is under way: the timer must not start a second one. */
const running = new Set<string>();

/** The daily backup, when the newest backup is more than a day old and the database holds something. */
export async function dailyBackupIfDue(ctx: Ctx, log: (line: string) => void): Promise<Backup | null> {
  if (running.has(ctx.databasePath)) return null;
  running.add(ctx.databasePath);
  try {
    const anything = await ctx.db.selectFrom('audit_log').select('id').limit(1).executeTakeFirst();
    if (!anything) return null;
    const { backups } = await backupsStatus(ctx);
    const newest = backups.find((b) => b.format === 'database');
    if (newest && ctx.now().getTime() - new Date(newest.takenAt).getTime() < DAY_MS) return null;
    return await makeBackup(ctx, 'daily');
  } catch (error) {
    const message = `La sauvegarde quotidienne a échoué : ${error instanceof Error ? error.message : String(error)}`;
    problems.set(ctx.databasePath, { at: ctx.now().toISOString(), message });
    log(message);
    return null;
  } finally {
    running.delete(ctx.databasePath);
  }
}

/**
 * Owner-only modes for what the app keeps (POSIX; on Windows the profile folder's ACL applies):
 * files created from now on by this process, and, once, those an earlier version left readable.
 */
function protectDataFiles(ctx: Ctx): void {
  if (process.platform === 'win32') return;
  try {
    process.umask(0o077);
  } catch {
    // Worker threads cannot change it; the explicit modes below still apply.
  }
  const database = resolve(ctx.databasePath);
  const alreadyDone = (statSync(database).mode & 0o077) === 0;
  for (const suffix of ['', '-wal', '-shm']) ownerOnly(`${database}${suffix}`);
  ownerOnly(ctx.dataDir, true);
  if (alreadyDone) return;
  const walk = (folder: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    ownerOnly(folder, true);
    for (const entry of entries) {
      if (entry.isDirectory()) walk(join(folder, entry.name));
      else if (entry.isFile()) ownerOnly(join(folder, entry.name));
    }
  };
  for (const folder of ['pieces', 'documents', DEFAULT_BACKUP_FOLDER]) walk(join(ctx.dataDir, folder));
}

/** A restore applied at this start is written in the log of the database it brought back. */
async function auditAppliedRestore(ctx: Ctx): Promise<void> {
  const note = takeRestoreNote(ctx.dataDir);
  if (!note) return;
  await insertAudit(ctx.db, {
    at: ctx.now().toISOString(),
    actor: note.by,
    entityType: 'records',
    entityId: 'restore',
    action: 'records.restore',
    before: { savedTo: note.savedTo },
    after: { source: note.source, format: note.format, appliedAt: note.appliedAt },
  });
}

/**
 * Called once the runtime is bound to its database: modes, the note of a restore just applied,
 * the daily backup when due, and a timer for apps that stay open for days. `stop` ends the timer.
 */
export async function startRecordKeeping(ctx: Ctx, log: (line: string) => void): Promise<{ stop(): void }> {
  if (!keepsOwnBackups(ctx)) return { stop() {} };
  // None of this may keep the app from starting: what fails is said, and the start goes on.
  try {
    protectDataFiles(ctx);
    await auditAppliedRestore(ctx);
  } catch (error) {
    log(`Protection des fichiers ou journal de la restauration : ${error instanceof Error ? error.message : String(error)}`);
  }
  await dailyBackupIfDue(ctx, log);
  const timer = setInterval(() => void dailyBackupIfDue(ctx, log), HOUR_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Where « Archive complète » writes when no file is named: the backups folder. */
export async function archivePath(ctx: Ctx, file: string | undefined): Promise<string> {
  const target = file ? resolve(file) : join(await targetFolder(ctx, true), backupFileName('archive', ctx.now(), 'zip'));
  checkOutputFolder(dirname(target), 'file');
  return target;
}

/** The full archive of the running app's data: database snapshot, attachments, registered documents. */
export async function createArchive(ctx: Ctx & Pick<ServiceContext, 'files'>, target: string, progress?: Progress): Promise<ArchiveResult | null> {
  const registered = await ctx.db.selectFrom('documents').select(['id', 'file_path as path', 'sha256']).orderBy('id').execute();
  if (ctx.files.kind === 'database') await materialiseStoredFiles(ctx, registered);
  // Convocations are not in the register; inside the data folder, they are archived under their own path.
  const documents = [...registered.map(({ id, path }) => ({ id, path: resolve(ctx.dataDir, path) })), ...convocationFiles(ctx.dataDir).map((path) => ({ id: 0, path }))];
  return writeArchive(
    {
      dataDir: ctx.dataDir,
      appVersion: ctx.appVersion,
      documents,
      snapshot: async (file) => {
        if (ctx.engine === 'postgres') {
          await snapshotIntoSqlite(ctx.db, file);
          return;
        }
        await snapshotDatabase(ctx.db, file);
        const { integrity } = await inspectCopy(ctx.db, file);
        if (integrity !== 'ok') throw new Error(`la copie de la base est endommagée (${integrity})`);
      },
    },
    target,
    progress,
    ctx.now(),
  );
}

/**
 * The files kept in the database, as this machine's copies under the data folder (checked by
 * their sha256 first): the archive takes them from there, as it takes a folder's. A document
 * gone from the database is left out, and the archive's manifest names it missing.
 */
async function materialiseStoredFiles(ctx: Ctx & Pick<ServiceContext, 'files'>, documents: readonly { path: string; sha256: string }[]): Promise<void> {
  const { attachments, convocations } = await namedFiles(ctx.db);
  // Only what the register names now: a copy left by a removed attachment is not archived.
  rmSync(join(ctx.dataDir, ATTACHMENTS_FOLDER), { recursive: true, force: true });
  rmSync(join(ctx.dataDir, CONVOCATIONS_FOLDER), { recursive: true, force: true });
  for (const file of [...attachments, ...documents, ...convocations]) {
    const bytes = await ctx.files.load(file);
    if (bytes && sha256(bytes) === file.sha256) ctx.files.localPath(file, bytes);
    else rmSync(resolve(ctx.dataDir, file.path), { force: true });
  }
}
