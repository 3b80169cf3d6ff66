import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { caller, scriptDemoSession } from '../../cli/demo-session';
import { isTemporaryName, sha256 } from '../../services/files';
import { SET_ASIDE_FOLDER } from '../../services/recovery';
import { startRuntime, type Runtime } from '../../services/runtime';
import { cliArgs, generatedExport, query, root } from '../support/reliability';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();

async function opened<T>(file: string, work: (r: Runtime, log: string[]) => Promise<T>): Promise<T> {
  const log: string[] = [];
  const r = await startRuntime(file, { actor: 'secretariat', log: (line) => log.push(line) });
  try {
    return await work(r, log);
  } finally {
    await r.close();
  }
}

async function call<T>(r: Runtime, method: string, input: unknown): Promise<T> {
  const result = await r.dispatch(method, input);
  if (!result.ok) throw new Error(`${method} : ${result.error.message}`);
  return result.value as T;
}

interface Row {
  id: number;
  kind: string;
  dossier_id: number | null;
  version: number;
  file_path: string;
  sha256: string;
}

const registered = (file: string) => query<Row>(file, 'SELECT id, kind, dossier_id, version, file_path, sha256 FROM documents ORDER BY id');

/** Every row has its file, with its content; every PDF of the folder has its row; no temporary file is left. */
function expectRegisterMatchesDisk(file: string, folder: string) {
  const rows = registered(file);
  for (const row of rows) expect(sha256(readFileSync(row.file_path)), row.file_path).toBe(row.sha256);
  const names = readdirSync(folder);
  expect(names.filter(isTemporaryName)).toEqual([]);
  expect(names.filter((n) => n.endsWith('.pdf')).map((n) => join(folder, n)).sort()).toEqual(rows.map((r) => r.file_path).sort());
}

describe('after a crash', () => {
  it('removes leftover temporary files, adopts a document its row expects, sets aside the unknown ones, and says so', async () => {
    const dir = tempDir();
    const file = join(dir, 'commission.sqlite');
    const folder = join(dir, 'courriers');
    const other = join(dir, 'autre');
    await opened(file, async (r) => {
      const session = await scriptDemoSession(caller(r));
      await call(r, 'documents.generate', { sessionId: session.id, folder });
    });
    // What a kill -9 leaves: a temporary file, a PDF written but not registered, one renamed by hand.
    writeFileSync(join(folder, '.2026-11-26_ESP-de-Thierache_decision-v2.pdf.0123456789ab.tmp'), '%PDF-moitié');
    writeFileSync(join(folder, '2026-11-26_Intrus_decision.pdf'), '%PDF-1.7 inconnu');
    writeFileSync(join(folder, 'notes.pdf'), '%PDF-1.7 à moi');
    renameSync(join(folder, '2026-11-26_MSP-Val-de-Sambre_decision.pdf'), join(folder, '2026-11-26_MSP-Val-de-Sambre_decision-2.pdf'));
    // A folder a batch was about to write into when it was killed: known only from its first step.
    mkdirSync(other);
    writeFileSync(join(other, '2026-11-26_Seance-2026-04_proces-verbal.pdf'), '%PDF-1.7 interrompu');
    const sqlite = new SQLite(file);
    sqlite.prepare("UPDATE settings SET value = json_insert(value, '$[#]', ?) WHERE key = 'documents.folders'").run(other);
    sqlite.close();
    // Attachments: an old temporary file is a dead process's; a fresh one may be another's, still writing.
    const pieces = join(dir, 'pieces', '1');
    mkdirSync(pieces, { recursive: true });
    writeFileSync(join(pieces, '.statuts.pdf.aaaaaaaaaaaa.tmp'), 'x');
    utimesSync(join(pieces, '.statuts.pdf.aaaaaaaaaaaa.tmp'), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    writeFileSync(join(pieces, '.projet.pdf.bbbbbbbbbbbb.tmp'), 'x');
    const defaultFolder = join(dir, 'documents', 'seance-2026-04');
    mkdirSync(defaultFolder, { recursive: true });
    writeFileSync(join(defaultFolder, '.2026-11-26_Seance-2026-04_proces-verbal.pdf.cccccccccccc.tmp'), 'x');

    await opened(file, async (r, log) => {
      expect(r.recovery.removed.sort()).toEqual(
        [
          join(defaultFolder, '.2026-11-26_Seance-2026-04_proces-verbal.pdf.cccccccccccc.tmp'),
          join(folder, '.2026-11-26_ESP-de-Thierache_decision-v2.pdf.0123456789ab.tmp'),
          join(pieces, '.statuts.pdf.aaaaaaaaaaaa.tmp'),
        ].sort(),
      );
      expect(r.recovery.adopted).toEqual([{ path: join(folder, '2026-11-26_MSP-Val-de-Sambre_decision-2.pdf'), reference: 'CS-2026-04/02' }]);
      expect(r.recovery.setAside.sort((a, b) => a.from.localeCompare(b.from))).toEqual([
        { from: join(other, '2026-11-26_Seance-2026-04_proces-verbal.pdf'), to: join(other, SET_ASIDE_FOLDER, '2026-11-26_Seance-2026-04_proces-verbal.pdf') },
        { from: join(folder, '2026-11-26_Intrus_decision.pdf'), to: join(folder, SET_ASIDE_FOLDER, '2026-11-26_Intrus_decision.pdf') },
      ]);
      expect(log).toEqual([
        '3 fichiers temporaires laissés par une écriture interrompue supprimés.',
        `Document CS-2026-04/02 retrouvé et rattaché au registre : ${join(folder, '2026-11-26_MSP-Val-de-Sambre_decision-2.pdf')}`,
        expect.stringMatching(/^PDF inconnu du registre \(production interrompue\) mis de côté : .* → .*non-enregistrés/),
        expect.stringMatching(/^PDF inconnu du registre \(production interrompue\) mis de côté : .* → .*non-enregistrés/),
      ]);
      const audit = await call<{ action: string }[]>(r, 'audit.list', {});
      expect(audit.map((e) => e.action)).toContain('document.adopted');
    });
    expect(readFileSync(join(folder, SET_ASIDE_FOLDER, '2026-11-26_Intrus_decision.pdf'), 'utf8')).toBe('%PDF-1.7 inconnu');
    expect(readdirSync(pieces)).toEqual(['.projet.pdf.bbbbbbbbbbbb.tmp']);
    expect(readdirSync(other)).toEqual([SET_ASIDE_FOLDER]);
    rmSync(join(folder, 'notes.pdf'));
    expectRegisterMatchesDisk(file, folder);
    // Nothing more to do at the next start.
    await opened(file, async (r, log) => {
      expect(r.recovery).toEqual({ removed: [], adopted: [], setAside: [], skipped: null });
      expect(log).toEqual([]);
    });
  });

  it('resumes an interrupted batch without new versions of what was produced, and remakes a document whose file is gone', async () => {
    const dir = tempDir();
    const file = join(dir, 'commission.sqlite');
    const folder = join(dir, 'courriers');
    await opened(file, async (r) => {
      const session = await scriptDemoSession(caller(r));
      const first = await call<{ documents: unknown[] }>(r, 'documents.generate', { sessionId: session.id, folder, kinds: ['decision_letter'] });
      expect(first.documents).toHaveLength(5);
      const resumed = await call<{ total: number; skipped: number; documents: { version: number }[] }>(r, 'documents.generate', { sessionId: session.id, folder, onlyMissing: true });
      expect(resumed).toMatchObject({ total: 8, skipped: 5 });
      expect(resumed.documents.map((d) => d.version)).toEqual([1, 1, 1]);
      rmSync(registered(file)[0]!.file_path);
      const again = await call<{ skipped: number; documents: { version: number; reference: string }[] }>(r, 'documents.generate', { sessionId: session.id, folder, onlyMissing: true });
      expect(again.skipped).toBe(7);
      expect(again.documents.map((d) => [d.version, d.reference])).toEqual([[2, 'CS-2026-04/01-v2']]);
    });
  });

  it('survives kill -9 during imports and batches: integrity, all or nothing, no unregistered or temporary file after the next start', async () => {
    const dir = tempDir();
    const file = join(dir, 'commission.sqlite');
    const folder = join(dir, 'courriers');
    await opened(file, (r) => scriptDemoSession(caller(r)));

    /** The CLI killed `delay` ms after it starts, or after `ready` shows on stderr. */
    const killed = (args: string[], delay: number, ready?: RegExp) =>
      new Promise<{ code: number | null; killed: boolean }>((resolve) => {
        const child = spawn(process.execPath, cliArgs('--db', file, ...args), { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        let timer: NodeJS.Timeout | undefined;
        const arm = () => (timer ??= setTimeout(() => child.kill('SIGKILL'), delay));
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (ready?.test(stderr)) arm();
        });
        if (!ready) arm();
        child.on('exit', (code, signal) => {
          clearTimeout(timer);
          resolve({ code, killed: signal === 'SIGKILL' });
        });
      });

    const { sessionId } = query<{ sessionId: number }>(file, "SELECT id AS sessionId FROM sessions WHERE number = '2026-04'")[0]!;
    const importBatches = () => query<{ n: number }>(file, 'SELECT count(*) AS n FROM import_batches')[0]!.n;
    const initialBatches = importBatches();
    let kills = 0;
    let imported = 0;
    // Five rounds (ten processes to kill), and more (up to eight) while no kill has landed: a loaded machine can let both finish first.
    for (let round = 0; round < 8 && (round < 5 || kills === 0); round++) {
      const firstId = 70_000_000 + round * 1000;
      const count = 200;
      const csv = join(dir, `export-${round}.csv`);
      writeFileSync(csv, generatedExport(count, firstId));
      // Both at once, each killed at a random moment: the import within its run, the batch after it began.
      const [imp, batch] = await Promise.all([
        killed(['import', csv], 1500 + Math.random() * 3500),
        killed(['documents', '2026-04', '--out', folder], Math.random() * 400, /\[\d+\/8\]/),
      ]);
      kills += Number(imp.killed) + Number(batch.killed);

      // The next start puts the files right; the batch then resumes to the end.
      await opened(file, async (r) => {
        expectRegisterMatchesDisk(file, folder);
        await call(r, 'documents.generate', { sessionId, folder, onlyMissing: true });
      });
      const sqlite = new SQLite(file);
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(sqlite.pragma('foreign_key_check')).toEqual([]);
      sqlite.close();

      const { n } = query<{ n: number }>(file, 'SELECT count(*) AS n FROM dossiers WHERE ds_number BETWEEN ? AND ?', firstId, firstId + count - 1)[0]!;
      expect([0, count]).toContain(n);
      if (imp.code === 0) expect(n).toBe(count);
      imported += n;
      expect((importBatches() - initialBatches) * count).toBe(imported);

      // What the killed run had produced is not made again: one version of each document.
      const rows = registered(file);
      expect(rows).toHaveLength(8);
      expect(rows.every((r) => r.version === 1)).toBe(true);
      expectRegisterMatchesDisk(file, folder);
      // A clean slate, so that the next round's batch has work to be killed in.
      const sqlite2 = new SQLite(file);
      sqlite2.prepare('DELETE FROM documents').run();
      sqlite2.close();
      for (const row of rows) rmSync(row.file_path);
    }
    expect(kills).toBeGreaterThan(0);
  });
});
