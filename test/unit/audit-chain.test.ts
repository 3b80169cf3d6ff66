import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrationProvider } from '../../db/migrations';
import { auditHash, GENESIS } from '../../db/queries/audit-chain';
import { openDatabase } from '../../db/open';
import { startRuntime } from '../../services/runtime';
import { sampleIdentity } from '../support/fixtures';
import { useRuntime } from '../support/runtime';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();
const newRuntime = useRuntime();

type Row = { id: number; at: string; actor: string; entity_type: string; entity_id: string; action: string; before_json: string | null; after_json: string | null; prev_hash: string | null; hash: string | null };

function auditRows(file: string): Row[] {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    return sqlite.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[];
  } finally {
    sqlite.close();
  }
}

function write(file: string, statement: string, ...params: unknown[]): void {
  const sqlite = new SQLite(file);
  try {
    sqlite.prepare(statement).run(...params);
  } finally {
    sqlite.close();
  }
}

/** A database with a few audited changes: settings saved twice, a member. */
async function auditedDatabase() {
  const runtime = await newRuntime();
  await runtime.call('settings.update', { identity: sampleIdentity() });
  await runtime.call('settings.update', { grants: { defaultStartupGrant: 15000, ceiling: 50000 } });
  await runtime.call('members.save', { member: { firstName: 'Léa', lastName: 'Roux', organisation: 'URPS' } });
  await runtime.call('members.save', { member: { firstName: 'Marc', lastName: 'Dufour', organisation: 'ARS' } });
  return { runtime, file: join(runtime.dir, 'commission.sqlite') };
}

describe('the audit log as a hash chain', () => {
  it('chains every entry to the one before, whatever wrote it', async () => {
    const { runtime, file } = await auditedDatabase();
    const rows = auditRows(file);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    let previous = GENESIS;
    for (const r of rows) {
      expect(r.prev_hash).toBe(previous);
      expect(r.hash).toBe(auditHash(previous, [r.at, r.actor, r.entity_type, r.entity_id, r.action, r.before_json, r.after_json]));
      previous = r.hash!;
    }
    expect(await runtime.call('audit.verify', {})).toEqual({ ok: true, entries: rows.length, head: previous, broken: null, reseals: [] });
  });

  it('stays one chain when two runtimes write the same file at once', async () => {
    const { runtime, file } = await auditedDatabase();
    const other = await startRuntime(file, { actor: 'autre' });
    try {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? runtime.dispatch : other.dispatch)('members.save', { member: { firstName: `Prénom${i}`, lastName: `Nom${i}`, organisation: 'ARS' } }),
        ),
      );
    } finally {
      await other.close();
    }
    const verdict = await runtime.call('audit.verify', {});
    expect(verdict.ok).toBe(true);
    expect(verdict.entries).toBe(auditRows(file).length);
  });

  it('names an entry whose content was altered', async () => {
    const { runtime, file } = await auditedDatabase();
    const target = auditRows(file)[1]!;
    write(file, 'UPDATE audit_log SET after_json = ? WHERE id = ?', JSON.stringify({ defaultStartupGrant: 99999, ceiling: 50000 }), target.id);
    const verdict = await runtime.call('audit.verify', {});
    expect(verdict.ok).toBe(false);
    expect(verdict.broken).toMatchObject({ id: target.id, action: target.action, entityType: 'settings' });
    expect(verdict.broken!.message).toBe(
      `L'entrée n° ${target.id} a été modifiée après son enregistrement : son empreinte ne correspond plus à son contenu.`,
    );
  });

  it('names the link after an entry altered with its hash recomputed, or removed', async () => {
    const { runtime, file } = await auditedDatabase();
    const [, second, third, fourth] = auditRows(file);
    const after = JSON.stringify({ forged: true });
    const forged = auditHash(second!.prev_hash!, [second!.at, second!.actor, second!.entity_type, second!.entity_id, second!.action, second!.before_json, after]);
    write(file, 'UPDATE audit_log SET after_json = ?, hash = ? WHERE id = ?', after, forged, second!.id);
    let verdict = await runtime.call('audit.verify', {});
    expect(verdict.broken?.id).toBe(third!.id);
    expect(verdict.broken?.message).toMatch(new RegExp(`ne suit plus l'entrée n° ${second!.id}`));

    write(file, 'UPDATE audit_log SET after_json = ?, hash = ? WHERE id = ?', second!.after_json, second!.hash, second!.id);
    write(file, 'DELETE FROM audit_log WHERE id = ?', third!.id);
    verdict = await runtime.call('audit.verify', {});
    expect(verdict.broken?.id).toBe(fourth!.id);
  });

  it('names an entry added outside the app', async () => {
    const { runtime, file } = await auditedDatabase();
    write(file, "INSERT INTO audit_log (at, actor, entity_type, entity_id, action) VALUES ('2026-01-01T00:00:00Z', 'x', 'settings', 'grants', 'update')");
    const verdict = await runtime.call('audit.verify', {});
    expect(verdict.broken?.message).toMatch(/n'a pas d'empreinte/);
  });

  it('`audit verify` on the command line: exit 1 and the broken link named on stderr', async () => {
    const { runtime, file } = await auditedDatabase();
    await runtime.close();
    const root = resolve(__dirname, '../..');
    const cli = () =>
      spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'cli/main.ts'), '--db', file, 'audit', 'verify'], { cwd: root, encoding: 'utf8' });
    const fine = cli();
    expect(fine.status).toBe(0);
    expect(JSON.parse(fine.stdout)).toMatchObject({ ok: true, broken: null });
    const target = auditRows(file)[0]!;
    write(file, 'UPDATE audit_log SET actor = ? WHERE id = ?', 'quelqu’un d’autre', target.id);
    const broken = cli();
    expect(broken.status).toBe(1);
    expect(JSON.parse(broken.stdout).broken.id).toBe(target.id);
    expect(broken.stderr).toContain(`Journal altéré : L'entrée n° ${target.id} a été modifiée`);
  });
});

describe('migration 0009', () => {
  it('seals the entries written before it, in order, after a checked copy of the file', async () => {
    const dir = tempDir();
    const file = join(dir, 'commission.sqlite');
    const sqlite = new SQLite(file);
    const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
    await new Migrator({ db: old, provider: migrationProvider, migrationTableName: 'kysely_migration' }).migrateTo('0008-manual-fields');
    const insert = sqlite.prepare('INSERT INTO audit_log (at, actor, entity_type, entity_id, action, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const entries = Array.from({ length: 2500 }, (_, i) => [`2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`, 'ancien', 'dossier', String(i % 7), 'update', i ? `{"n":${i - 1}}` : null, `{"n":${i}}`]);
    sqlite.transaction(() => entries.forEach((e) => insert.run(...e)))();
    await old.destroy();

    const opened = await openDatabase(file);
    await opened.close();
    const rows = auditRows(file);
    expect(rows).toHaveLength(2500);
    let previous = GENESIS;
    for (const [i, r] of rows.entries()) {
      expect([r.at, r.actor, r.entity_type, r.entity_id, r.action, r.before_json, r.after_json]).toEqual(entries[i]);
      expect(r.prev_hash).toBe(previous);
      expect(r.hash).toBe(auditHash(previous, entries[i] as never));
      previous = r.hash!;
    }
    // The file held data: a copy was made and checked before it was changed.
    const copies = readdirSync(join(dir, 'sauvegardes'));
    expect(copies).toEqual([expect.stringMatching(/^commission-\d{4}-\d{2}-\d{2}-\d{6}-avant-mise-a-jour\.sqlite$/)]);
    const copy = new SQLite(join(dir, 'sauvegardes', copies[0]!), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(2500);
    expect(copy.prepare("SELECT count(*) FROM kysely_migration WHERE name = '0009-audit-chain'").pluck().get()).toBe(0);
    copy.close();

    const runtime = await startRuntime(file, { actor: 'secretariat' });
    try {
      const verdict = await runtime.dispatch('audit.verify', {});
      expect(verdict).toMatchObject({ ok: true, value: { ok: true, entries: 2500, head: previous } });
    } finally {
      await runtime.close();
    }
  });

  it('makes no copy of a new file', async () => {
    const dir = tempDir();
    await (await openDatabase(join(dir, 'commission.sqlite'))).close();
    expect(readdirSync(dir)).not.toContain('sauvegardes');
  });
});
