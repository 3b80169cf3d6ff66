import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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
import type { FileStoreKind } from '../../shared/connection';
import { FILE_CACHE_FOLDER } from '../../services/paths';

export interface TestRuntime extends Runtime {
  dir: string;
  /** Where attachments and documents are kept: a folder on SQLite, the database on PostgreSQL. */
  files: FileStoreKind;
  /** The data folder: `dir`, or this machine's cache of the files kept in the database. */
  dataDir: string;
  /** Calls a method and returns its value; a failed Result throws, naming its error. */
  call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  /** Calls a method that must fail, and returns its error. */
  refuse<M extends MethodName>(method: M, input: Input<M>): Promise<AppErrorData>;
  opened: string[];
  /** With `{ desktop: true }`: every action asked of the system, `open` included. */
  desktop: RecordingDesktop | null;
  /** Where a kept file (a register's path) is on this machine: itself in a folder, its copy in the cache for the database. */
  keptPath(path: string): string;
  /** Where to ask documents to be written: a folder of the test's on SQLite; in the database, nowhere (the register names them). */
  outputFolder(folder: string): { folder?: string };
  /** A kept file as a file on this machine, to read it back (pdftotext, qpdf): copied from the database when kept there. */
  localFile(file: { filePath: string; sha256: string }): Promise<string>;
  /** Replaces a kept file's bytes where the store keeps them, or with null removes them. */
  alterKept(file: { filePath: string; sha256: string }, bytes: Uint8Array | null): Promise<void>;
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
    // On PostgreSQL, the files go in the database; `dir` is the machine's own folder.
    const runtime = await startRuntime(location, {
      actor,
      ...(template ? { localDir: dir } : {}),
      openPath: async (path) => {
        opened.push(path);
        await desktop?.openPath(path);
      },
      desktop: desktop?.desktop,
      secrets: options.secrets,
    });
    open.push(runtime);
    const dataDir = template ? join(dir, FILE_CACHE_FOLDER) : dir;
    const query = async <R>(text: string, parameters: unknown[] = []): Promise<R[]> => {
      const other = await openDatabase(location);
      try {
        return (await other.db.executeQuery(CompiledQuery.raw(placeholders(other.engine, text), parameters))).rows as R[];
      } finally {
        await other.close();
      }
    };
    return {
      ...runtime,
      dir,
      location,
      files: template ? 'database' : 'folder',
      dataDir,
      opened,
      desktop,
      async call(method, input) {
        const result = await runtime.dispatch(method, input);
        if (!result.ok) throw new Error(`${method} a échoué : ${JSON.stringify(result.error)}`);
        return result.value as never;
      },
      keptPath: (path) => resolve(dataDir, path),
      outputFolder: (folder) => (template ? {} : { folder }),
      async localFile(file) {
        const path = resolve(dataDir, file.filePath);
        if (template) {
          const [row] = await query<{ content: Buffer }>('SELECT content FROM stored_files WHERE sha256 = ?', [file.sha256]);
          if (!row) throw new Error(`${file.filePath} n'est pas dans la base`);
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, row.content);
        }
        return path;
      },
      async alterKept(file, bytes) {
        if (!template) {
          if (bytes) writeFileSync(resolve(dataDir, file.filePath), bytes);
          else rmSync(resolve(dataDir, file.filePath));
        } else if (bytes) await query('UPDATE stored_files SET content = ? WHERE sha256 = ?', [Buffer.from(bytes), file.sha256]);
        else await query('DELETE FROM stored_files WHERE sha256 = ?', [file.sha256]);
      },
      query,
      async refuse(method, input) {
        const result = await runtime.dispatch(method, input);
        if (result.ok) throw new Error(`${method} aurait dû échouer`);
        return result.error;
      },
    };
  };
}
