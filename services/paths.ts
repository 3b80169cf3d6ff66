import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'Commission';
export const DATABASE_FILE = 'commission.sqlite';
/** This machine's choice of a shared database (services/connection.ts). */
export const CONNECTION_FILE = 'base-partagee.json';
/** In this machine's folder: copies of the files kept in the shared database, for its viewer and printer. */
export const FILE_CACHE_FOLDER = 'fichiers-base-partagee';
/** Under the data folder: the attachments' copies, and the convocations with their agendas. */
export const ATTACHMENTS_FOLDER = 'pieces';
export const CONVOCATIONS_FOLDER = 'convocations';

/**
 * Where the app keeps its data: the same folder as Electron's `userData` for this app, so that
 * the CLI and the desktop app open the same database. COMMISSION_DATA_DIR overrides it.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.COMMISSION_DATA_DIR) return env.COMMISSION_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_DIR_NAME);
}

export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultDataDir(env), DATABASE_FILE);
}
