import { mkdirSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, SqliteDialect, SqliteDriver, type DatabaseConnection, type Dialect } from 'kysely';
import { AppError } from '../shared/result';
import { backupBeforeMigration } from './backup';
import { migrationProvider, migrations } from './migrations';
import { PreparedStatements } from './prepared';
import { engineOfLocation, isWriteConflict, type Engine } from './dialect';
import type { Database } from './schema';

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running runtime (the Electron app's ABI). */
  nativeBinding?: string;
  /** How long a writer waits for another one before answering CONFLICT; 5 s by default. */
  busyTimeoutMs?: number;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  /** The file, or the server's URL without its password. */
  path: string;
  engine: Engine;
  /** How many migrations the file has had applied. */
  schemaVersion: number;
  close(): Promise<void>;
}

/** The file cannot be used by this version of the app; the message is for the user. */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}

export const BUSY_MESSAGE = 'La base est occupée par une autre opération ; réessayez.';
const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** SQLite's « busy » (another connection holds the write lock past the timeout) is the caller's CONFLICT, not a bug. */
function busyAsConflict(error: unknown): unknown {
  return isWriteConflict(error) ? new AppError('CONFLICT', BUSY_MESSAGE) : error;
}

/**
 * The writers of one database file in this process take turns. better-sqlite3 waits for SQLite's
 * lock synchronously, which would freeze the very thread that must release it; this queue waits
 * without blocking, and SQLite's own busy timeout covers the other processes.
 */
class WriteTurns {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  take(timeoutMs: number): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(new AppError('CONFLICT', BUSY_MESSAGE));
      }, timeoutMs);
      this.waiting.push(grant);
    });
  }

  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

const turnsByFile = new Map<string, WriteTurns>();

/**
 * Kysely's SQLite transactions begin deferred: a transaction that reads and then writes fails at
 * once with « database is locked » when another connection wrote in between, whatever the busy
 * timeout. Here every transaction begins IMMEDIATE (the write lock up front, waited for), and
 * a wait that runs out is a CONFLICT for every query.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  private holding = false;

  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly turns: WriteTurns | undefined,
    private readonly timeoutMs: number,
  ) {
    super({ database: sqlite });
    this.prepared = new PreparedStatements(sqlite);
  }

  private readonly prepared: PreparedStatements;

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    return {
      executeQuery: async (query) => {
        try {
          // On a kept statement: an import runs the same few thousands of times.
          return this.prepared.execute(query);
        } catch (error) {
          throw busyAsConflict(error);
        }
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await this.turns?.take(this.timeoutMs);
    this.holding = true;
    try {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    } catch (error) {
      this.giveTurn();
      throw error;
    }
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    // On failure the transaction stays open: Kysely rolls it back, which gives the turn.
    await connection.executeQuery(CompiledQuery.raw('commit'));
    this.giveTurn();
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      // SQLite may have rolled back already (a full disk, an I/O error): a second rollback would hide why.
      if (this.sqlite.inTransaction) await connection.executeQuery(CompiledQuery.raw('rollback'));
    } finally {
      this.giveTurn();
    }
  }

  private giveTurn(): void {
    if (!this.holding) return;
    this.holding = false;
    this.turns?.give();
  }
}


function writeTurns(file: string): WriteTurns {
  let turns = turnsByFile.get(file);
  if (!turns) turnsByFile.set(file, (turns = new WriteTurns()));
  return turns;
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
 * Opens the database a location names: a `postgres://` URL (team mode, db/postgres.ts) or a file,
 * created if needed, with WAL and foreign keys on; pending migrations are applied in one
 * transaction. A database written by a newer version is refused untouched.
 */
export async function openDatabase(location: string, options: OpenOptions = {}): Promise<OpenedDatabase> {
  if (engineOfLocation(location) === 'postgres') {
    // The PostgreSQL client loads only for a shared database: a laptop's start does without it.
    const { openPostgres } = await import('./postgres');
    return { ...(await openPostgres(location, (message) => new DatabaseOpenError(message))), engine: 'postgres' };
  }
  return openSqlite(location, options);
}

async function openSqlite(file: string, options: OpenOptions): Promise<OpenedDatabase> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const timeout = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  let sqlite: SQLite.Database;
  try {
    // `timeout` is SQLite's busy timeout, in force from the first statement.
    sqlite = new SQLite(file, { timeout, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    sqlite.pragma('journal_mode = WAL');
  } catch (error) {
    throw new DatabaseOpenError(
      `Impossible d'ouvrir la base de données « ${file} » : ${(error as Error).message}`,
    );
  }
  sqlite.pragma('foreign_keys = ON');

  const applied = appliedMigrations(sqlite);
  const unknown = applied.filter((name) => !(name in migrations));
  if (unknown.length > 0) {
    sqlite.close();
    throw new DatabaseOpenError(
      `La base de données « ${file} » a été écrite par une version plus récente de Commission ` +
        `(évolution inconnue : ${unknown.join(', ')}). Installez la dernière version de l'application ; ` +
        `la base n'a pas été modifiée.`,
    );
  }

  const turns = sqlite.memory || !file ? undefined : writeTurns(realpathSync(file));
  const sqliteDialect = new SqliteDialect({ database: sqlite });
  const dialect: Dialect = {
    createDriver: () => new ImmediateSqliteDriver(sqlite, turns, timeout),
    createQueryCompiler: () => sqliteDialect.createQueryCompiler(),
    createAdapter: () => sqliteDialect.createAdapter(),
    createIntrospector: (db) => sqliteDialect.createIntrospector(db),
  };
  const db = new Kysely<Database>({ dialect });
  // Migrating takes the write lock: not on every start, when another process may be writing.
  const pending = Object.keys(migrations).some((name) => !applied.includes(name));
  if (pending && applied.length > 0) await backupBeforeMigration(db, file, DatabaseOpenError);
  const { error, results } = pending
    ? await new Migrator({ db, provider: migrationProvider, migrationTableName: MIGRATION_TABLE }).migrateToLatest()
    : { error: undefined, results: [] };
  if (error) {
    await db.destroy();
    if (error instanceof AppError && error.code === 'CONFLICT') {
      throw new DatabaseOpenError(`La base de données « ${file} » n'a pas pu être mise à jour : ${BUSY_MESSAGE}`);
    }
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
    throw new DatabaseOpenError(
      `La mise à jour de la base de données a échoué (évolution ${failed}) ; rien n'a été modifié. ` +
        `Détail : ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  const schemaVersion = appliedMigrations(sqlite).length;
  // Written only when it changes: a write takes the lock another process may hold.
  if (sqlite.pragma('user_version', { simple: true }) !== schemaVersion) sqlite.pragma(`user_version = ${schemaVersion}`);
  return { db, path: file, engine: 'sqlite', schemaVersion, close: () => db.destroy() };
}
