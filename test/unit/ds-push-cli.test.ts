/** `ds push`, run as a user would, in its own process, against the local platform. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dsPushSdl } from '../support/ds-sdl';
import { fixtureDossier, useDsServer, VALID_TOKEN } from '../support/ds-server';
import { useTempDir } from '../support/temp';
import { demoDatabase } from '../support/demo';
import { cliProcess } from '../support/cli-process';

const tempDir = useTempDir();
const startServer = useDsServer({ extraSdl: dsPushSdl });
const PROCEDURE = 104_233;

const cli = (...args: string[]) => cliProcess({ DS_API_TOKEN: VALID_TOKEN }, ...args);

describe('ds push', () => {
  it('with --dry-run, prints what would be sent and names each dossier left out, with why, on stderr; then sends it', async () => {
    const dir = tempDir();
    const db = await demoDatabase(dir);
    const before = await cli('--db', db, 'ds', 'push', '2026-04', '--dry-run');
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({ sessionNumber: '2026-04', toSend: 0, skipped: 5 });
    expect(before.stderr).toMatch(/^Écarté : n° 24001101 — ESP de Thiérache — Aucun courrier de décision n’a été produit/m);

    expect((await cli('--db', db, 'documents', '2026-04', '--out', join(dir, 'documents'))).code).toBe(0);
    const after = await cli('--db', db, 'ds', 'push', '2026-04', '--dry-run');
    const preview = JSON.parse(after.stdout) as { toSend: number; entries: { dsNumber: number; action: string; letter: { reference: string } }[] };
    expect(preview.toSend).toBe(5);
    expect(preview.entries.map((e) => [e.dsNumber, e.action, e.letter.reference])).toEqual([
      [24001101, 'accept', 'CS-2026-04/01'],
      [24001102, 'accept', 'CS-2026-04/02'],
      [24001105, 'accept', 'CS-2026-04/03'],
      [24001103, 'refuse', 'CS-2026-04/04'],
      [24001104, 'postpone', 'CS-2026-04/05'],
    ]);
    expect(after.stderr).toBe('');
    expect(await cli('--db', db, 'ds', 'push', '2026-99', '--dry-run')).toMatchObject({ code: 1, stderr: expect.stringMatching(/Aucune séance ne porte le numéro « 2026-99 »/) });

    const server = await startServer();
    server.addProcedure(PROCEDURE, 'Aide au démarrage des ESP et MSP 2026');
    for (const number of [24001101, 24001102, 24001105, 24001103]) server.putDossier(PROCEDURE, fixtureDossier(number, (d) => (d.state = 'en_construction')));
    const connection = { connection: { instanceUrl: server.url, procedureNumber: PROCEDURE, instructorGroup: null } };
    expect((await cli('--db', db, 'call', 'ds.connection.save', JSON.stringify(connection))).code).toBe(0);
    const pushed = await cli('--db', db, 'ds', 'push', '2026-04', '--message');
    expect(pushed.code).toBe(1);
    expect(JSON.parse(pushed.stdout)).toMatchObject({ sent: 4, failed: 1 });
    expect(pushed.stderr).toMatch(/^Échec : n° 24001104 — .* — Démarches Simplifiées ne trouve pas/m);
    expect(server.actions.map((a) => a.field).filter((f) => f === 'dossierEnvoyerMessage')).toHaveLength(4);
    expect(server.graphqlRequests.every((r) => r.authorization === `Bearer ${VALID_TOKEN}`)).toBe(true);
  });
});
