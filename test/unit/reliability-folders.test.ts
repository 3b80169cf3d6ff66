import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { caller, scriptDemoSession } from '../../cli/demo-session';
import { startRuntime } from '../../services/runtime';
import { cliArgs, root } from '../support/reliability';
import { useRuntime, type TestRuntime } from '../support/runtime';
import { useTempDir } from '../support/temp';

const runtime = useRuntime();
const tempDir = useTempDir();

async function closedSession(r: TestRuntime) {
  return scriptDemoSession(caller(r));
}

describe('the folder of a batch', () => {
  it('refuses at once, naming it, a folder that cannot be written: /proc, a file, under a file, relative, with NUL', async () => {
    const r = await runtime();
    const session = await closedSession(r);
    const dir = tempDir();
    const file = join(dir, 'fichier.txt');
    writeFileSync(file, 'texte');
    const cases: [string, RegExp][] = [
      ['/proc/x', /^Le dossier « \/proc\/x » ne peut pas être créé dans « \/proc »/],
      [file, /« .*fichier\.txt » est un fichier, pas un dossier\./],
      [join(file, 'sous-dossier'), /ne peut pas être créé : « .*fichier\.txt » est un fichier\./],
      ['documents/relatif', /« documents\/relatif » doit être désigné par un chemin complet\./],
      [`${dir}/a\0b`, /contient un caractère nul/],
    ];
    for (const [folder, message] of cases) {
      for (const method of ['documents.generate', 'documents.start'] as const) {
        const started = Date.now();
        const error = await r.refuse(method, { sessionId: session.id, folder });
        expect(Date.now() - started, `${method} ${folder}`).toBeLessThan(2000);
        expect(error.code, `${method} ${folder}`).toBe('VALIDATION');
        expect(error.message, `${method} ${folder}`).toMatch(message);
      }
    }
    expect(await r.call('documents.list', { sessionId: session.id })).toEqual([]);
    expect(readdirSync(dir)).toEqual(['fichier.txt']);
  });

  it('creates a missing folder and its parents, and the CLI refuses /proc/x at once', async () => {
    const dir = tempDir();
    const db = join(dir, 'commission.sqlite');
    const setup = await startRuntime(db, { actor: 'test' });
    const session = await scriptDemoSession(caller(setup));
    const deep = join(dir, 'a', 'b', 'c');
    const made = await setup.dispatch('documents.generate', { sessionId: session.id, folder: deep, kinds: ['minutes'] });
    await setup.close();
    expect(made).toMatchObject({ ok: true, value: { folder: deep, total: 1 } });
    expect(readdirSync(deep)).toEqual(['2026-11-26_Seance-2026-04_proces-verbal.pdf']);

    const run = spawnSync(process.execPath, cliArgs('--db', db, 'documents', '2026-04', '--out', '/proc/x'), { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Erreur (VALIDATION) : Le dossier « /proc/x » ne peut pas être créé');
  });

  it('keeps the documents of a session numbered « ../../../../x » inside the documents folder', async () => {
    const r = await runtime();
    const session = await closedSession(r);
    const sqlite = new SQLite(join(r.dir, 'commission.sqlite'));
    sqlite.prepare('UPDATE sessions SET number = ? WHERE id = ?').run('../../../../x', session.id);
    sqlite.close();
    const { folder, documents } = await r.call('documents.generate', { sessionId: session.id });
    expect(folder).toBe(join(r.dir, 'documents', 'seance-x'));
    expect(documents).toHaveLength(8);
    for (const doc of documents) expect(doc.filePath.startsWith(folder + sep)).toBe(true);
    expect(readdirSync(join(r.dir, 'documents'))).toEqual(['seance-x']);
    expect(existsSync(join(r.dir, '..', '..', '..', '..', 'x'))).toBe(false);
    // Excel refuses « / » in a sheet name.
    const xlsx = await r.call('sessions.export', { sessionId: session.id, format: 'xlsx' });
    expect(xlsx.fileName).toBe('seance-x-resultats.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.contentBase64, 'base64') as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.name).toBe('Séance ..-..-..-..-x');
  });

  it('writes into an existing folder that holds other files, leaving them alone', async () => {
    const r = await runtime();
    const session = await closedSession(r);
    const folder = join(tempDir(), 'existant');
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.pdf'), '%PDF-1.4\n');
    await r.call('documents.generate', { sessionId: session.id, folder, kinds: ['minutes'] });
    expect(readdirSync(folder).sort()).toEqual(['2026-11-26_Seance-2026-04_proces-verbal.pdf', 'notes.pdf']);
  });
});
