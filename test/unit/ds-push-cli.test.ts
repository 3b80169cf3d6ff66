/** `ds push --dry-run`, run as a user would, in its own process. */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../support/temp';
import { demoDatabase } from '../support/demo';
import pkg from '../../package.json' with { type: 'json' };

const root = resolve(__dirname, '../..');
const tempDir = useTempDir();

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [join(root, pkg.bin.commission), ...args], { cwd: root, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('ds push --dry-run', () => {
  it('prints what would be sent and names each dossier left out, with why, on stderr', async () => {
    const dir = tempDir();
    const db = await demoDatabase(dir);
    const before = cli('--db', db, 'ds', 'push', '2026-04', '--dry-run');
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({ sessionNumber: '2026-04', toSend: 0, skipped: 5 });
    expect(before.stderr).toMatch(/^Écarté : n° 24001101 — ESP de Thiérache — Aucun courrier de décision n’a été produit/m);

    expect(cli('--db', db, 'documents', '2026-04', '--out', join(dir, 'documents')).code).toBe(0);
    const after = cli('--db', db, 'ds', 'push', '2026-04', '--dry-run');
    const preview = JSON.parse(after.stdout) as { toSend: number; entries: { dsNumber: number; action: string; letter: { reference: string } }[] };
    expect(preview.toSend).toBe(5);
    expect(preview.entries.map((e) => [e.dsNumber, e.action, e.letter.reference])).toEqual([
      [24001101, 'accept', 'CS-2026-04/01'],
      [24001102, 'accept', 'CS-2026-04/02'],
      [24001105, 'accept', 'CS-2026-04/03'],
      [24001103, 'refuse', 'CS-2026-04/04'],
      [24001104, 'close', 'CS-2026-04/05'],
    ]);
    expect(after.stderr).toBe('');
    expect(cli('--db', db, 'ds', 'push', '2026-99', '--dry-run')).toMatchObject({ code: 1, stderr: expect.stringMatching(/Aucune séance ne porte le numéro « 2026-99 »/) });
  });
});
