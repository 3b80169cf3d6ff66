/**
 * Moving a laptop's database into team mode: every row of the SQLite file copied into an empty
 * PostgreSQL database in one transaction, the attachments and documents copied into the shared
 * folder, and the whole verified — the same count of rows in every table on both sides, and
 * every copied file's sha256 equal to the one recorded. Nothing is removed from the source.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../db/open';
import { displayLocation, engineOfLocation } from '../db/dialect';
import type { Database } from '../db/schema';
import { insertAudit } from '../db/queries/audit';
import { AppError } from '../shared/result';
import { ensureFolder, sha256, writeFileAtomic } from './files';

export interface TransferReport {
  target: string;
  sharedFolder: string;
  tables: { table: string; rows: number }[];
  attachments: number;
  documents: number;
}

type Db = Kysely<Database>;
type Row = Record<string, unknown>;

/** The source's tables that the target has too, parents before children (foreign keys). */
async function tablesInOrder(source: Db, target: Db): Promise<string[]> {
  const { rows: names } = await sql<{ name: string }>`
    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name`.execute(source);
  const { rows: present } = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(target);
  const shared = new Set(present.map((r) => r.table_name));
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

/** A recorded file copied to the shared folder, then read back and checked against its sha256. */
function copyVerified(from: string, to: string, expected: string, what: string): void {
  if (!existsSync(from)) throw new AppError('VALIDATION', `${what} est introuvable : « ${from} ». Rien n'a été transféré.`);
  const bytes = readFileSync(from);
  if (sha256(bytes) !== expected) {
    throw new AppError('VALIDATION', `${what} « ${from} » ne correspond plus à son empreinte enregistrée. Rien n'a été transféré.`);
  }
  ensureFolder(dirname(to));
  writeFileAtomic(to, bytes);
  if (sha256(readFileSync(to)) !== expected) throw new AppError('INTERNAL', `La copie de « ${from} » dans « ${to} » diffère de l'original.`);
}

const BATCH = 500;

/**
 * Copies the database file at `sourcePath` into the empty PostgreSQL database at `targetUrl`,
 * with its files into `sharedFolder`. A target that holds anything is refused untouched.
 */
export async function moveToShared(sourcePath: string, targetUrl: string, sharedFolder: string, actor: string): Promise<TransferReport> {
  if (engineOfLocation(targetUrl) !== 'postgres') {
    throw new AppError('VALIDATION', 'La destination doit être une base PostgreSQL (adresse postgres://…).');
  }
  if (engineOfLocation(sourcePath) !== 'sqlite' || !existsSync(sourcePath)) {
    throw new AppError('VALIDATION', `La base à transférer est introuvable : « ${sourcePath} ».`);
  }
  const folder = resolve(sharedFolder);
  const sourceDir = dirname(resolve(sourcePath));
  const source = await openDatabase(sourcePath);
  try {
    const target = await openDatabase(targetUrl);
    try {
      if (target.schemaVersion !== source.schemaVersion) {
        throw new AppError('CONFLICT', `Les deux bases n'ont pas la même version (${source.schemaVersion} et ${target.schemaVersion}).`);
      }
      const tables = await tablesInOrder(source.db, target.db);
      for (const table of tables) {
        if ((await countRows(target.db, table)) > 0) {
          throw new AppError('CONFLICT', `La base partagée « ${displayLocation(targetUrl)} » n'est pas vide (table ${table}) ; rien n'a été transféré.`);
        }
      }

      // Files first, checked: a database that points to missing files is worse than no move.
      const attachments = await source.db.selectFrom('attachments').select(['stored_path', 'sha256']).execute();
      for (const a of attachments) copyVerified(join(sourceDir, a.stored_path), join(folder, a.stored_path), a.sha256, 'Une pièce jointe');
      const documents = await source.db.selectFrom('documents').select(['id', 'file_path', 'sha256']).execute();
      const movedPath = new Map<number, string>();
      for (const d of documents) {
        const to = join(folder, 'documents', String(d.id), basename(d.file_path));
        copyVerified(d.file_path, to, d.sha256, 'Un document');
        movedPath.set(d.id, to);
      }

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
      });

      const counted: TransferReport['tables'] = [];
      for (const table of tables) {
        const [from, to] = [await countRows(source.db, table), await countRows(target.db, table)];
        if (from !== to) throw new AppError('INTERNAL', `La table ${table} compte ${from} lignes dans la base d'origine et ${to} dans la base partagée.`);
        counted.push({ table, rows: to });
      }
      const report: TransferReport = {
        target: displayLocation(targetUrl),
        sharedFolder: folder,
        tables: counted,
        attachments: attachments.length,
        documents: documents.length,
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
