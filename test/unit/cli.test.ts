import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { methodNames } from '../../shared/contract';
import { defaultSettings } from '../../shared/settings';
import { sampleIdentity, samplesDir } from '../support/fixtures';
import { useTempDir } from '../support/temp';
import { demoDatabase } from '../support/demo';
import pkg from '../../package.json' with { type: 'json' };

const root = resolve(__dirname, '../..');
const tempDir = useTempDir();

/** Runs the CLI as a user would, in its own process: the `commission` command, bundled (and rebuilt when stale). */
function cli(...args: string[]) {
  return cliWith({}, ...args);
}

function cliWith(env: Record<string, string>, ...args: string[]) {
  const run = spawnSync(process.execPath, [join(root, pkg.bin.commission), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, COMMISSION_DATA_DIR: join(tempDir(), 'default-data'), ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function rows(file: string, query: string): unknown[] {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    return sqlite.prepare(query).all();
  } finally {
    sqlite.close();
  }
}

describe('command-line interface', () => {
  it('works on a fresh database file', () => {
    const db = join(tempDir(), 'x.db');
    const { code, stdout } = cli('--db', db, 'call', 'settings.get', '{}');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ ...defaultSettings, versions: expect.objectContaining({ grants: 0 }) });
  });

  it('saves settings and reads them back', () => {
    const db = join(tempDir(), 'x.db');
    const identity = sampleIdentity();
    const saved = cli('--db', db, 'call', 'settings.update', JSON.stringify({ identity }));
    expect(saved.code).toBe(0);
    const { code, stdout } = cli('--db', db, 'settings');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).identity).toEqual(identity);
    expect(rows(db, "SELECT entity_type, entity_id, action FROM audit_log")).toEqual([
      { entity_type: 'settings', entity_id: 'identity', action: 'create' },
    ]);
  });

  it('refuses a bad input with a French message naming the field, exits non-zero, changes nothing', () => {
    const db = join(tempDir(), 'x.db');
    expect(cli('--db', db, 'call', 'settings.update', JSON.stringify({ identity: sampleIdentity() })).code).toBe(0);
    const before = rows(db, 'SELECT * FROM settings');

    const bad = sampleIdentity({ address: { street: '1 rue X', postalCode: '59A', city: 'Lille' } });
    const { code, stdout, stderr } = cli('--db', db, 'call', 'settings.update', JSON.stringify({ identity: bad }));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('Erreur (VALIDATION)');
    expect(stderr).toContain('identity.address.postalCode : Le code postal doit comporter 5 chiffres.');
    expect(rows(db, 'SELECT * FROM settings')).toEqual(before);
    expect(rows(db, 'SELECT id FROM audit_log')).toHaveLength(1);
  });

  it('signs in from COMMISSION_USER and COMMISSION_PASSWORD on a database with accounts, and refuses without them', () => {
    const db = join(tempDir(), 'x.db');
    const first = { login: 'cperrin', displayName: 'Claire Perrin', password: 'correct horse battery' };
    expect(cli('--db', db, 'call', 'auth.createFirstAccount', JSON.stringify(first)).code).toBe(0);
    const refused = cli('--db', db, 'settings');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("Cette base de données a des comptes : Aucun compte ne se connecte par la session Windows");
    expect(refused.stderr).toContain('COMMISSION_USER et COMMISSION_PASSWORD');
    const wrong = cliWith({ COMMISSION_USER: 'cperrin', COMMISSION_PASSWORD: 'pas le bon' }, '--db', db, 'settings');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Identifiant ou mot de passe incorrect.');
    const signedIn = { COMMISSION_USER: 'CPerrin', COMMISSION_PASSWORD: 'correct horse battery' };
    expect(cliWith(signedIn, '--db', db, 'call', 'settings.update', JSON.stringify({ identity: sampleIdentity() })).code).toBe(0);
    expect(rows(db, "SELECT actor, entity_type FROM audit_log WHERE entity_type = 'settings'")).toEqual([{ actor: 'cperrin', entity_type: 'settings' }]);
  });

  it('lists every method with the JSON Schema of its input', () => {
    const { code, stdout } = cli('methods');
    expect(code).toBe(0);
    const methods = JSON.parse(stdout) as Array<{ method: string; input: { type?: string; properties?: object } }>;
    expect(methods.map((m) => m.method)).toEqual([...methodNames]);
    const update = methods.find((m) => m.method === 'settings.update');
    expect(update?.input.properties).toHaveProperty('identity.properties.signatory.properties.lastName');
  });

  it('prints its version, and starts without loading the services, SQLite or the PDF code', () => {
    expect(cli('--version')).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    // What the entry imports statically, chunk after chunk; the commands import the rest when they need it.
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
    const loaded = new Set<string>();
    const load = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      const code = readFileSync(file, 'utf8');
      for (const [, chunk] of code.matchAll(/import\s*(?:[\w{},\s]*?from\s*)?["'](\.[^"']+)["']/g)) load(resolve(dirname(file), chunk!));
    };
    load(join(root, 'out/cli/main.mjs'));
    const services = (code: string) => ({
      sqlite: /from\s*["']better-sqlite3["']/.test(code),
      runtime: code.includes('function startRuntime('),
      pdf: code.includes('PDFDocument'),
    });
    const read = (list: string[]) => list.map((file) => readFileSync(file, 'utf8')).join('\n');
    expect(services(read(files(join(root, 'out/cli')).filter((f) => f.endsWith('.mjs'))))).toEqual({ sqlite: true, runtime: true, pdf: true });
    expect(services(read([...loaded]))).toEqual({ sqlite: false, runtime: false, pdf: false });
  });

  it('uses the app data folder when --db is not given', () => {
    const { code, stdout } = cli('call', 'app.info');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).databasePath).toMatch(/default-data[/\\]commission\.sqlite$/);
  });

  it('explains, in French, a wrong command line or JSON', () => {
    const unknown = cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Commande inconnue : « frobnicate »');
    const json = cli('--db', join(tempDir(), 'x.db'), 'call', 'settings.get', '{oops');
    expect(json.code).toBe(2);
    expect(json.stderr).toContain("L'entrée n'est pas du JSON valide");
  });

  it('imports an export, refuses a broken one with line-level errors, and reports eligibility', () => {
    const dir = tempDir();
    const db = join(dir, 'x.db');
    const xlsx = join(samplesDir, 'demarches-simplifiees/hdf-dossiers-export.xlsx');

    const dry = cli('--db', db, 'import', xlsx, '--dry-run');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ created: 6, updated: 0, unchanged: 0, rejected: [] });
    expect(rows(db, 'SELECT id FROM dossiers')).toEqual([]);

    expect(JSON.parse(cli('--db', db, 'import', xlsx).stdout)).toMatchObject({ created: 6, rejected: [] });
    expect(JSON.parse(cli('--db', db, 'import', xlsx, '--json').stdout)).toMatchObject({ created: 0, unchanged: 6 });

    const broken = join(dir, 'casse.csv');
    writeFileSync(broken, 'ID;Type de structure;Nom de l’équipe ou de la structure\r\n24009999;ESP;ESP Nouvelle\r\n24009998;Pharmacie;Officine\r\n');
    const refused = cli('--db', db, 'import', broken);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      created: 0,
      rejected: [{ line: 3, column: 'Type de structure', field: 'structureType' }],
    });
    expect(refused.stderr).toMatch(/refusé.*\n.*ligne 3, colonne « Type de structure » — structureType : /);
    expect(rows(db, 'SELECT id FROM dossiers')).toHaveLength(6);

    const list = JSON.parse(cli('--db', db, 'dossiers', 'list', '--json').stdout) as Array<{ dsNumber: number }>;
    expect(list.map((d) => d.dsNumber)).toEqual([24001101, 24001102, 24001103, 24001104, 24001105, 24001106]);
    const [verdict] = JSON.parse(cli('--db', db, 'eligibility', '24001106', '--json').stdout);
    expect(verdict).toMatchObject({ dsNumber: 24001106, eligibility: { eligible: false } });
    expect(cli('--db', db, 'eligibility', '123').code).toBe(1);
  });

  it('keeps a correction by hand unless --overwrite-manual, and changes a decided dossier only with --confirm-decided', () => {
    const dir = tempDir();
    const db = join(dir, 'x.db');
    const csv = join(samplesDir, 'demarches-simplifiees/hdf-dossiers-export.csv');
    cli('--db', db, 'import', csv);
    const { id, data } = JSON.parse(cli('--db', db, 'call', 'dossiers.get', '{"dsNumber":24001101}').stdout);
    const corrected = { ...data, grant: { ...data.grant, requested: 15000 } };
    expect(cli('--db', db, 'call', 'dossiers.update', JSON.stringify({ id, data: corrected })).code).toBe(0);
    const requested = () => rows(db, 'SELECT grant_requested_cents AS cents FROM dossiers WHERE ds_number = 24001101');

    const kept = cli('--db', db, 'import', csv);
    expect(kept.code).toBe(0);
    expect(JSON.parse(kept.stdout).changes[0]).toMatchObject({
      dsNumber: 24001101,
      action: 'unchanged',
      conflicts: [{ field: 'grant.requested', manual: '15\u202f000\u00a0€', file: '20\u202f000\u00a0€', keep: 'manual' }],
    });
    expect(kept.stderr).toContain('1 champ corrigé à la main garde sa correction (--overwrite-manual');
    expect(requested()).toEqual([{ cents: 1_500_000 }]);

    // A dry run shows the conflicts as the same flags would settle them.
    const dry = cli('--db', db, 'import', csv, '--dry-run', '--overwrite-manual');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ updated: 1, unchanged: 5 });
    expect(JSON.parse(dry.stdout).changes[0]).toMatchObject({
      action: 'update',
      fields: [{ field: 'grant.requested', before: '15\u202f000\u00a0€', after: '20\u202f000\u00a0€' }],
      conflicts: [{ field: 'grant.requested', keep: 'file' }],
    });
    expect(dry.stderr).toBe('1 champ corrigé à la main prendrait la valeur du fichier.\n');
    expect(requested()).toEqual([{ cents: 1_500_000 }]);

    // The dossier decided meanwhile: the file's value is a change that needs the confirmation.
    const sqlite = new SQLite(db);
    sqlite.prepare("UPDATE dossiers SET status = 'decided' WHERE ds_number = 24001101").run();
    sqlite.close();
    const decidedNote = '1 dossier qui a déjà un avis, une décision ou une notification serait modifié';
    expect(cli('--db', db, 'import', csv, '--dry-run', '--overwrite-manual').stderr).toContain(`${decidedNote} : l'import demandera --confirm-decided.`);
    expect(cli('--db', db, 'import', csv, '--dry-run', '--overwrite-manual', '--confirm-decided').stderr).toContain(
      `${decidedNote}, comme --confirm-decided le permet.`,
    );
    const refused = cli('--db', db, 'import', csv, '--overwrite-manual');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Erreur \(CONFLICT\) : .*n° 24001101 « ESP de Thiérache » \(Décidé\)[^]*--confirm-decided/);
    expect(requested()).toEqual([{ cents: 1_500_000 }]);
    const replaced = cli('--db', db, 'import', csv, '--overwrite-manual', '--confirm-decided');
    expect(replaced.code).toBe(0);
    const summary = JSON.parse(replaced.stdout);
    expect(summary).toMatchObject({ updated: 1, unchanged: 5 });
    expect(summary.changes[0]).toMatchObject({ fields: [{ field: 'grant.requested' }], conflicts: [{ keep: 'file' }] });
    expect(replaced.stderr).toBe('1 champ corrigé à la main a pris la valeur du fichier.\n');
    expect(requested()).toEqual([{ cents: 2_000_000 }]);
    // Nine runs of the command line, each a process of its own.
  }, 120_000);

  it('imports the zoning table and attaches a document by dossier number', () => {
    const dir = tempDir();
    const db = join(dir, 'x.db');
    cli('--db', db, 'import', join(samplesDir, 'demarches-simplifiees/hdf-dossiers-export.csv'));
    const zoning = cli('--db', db, 'zoning', 'import', join(samplesDir, 'zonage/hdf-zonage-medecins.csv'));
    expect(zoning.code).toBe(0);
    expect(JSON.parse(zoning.stdout).imported).toBeGreaterThan(0);
    const pdf = join(dir, 'projet.pdf');
    writeFileSync(pdf, '%PDF-1.4\n');
    const attached = cli('--db', db, 'attach', '24001101', 'health_project_signed', pdf);
    expect(attached.code).toBe(0);
    expect(JSON.parse(attached.stdout)).toMatchObject({ kind: 'health_project_signed', originalName: 'projet.pdf' });
    const wrongKind = cli('--db', db, 'attach', '24001101', 'photo', pdf);
    expect(wrongKind.code).toBe(1);
    expect(wrongKind.stderr).toContain('kind : Le type de document est inconnu.');
  });

  it('produces the documents of a closed session with progress, and lists the deadlines', async () => {
    const dir = tempDir();
    const db = await demoDatabase(dir);
    const out = join(dir, 'documents');
    const run = cli('--db', db, 'documents', '2026-04', '--out', out);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/\[8\/8\] Procès-verbal — séance n° 2026-04/);
    const result = JSON.parse(run.stdout) as { folder: string; documents: { filePath: string }[] };
    expect(result.folder).toBe(out);
    expect(readdirSync(out)).toHaveLength(8);
    expect(cli('--db', db, 'documents', '1999-01').stderr).toContain('Aucune séance ne porte le numéro « 1999-01 »');
    const csv = join(dir, 'resultats.csv');
    expect(cli('--db', db, 'export', '2026-04', 'csv', '--out', csv).code).toBe(0);
    expect(readFileSync(csv, 'utf8')).toMatch(/^\ufeffSéance;/);
    const deadlines = JSON.parse(cli('--db', db, 'deadlines').stdout) as { deadline: string }[];
    expect(deadlines.map((d) => d.deadline)).toEqual(Array(5).fill('2026-12-26'));
  });
});
