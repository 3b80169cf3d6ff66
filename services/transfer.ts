/**
 * Moving a laptop's database into team mode: every row of the SQLite file copied into an empty
 * PostgreSQL database in one transaction, the attachments, documents and convocations copied into
 * the shared folder, or into the database itself in the same transaction, and the whole verified —
 * the same count of rows in every table on both sides, and every copied file's sha256 equal to
 * the one recorded. Nothing is removed from the source.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, posix, resolve } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../db/open';
import { displayLocation, engineOfLocation } from '../db/dialect';
import type { Database } from '../db/schema';
import { insertAudit } from '../db/queries/audit';
import { AppError } from '../shared/result';
import { ensureFolder, sha256, writeFileAtomic } from './files';

export interface TransferReport {
  target: string;
  /** Where the files went: the shared folder, or null for the database. */
  sharedFolder: string | null;
  tables: { table: string; rows: number }[];
  attachments: number;
  documents: number;
  convocations: number;
  /** Distinct files kept in the database (the same bytes are kept once); 0 for a folder. */
  storedFiles: number;
}

type Db = Kysely<Database>;
type Row = Record<string, unknown>;

/** The PostgreSQL database's tables. */
async function postgresTables(db: Db): Promise<Set<string>> {
  const { rows } = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(db);
  return new Set(rows.map((r) => r.table_name));
}

/** The SQLite database's tables that the other side has too, parents before children (foreign keys). */
async function tablesInOrder(source: Db, shared: ReadonlySet<string>): Promise<string[]> {
  const { rows: names } = await sql<{ name: string }>`
    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name`.execute(source);
  // Index tables of the search and the like exist on one engine only.
  const tables = names.map((r) => r.name).filter((name) => shared.has(name));
  const parents = new Map<string, string[]>();
  for (const table of tables) {
    const { rows } = await sql<{ table: string }>`SELECT "table" FROM pragma_foreign_key_list(${table})`.execute(source);
    parents.set(table, rows.map((r) => r.table).filter((t) => t !== table));
  }
  const ordered: string[] = [];
  const visit = (table: string, path: string[]) => {
    if (ordered.includes(table) || path.includes(table)) return;
    for (const parent of parents.get(table) ?? []) visit(parent, [...path, table]);
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}

async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0]!.n);
}

/** A recorded file's bytes, refused when missing or no longer what was recorded. */
function readVerified(from: string, expected: string, what: string): Buffer {
  if (!existsSync(from)) throw new AppError('VALIDATION', `${what} est introuvable : « ${from} ». Rien n'a été transféré.`);
  const bytes = readFileSync(from);
  if (sha256(bytes) !== expected) {
    throw new AppError('VALIDATION', `${what} « ${from} » ne correspond plus à son empreinte enregistrée. Rien n'a été transféré.`);
  }
  return bytes;
}

/** A recorded file copied to the shared folder, then read back and checked against its sha256. */
function copyVerified(from: string, to: string, expected: string, what: string): void {
  const bytes = readVerified(from, expected, what);
  ensureFolder(dirname(to));
  writeFileAtomic(to, bytes);
  if (sha256(readFileSync(to)) !== expected) throw new AppError('INTERNAL', `La copie de « ${from} » dans « ${to} » diffère de l'original.`);
}

/** A file the source records: where it is, what its bytes hash to, and where the target names it. */
interface MovedFile {
  from: string;
  sha256: string;
  what: string;
  /** Absolute in the shared folder; relative to the data folder when the files go in the database. */
  to: string;
}

const BATCH = 500;

/** Each distinct file's bytes, read one at a time and checked, into the target's table of files. */
async function keepInDatabase(trx: Db, files: readonly MovedFile[]): Promise<void> {
  const kept = new Set<string>();
  const at = new Date().toISOString();
  for (const f of files) {
    if (kept.has(f.sha256)) continue;
    const content = readVerified(f.from, f.sha256, f.what);
    await trx.insertInto('stored_files').values({ sha256: f.sha256, size: content.length, content, stored_at: at }).execute();
    kept.add(f.sha256);
  }
}

/** Every file read back from the target and checked against its sha256; their count. */
async function checkStoredFiles(db: Db, files: readonly MovedFile[]): Promise<number> {
  const expected = new Set(files.map((f) => f.sha256));
  for (const hash of expected) {
    const row = await db.selectFrom('stored_files').select('content').where('sha256', '=', hash).executeTakeFirst();
    if (!row || sha256(row.content) !== hash) throw new AppError('INTERNAL', `Le fichier d'empreinte ${hash} diffère de l'original dans la base partagée.`);
  }
  const stored = await countRows(db, 'stored_files');
  if (stored !== expected.size) throw new AppError('INTERNAL', `La base partagée garde ${stored} fichiers pour ${expected.size} attendus.`);
  return stored;
}

/**
 * Copies the database file at `sourcePath` into the empty PostgreSQL database at `targetUrl`,
 * with its files into `sharedFolder`, or with null into the database. A target that holds
 * anything is refused untouched.
 */
export async function moveToShared(sourcePath: string, targetUrl: string, sharedFolder: string | null, actor: string): Promise<TransferReport> {
  if (engineOfLocation(targetUrl) !== 'postgres') {
    throw new AppError('VALIDATION', 'La destination doit être une base PostgreSQL (adresse postgres://…).');
  }
  if (engineOfLocation(sourcePath) !== 'sqlite' || !existsSync(sourcePath)) {
    throw new AppError('VALIDATION', `La base à transférer est introuvable : « ${sourcePath} ».`);
  }
  const folder = sharedFolder === null ? null : resolve(sharedFolder);
  const sourceDir = dirname(resolve(sourcePath));
  const source = await openDatabase(sourcePath);
  try {
    const target = await openDatabase(targetUrl);
    try {
      if (target.schemaVersion !== source.schemaVersion) {
        throw new AppError('CONFLICT', `Les deux bases n'ont pas la même version (${source.schemaVersion} et ${target.schemaVersion}).`);
      }
      const tables = await tablesInOrder(source.db, await postgresTables(target.db));
      for (const table of tables) {
        if ((await countRows(target.db, table)) > 0) {
          throw new AppError('CONFLICT', `La base partagée « ${displayLocation(targetUrl)} » n'est pas vide (table ${table}) ; rien n'a été transféré.`);
        }
      }

      // In the shared folder, names relative to the data folder are kept; in the database, relative names.
      const place = (relativePath: string) => (folder === null ? relativePath : join(folder, relativePath));
      const attachments = await source.db.selectFrom('attachments').select(['stored_path', 'sha256']).execute();
      const documents = await source.db.selectFrom('documents').select(['id', 'file_path', 'sha256']).execute();
      const convocations = await source.db.selectFrom('convocations').select(['file_path', 'sha256']).execute();
      const movedPath = new Map<number, string>();
      const files: MovedFile[] = [
        ...attachments.map((a) => ({ from: join(sourceDir, a.stored_path), sha256: a.sha256, what: 'Une pièce jointe', to: place(a.stored_path) })),
        ...documents.map((d) => {
          const to = folder === null ? posix.join('documents', String(d.id), basename(d.file_path)) : join(folder, 'documents', String(d.id), basename(d.file_path));
          movedPath.set(d.id, to);
          return { from: d.file_path, sha256: d.sha256, what: 'Un document', to };
        }),
        ...convocations.map((c) => ({ from: join(sourceDir, ...c.file_path.split('/')), sha256: c.sha256, what: 'Une convocation', to: place(c.file_path) })),
      ];
      // Into a folder, files first, checked: a database that points to missing files is worse than no move.
      if (folder !== null) for (const f of files) copyVerified(f.from, f.to, f.sha256, f.what);

      await target.db.transaction().execute(async (trx) => {
        for (const table of tables) {
          // By rowid, from the last one read: each batch seeks where the previous one stopped.
          for (let after = -Infinity; ; ) {
            const { rows } = await sql<Row & { transfer_rowid: number }>`
              SELECT rowid AS transfer_rowid, * FROM ${sql.table(table)} WHERE rowid > ${after} ORDER BY rowid LIMIT ${BATCH}`.execute(source.db);
            if (rows.length === 0) break;
            after = rows[rows.length - 1]!.transfer_rowid;
            const values = rows.map(({ transfer_rowid: _, ...row }) => (table === 'documents' ? { ...row, file_path: movedPath.get(row.id as number) ?? row.file_path } : row));
            await trx.insertInto(table as never).values(values as never).execute();
          }
          const { rows: hasId } = await sql<{ n: number }>`
            SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table} AND column_name = 'id' AND is_identity = 'YES'`.execute(trx);
          // The next key continues after the copied ones.
          if (Number(hasId[0]!.n) > 0) {
            await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), coalesce((SELECT max(id) FROM ${sql.table(table)}), 0) + 1, false)`.execute(trx);
          }
        }
        // Into the database, in the same transaction: a failure leaves the target empty.
        if (folder === null) await keepInDatabase(trx, files);
      });
      const storedFiles = folder === null ? await checkStoredFiles(target.db, files) : 0;

      const counted: TransferReport['tables'] = [];
      for (const table of tables) {
        const [from, to] = [await countRows(source.db, table), await countRows(target.db, table)];
        // The files kept in the database are checked on their own, by their sha256.
        if (from !== to && !(table === 'stored_files' && folder === null)) throw new AppError('INTERNAL', `La table ${table} compte ${from} lignes dans la base d'origine et ${to} dans la base partagée.`);
        counted.push({ table, rows: to });
      }
      const report: TransferReport = {
        target: displayLocation(targetUrl),
        sharedFolder: folder,
        tables: counted,
        attachments: attachments.length,
        documents: documents.length,
        convocations: convocations.length,
        storedFiles,
      };
      await insertAudit(target.db, {
        at: new Date().toISOString(),
        actor,
        entityType: 'records',
        entityId: 'transfer',
        action: 'records.transfer',
        before: { source: resolve(sourcePath) },
        after: report,
      });
      return report;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/**
 * The shared database as a fresh SQLite file, for the full archive: every table read in one
 * transaction (a consistent snapshot; SERIALIZABLE on this pool), written parents first. The
 * files kept in the database go into the archive as files, not into its database.
 */
export async function snapshotIntoSqlite(source: Db, file: string): Promise<void> {
  const target = await openDatabase(file);
  try {
    await source.transaction().execute(async (snapshot) => {
      const tables = (await tablesInOrder(target.db, await postgresTables(snapshot))).filter((t) => t !== 'stored_files');
      await target.db.transaction().execute(async (trx) => {
        for (const table of tables) {
          const rows = (await sql<Row>`SELECT * FROM ${sql.table(table)}`.execute(snapshot)).rows;
          for (let i = 0; i < rows.length; i += BATCH) await trx.insertInto(table as never).values(rows.slice(i, i + BATCH) as never).execute();
        }
      });
    });
  } finally {
    await target.close();
  }
}
