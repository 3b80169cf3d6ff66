/**
 * Team mode: the same schema and queries on a PostgreSQL server the agency runs. Connections
 * come from a small pool; every transaction is SERIALIZABLE, so that what a write read is what it
 * compared (as SQLite's single writer gives), and a crossing that PostgreSQL refuses is the
 * caller's CONFLICT, never a silent overwrite.
 */
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, sql, type DatabaseConnection, type Driver, type Dialect } from 'kysely';
import { AppError } from '../shared/result';
import { displayLocation, isWriteConflict } from './dialect';
import { migrationProvider, migrations } from './migrations';
import type { Database } from './schema';

export const CONFLICT_MESSAGE = 'Un autre poste a modifié les mêmes données au même moment ; rien n’a été enregistré, réessayez.';

/** Counts and sums come back as bigint or numeric: numbers here, as SQLite gives them. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/** Every query's refusal for a crossing becomes CONFLICT, in French. */
class ConflictsAsAppErrors implements Driver {
  constructor(private readonly inner: Driver) {}
  init() {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    return {
      executeQuery: async (query) => {
        try {
          return await connection.executeQuery(query);
        } catch (error) {
          throw isWriteConflict(error) ? new AppError('CONFLICT', CONFLICT_MESSAGE) : error;
        }
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
      // Kysely hands the wrapped connection back to the inner driver's transaction calls.
      inner: connection,
    } as DatabaseConnection;
  }
  private unwrap(connection: DatabaseConnection): DatabaseConnection {
    return (connection as DatabaseConnection & { inner: DatabaseConnection }).inner;
  }
  beginTransaction(connection: DatabaseConnection, settings: Parameters<Driver['beginTransaction']>[1]) {
    return this.inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.inner.rollbackTransaction(connection);
  }
  releaseConnection(connection: DatabaseConnection) {
    return this.inner.releaseConnection(this.unwrap(connection));
  }
  destroy() {
    return this.inner.destroy();
  }
}

/** What the server said, as the user can act on it. */
export function connectionProblem(location: string, error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const where = displayLocation(location);
  if (message === 'The server does not support SSL connections') {
    return `Le serveur PostgreSQL « ${where} » n’accepte pas de connexion chiffrée : demandez à votre service informatique d’activer TLS (ssl = on), ou choisissez « disable » sur un réseau de confiance.`;
  }
  if (message?.includes('client password must be a string')) {
    return `Le serveur PostgreSQL « ${where} » demande un mot de passe : saisissez-le dans Paramètres › Base partagée, ou donnez-le par la variable PGPASSWORD.`;
  }
  // pg reads the authority's file (sslrootcert) before it connects.
  const { path } = error as { path?: string };
  if (code === 'ENOENT' || code === 'EACCES') {
    return `Le certificat de l’autorité « ${path ?? '?'} » ne peut pas être lu (${code}) : vérifiez le chemin du fichier donné par votre service informatique.`;
  }
  switch (code) {
    case '28P01':
      return `Le serveur PostgreSQL « ${where} » a refusé l’utilisateur ou le mot de passe.`;
    case '28000':
      // pg_hba.conf has no line for this address, user, base and encryption.
      return `Le serveur PostgreSQL « ${where} » n’accepte pas cet utilisateur depuis ce poste avec ce chiffrement (pg_hba.conf) : demandez à votre service informatique.`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `Le certificat du serveur PostgreSQL « ${where} » n’a pas pu être vérifié (${code}) : il doit être valide, signé par une autorité publique ou par celle du certificat d’autorité indiqué, et porter le nom du serveur indiqué.`;
    case '3D000':
      return `La base « ${where} » n’existe pas sur le serveur PostgreSQL ; demandez à votre service informatique de la créer.`;
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return `Le serveur PostgreSQL « ${where} » ne répond pas (${code}) : vérifiez l’adresse, le port et le réseau.`;
    default:
      return `Impossible d’ouvrir la base partagée « ${where} » : ${message ?? String(error)}`;
  }
}

const MIGRATION_TABLE = 'kysely_migration';

async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const { rows: table } = await sql<{ found: string | null }>`SELECT to_regclass(${MIGRATION_TABLE})::text AS found`.execute(db);
  if (!table[0]?.found) return [];
  const { rows } = await sql<{ name: string }>`SELECT name FROM ${sql.table(MIGRATION_TABLE)} ORDER BY name`.execute(db);
  return rows.map((r) => r.name);
}

export interface OpenedPostgres {
  db: Kysely<Database>;
  path: string;
  schemaVersion: number;
  close(): Promise<void>;
}

/**
 * Connects, refuses a database written by a newer version, and applies the pending migrations
 * (Kysely's migrator takes a lock on PostgreSQL, so two posts starting together migrate once).
 */
export async function openPostgres(location: string, fail: (message: string) => Error): Promise<OpenedPostgres> {
  const pool = new pg.Pool({
    connectionString: location,
    max: 4,
    connectionTimeoutMillis: 10_000,
    types,
    options: '-c default_transaction_isolation=serializable',
    application_name: 'Commission',
  });
  // A dropped server connection in an idle client must not bring the process down.
  pool.on('error', () => {});
  const dialect: Dialect = (() => {
    const postgres = new PostgresDialect({ pool });
    return {
      createDriver: () => new ConflictsAsAppErrors(postgres.createDriver()),
      createQueryCompiler: () => postgres.createQueryCompiler(),
      createAdapter: () => postgres.createAdapter(),
      createIntrospector: (db) => postgres.createIntrospector(db),
    };
  })();
  const db = new Kysely<Database>({ dialect });
  let applied: string[];
  try {
    applied = await appliedMigrations(db);
  } catch (error) {
    await db.destroy();
    throw fail(connectionProblem(location, error));
  }
  const unknown = applied.filter((name) => !(name in migrations));
  if (unknown.length > 0) {
    await db.destroy();
    throw fail(
      `La base partagée « ${displayLocation(location)} » a été écrite par une version plus récente de Commission ` +
        `(évolution inconnue : ${unknown.join(', ')}). Installez la dernière version de l'application ; la base n'a pas été modifiée.`,
    );
  }
  const { error, results } = await new Migrator({ db, provider: migrationProvider, migrationTableName: MIGRATION_TABLE }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
    throw fail(
      `La mise à jour de la base partagée a échoué (évolution ${failed}) ; rien n'a été modifié. ` +
        `Détail : ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const schemaVersion = (await appliedMigrations(db)).length;
  return { db, path: displayLocation(location), schemaVersion, close: () => db.destroy() };
}
