import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { openDatabase, type OpenOptions } from '../db/open';
import { createDispatcher, type Dispatch } from '../shared/contract/dispatch';
import { handlers } from './handlers';
import { JobRegistry } from './jobs';
import pkg from '../package.json' with { type: 'json' };

export interface Runtime {
  dispatch: Dispatch;
  databasePath: string;
  close(): Promise<void>;
}

function currentUser(): string {
  try {
    return userInfo().username || 'inconnu';
  } catch {
    return 'inconnu';
  }
}

/** Opens the database and binds the handlers to it: what Electron, the CLI and the test bridge share. */
export async function startRuntime(
  databasePath: string,
  options: OpenOptions & {
    actor?: string;
    onInternalError?: (method: string, error: unknown) => void;
    openPath?: (path: string) => Promise<void>;
  } = {},
): Promise<Runtime> {
  const opened = await openDatabase(databasePath, options);
  const dispatch = createDispatcher(
    handlers,
    {
      db: opened.db,
      databasePath: opened.path,
      schemaVersion: opened.schemaVersion,
      appVersion: pkg.version,
      actor: options.actor ?? currentUser(),
      now: () => new Date(),
      dataDir: dirname(opened.path),
      openPath: options.openPath,
      jobs: new JobRegistry(),
    },
    options.onInternalError,
  );
  return { dispatch, databasePath: opened.path, close: opened.close };
}
