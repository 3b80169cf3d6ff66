/** The follow-up and housekeeping commands of the CLI, run as a user would, in their own process. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localDay } from '../../services/dates';
import { useTempDir } from '../support/temp';
import { demoDatabase } from '../support/demo';
import pkg from '../../package.json' with { type: 'json' };

const root = resolve(__dirname, '../..');
const tempDir = useTempDir();

/** The `commission` command, bundled (and rebuilt when stale), as cli.test.ts runs it. */
function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [join(root, pkg.bin.commission), ...args], { cwd: root, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('follow-up commands', () => {
  it('record an agreement, a payment and a withdrawal; list the reports due and the envelope', async () => {
    const dir = tempDir();
    const db = await demoDatabase(dir);
    const scan = join(dir, 'convention.pdf');
    writeFileSync(scan, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const today = localDay(new Date());

    const signed = cli('--db', db, 'agreement', '24001105', '2026-12-01', scan, '2');
    expect(signed.code).toBe(0);
    expect(JSON.parse(signed.stdout).grants[0].agreement).toMatchObject({ signedOn: '2026-12-01', instalments: 2 });
    const over = cli('--db', db, 'payment', '24001105', today, '18000,01', 'V1');
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/dépasse ce qui reste à verser/);
    const paid = cli('--db', db, 'payment', '24001105', today, '9000', 'V1');
    expect(JSON.parse(paid.stdout).grants[0].agreement).toMatchObject({ paid: 9000, remaining: 9000 });

    const deadlines = JSON.parse(cli('--db', db, 'deadlines').stdout) as { kind: string; deadline: string; label: string }[];
    expect(deadlines.filter((d) => d.kind === 'report').map((d) => d.deadline)).toEqual(Array(3).fill('2028-06-01'));
    expect(JSON.parse(cli('--db', db, 'envelope', '2026').stdout)).toMatchObject({ committed: 38000, signed: 18000, paid: 9000 });

    const withdrawn = cli('--db', db, 'withdraw', '24001101', today, 'Équipe', 'dissoute');
    expect(JSON.parse(withdrawn.stdout).withdrawal).toEqual({ date: today, reason: 'Équipe dissoute' });
  }, 240_000);
});
