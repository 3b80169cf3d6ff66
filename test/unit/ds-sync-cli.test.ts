/** `ds sync`, run as a user would, in its own process, against the local platform. */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { champOf, fixtureDossier, useDsServer, VALID_TOKEN } from '../support/ds-server';
import { useTempDir } from '../support/temp';
import { cliProcess } from '../support/cli-process';

const tempDir = useTempDir();
const startServer = useDsServer();
const PROCEDURE = 104_233;

const cli = (...args: string[]) => cliProcess({ DS_API_TOKEN: VALID_TOKEN }, ...args);

describe('ds sync', () => {
  it('with --dry-run, prints the preview and writes nothing; then syncs; a state the platform does not have is refused', async () => {
    const server = await startServer();
    server.addProcedure(PROCEDURE, 'Aide au démarrage des ESP et MSP 2026');
    for (const number of [21560127, 21560128]) {
      server.putDossier(
        PROCEDURE,
        fixtureDossier(number, (d) => (champOf(d, 'Projet de santé (document PDF)').files = [server.addFile(`projet-${number}.pdf`, Buffer.from(`%PDF-1.7\n% ${number}\n`))])),
        { keepDate: true },
      );
    }
    const db = join(tempDir(), 'essai.sqlite');
    const connection = { connection: { instanceUrl: server.url, procedureNumber: PROCEDURE } };
    expect((await cli('--db', db, 'call', 'ds.connection.save', JSON.stringify(connection))).code).toBe(0);

    const dry = await cli('--db', db, 'ds', 'sync', '--dry-run');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ created: 2, updated: 0, rejected: [], since: null, pages: 1, files: [{ dsNumber: 21560127, kind: 'health_project_signed' }, { dsNumber: 21560128 }] });
    const count = () => {
      const sqlite = new SQLite(db, { readonly: true });
      try {
        return (sqlite.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n;
      } finally {
        sqlite.close();
      }
    };
    expect(count()).toBe(0);

    const run = await cli('--db', db, 'ds', 'sync');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ created: 2, files: { kept: 2, alreadyKept: 0, refused: [] } });
    expect(count()).toBe(2);

    expect(await cli('--db', db, 'ds', 'sync', '--state', 'inconnu')).toMatchObject({ code: 1, stderr: expect.stringContaining("L'état doit être en_construction") });
  });
});
