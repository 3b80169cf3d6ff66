import type { Kysely } from 'kysely';
import type { Engine } from '../db/dialect';
import type { Database } from '../db/schema';
import type { FileStore } from './file-store';
import type { JobRegistry } from './jobs';
import type { SecretStore } from './connection';
import type { Account } from '../shared/accounts';
import type { AuthState } from './auth';

/** What every handler receives besides its input. Nothing here depends on the transport. */
export interface ServiceContext {
  db: Kysely<Database>;
  /** The file, or the shared server's URL without its password. */
  databasePath: string;
  /** SQLite (one laptop) or PostgreSQL (team mode). */
  engine: Engine;
  schemaVersion: number;
  appVersion: string;
  /** Who is acting, for the audit log: the signed-in account's login, or the OS user while the database has no account. */
  actor: string;
  /** The signed-in account, in a call's context; absent while the database has no account (every right). */
  account?: Account;
  /** This runtime's sign-in. */
  auth: AuthState;
  now: () => Date;
  /**
   * The folder beside the database where attached documents are kept; in team mode, the shared
   * folder, or this machine's cache of the files kept in the database.
   */
  dataDir: string;
  /** Where attachments and documents are kept: the data folder, or the shared database. */
  files: FileStore;
  /** This machine's own folder (its settings, such as which database to open). */
  localDir: string;
  /** The OS keychain, where the transport has one (Electron's safeStorage). */
  secrets?: SecretStore;
  /** Opens a file with the system's viewer; the transport provides it (Electron's shell, the CLI prints the path). */
  openPath?: (path: string) => Promise<void>;
  /** The rest of what the desktop offers (Electron's shell and dialogs); absent from the CLI. */
  desktop?: Desktop;
  /** Background work of this runtime (document batches). */
  jobs: JobRegistry;
}

/** What a desktop transport does with files and the user's choices; each call is one user action. */
export interface Desktop {
  /** Selects the file in the system's file manager. */
  showInFolder(path: string): Promise<void>;
  /** Sends the file to the system's printing (its « Imprimer » verb). */
  print(path: string): Promise<void>;
  /** Asks where to save a file; null when the user cancels. */
  chooseSavePath(defaultName: string, filter: { name: string; extensions: string[] }): Promise<string | null>;
  /** Asks for a folder; null when the user cancels. */
  chooseFolder(title: string): Promise<string | null>;
  /** Starts the app again once this call has answered; absent where the transport cannot. */
  relaunch?(): void;
}
