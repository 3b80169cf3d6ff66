import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { JobRegistry } from './jobs';

/** What every handler receives besides its input. Nothing here depends on the transport. */
export interface ServiceContext {
  db: Kysely<Database>;
  databasePath: string;
  schemaVersion: number;
  appVersion: string;
  /** Who is acting, for the audit log: the session's user account. */
  actor: string;
  now: () => Date;
  /** The folder beside the database where attached documents are kept. */
  dataDir: string;
  /** Opens a file with the system's viewer; the transport provides it (Electron's shell, the CLI prints the path). */
  openPath?: (path: string) => Promise<void>;
  /** Background work of this runtime (document batches). */
  jobs: JobRegistry;
}
