import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, Migrator, SqliteDialect, type Kysely as Db } from 'kysely';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../db/open';
import { migrationProvider, migrations } from '../../db/migrations';
import type { Database } from '../../db/schema';
import { databaseStore, folderStore, pruneCache, type FileStore } from '../../services/file-store';
import { sha256 } from '../../services/files';
import { AppError } from '../../shared/result';
import { copyDatabase } from '../support/postgres';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();
const template = inject('postgresTemplate');
const opened: OpenedDatabase[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

/** A fresh database on the engine of the run, migrated. */
async function freshDatabase(dir: string): Promise<OpenedDatabase> {
  const o = await openDatabase(template ? await copyDatabase(template) : join(dir, 'commission.sqlite'));
  opened.push(o);
  return o;
}

const wording = { missing: 'Le fichier est introuvable.', changed: 'Le fichier a été modifié depuis qu’il a été gardé.' };
// Every byte value, so that no encoding (bytea's escapes, text) can pass for bytes.
const BYTES = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);

/** What the store keeps, wherever it keeps it. */
async function kept(store: FileStore, db: Db<Database>, dir: string): Promise<string[]> {
  if (store.kind === 'database') return (await db.selectFrom('stored_files').select('sha256').execute()).map((r) => r.sha256);
  return existsSync(join(dir, 'pieces')) ? readdirSync(join(dir, 'pieces'), { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => f.name) : [];
}

/** Keeps `bytes` under `path` in one transaction, as the services do. */
async function keep(store: FileStore, db: Db<Database>, path: string, bytes: Uint8Array, fail = false) {
  const staged = await store.stage(path, bytes);
  try {
    await db.transaction().execute(async (trx) => {
      await store.commit(trx, [staged]);
      if (fail) throw new Error('échec après l’écriture');
    });
  } catch (error) {
    store.discard([staged]);
    throw error;
  }
  return { path, sha256: staged.sha256 };
}

describe.each(['folder', 'database'] as const)('the %s store', (kind) => {
  async function setup() {
    const dir = tempDir();
    const { db } = await freshDatabase(dir);
    const store = kind === 'folder' ? folderStore(dir) : databaseStore(db, join(dir, 'cache'), () => new Date());
    return { dir, db, store };
  }

  it('keeps bytes and gives them back by their sha256, a copy on this machine for the viewer', async () => {
    const { dir, db, store } = await setup();
    const file = await keep(store, db, 'pieces/1/statuts.pdf', BYTES);
    expect(file.sha256).toBe(sha256(BYTES));
    expect(await store.has(file)).toBe(true);
    expect(Buffer.compare(await store.read(file, wording), BYTES)).toBe(0);
    const local = store.localPath(file, BYTES);
    expect(local).toBe(kind === 'folder' ? join(dir, 'pieces', '1', 'statuts.pdf') : join(dir, 'cache', 'pieces', '1', 'statuts.pdf'));
    expect(Buffer.compare(readFileSync(local), BYTES)).toBe(0);
    expect(store.location(file)).toBe(kind === 'folder' ? local : null);
    expect(await kept(store, db, dir)).toHaveLength(1);
  });

  it('refuses in French bytes that changed by one, and a file that is gone', async () => {
    const { dir, db, store } = await setup();
    const file = await keep(store, db, 'pieces/1/statuts.pdf', BYTES);
    const damaged = Buffer.from(BYTES);
    damaged[20] = damaged[20]! ^ 1;
    if (kind === 'folder') writeFileSync(join(dir, file.path), damaged);
    else await db.updateTable('stored_files').set({ content: damaged }).where('sha256', '=', file.sha256).execute();
    const changed = await store.read(file, wording).catch((e: unknown) => e);
    expect(changed).toBeInstanceOf(AppError);
    expect(changed).toMatchObject({ code: 'CONFLICT', message: wording.changed });
    // Unchecked, the damaged bytes are what is there.
    expect(Buffer.compare((await store.load(file))!, damaged)).toBe(0);

    const other = { path: 'pieces/1/absent.pdf', sha256: sha256(Buffer.from('absent')) };
    expect(await store.has(other)).toBe(false);
    await expect(store.read(other, wording)).rejects.toMatchObject({ code: 'NOT_FOUND', message: wording.missing });
  });

  it('leaves nothing when the transaction fails, nor undoes the same bytes already kept', async () => {
    const { dir, db, store } = await setup();
    await expect(keep(store, db, 'pieces/1/statuts.pdf', BYTES, true)).rejects.toThrow('échec après l’écriture');
    expect(await kept(store, db, dir)).toEqual([]);
    if (kind === 'folder') expect(readdirSync(join(dir, 'pieces', '1'))).toEqual([]);

    const file = await keep(store, db, 'pieces/1/statuts.pdf', BYTES);
    await expect(keep(store, db, 'pieces/1/statuts.pdf', BYTES, true)).rejects.toThrow();
    expect(Buffer.compare(await store.read(file, wording), BYTES)).toBe(0);
  });

  it('forgets a file only when no row names it any more', async () => {
    const { dir, db, store } = await setup();
    const file = await keep(store, db, 'pieces/1/statuts.pdf', BYTES);
    const row = {
      dossier_id: 1,
      kind: 'other',
      original_name: 'statuts.pdf',
      size: BYTES.length,
      sha256: file.sha256,
      stored_path: file.path,
      added_at: '2026-12-04T10:00:00.000Z',
      added_by: 'secretariat',
    };
    await db.insertInto('dossiers').values({ id: 1, structure_type: 'MSP', name: 'Essai', created_at: row.added_at, updated_at: row.added_at } as never).execute();
    await db.insertInto('attachments').values(row).execute();
    await store.release(db, [file]);
    expect(await store.has(file)).toBe(true);
    await db.deleteFrom('attachments').execute();
    await store.release(db, [file]);
    expect(await store.has(file)).toBe(false);
    expect(await kept(store, db, dir)).toEqual([]);
  });
});

describe("a machine's copies of the files kept in the database", () => {
  it('are dropped at its next start once no row names their file; named ones and what is not a copy stay', async () => {
    const dir = tempDir();
    const { db } = await freshDatabase(dir);
    const cache = join(dir, 'cache');
    const store = databaseStore(db, cache, () => new Date());
    const older = Buffer.from('%PDF-1.7\n% statuts de 2019\n');
    const named = await keep(store, db, 'pieces/1/statuts.pdf', BYTES);
    const gone = await keep(store, db, 'pieces/1/statuts-2019.pdf', older);
    const at = '2026-12-04T10:00:00.000Z';
    await db.insertInto('dossiers').values({ id: 1, structure_type: 'MSP', name: 'Essai', created_at: at, updated_at: at } as never).execute();
    await db
      .insertInto('attachments')
      .values({ dossier_id: 1, kind: 'statutes', original_name: 'statuts.pdf', size: BYTES.length, sha256: named.sha256, stored_path: named.path, added_at: at, added_by: 'secretariat' })
      .execute();
    // Opened here before another machine removed the older statutes.
    const namedCopy = store.localPath(named, BYTES);
    const goneCopy = store.localPath(gone, older);
    const notACopy = join(cache, 'sauvegardes', 'archive.zip');
    mkdirSync(join(cache, 'sauvegardes'));
    writeFileSync(notACopy, 'archive');

    await expect(pruneCache(db, cache)).resolves.toBe(1);
    expect([existsSync(namedCopy), existsSync(goneCopy), existsSync(notACopy)]).toEqual([true, false, true]);
    await expect(pruneCache(db, cache)).resolves.toBe(0);
    // Opened again, the copy is made again from the base.
    expect(readFileSync(store.localPath(named, await store.read(named, wording)))).toEqual(BYTES);
  });
});

describe('migration 0017: the table of files kept in the database', () => {
  const previous = Object.keys(migrations).filter((name) => name < '0017-stored-files').at(-1)!;

  it('comes after the existing rows, untouched, and keeps bytes exactly, refusing a key that is not a sha256', async () => {
    const dir = tempDir();
    // A database as the previous version left it, with an attachment kept in a folder.
    let location: string;
    let old: Kysely<unknown>;
    if (template) {
      const empty = new URL(template);
      empty.pathname = '/template0';
      location = await copyDatabase(empty.toString());
      const { Pool } = (await import('pg')).default;
      const { PostgresDialect } = await import('kysely');
      old = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: location }) }) });
    } else {
      location = join(dir, 'v16.sqlite');
      old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(location) }) });
    }
    const { error } = await new Migrator({ db: old, provider: migrationProvider, migrationTableName: 'kysely_migration' }).migrateTo(previous);
    expect(error).toBeUndefined();
    const at = '2026-12-04T10:00:00.000Z';
    await old.insertInto('dossiers' as never).values({ structure_type: 'MSP', name: 'Essai', created_at: at, updated_at: at } as never).execute();
    const dossierId = ((await old.selectFrom('dossiers' as never).select('id' as never).executeTakeFirstOrThrow()) as { id: number }).id;
    const attachment = { dossier_id: dossierId, kind: 'other', original_name: 'statuts.pdf', size: 3, sha256: 'a'.repeat(64), stored_path: 'pieces/1/x.pdf', added_at: at, added_by: 's' };
    await old.insertInto('attachments' as never).values(attachment as never).execute();
    await old.destroy();

    const o = await openDatabase(location);
    opened.push(o);
    expect(o.schemaVersion).toBe(Object.keys(migrations).length);
    expect(await o.db.selectFrom('attachments').select(['dossier_id', 'kind', 'original_name', 'size', 'sha256', 'stored_path', 'added_at', 'added_by']).execute()).toEqual([attachment]);
    await o.db.insertInto('stored_files').values({ sha256: sha256(BYTES), size: BYTES.length, content: BYTES, stored_at: at }).execute();
    const back = await o.db.selectFrom('stored_files').selectAll().executeTakeFirstOrThrow();
    expect(Buffer.compare(Buffer.from(back.content), BYTES)).toBe(0);
    expect(back).toMatchObject({ sha256: sha256(BYTES), size: BYTES.length, stored_at: at });
    await expect(o.db.insertInto('stored_files').values({ sha256: 'court', size: 1, content: Buffer.from('x'), stored_at: at }).execute()).rejects.toThrow();
  });
});
