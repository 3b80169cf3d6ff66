/**
 * Team mode on a real PostgreSQL server (Debian's package, a throwaway cluster): the same
 * migrations, and the same whole commission driven through the contract as on SQLite.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { caller, scriptDemoSession } from '../../cli/demo-session';
import { startRuntime, type Runtime } from '../../services/runtime';
import { moveToShared } from '../../services/transfer';
import { CONNECTION_FILE, sharedDatabaseAt, type SecretStore } from '../../services/connection';
import type { SharedDatabase } from '../../shared/connection';
import { useCluster } from '../support/postgres';

describe('PostgreSQL (team mode)', () => {
  const cluster = useCluster();
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function runtimeOn(url: string, dataDir?: string): Promise<Runtime & { dataDir: string }> {
    const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'commission-shared-'));
    if (!dataDir) cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const runtime = await startRuntime(url, { actor: 'secretariat', dataDir: dir, log: () => {} });
    cleanup.push(() => runtime.close());
    return { ...runtime, dataDir: dir };
  }

  /** A laptop's database with the demo session's documents and the same PDF attached to its first `attached` dossiers. */
  async function laptopWithDocuments(attached: number) {
    const laptop = mkdtempSync(join(tmpdir(), 'commission-laptop-'));
    cleanup.push(() => rmSync(laptop, { recursive: true, force: true }));
    const file = join(laptop, 'commission.sqlite');
    const local = await startRuntime(file, { actor: 'secretariat', log: () => {} });
    const call = caller(local);
    const session = await scriptDemoSession(call);
    const { rows } = await call('dossiers.list', { limit: 50 });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    for (const dossier of rows.slice(0, attached)) {
      await call('attachments.add', { dossierId: dossier.id, kind: 'health_project_signed', fileName: 'projet.pdf', contentBase64: pdf.toString('base64') });
    }
    const generated = await call('documents.generate', { sessionId: session.id, folder: join(laptop, 'courriers') });
    const before = await call('dossiers.get', { id: rows[0]!.id });
    await local.close();
    return { file, session, rows, pdf, generated, before };
  }

  it('applies every migration once, and names the server without its password', async () => {
    const url = await cluster().createDatabase();
    const withPassword = url.replace('postgres@', 'postgres:secret@');
    const opened = await openDatabase(withPassword);
    expect(opened.engine).toBe('postgres');
    expect(opened.path).not.toContain('secret');
    const first = opened.schemaVersion;
    await opened.close();
    const again = await openDatabase(url);
    expect(again.schemaVersion).toBe(first);
    await again.close();
  });

  it('refuses a database written by a newer version, untouched', async () => {
    const url = await cluster().createDatabase();
    (await openDatabase(url)).close();
    const opened = await openDatabase(url);
    await opened.db.insertInto('kysely_migration' as never).values({ name: '9999-future', timestamp: 'x' } as never).execute();
    await opened.close();
    await expect(openDatabase(url)).rejects.toThrow(/version plus récente.*9999-future/);
  });

  it('says in French when the database does not exist', async () => {
    const url = await cluster().createDatabase();
    await expect(openDatabase(`${url}_absente`)).rejects.toThrow(/n’existe pas sur le serveur PostgreSQL/);
  });

  it('runs a whole commission as on SQLite: import, session, opinions, decisions, documents', async () => {
    const url = await cluster().createDatabase();
    const runtime = await runtimeOn(url);
    const call = caller(runtime);
    const session = await scriptDemoSession(call);
    expect(session.status).toBe('closed');
    const { rows, total } = await call('dossiers.list', { limit: 200 });
    expect(total).toBeGreaterThan(5);
    expect(rows.every((r) => typeof r.id === 'number')).toBe(true);
    const generated = await call('documents.generate', { sessionId: session.id, folder: join(runtime.dataDir, 'pdf') });
    expect(generated.documents.length).toBeGreaterThan(3);
    expect((await call('audit.verify', {})).ok).toBe(true);
  });

  it('moves a laptop database into an empty shared one, files and all, verified, and refuses a second time', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'commission-shared-'));
    cleanup.push(() => rmSync(shared, { recursive: true, force: true }));
    const { file, session, rows, generated, before } = await laptopWithDocuments(1);

    const url = await cluster().createDatabase();
    const report = await moveToShared(file, url, shared, 'secretariat');
    expect(report.attachments).toBe(1);
    expect(report.documents).toBe(generated.documents.length);
    expect(report.tables.find((t) => t.table === 'dossiers')?.rows).toBe(rows.length);

    const team = await runtimeOn(url, shared);
    const teamCall = caller(team);
    const after = await teamCall('dossiers.get', { id: rows[0]!.id });
    expect(after).toEqual(before);
    expect((await teamCall('audit.verify', {})).ok).toBe(true);
    const register = await teamCall('documents.list', { sessionId: session.id });
    for (const doc of register) {
      expect(doc.filePath.startsWith(shared)).toBe(true);
      expect(createHash('sha256').update(readFileSync(doc.filePath)).digest('hex')).toBe(doc.sha256);
    }
    // New rows continue after the copied keys.
    const member = await teamCall('members.save', { member: { firstName: 'Lise', lastName: 'Nouvelle', organisation: 'ARS' } });
    expect(member.id).toBeGreaterThan(6);

    await expect(moveToShared(file, url, shared, 'secretariat')).rejects.toThrow(/n'est pas vide/);
  });

  it('moves a laptop database with its files into the shared database itself, verified by counts and sha256', async () => {
    const machine = mkdtempSync(join(tmpdir(), 'commission-poste-'));
    cleanup.push(() => rmSync(machine, { recursive: true, force: true }));
    // The same bytes attached twice: kept once in the database.
    const { file, session, rows, pdf, generated } = await laptopWithDocuments(2);

    const url = await cluster().createDatabase();
    // A file changed on the laptop since it was recorded: refused whole, the target left empty.
    const first = generated.documents[0]!;
    const original = readFileSync(first.filePath);
    writeFileSync(first.filePath, Buffer.concat([original, Buffer.from('%')]));
    await expect(moveToShared(file, url, null, 'secretariat')).rejects.toThrow(/ne correspond plus à son empreinte enregistrée\. Rien n'a été transféré\./);
    writeFileSync(first.filePath, original);

    const report = await moveToShared(file, url, null, 'secretariat');
    expect(report).toMatchObject({ sharedFolder: null, attachments: 2, documents: generated.documents.length, convocations: 0 });
    expect(report.storedFiles).toBe(generated.documents.length + 1);
    // Nothing of the move in a folder: the team opens the database alone.
    const team = await startRuntime(url, { actor: 'secretariat', localDir: machine, log: () => {} });
    cleanup.push(() => team.close());
    const teamCall = caller(team);
    const register = await teamCall('documents.list', { sessionId: session.id });
    expect(register.map((d) => d.sha256)).toEqual(generated.documents.map((d) => d.sha256));
    for (const doc of register) {
      expect(doc.filePath).toBe(`documents/${doc.id}/${doc.filePath.split('/').pop()}`);
      const { path } = await teamCall('documents.open', { id: doc.id });
      expect(path.startsWith(machine)).toBe(true);
      expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(doc.sha256);
    }
    const { attachments } = await teamCall('dossiers.get', { id: rows[0]!.id });
    const opened = await teamCall('attachments.open', { id: attachments[0]!.id });
    expect(readFileSync(opened.path)).toEqual(pdf);
  });

  it('tests a shared database, keeps its choice for the next start with the password sealed, and goes back', async () => {
    const url = new URL(await cluster().createDatabase());
    const local = mkdtempSync(join(tmpdir(), 'commission-poste-'));
    cleanup.push(() => rmSync(local, { recursive: true, force: true }));
    // The OS keychain's part: a reversible seal whose output never shows the secret.
    const keychain: SecretStore = {
      seal: (secret) => Buffer.from(secret, 'utf8').reverse().toString('base64'),
      open: (sealed) => Buffer.from(sealed, 'base64').reverse().toString('utf8'),
    };
    const runtime = await startRuntime(join(local, 'commission.sqlite'), { actor: 'secretariat', secrets: keychain, log: () => {} });
    cleanup.push(() => runtime.close());
    const call = caller(runtime);
    const connection: SharedDatabase = {
      host: url.hostname,
      port: Number(url.port),
      database: url.pathname.slice(1),
      user: 'postgres',
      tls: 'disable',
      caFile: '',
      files: 'folder',
      filesFolder: join(local, 'partage'),
    };

    expect(await call('connection.test', { connection, password: 'mot de passe@/é' })).toMatchObject({ ok: true, schema: 'empty' });
    (await openDatabase(url.toString())).close();
    const same = await call('connection.test', { connection });
    expect(same).toMatchObject({ ok: true, schema: 'same' });
    expect(same.message).toMatch(/^Connexion réussie à PostgreSQL 1\d/);
    expect(await call('connection.test', { connection: { ...connection, database: 'absente' } })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/n’existe pas sur le serveur PostgreSQL/),
    });

    const saved = await call('connection.save', { connection, password: 'mot de passe@/é' });
    expect(saved).toMatchObject({ connection, passwordStored: true, keychain: true, current: { engine: 'sqlite' } });
    expect(readFileSync(join(local, CONNECTION_FILE), 'utf8')).not.toContain('mot de passe');
    const next = sharedDatabaseAt(local, keychain)!;
    expect(next.filesFolder).toBe(connection.filesFolder);
    expect(decodeURIComponent(new URL(next.url).password)).toBe('mot de passe@/é');
    // What the next start opens: the shared database, through the URL kept.
    const team = await runtimeOn(next.url, next.filesFolder);
    expect((await caller(team)('connection.get', {})).current.engine).toBe('postgres');

    expect((await call('connection.save', { connection: null })).connection).toBeNull();
    expect(sharedDatabaseAt(local, keychain)).toBeNull();
  });

  it('refuses to keep a password where the system has no keychain', async () => {
    const local = mkdtempSync(join(tmpdir(), 'commission-poste-'));
    cleanup.push(() => rmSync(local, { recursive: true, force: true }));
    const runtime = await startRuntime(join(local, 'commission.sqlite'), { actor: 'secretariat', log: () => {} });
    cleanup.push(() => runtime.close());
    const connection = { host: '127.0.0.1', port: 5432, database: 'commission', user: 'ars', tls: 'require' as const, files: 'folder' as const, filesFolder: local };
    const refused = await runtime.dispatch('connection.save', { connection, password: 'secret' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/PGPASSWORD/) } });
    expect(existsSync(join(local, CONNECTION_FILE))).toBe(false);
    // Nor can a runtime without a desktop restart itself.
    expect(await runtime.dispatch('connection.get', {})).toMatchObject({ ok: true, value: { keychain: false, canRestart: false } });
    expect(await runtime.dispatch('connection.restart', {})).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/fermez-la puis rouvrez-la/) },
    });

    // A damaged choice is said in French, with the way back.
    writeFileSync(join(local, CONNECTION_FILE), '{ pas du JSON');
    expect(await runtime.dispatch('connection.get', {})).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/illisible ; supprimez-le pour revenir à la base locale/) },
    });
  });
});
