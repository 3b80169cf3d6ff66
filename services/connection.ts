/**
 * Which database this machine opens: its own SQLite file, or the agency's shared PostgreSQL
 * database. The choice is a small file in the app's local folder (`base-partagee.json`); its
 * password is sealed by the OS keychain (Electron's safeStorage) and never written in clear.
 * A change applies at the next start, as a restore does.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { migrations } from '../db/migrations';
import { connectionUrl, sharedDatabaseSchema, type FileStoreKind, type SharedDatabase } from '../shared/connection';
import { AppError } from '../shared/result';
import { z } from '../shared/validation';
import type { ServiceContext } from './context';
import { writeFileAtomic } from './files';
import { CONNECTION_FILE } from './paths';

export { CONNECTION_FILE };

/** Seals a secret with a key the OS keeps (DPAPI, Keychain, libsecret); absent where there is none. */
export interface SecretStore {
  seal(secret: string): string;
  open(sealed: string): string;
}

const storedSchema = z.object({
  // Kept before the choice of where files go: they went to the shared folder.
  connection: z.preprocess((c) => (c && typeof c === 'object' && !('files' in c) ? { ...c, files: 'folder' } : c), sharedDatabaseSchema),
  sealedPassword: z.string().nullable(),
});

function read(localDir: string): z.infer<typeof storedSchema> | null {
  const file = join(localDir, CONNECTION_FILE);
  if (!existsSync(file)) return null;
  let parsed;
  try {
    parsed = storedSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    parsed = null;
  }
  if (!parsed?.success) throw new AppError('VALIDATION', `Le fichier « ${file} » de la base partagée est illisible ; supprimez-le pour revenir à la base locale.`);
  return parsed.data;
}

/** The shared database this machine is set to open at start, as the engine takes it; null: its own file. */
export function sharedDatabaseAt(
  localDir: string,
  secrets: SecretStore | undefined,
): { url: string; files: FileStoreKind; filesFolder: string | undefined } | null {
  const stored = read(localDir);
  if (!stored) return null;
  // Without a keychain (a CLI on a server), the password comes from PGPASSWORD, as pg reads it.
  const password = stored.sealedPassword && secrets ? secrets.open(stored.sealedPassword) : undefined;
  const { files, filesFolder } = stored.connection;
  return { url: connectionUrl(stored.connection, password), files, filesFolder: files === 'folder' ? filesFolder : undefined };
}

export interface ConnectionView {
  /** What is set for the next start; null: this machine's own database. */
  connection: SharedDatabase | null;
  passwordStored: boolean;
  /** Whether the OS can seal a password here. */
  keychain: boolean;
}

export function connectionView(localDir: string, secrets: SecretStore | undefined): ConnectionView {
  const stored = read(localDir);
  return { connection: stored?.connection ?? null, passwordStored: Boolean(stored?.sealedPassword), keychain: secrets !== undefined };
}

/** Sets the shared database for the next start (the password sealed), or, with null, goes back to the local file. */
export function saveConnection(localDir: string, secrets: SecretStore | undefined, connection: SharedDatabase | null, password: string | undefined): ConnectionView {
  const file = join(localDir, CONNECTION_FILE);
  if (connection === null) {
    rmSync(file, { force: true });
    return connectionView(localDir, secrets);
  }
  if (password !== undefined && !secrets) {
    throw new AppError('VALIDATION', "Le trousseau du système n'est pas disponible ici : le mot de passe ne peut pas être gardé ; donnez-le par la variable PGPASSWORD.");
  }
  const kept = read(localDir)?.sealedPassword ?? null;
  const sealedPassword = password !== undefined ? secrets!.seal(password) : kept;
  writeFileAtomic(file, `${JSON.stringify({ connection, sealedPassword }, null, 2)}\n`);
  return connectionView(localDir, secrets);
}

/** The screen's view: what is set for the next start, the base open now, and whether the app can restart into it. */
export function connectionState(ctx: ServiceContext, view: ConnectionView) {
  return { ...view, current: { engine: ctx.engine, location: ctx.databasePath }, canRestart: ctx.desktop?.relaunch !== undefined };
}

/** The desktop relaunches once the answer is sent; the CLI and the test bridge cannot. */
export function restartApp(ctx: ServiceContext): { restarting: true } {
  const relaunch = ctx.desktop?.relaunch;
  if (!relaunch) throw new AppError('VALIDATION', "Commission ne peut pas se redémarrer d'elle-même ici : fermez-la puis rouvrez-la.");
  relaunch();
  return { restarting: true };
}

export interface ConnectionTest {
  ok: boolean;
  /** In French: what works, or what is wrong and what to do. */
  message: string;
  serverVersion: string | null;
  /** How the database stands against this version of the app. */
  schema: 'empty' | 'same' | 'older' | 'newer' | null;
}

/** Connects once, with a short timeout, and says what the user will find. */
export async function testConnection(connection: SharedDatabase, password: string | undefined): Promise<ConnectionTest> {
  const [{ default: pg }, { connectionProblem }] = await Promise.all([import('pg'), import('../db/postgres')]);
  const url = connectionUrl(connection, password);
  let client: InstanceType<typeof pg.Client> | undefined;
  try {
    // Inside the try: the URL's authority file is read as the client is made.
    client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 4_000 });
    await client.connect();
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? null;
    const table = (await client.query<{ found: string | null }>("SELECT to_regclass('kysely_migration')::text AS found")).rows[0]?.found;
    const applied = table ? (await client.query<{ name: string }>('SELECT name FROM kysely_migration')).rows.map((r) => r.name) : [];
    const known = Object.keys(migrations);
    const schema = applied.length === 0 ? 'empty' : applied.some((n) => !known.includes(n)) ? 'newer' : applied.length < known.length ? 'older' : 'same';
    const said = {
      empty: 'la base est vide : elle sera préparée au prochain démarrage.',
      same: 'la base est à jour pour cette version.',
      older: 'la base sera mise à jour au prochain démarrage (faites-la sauvegarder avant par votre service informatique).',
      newer: "la base a été écrite par une version plus récente de Commission : installez-la avant de vous connecter.",
    }[schema];
    return { ok: schema !== 'newer', message: `Connexion réussie à PostgreSQL ${version ?? ''} ; ${said}`, serverVersion: version, schema };
  } catch (error) {
    return { ok: false, message: connectionProblem(url, error), serverVersion: null, schema: null };
  } finally {
    await client?.end().catch(() => {});
  }
}
