import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { methodNames } from '../../shared/contract';
import { defaultSettings } from '../../shared/settings';
import { sampleIdentity } from '../support/fixtures';
import { useTempDir } from '../support/temp';

const root = resolve(__dirname, '../..');
const tempDir = useTempDir();

/** Runs the CLI as a user would, in its own process. */
function cli(...args: string[]) {
  const run = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'cli/main.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, COMMISSION_DATA_DIR: join(tempDir(), 'default-data') },
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
    expect(JSON.parse(stdout)).toEqual(defaultSettings);
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

  it('lists every method with the JSON Schema of its input', () => {
    const { code, stdout } = cli('methods');
    expect(code).toBe(0);
    const methods = JSON.parse(stdout) as Array<{ method: string; input: { type?: string; properties?: object } }>;
    expect(methods.map((m) => m.method)).toEqual([...methodNames]);
    const update = methods.find((m) => m.method === 'settings.update');
    expect(update?.input.properties).toHaveProperty('identity.properties.signatory.properties.lastName');
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
});
