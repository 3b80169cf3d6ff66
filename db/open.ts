import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrationProvider, migrations } from './migrations';
import type { Database } from './schema';

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running runtime (the Electron app's ABI). */
  nativeBinding?: string;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  path: string;
  /** How many migrations the file has had applied. */
  schemaVersion: number;
  close(): Promise<void>;
}

/** The file cannot be used by this version of the app; the message is for the user. */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}

const MIGRATION_TABLE = 'kysely_migration';

function appliedMigrations(sqlite: SQLite.Database): string[] {
  const table = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(MIGRATION_TABLE);
  if (!table) return [];
  return sqlite
    .prepare(`SELECT name FROM ${MIGRATION_TABLE} ORDER BY name`)
    .pluck()
    .all() as string[];
}

/**
 * Opens (creating if needed) the database file, turns on WAL and foreign keys, and applies the
 * pending migrations in one transaction. A file written by a newer version is refused untouched.
 */
export async function openDatabase(file: string, options: OpenOptions = {}): Promise<OpenedDatabase> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    sqlite.pragma('journal_mode = WAL');
  } catch (error) {
    throw new DatabaseOpenError(
      `Impossible d'ouvrir la base de données « ${file} » : ${(error as Error).message}`,
    );
  }
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');

  const unknown = appliedMigrations(sqlite).filter((name) => !(name in migrations));
  if (unknown.length > 0) {
    sqlite.close();
    throw new DatabaseOpenError(
      `La base de données « ${file} » a été écrite par une version plus récente de Commission ` +
        `(évolution inconnue : ${unknown.join(', ')}). Installez la dernière version de l'application ; ` +
        `la base n'a pas été modifiée.`,
    );
  }

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error, results } = await new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: MIGRATION_TABLE,
  }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
    throw new DatabaseOpenError(
      `La mise à jour de la base de données a échoué (évolution ${failed}) ; rien n'a été modifié. ` +
        `Détail : ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  const schemaVersion = appliedMigrations(sqlite).length;
  sqlite.pragma(`user_version = ${schemaVersion}`);
  return { db, path: file, schemaVersion, close: () => db.destroy() };
}
