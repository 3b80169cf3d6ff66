import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { BUSY_MESSAGE, DatabaseOpenError, openDatabase } from '../../db/open';
import { migrationProvider, migrations } from '../../db/migrations';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();

function inspect(file: string) {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    return {
      tables: sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .pluck()
        .all(),
      applied: sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all(),
      userVersion: sqlite.pragma('user_version', { simple: true }),
      journal: sqlite.pragma('journal_mode', { simple: true }),
    };
  } finally {
    sqlite.close();
  }
}

/** A file as an earlier version left it, migrated up to `migration` only. */
async function migratedTo(migration: string) {
  const file = join(tempDir(), `${migration}.sqlite`);
  const sqlite = new SQLite(file);
  const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  await new Migrator({ db: old, provider: migrationProvider, migrationTableName: 'kysely_migration' }).migrateTo(migration);
  return { file, sqlite, old };
}

describe('openDatabase', () => {
  it('creates every table from an empty file, in WAL mode', async () => {
    const file = join(tempDir(), 'sub', 'commission.sqlite');
    const opened = await openDatabase(file);
    expect(opened.schemaVersion).toBe(Object.keys(migrations).length);
    await opened.close();
    const state = inspect(file);
    expect(state.tables).toEqual(expect.arrayContaining(['settings', 'audit_log', 'kysely_migration']));
    expect(state.applied).toEqual(Object.keys(migrations).sort());
    expect(state.userVersion).toBe(Object.keys(migrations).length);
    expect(state.journal).toBe('wal');
  });

  it('reopens an up-to-date file without touching its data', async () => {
    const file = join(tempDir(), 'commission.sqlite');
    const first = await openDatabase(file);
    await first.db
      .insertInto('settings')
      .values({ key: 'grants', value: '{"defaultStartupGrant":1}', updated_at: 'x' })
      .execute();
    await first.close();
    const again = await openDatabase(file);
    const rows = await again.db.selectFrom('settings').selectAll().execute();
    await again.close();
    expect(rows).toEqual([{ key: 'grants', value: '{"defaultStartupGrant":1}', updated_at: 'x', updated_by: '', version: 1 }]);
    expect(inspect(file).applied).toEqual(Object.keys(migrations).sort());
  });

  it('turns foreign keys on for every connection', async () => {
    const opened = await openDatabase(join(tempDir(), 'fk.sqlite'));
    const { rows } = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(opened.db);
    await opened.close();
    expect(rows[0]?.foreign_keys).toBe(1);
  });

  it('refuses, in French and untouched, a file written by a newer version', async () => {
    const file = join(tempDir(), 'newer.sqlite');
    await (await openDatabase(file)).close();
    const sqlite = new SQLite(file);
    sqlite.prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)').run('9999-future', 'x');
    sqlite.close();

    const error = await openDatabase(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as Error).message).toMatch(/version plus récente de Commission.*9999-future/);
    expect(inspect(file).applied).toContain('9999-future');
  });

  it('marks the opinions recorded before « faute de quorum » existed as deliberated', async () => {
    const { file, sqlite, old } = await migratedTo('0004-documents');
    // One postponed item, alone in the file: its session and dossier do not matter here.
    sqlite.pragma('foreign_keys = OFF');
    sqlite
      .prepare("INSERT INTO agenda_items (session_id, dossier_id, position, opinion, motivation) VALUES (1, 1, 0, 'postponed', 'Devis manquants.')")
      .run();
    await old.destroy();

    const opened = await openDatabase(file);
    const rows = await opened.db.selectFrom('agenda_items').select(['opinion', 'motivation', 'no_quorum']).execute();
    await opened.close();
    expect(rows).toEqual([{ opinion: 'postponed', motivation: 'Devis manquants.', no_quorum: 0 }]);
  });

  it('gives the records people edit a first version, their author unknown, and keeps their last change', async () => {
    const { file, sqlite, old } = await migratedTo('0013-follow-up');
    sqlite.pragma('foreign_keys = OFF');
    sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('grants', '{}', '2026-01-02T10:00:00.000Z')").run();
    sqlite.prepare("INSERT INTO agenda_items (session_id, dossier_id, position, opinion) VALUES (1, 1, 0, 'favorable')").run();
    sqlite.prepare("INSERT INTO members (civility, first_name, last_name, organisation, title, email, voice, active) VALUES ('', 'Inès', 'Martin', 'ARS', '', '', 'deliberative', 1)").run();
    await old.destroy();

    const opened = await openDatabase(file);
    const settings = await opened.db.selectFrom('settings').select(['version', 'updated_by', 'updated_at']).execute();
    const item = await opened.db.selectFrom('agenda_items').select(['opinion', 'version', 'updated_by', 'updated_at']).execute();
    const member = await opened.db.selectFrom('members').select(['last_name', 'version', 'updated_by']).execute();
    await opened.close();
    expect(settings).toEqual([{ version: 1, updated_by: '', updated_at: '2026-01-02T10:00:00.000Z' }]);
    expect(item).toEqual([{ opinion: 'favorable', version: 1, updated_by: '', updated_at: '' }]);
    expect(member).toEqual([{ last_name: 'Martin', version: 1, updated_by: '' }]);
  });

  it('refuses a file that is not a database with a French message', async () => {
    const file = join(tempDir(), 'broken.sqlite');
    writeFileSync(file, 'ceci n’est pas une base SQLite, mais un texte assez long pour en avoir la taille');
    const error = await openDatabase(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as Error).message).toMatch(/^Impossible d'ouvrir la base de données/);
  });

  it('begins every transaction IMMEDIATE: no other connection writes once it has begun', async () => {
    const file = join(tempDir(), 'immediate.sqlite');
    const opened = await openDatabase(file);
    const other = new SQLite(file, { timeout: 0 });
    try {
      await opened.db.transaction().execute(async () => {
        expect(() => other.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', 'x')").run()).toThrow(/locked|busy/i);
      });
      other.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', 'x')").run();
    } finally {
      other.close();
      await opened.close();
    }
  });

  it('answers CONFLICT in French, for a transaction or a single write, when the lock stays taken past the timeout', async () => {
    const file = join(tempDir(), 'busy.sqlite');
    const opened = await openDatabase(file, { busyTimeoutMs: 100 });
    const other = new SQLite(file);
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      const conflict = { code: 'CONFLICT', message: BUSY_MESSAGE };
      await expect(opened.db.transaction().execute((trx) => trx.selectFrom('settings').selectAll().execute())).rejects.toMatchObject(conflict);
      await expect(opened.db.insertInto('settings').values({ key: 'x', value: '1', updated_at: 'x' }).execute()).rejects.toMatchObject(conflict);
      other.prepare('COMMIT').run();
      await opened.db.transaction().execute((trx) => trx.insertInto('settings').values({ key: 'x', value: '1', updated_at: 'x' }).execute());
    } finally {
      other.close();
      await opened.close();
    }
  });

  it('lets two openings of one file in one process take turns rather than fail', async () => {
    const file = join(tempDir(), 'turns.sqlite');
    const [a, b] = [await openDatabase(file), await openDatabase(file)];
    try {
      // Each reads then writes, yielding in between: deferred transactions would fail with « database is locked ».
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a : b)!.db.transaction().execute(async (trx) => {
            const rows = await trx.selectFrom('settings').select('key').execute();
            await new Promise((resolve) => setTimeout(resolve, 1));
            await trx.insertInto('settings').values({ key: `k${rows.length}`, value: '1', updated_at: 'x' }).execute();
          }),
        ),
      );
      const keys = (await a!.db.selectFrom('settings').select('key').execute()).map((r) => r.key);
      expect(keys.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `k${i}`).sort());
    } finally {
      await a!.close();
      await b!.close();
    }
  });
});
