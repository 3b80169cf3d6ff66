/**
 * Consistent copies of the database while it is in use, and what a copy holds. `VACUUM INTO`
 * writes a snapshot of one read transaction through the app's own connection (no second native
 * connection to open, which the Electron build would need its binding for): writers in other
 * processes go on meanwhile, and the copy is a compact rollback-journal file, fit for a network
 * share.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql, SqliteDialect } from 'kysely';
import { backupFileName, defaultRecordsSettings, recordsSettingsSchema } from '../shared/backups';
import { placeFile, syncFile, temporaryBeside } from './durable';
import { migrations } from './migrations';
import type { Database } from './schema';

/** Owner-only where the OS has modes; on Windows the profile folder's ACL already restricts it. */
export function ownerOnly(path: string, folder = false): void {
  if (process.platform === 'win32') return;
  try {
    // A sticky folder is shared by design (/tmp): a database put there must not close it to others.
    if (folder && (statSync(path).mode & 0o1000) !== 0) return;
    chmodSync(path, folder ? 0o700 : 0o600);
  } catch {
    // A share that ignores modes (SMB, FAT): nothing more to do.
  }
}

/** Whether the file starts like an SQLite database. */
export function looksLikeDatabase(file: string): boolean {
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, header, 0, 16, 0) === 16 && header.toString('latin1') === 'SQLite format 3\0';
  } finally {
    closeSync(fd);
  }
}

/** What a copy holds, read through an attached connection. */
export interface CopyInspection {
  /** 'ok', or SQLite's first complaints. */
  integrity: string;
  /** Migrations the copy has had; those this version does not know make it unusable here. */
  migrations: string[];
  unknownMigrations: string[];
  counts: { dossiers: number; sessions: number; auditEntries: number };
}

const ALIAS = 'commission_copie';

/**
 * Writes a consistent snapshot of `db` to `file` (which must not exist), synced, owner-only.
 * Outside any transaction of the caller: VACUUM cannot run inside one.
 */
export async function snapshotDatabase<DB>(db: Kysely<DB>, file: string): Promise<void> {
  await sql`VACUUM INTO ${file}`.execute(db);
  ownerOnly(file);
  syncFile(file);
}

/**
 * Attaches a copy to the connection of `db`, checks it and reads what it holds, then detaches it.
 * A copy SQLite cannot read at all is reported as damaged, with SQLite's words.
 */
export async function inspectCopy<DB>(db: Kysely<DB>, file: string): Promise<CopyInspection> {
  return db.connection().execute(async (conn) => {
    let attached = false;
    try {
      await sql`ATTACH DATABASE ${file} AS ${sql.raw(ALIAS)}`.execute(conn);
      attached = true;
      const check = await sql<{ integrity_check: string }>`PRAGMA ${sql.raw(ALIAS)}.integrity_check(20)`.execute(conn);
      const integrity = check.rows.map((r) => r.integrity_check).join(' ; ');
      const table = async (name: string) =>
        (await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.raw(ALIAS)}.sqlite_master WHERE type = 'table' AND name = ${name}`.execute(conn)).rows[0]!.n > 0;
      const countOf = async (name: string) =>
        (await table(name)) ? Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.raw(`${ALIAS}.${name}`)}`.execute(conn)).rows[0]!.n) : 0;
      const applied = (await table('kysely_migration'))
        ? (await sql<{ name: string }>`SELECT name FROM ${sql.raw(ALIAS)}.kysely_migration ORDER BY name`.execute(conn)).rows.map((r) => r.name)
        : [];
      return {
        integrity,
        migrations: applied,
        unknownMigrations: applied.filter((name) => !(name in migrations)),
        counts: { dossiers: await countOf('dossiers'), sessions: await countOf('sessions'), auditEntries: await countOf('audit_log') },
      };
    } catch (error) {
      return { integrity: (error as Error).message, migrations: [], unknownMigrations: [], counts: { dossiers: 0, sessions: 0, auditEntries: 0 } };
    } finally {
      if (attached) await sql`DETACH DATABASE ${sql.raw(ALIAS)}`.execute(conn);
    }
  });
}

/** The backups folder the settings name, or '' for the default one; read before the app's settings code can run. */
export async function configuredBackupFolder<DB>(db: Kysely<DB>): Promise<string> {
  try {
    const { rows } = await sql<{ value: string }>`SELECT value FROM settings WHERE key = 'records'`.execute(db);
    const parsed = rows[0] ? recordsSettingsSchema.safeParse(JSON.parse(rows[0].value)) : undefined;
    return parsed?.success ? parsed.data.backupFolder : defaultRecordsSettings.backupFolder;
  } catch {
    return '';
  }
}

export const DEFAULT_BACKUP_FOLDER = 'sauvegardes';

/** The database's backups folder: the chosen one when it can be written, else « sauvegardes » beside the database. */
export function usableBackupFolder(chosen: string, databaseFile: string): { folder: string; fellBack: boolean } {
  const fallback = join(dirname(databaseFile), DEFAULT_BACKUP_FOLDER);
  if (!chosen) return { folder: fallback, fellBack: false };
  try {
    // One level only: the share itself must be there (and a recursive mkdir loops forever under /proc).
    if (!existsSync(chosen)) mkdirSync(chosen);
    const probe = join(chosen, `.commission-essai-${randomBytes(6).toString('hex')}`);
    closeSync(openSync(probe, 'wx'));
    rmSync(probe, { force: true });
    return { folder: chosen, fellBack: false };
  } catch {
    return { folder: fallback, fellBack: true };
  }
}

/** Makes and checks a backup of `db` into `folder`; the copy is removed, and the error thrown, if the check fails. */
export async function backupInto<DB>(db: Kysely<DB>, folder: string, name: string): Promise<{ path: string; inspection: CopyInspection }> {
  if (!existsSync(folder)) mkdirSync(folder);
  ownerOnly(folder, true);
  let path = join(folder, name);
  for (let n = 2; existsSync(path); n++) path = join(folder, name.replace(/(\.\w+)$/, `-${n}$1`));
  const temp = temporaryBeside(path);
  try {
    await snapshotDatabase(db, temp);
    const inspection = await inspectCopy(db, temp);
    if (inspection.integrity !== 'ok') throw new Error(`la copie est endommagée (${inspection.integrity})`);
    placeFile(temp, path);
    return { path, inspection };
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Before migrating a database that already holds data: a checked copy into the backups folder.
 * Called by `openDatabase`; a copy that cannot be made stops the update, the file untouched,
 * with `openDatabase`'s own error.
 */
export async function backupBeforeMigration<DB>(
  db: Kysely<DB>,
  file: string,
  failure: new (message: string) => Error,
  now = new Date(),
): Promise<string> {
  const { folder } = usableBackupFolder(await configuredBackupFolder(db), file);
  try {
    return (await backupInto(db, folder, backupFileName('migration', now, 'sqlite'))).path;
  } catch (error) {
    await db.destroy();
    throw new failure(
      `La sauvegarde qui précède la mise à jour de la base « ${file} » n'a pas pu être faite dans « ${folder} » : ${(error as Error).message}. La base n'a pas été modifiée.`,
    );
  }
}

/**
 * Whether another connection has the database open (the app, a CLI): a connection in exclusive
 * locking mode cannot take the lock while any other holds the shared lock WAL readers keep.
 * When free, the WAL is checkpointed into the file, so that the file alone is the database.
 * 'unreadable': not a database SQLite can open (damaged), which a restore may well replace.
 */
export function databaseState(file: string, nativeBinding?: string): 'absent' | 'busy' | 'free' | 'unreadable' {
  if (!existsSync(file)) return 'absent';
  let probe: SQLite.Database;
  try {
    probe = new SQLite(file, { timeout: 0, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch {
    return 'unreadable';
  }
  try {
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE');
    probe.exec('COMMIT');
    probe.pragma('wal_checkpoint(TRUNCATE)');
    return 'free';
  } catch (error) {
    return String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY') ? 'busy' : 'unreadable';
  } finally {
    probe.close();
  }
}

/**
 * A connection to a file as it is, without migrating it: to read what an unopened database
 * holds, or (':memory:') to attach copies to and check them.
 */
export function plainConnection(file: string, nativeBinding?: string): Kysely<Database> {
  const database = new SQLite(file, { fileMustExist: file !== ':memory:', ...(nativeBinding ? { nativeBinding } : {}) });
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}

/**
 * Points the register of a restored copy at this machine's data folder: documents written
 * under the data folder of the machine the archive was made on are restored under this one, and
 * so are those a database store named relative to it (an archive made from the shared base).
 */
export function relocateDocuments(file: string, from: string, to: string, nativeBinding?: string): number {
  const database = new SQLite(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    const table = database.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents'").get();
    if (!table) return 0;
    const rows = database.prepare('SELECT id, file_path FROM documents').all() as { id: number; file_path: string }[];
    const prefix = from.replace(/[\\/]+$/, '');
    const update = database.prepare('UPDATE documents SET file_path = ? WHERE id = ?');
    /** The path's parts below the origin's data folder (below the data folder, when relative); null when elsewhere. */
    const below = (path: string): string[] | null => {
      if (!isAbsolute(path)) return path.split(/[\\/]/);
      const rest = path.slice(prefix.length);
      return path.startsWith(prefix) && /^[\\/]/.test(rest) ? rest.split(/[\\/]/) : null;
    };
    let moved = 0;
    database.transaction(() => {
      for (const row of rows) {
        const parts = below(row.file_path);
        if (!parts) continue;
        const path = join(to, ...parts.filter(Boolean));
        if (path === row.file_path) continue;
        update.run(path, row.id);
        moved++;
      }
    })();
    return moved;
  } finally {
    database.close();
  }
}
