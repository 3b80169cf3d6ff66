import { join } from 'node:path';
import { CompiledQuery } from 'kysely';
import { afterEach, inject } from 'vitest';
import { openDatabase } from '../../db/open';
import { placeholders } from '../../db/dialect';
import type { Input, MethodName, Output } from '../../shared/contract';
import type { AppErrorData } from '../../shared/result';
import { startRuntime, type Runtime } from '../../services/runtime';
import type { SecretStore } from '../../services/connection';
import { recordingDesktop, type RecordingDesktop } from './desktop';
import { useTempDir } from './temp';
import { copyDatabase } from './postgres';

export interface TestRuntime extends Runtime {
  dir: string;
  /** Calls a method and returns its value; a failed Result throws, naming its error. */
  call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  /** Calls a method that must fail, and returns its error. */
  refuse<M extends MethodName>(method: M, input: Input<M>): Promise<AppErrorData>;
  opened: string[];
  /** With `{ desktop: true }`: every action asked of the system, `open` included. */
  desktop: RecordingDesktop | null;
  /** Runs SQL (`?` placeholders) on a connection of its own, as another process would see the database. */
  query<R = Record<string, unknown>>(text: string, parameters?: unknown[]): Promise<R[]>;
  /** The database file or server URL it opened. */
  location: string;
}

/**
 * A runtime on a fresh database file per test, closed afterwards; given another runtime, one more
 * on its database (another machine of a team, or a second app on one file), acting as `actor`.
 */
export function useRuntime(
  options: { desktop?: boolean; secrets?: SecretStore } = {},
): (sameDatabaseAs?: TestRuntime, actor?: string) => Promise<TestRuntime> {
  const tempDir = useTempDir();
  const open: Runtime[] = [];
  afterEach(async () => {
    for (const r of open.splice(0)) await r.close();
  });
  return async (sameDatabaseAs, actor = 'secretariat') => {
    const dir = sameDatabaseAs?.dir ?? tempDir();
    const opened: string[] = [];
    const desktop = options.desktop ? recordingDesktop(join(dir, 'enregistrements')) : null;
    // The `postgres` test project runs the same tests on a shared server's database.
    const template = inject('postgresTemplate');
    const location = sameDatabaseAs?.location ?? (template ? await copyDatabase(template) : join(dir, 'commission.sqlite'));
    const runtime = await startRuntime(location, {
      actor,
      ...(template ? { dataDir: dir, localDir: dir } : {}),
      openPath: async (path) => {
        opened.push(path);
        await desktop?.openPath(path);
      },
      desktop: desktop?.desktop,
      secrets: options.secrets,
    });
    open.push(runtime);
    return {
      ...runtime,
      dir,
      location,
      opened,
      desktop,
      async call(method, input) {
        const result = await runtime.dispatch(method, input);
        if (!result.ok) throw new Error(`${method} a échoué : ${JSON.stringify(result.error)}`);
        return result.value as never;
      },
      async query(text, parameters = []) {
        const other = await openDatabase(location);
        try {
          return (await other.db.executeQuery(CompiledQuery.raw(placeholders(other.engine, text), parameters))).rows as never;
        } finally {
          await other.close();
        }
      },
      async refuse(method, input) {
        const result = await runtime.dispatch(method, input);
        if (result.ok) throw new Error(`${method} aurait dû échouer`);
        return result.error;
      },
    };
  };
}
