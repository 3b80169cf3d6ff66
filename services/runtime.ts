import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DatabaseOpenError, openDatabase, type OpenOptions } from '../db/open';
import { engineOfLocation } from '../db/dialect';
import { defaultDataDir, FILE_CACHE_FOLDER } from './paths';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { databaseStore, folderStore, pruneCache, type FileStoreKind } from './file-store';
import { createDispatcher, type Dispatch } from '../shared/contract/dispatch';
import type { Desktop, ServiceContext } from './context';
import type { SecretStore } from './connection';
import { handlers } from './handlers';
import { AuthState, callContext } from './auth';
import { JobRegistry } from './jobs';
import { describeRecovery, recoverFiles, type RecoveryReport } from './recovery';
import { startRecordKeeping } from './backup';
import { applyPendingRestore } from './restore';
import pkg from '../package.json' with { type: 'json' };

export interface Runtime {
  dispatch: Dispatch;
  databasePath: string;
  /** What the start found left by an interrupted run, and put right. */
  recovery: RecoveryReport;
  close(): Promise<void>;
}

export function currentUser(): string {
  try {
    return userInfo().username || 'inconnu';
  } catch {
    return 'inconnu';
  }
}

/** This machine's copies of files gone from the shared base, removed; what to log of it. */
async function pruneCacheAtStart(db: Kysely<Database>, cacheDir: string): Promise<string[]> {
  try {
    const n = await pruneCache(db, cacheDir);
    if (n === 0) return [];
    return [n > 1 ? `${n} copies locales de fichiers retirés de la base partagée supprimées de ce poste.` : "1 copie locale d'un fichier retiré de la base partagée supprimée de ce poste."];
  } catch (error) {
    return [`Copies locales des fichiers de la base partagée non vérifiées (${error instanceof Error ? error.message : String(error)}) : elles le seront au prochain démarrage.`];
  }
}

/** Opens the database and binds the handlers to it: what Electron, the CLI and the test bridge share. */
export async function startRuntime(
  databasePath: string,
  options: OpenOptions & {
    actor?: string;
    onInternalError?: (method: string, error: unknown) => void;
    openPath?: (path: string) => Promise<void>;
    desktop?: Desktop;
    /** Where the start's recovery report goes, line by line, in French; stderr by default (the CLI's and Electron's log). */
    log?: (line: string) => void;
    /** The folder of attachments and documents; beside the file by default, the shared folder for a shared database. */
    dataDir?: string;
    /** For a shared database: its files in the database, or in the shared folder (`dataDir`); where `dataDir` says by default. */
    files?: FileStoreKind;
    /** This machine's own folder; the data folder by default. */
    localDir?: string;
    secrets?: SecretStore;
  } = {},
): Promise<Runtime> {
  const shared = engineOfLocation(databasePath) === 'postgres';
  const files: FileStoreKind = shared ? (options.files ?? (options.dataDir ? 'folder' : 'database')) : 'folder';
  if (files === 'folder' && shared && !options.dataDir) {
    throw new DatabaseOpenError('Une base partagée dont les fichiers sont dans un dossier partagé demande ce dossier.');
  }
  // A restore replaces a database file: the shared server's backups are its administrators'.
  if (!shared) await applyPendingRestore(databasePath, options, pkg.version);
  const opened = await openDatabase(databasePath, options);
  // The machine's own folder, never the shared one: its choice of database is its own.
  const localDir = resolve(options.localDir ?? (shared ? defaultDataDir() : dirname(resolve(opened.path))));
  // Absolute, so that every path built from it is (a relative --db would make relative ones).
  const dataDir = resolve(files === 'database' ? join(localDir, FILE_CACHE_FOLDER) : (options.dataDir ?? dirname(resolve(opened.path))));
  const ctx: ServiceContext = {
    db: opened.db,
    databasePath: opened.path,
    engine: opened.engine,
    schemaVersion: opened.schemaVersion,
    appVersion: pkg.version,
    actor: options.actor ?? currentUser(),
    auth: new AuthState(options.actor ?? currentUser()),
    now: () => new Date(),
    dataDir,
    files: files === 'database' ? databaseStore(opened.db, dataDir, () => new Date()) : folderStore(dataDir),
    localDir,
    secrets: options.secrets,
    openPath: options.openPath,
    desktop: options.desktop,
    jobs: new JobRegistry(),
  };
  let recovery: RecoveryReport;
  try {
    // Files kept in the database are written in their transaction: no crash leaves one half done.
    recovery = opened.path === ':memory:' || files === 'database' ? { removed: [], adopted: [], setAside: [], skipped: null } : await recoverFiles(ctx);
  } catch (error) {
    await opened.close();
    throw error;
  }
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  for (const line of describeRecovery(recovery)) log(line);
  if (files === 'database' && opened.path !== ':memory:') for (const line of await pruneCacheAtStart(opened.db, dataDir)) log(line);
  const records = await startRecordKeeping(ctx, log);
  const dispatch = createDispatcher(handlers, ctx, options.onInternalError, callContext);
  const close = async () => {
    records.stop();
    await opened.close();
  };
  return { dispatch, databasePath: opened.path, recovery, close };
}
