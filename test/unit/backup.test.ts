import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { caller, scriptDemoSession } from '../../cli/demo-session';
import { openDatabase } from '../../db/open';
import { backupsIn, dailyBackupIfDue, rotateBackups } from '../../services/backup';
import { restoreOffline } from '../../services/restore';
import { startRuntime } from '../../services/runtime';
import { backupFileName, backupsToRemove, defaultRecordsSettings, parseBackupName } from '../../shared/backups';
import { sampleIdentity, sampleUpload } from '../support/fixtures';
import { useRuntime, type TestRuntime } from '../support/runtime';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();
const newRuntime = useRuntime();
const root = resolve(__dirname, '../..');
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n`).toString('base64');

function query<T>(file: string, statement: string): T {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    return sqlite.prepare(statement).pluck().get() as T;
  } finally {
    sqlite.close();
  }
}

/** What a person would compare after a restore: the settings, the roster, the dossiers and their attachments. */
async function state(runtime: Pick<TestRuntime, 'call'>) {
  const dossiers = await runtime.call('dossiers.list', { limit: 1000, sort: { field: 'dsNumber', direction: 'asc' } });
  return {
    settings: await runtime.call('settings.get', {}),
    members: await runtime.call('members.list', {}),
    dossiers: await Promise.all(dossiers.rows.map((d) => runtime.call('dossiers.get', { id: d.id }))),
  };
}

async function withData() {
  const runtime = await newRuntime();
  await runtime.call('settings.update', { identity: sampleIdentity() });
  await runtime.call('import.run', sampleUpload('demarches-simplifiees/hdf-dossiers-export.csv'));
  const dossier = await runtime.call('dossiers.get', { dsNumber: 24001101 });
  await runtime.call('attachments.add', { dossierId: dossier.id, kind: 'statutes', fileName: 'statuts.pdf', contentBase64: pdf('statuts') });
  await runtime.call('members.save', { member: { firstName: 'Léa', lastName: 'Roux', organisation: 'URPS' } });
  return runtime;
}

async function archive(runtime: TestRuntime, file?: string) {
  let job = await runtime.call('backups.archive', file ? { file } : {});
  while (job.state === 'running') {
    await new Promise((r) => setTimeout(r, 20));
    job = await runtime.call('backups.job', { jobId: job.id });
  }
  expect(job.error).toBeNull();
  return job.result!;
}

const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Another process writing lots of 100 rows, each in one transaction, as fast as it can. */
function startWriter(file: string): Promise<void> {
  const script = `
    const SQLite = require(${JSON.stringify(join(root, 'node_modules/better-sqlite3'))});
    const db = new SQLite(process.argv[1], { timeout: 10000 });
    const insert = db.prepare('INSERT INTO essai (lot, n) VALUES (?, ?)');
    const lot = db.transaction((k) => { for (let n = 0; n < 100; n++) insert.run(k, n); });
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (let k = 0; ; k++) { lot(k); if (k === 2) process.stdout.write('ok\\n'); Atomics.wait(pause, 0, 0, 1); }`;
  const child = spawn(process.execPath, ['-e', script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`le processus d'écriture s'est arrêté (${code})`)));
  });
}

describe('backups', () => {
  it('are consistent while another process writes, and checked', async () => {
    const runtime = await withData();
    const file = join(runtime.dir, 'commission.sqlite');
    const sqlite = new SQLite(file);
    sqlite.exec('CREATE TABLE essai (lot INTEGER NOT NULL, n INTEGER NOT NULL)');
    sqlite.close();
    await startWriter(file);
    const backups = [];
    for (let i = 0; i < 3; i++) {
      // The app writes too, in-process, while the copy is made.
      const [backup] = await Promise.all([
        runtime.call('backups.create', {}),
        runtime.call('members.save', { member: { firstName: `Prénom${i}`, lastName: 'Essai', organisation: 'ARS' } }),
      ]);
      backups.push(backup);
    }
    expect(new Set(backups.map((b) => b.path)).size).toBe(3);
    for (const backup of backups) {
      expect(backup).toMatchObject({ kind: 'manual', format: 'database' });
      expect(backup.name).toMatch(/^commission-\d{4}-\d{2}-\d{2}-\d{6}-manuelle(-\d+)?\.sqlite$/);
      const copy = new SQLite(backup.path, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        const { rows, lots } = copy.prepare('SELECT count(*) AS rows, count(DISTINCT lot) AS lots FROM essai').get() as { rows: number; lots: number };
        // Whole transactions only: never a lot cut in two.
        expect(rows).toBeGreaterThan(0);
        expect(rows).toBe(lots * 100);
        expect(copy.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBeGreaterThan(0);
      } finally {
        copy.close();
      }
    }
    const listed = await runtime.call('backups.list', {});
    expect(listed.folder).toBe(join(runtime.dir, 'sauvegardes'));
    expect(listed.backups.map((b) => b.path).sort()).toEqual(expect.arrayContaining(backups.map((b) => b.path)));
  });

  it('restore what was saved, after saving the state they replace', async () => {
    const runtime = await withData();
    const before = await state(runtime);
    const backup = await runtime.call('backups.create', {});
    await runtime.call('members.save', { member: { firstName: 'Marc', lastName: 'Dufour', organisation: 'ARS' } });
    await runtime.call('settings.update', { grants: { defaultStartupGrant: 12000, ceiling: 40000 } });
    const changed = await state(runtime);
    const file = join(runtime.dir, 'commission.sqlite');

    // Refused while the database is open, and nothing replaced.
    await expect(restoreOffline(file, backup.path, { actor: 'secretariat', appVersion: 'test' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await runtime.close();

    const applied = await restoreOffline(file, backup.path, { actor: 'secretariat', appVersion: 'test' });
    expect(applied).toMatchObject({ source: backup.path, format: 'database', documentsNotRestored: [] });
    expect(parseBackupName(applied.savedTo!.split(/[\\/]/).at(-1)!)?.kind).toBe('restore');
    const again = await startRuntime(file, { actor: 'secretariat' });
    try {
      const call = caller(again) as TestRuntime['call'];
      expect(await state({ call })).toEqual(before);
      const log = await call('audit.list', { entityType: 'records' });
      expect(log[0]).toMatchObject({ action: 'records.restore', after: { source: backup.path, format: 'database' }, before: { savedTo: applied.savedTo } });
      expect((await call('audit.verify', {})).ok).toBe(true);
    } finally {
      await again.close();
    }
    // What the restore replaced is in the copy it saved first.
    expect(query(applied.savedTo!, "SELECT count(*) FROM members WHERE last_name = 'Dufour'")).toBe(1);
    expect(changed.members).toHaveLength(before.members.length + 1);
  });

  it('stage a restore from Paramètres, verified now and applied at the next start', async () => {
    const runtime = await withData();
    const before = await state(runtime);
    const backup = await runtime.call('backups.create', {});
    await runtime.call('members.save', { member: { firstName: 'Marc', lastName: 'Dufour', organisation: 'ARS' } });
    const pending = await runtime.call('backups.restore', { file: backup.path });
    expect(pending).toMatchObject({ source: backup.path, format: 'database', stagedBy: 'secretariat' });
    expect((await runtime.call('backups.list', {})).pendingRestore).toEqual(pending);
    // Nothing is replaced while the app runs.
    expect(await runtime.call('members.list', {})).toHaveLength(before.members.length + 1);
    await runtime.close();

    const lines: string[] = [];
    const again = await startRuntime(join(runtime.dir, 'commission.sqlite'), { actor: 'secretariat', log: (line) => lines.push(line) });
    try {
      expect(await state({ call: caller(again) as TestRuntime['call'] })).toEqual(before);
      expect(lines).toContainEqual(expect.stringMatching(/^Restauration faite depuis « .*manuelle\.sqlite »\. L'état précédent est sauvegardé dans « .*avant-restauration\.sqlite »\.$/));
      expect((await again.dispatch('backups.list', {})) as { value: { pendingRestore: unknown } }).toMatchObject({ value: { pendingRestore: null } });
    } finally {
      await again.close();
    }
  });

  it('refuse, before anything is replaced, a file that is no backup, a damaged one, or one of a newer version', async () => {
    const runtime = await withData();
    const dir = tempDir();
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'pas une sauvegarde');
    expect(await runtime.refuse('backups.restore', { file: text })).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/n'est ni une sauvegarde/) });
    expect(await runtime.refuse('backups.restore', { file: join(dir, 'absent.sqlite') })).toMatchObject({ message: expect.stringMatching(/introuvable/) });
    expect(await runtime.refuse('backups.restore', { file: 'relatif.sqlite' })).toMatchObject({ code: 'VALIDATION' });

    const newer = (await runtime.call('backups.create', {})).path;
    const sqlite = new SQLite(newer);
    sqlite.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('9999-avenir', 'x')").run();
    sqlite.close();
    expect(await runtime.refuse('backups.restore', { file: newer })).toMatchObject({ message: expect.stringMatching(/version plus récente.*9999-avenir/) });

    const damaged = (await runtime.call('backups.create', {})).path;
    const bytes = readFileSync(damaged);
    // Pages 2 and 3 overwritten: their headers are no B-tree's any more.
    bytes.fill(0x41, 4096, 3 * 4096);
    writeFileSync(damaged, bytes);
    expect(await runtime.refuse('backups.restore', { file: damaged })).toMatchObject({ message: expect.stringMatching(/endommagée|n'est pas une base/) });
    expect((await runtime.call('backups.list', {})).pendingRestore).toBeNull();
    expect(readdirSync(runtime.dir).filter((n) => n.includes('restauration'))).toEqual([]);
  });

  it('are made daily at start when the last one is a day old, and before each import', async () => {
    const runtime = await withData();
    const file = join(runtime.dir, 'commission.sqlite');
    const folder = join(runtime.dir, 'sauvegardes');
    const imports = () => backupsIn(folder).filter((b) => b.kind === 'import').length;
    // One before each import (withData imports once, then attaches a file and adds a member)…
    expect(imports()).toBe(1);
    await runtime.refuse('import.run', { fileName: 'vide.csv', contentBase64: Buffer.from('ID;Nom\n').toString('base64') });
    expect(imports()).toBe(2);
    // …but none again while nothing changed since the last one: the refused import wrote nothing.
    await runtime.call('import.run', sampleUpload('demarches-simplifiees/hdf-dossiers-export.csv'));
    expect(imports()).toBe(2);
    await runtime.call('members.save', { member: { firstName: 'Marc', lastName: 'Dufour', organisation: 'ARS' } });
    await runtime.call('import.run', sampleUpload('demarches-simplifiees/hdf-dossiers-export.csv'));
    expect(imports()).toBe(3);
    await runtime.close();
    const second = await startRuntime(file, { actor: 'secretariat' });
    await second.close();
    // The import's backup is less than a day old: no daily one yet.
    expect(backupsIn(folder).filter((b) => b.kind === 'daily')).toEqual([]);
    const opened = await openDatabase(file);
    try {
      const ctx = {
        db: opened.db,
        databasePath: file,
        engine: opened.engine,
        dataDir: runtime.dir,
        now: () => new Date(Date.now() + 25 * 3_600_000),
        actor: 'secretariat',
        appVersion: 'test',
      };
      const made = await dailyBackupIfDue(ctx, () => {});
      expect(made).toMatchObject({ kind: 'daily', format: 'database' });
      expect(await dailyBackupIfDue(ctx, () => {})).toBeNull();
    } finally {
      await opened.close();
    }
  });

  it('go to the chosen folder; an unusable one is refused when saved, and automatic backups fall back and say so', async () => {
    const runtime = await withData();
    const chosen = join(tempDir(), 'partage', 'Commission');
    await runtime.call('settings.update', { records: { ...defaultRecordsSettings, backupFolder: chosen } });
    const backup = await runtime.call('backups.create', {});
    expect(backup.path.startsWith(chosen)).toBe(true);

    const aFile = join(tempDir(), 'fichier');
    writeFileSync(aFile, 'x');
    const refused = await runtime.refuse('settings.update', { records: { ...defaultRecordsSettings, backupFolder: aFile } });
    expect(refused).toMatchObject({ code: 'VALIDATION', details: [{ field: 'records.backupFolder' }] });
    expect((await runtime.refuse('settings.update', { records: { ...defaultRecordsSettings, backupFolder: 'sauvegardes' } })).message).toMatch(/chemin complet/);

    // The share goes away after it was chosen: an import still gets its backup, beside the database.
    rmSync(chosen, { recursive: true });
    writeFileSync(chosen, 'plus un dossier');
    await runtime.call('members.save', { member: { firstName: 'Marc', lastName: 'Dufour', organisation: 'ARS' } });
    await runtime.call('import.run', sampleUpload('demarches-simplifiees/hdf-dossiers-export.csv'));
    const status = await runtime.call('backups.list', {});
    expect(status.lastProblem?.message).toMatch(/n'est pas accessible : la sauvegarde a été faite dans/);
    expect(status.backups.filter((b) => b.kind === 'import').length).toBe(2);
    expect((await runtime.refuse('backups.create', {})).code).toBe('VALIDATION');
  });

  it('keep the database, attachments and data folder owner-only', async () => {
    if (process.platform === 'win32') return;
    const runtime = await withData();
    const backup = await runtime.call('backups.create', {});
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect(mode(runtime.dir)).toBe(0o700);
    expect(mode(join(runtime.dir, 'commission.sqlite'))).toBe(0o600);
    expect(mode(backup.path)).toBe(0o600);
    const pieces = join(runtime.dir, 'pieces');
    const [folder] = readdirSync(pieces);
    const [piece] = readdirSync(join(pieces, folder!));
    expect(mode(join(pieces, folder!, piece!))).toBe(0o600);
  });

  it('leave a shared sticky folder such as /tmp open to others when the database sits in it', async () => {
    if (process.platform === 'win32') return;
    const shared = tempDir();
    chmodSync(shared, 0o1777);
    const runtime = await startRuntime(join(shared, 'essai.sqlite'), { actor: 'secretariat', log: () => {} });
    try {
      expect(statSync(shared).mode & 0o7777).toBe(0o1777);
      expect(statSync(join(shared, 'essai.sqlite')).mode & 0o777).toBe(0o600);
    } finally {
      await runtime.close();
    }
  });
});

describe('rotation', () => {
  const at = (day: string, time = '120000') => `${day}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4)}`;
  const named = (takenAt: string, kind: 'daily' | 'import' = 'daily') => {
    const [date, time] = takenAt.split('T');
    return { name: `commission-${date}-${time!.replaceAll(':', '')}-${kind === 'daily' ? 'quotidienne' : 'avant-import'}.sqlite`, takenAt };
  };

  it('keeps the newest of each of the last days, weeks and months, and the three newest', () => {
    const backups = [];
    // Every day of 2026 up to 14 May, and three imports on 14 May.
    for (let d = new Date(Date.UTC(2026, 0, 1)); d <= new Date(Date.UTC(2026, 4, 14)); d.setUTCDate(d.getUTCDate() + 1)) {
      backups.push(named(at(d.toISOString().slice(0, 10), '090000')));
    }
    backups.push(named(at('2026-05-14', '100000'), 'import'), named(at('2026-05-14', '110000'), 'import'), named(at('2026-05-14', '113000'), 'import'));
    const removed = new Set(backupsToRemove(backups, { keepDaily: 7, keepWeekly: 4, keepMonthly: 12 }));
    const kept = backups.filter((b) => !removed.has(b.name)).map((b) => b.takenAt).sort();
    expect(kept).toEqual([
      // Monthly: the newest of January to April (May's is the newest of all).
      at('2026-01-31', '090000'),
      at('2026-02-28', '090000'),
      at('2026-03-31', '090000'),
      at('2026-04-30', '090000'),
      // Weekly: the newest of the ISO weeks ending on 26 April and 3 May (10 and 14 May are kept already).
      at('2026-04-26', '090000'),
      at('2026-05-03', '090000'),
      // Daily: 8 to 13 May, and the newest of 14 May…
      at('2026-05-08', '090000'),
      at('2026-05-09', '090000'),
      at('2026-05-10', '090000'),
      at('2026-05-11', '090000'),
      at('2026-05-12', '090000'),
      at('2026-05-13', '090000'),
      // …with the three newest whatever their day.
      at('2026-05-14', '100000'),
      at('2026-05-14', '110000'),
      at('2026-05-14', '113000'),
    ].sort());
  });

  it('removes only rotated backups from the folder, and leftovers of interrupted ones', () => {
    const folder = tempDir();
    const names = [
      backupFileName('daily', new Date(2026, 0, 5, 9), 'sqlite'),
      backupFileName('daily', new Date(2026, 0, 6, 9), 'sqlite'),
      backupFileName('daily', new Date(2026, 0, 7, 9), 'sqlite'),
      backupFileName('daily', new Date(2026, 0, 8, 9), 'sqlite'),
      backupFileName('manual', new Date(2025, 0, 1, 9), 'sqlite'),
      backupFileName('archive', new Date(2025, 0, 1, 9), 'zip'),
      backupFileName('migration', new Date(2025, 0, 1, 9), 'sqlite'),
      'notes.txt',
    ];
    for (const name of names) writeFileSync(join(folder, name), 'x');
    const removed = rotateBackups(folder, { ...defaultRecordsSettings, keepDaily: 1, keepWeekly: 0, keepMonthly: 0 }, new Date(2026, 0, 8, 10));
    expect(removed).toEqual([names[0]]);
    expect(readdirSync(folder).sort()).toEqual(names.slice(1).sort());
  });
});

describe('the full archive', () => {
  async function withDocuments() {
    const runtime = await newRuntime();
    const session = await scriptDemoSession(caller(runtime));
    await runtime.call('documents.generate', { sessionId: session.id, kinds: ['minutes'] });
    const dossier = await runtime.call('dossiers.get', { dsNumber: 24001101 });
    await runtime.call('attachments.add', { dossierId: dossier.id, kind: 'statutes', fileName: 'statuts.pdf', contentBase64: pdf('statuts signés') });
    return runtime;
  }

  it('holds the database, the attachments and the documents, each with its sha256 in the manifest', async () => {
    const runtime = await withDocuments();
    const result = await archive(runtime);
    expect(result.files).toEqual({ database: 1, attachments: 1, documents: 1 });
    expect(parseBackupName(result.path.split(/[\\/]/).at(-1)!)).toMatchObject({ kind: 'archive', format: 'archive' });
    const entries = unzipSync(readFileSync(result.path));
    const manifest = JSON.parse(Buffer.from(entries['manifest.json']!).toString('utf8'));
    expect(manifest).toMatchObject({ format: 'commission-archive', version: 1, dataDir: runtime.dir, missing: [] });
    expect(manifest.files.map((f: { role: string }) => f.role).sort()).toEqual(['attachment', 'database', 'document']);
    for (const f of manifest.files) {
      expect(createHash('sha256').update(entries[f.path]!).digest('hex')).toBe(f.sha256);
    }
    expect(Object.keys(entries).sort()).toEqual(['manifest.json', ...manifest.files.map((f: { path: string }) => f.path)].sort());
  });

  it('restores into another data folder: database, attachments, documents, the register pointing at them', async () => {
    const runtime = await withDocuments();
    const result = await archive(runtime);
    const before = await state(runtime);
    const registered = await runtime.call('documents.list', {});
    await runtime.close();

    const target = join(tempDir(), 'nouveau-poste', 'commission.sqlite');
    const applied = await restoreOffline(target, result.path, { actor: 'secretariat', appVersion: 'test' });
    expect(applied).toMatchObject({ format: 'archive', savedTo: null, documentsNotRestored: [] });
    const restored = await startRuntime(target, { actor: 'secretariat' });
    try {
      const call = caller(restored) as TestRuntime['call'];
      expect(await state({ call })).toEqual(before);
      const documents = await call('documents.list', {});
      expect(documents.map((d) => d.sha256)).toEqual(registered.map((d) => d.sha256));
      for (const doc of documents) {
        expect(doc.filePath.startsWith(join(target, '..'))).toBe(true);
        expect(existsSync(doc.filePath)).toBe(true);
      }
      const dossier = await call('dossiers.get', { dsNumber: 24001101 });
      const opened = await call('attachments.open', { id: dossier.attachments[0]!.id });
      expect(readFileSync(opened.path).toString()).toContain('statuts signés');
    } finally {
      await restored.close();
    }
  });

  it('a tampered archive is refused, naming the file, and nothing is staged', async () => {
    const runtime = await withDocuments();
    const result = await archive(runtime);
    const bytes = readFileSync(result.path);
    const at = bytes.indexOf('statuts signés');
    expect(at).toBeGreaterThan(0);
    bytes.write('STATUTS', at);
    const tampered = join(tempDir(), 'archive-modifiee.zip');
    writeFileSync(tampered, bytes);
    const refused = await runtime.refuse('backups.restore', { file: tampered });
    expect(refused.code).toBe('VALIDATION');
    expect(refused.message).toMatch(/le fichier « pieces\/\d+\/[^»]+statuts\.pdf » a été modifié : son empreinte ne correspond pas au manifeste/);

    const foreign = join(tempDir(), 'autre.zip');
    writeFileSync(foreign, zipSync({ 'lisez-moi.txt': strToU8('bonjour') }));
    expect((await runtime.refuse('backups.restore', { file: foreign })).message).toMatch(/n'a pas de manifeste/);
    const sneaky = join(tempDir(), 'chemins.zip');
    writeFileSync(sneaky, zipSync({ '../../evade.txt': strToU8('x') }));
    expect((await runtime.refuse('backups.restore', { file: sneaky })).message).toMatch(/chemin non admis/);
    expect((await runtime.call('backups.list', {})).pendingRestore).toBeNull();
    expect(existsSync(join(runtime.dir, '..', 'evade.txt'))).toBe(false);
  });
});

describe('the command line', () => {
  const cli = (...args: string[]) => spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });

  it('backup, backup --archive and restore, the app closed', async () => {
    const runtime = await withData();
    const file = join(runtime.dir, 'commission.sqlite');
    await runtime.close();
    const backup = cli('--db', file, 'backup');
    expect(backup.status).toBe(0);
    const made = JSON.parse(backup.stdout) as { path: string; kind: string };
    expect(made.kind).toBe('manual');
    const out = join(tempDir(), 'archives', 'complete.zip');
    mkdirSync(join(out, '..'), { recursive: true });
    const archived = cli('--db', file, 'backup', '--archive', out);
    expect(archived.status, archived.stderr).toBe(0);
    expect(JSON.parse(archived.stdout)).toMatchObject({ path: out, files: { database: 1, attachments: 1, documents: 0 } });

    const other = new SQLite(file);
    other.prepare('SELECT count(*) FROM settings').get();
    const busy = cli('--db', file, 'restore', made.path);
    other.close();
    expect(busy.status).toBe(1);
    expect(busy.stderr).toMatch(/Erreur \(CONFLICT\) : La base .* est ouverte/);
    const restored = cli('--db', file, 'restore', out);
    expect(restored.status, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ source: out, format: 'archive' });
    expect(restored.stderr).toMatch(/L'état précédent est sauvegardé dans « .*avant-restauration\.zip »/);
  });
});
