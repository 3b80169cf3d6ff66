import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { caller, scriptDemoSession } from '../../cli/demo-session';
import { BUSY_MESSAGE } from '../../db/open';
import { isTemporaryName } from '../../services/files';
import { startRuntime, type Runtime } from '../../services/runtime';
import { sampleIdentity } from '../support/fixtures';
import { cliArgs, generatedExport, query, root } from '../support/reliability';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();

async function withRuntimes<T>(file: string, count: number, work: (runtimes: Runtime[]) => Promise<T>): Promise<T> {
  const runtimes: Runtime[] = [];
  try {
    for (let i = 0; i < count; i++) runtimes.push(await startRuntime(file, { actor: `poste-${i}` }));
    return await work(runtimes);
  } finally {
    for (const r of runtimes) await r.close();
  }
}

const upload = (bytes: Buffer, name: string) => ({ fileName: name, contentBase64: bytes.toString('base64') });

/** Each file's dossiers are all there or none, and the batches say the same. */
function expectAllOrNothing(file: string, imports: { firstId: number; count: number; ok: boolean }[]) {
  for (const { firstId, count, ok } of imports) {
    const { n } = query<{ n: number }>(file, 'SELECT count(*) AS n FROM dossiers WHERE ds_number BETWEEN ? AND ?', firstId, firstId + count - 1)[0]!;
    expect(n).toBe(ok ? count : 0);
  }
  const { batches } = query<{ batches: number }>(file, 'SELECT count(*) AS batches FROM import_batches')[0]!;
  expect(batches).toBe(imports.filter((i) => i.ok).length);
}

describe('several writers on one database', () => {
  it('two runtimes importing at once: each import succeeds or answers CONFLICT, never INTERNAL, and the counts add up', async () => {
    const file = join(tempDir(), 'commission.sqlite');
    const imports = [0, 1, 2, 3, 4, 5].map((i) => ({ firstId: 60_000_000 + i * 1000, count: 40, ok: false }));
    await withRuntimes(file, 2, async ([a, b]) => {
      const results = await Promise.all(
        imports.map((imp, i) => (i % 2 ? b! : a!).dispatch('import.run', upload(generatedExport(imp.count, imp.firstId), `export-${i}.csv`))),
      );
      results.forEach((result, i) => {
        if (!result.ok) expect(result.error).toEqual({ code: 'CONFLICT', message: BUSY_MESSAGE });
        imports[i]!.ok = result.ok;
      });
    });
    // In one process, the writers take turns rather than fail.
    expect(imports.every((i) => i.ok)).toBe(true);
    expectAllOrNothing(file, imports);
    expect(query(file, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  });

  it('several processes importing at once: each exits with its import done or a French CONFLICT, never INTERNAL', async () => {
    const dir = tempDir();
    const file = join(dir, 'commission.sqlite');
    await withRuntimes(file, 1, async () => {});
    const imports = [0, 1, 2].map((i) => ({ firstId: 61_000_000 + i * 1000, count: 150, ok: false }));
    const runs = await Promise.all(
      imports.map((imp, i) => {
        const csv = join(dir, `export-${i}.csv`);
        writeFileSync(csv, generatedExport(imp.count, imp.firstId));
        return new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, cliArgs('--db', file, 'import', csv), { cwd: root });
          let stderr = '';
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          child.stdout.resume();
          child.on('close', (code) => resolve({ code, stderr }));
        });
      }),
    );
    runs.forEach((run, i) => {
      if (run.code !== 0) expect(run).toMatchObject({ code: 1, stderr: expect.stringContaining(`Erreur (CONFLICT) : ${BUSY_MESSAGE}`) });
      imports[i]!.ok = run.code === 0;
    });
    expect(runs.map((r) => r.stderr).join('')).not.toMatch(/INTERNAL|interne|database is locked/);
    expectAllOrNothing(file, imports);
  });

  it('answers CONFLICT in French, and writes nothing, when another connection holds the database past the timeout', async () => {
    const file = join(tempDir(), 'commission.sqlite');
    const runtime = await startRuntime(file, { actor: 'secretariat', busyTimeoutMs: 200 });
    const other = new SQLite(file);
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      const started = Date.now();
      const refused = await runtime.dispatch('settings.update', { identity: sampleIdentity() });
      expect(refused).toEqual({ ok: false, error: { code: 'CONFLICT', message: BUSY_MESSAGE } });
      expect(Date.now() - started).toBeLessThan(3000);
      other.prepare('ROLLBACK').run();
      expect(query(file, 'SELECT * FROM settings')).toEqual([]);
      expect((await runtime.dispatch('settings.update', { identity: sampleIdentity() })).ok).toBe(true);
    } finally {
      other.close();
      await runtime.close();
    }
  });

  it('two batches of one session into one folder: no unregistered file, no version twice, nothing made again when resuming', async () => {
    const dir = tempDir();
    const file = join(dir, 'commission.sqlite');
    const folder = join(dir, 'courriers');
    await withRuntimes(file, 2, async ([a, b]) => {
      const session = await scriptDemoSession(caller(a!));
      const batch = (r: Runtime) => r.dispatch('documents.generate', { sessionId: session.id, folder });
      const twice = await Promise.all([batch(a!), batch(b!)]);
      expect(twice.map((r) => r.ok)).toEqual([true, true]);
      // Resuming from both at once makes nothing: everything is in the register for these decisions.
      const resumed = await Promise.all([a!, b!].map((r) => r.dispatch('documents.generate', { sessionId: session.id, folder, onlyMissing: true })));
      for (const r of resumed) expect(r).toMatchObject({ ok: true, value: { skipped: 8, documents: [] } });
    });
    const rows = query<{ kind: string; dossier_id: number | null; version: number; file_path: string }>(file, 'SELECT kind, dossier_id, version, file_path FROM documents');
    expect(rows).toHaveLength(16);
    const versions = rows.map((r) => `${r.kind}/${r.dossier_id}/${r.version}`);
    expect(new Set(versions).size).toBe(16);
    expect(rows.map((r) => r.version).sort()).toEqual([...Array(8).fill(1), ...Array(8).fill(2)]);
    const files = readdirSync(folder);
    expect(files.filter(isTemporaryName)).toEqual([]);
    expect(files.map((f) => join(folder, f)).sort()).toEqual(rows.map((r) => r.file_path).sort());
  });
});
