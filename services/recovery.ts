/**
 * What a crash (kill -9, power cut) may leave on disk, put right when the runtime starts: the
 * temporary files of interrupted writes are removed, and the documents the register does not
 * know are adopted when a row expects their content, or set aside.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, parse } from 'node:path';
import { insertAudit } from '../db/queries/audit';
import { BUSY_MESSAGE } from '../db/open';
import { AppError } from '../shared/result';
import type { ServiceContext } from './context';
import { isDocumentFileName } from './documents';
import { readSettings } from '../db/queries/settings';
import { documentFolders } from './documents/folders';
import { ensureFolder, isTemporaryName, sha256 } from './files';

export const SET_ASIDE_FOLDER = 'non-enregistrés';

/** An attachment is written before its transaction: a younger temporary file may be another process's, still being written. */
const ATTACHMENT_TEMP_MIN_AGE_MS = 60_000;

export interface RecoveryReport {
  /** Temporary files of interrupted writes, removed. */
  removed: string[];
  /** Documents found on disk whose content a register row expected: the row now points to them. */
  adopted: { path: string; reference: string }[];
  /** PDFs named as ours that the register does not know, moved into « non-enregistrés » beside them. */
  setAside: { from: string; to: string }[];
  /** Why nothing was checked, when nothing was. */
  skipped: string | null;
}

type Ctx = Pick<ServiceContext, 'db' | 'dataDir' | 'actor' | 'now'>;

function entries(folder: string): string[] {
  try {
    return statSync(folder).isDirectory() ? readdirSync(folder) : [];
  } catch {
    return [];
  }
}

/** `name` in `folder`, or « name-2 », « name-3 »… if taken. */
function freeName(folder: string, name: string): string {
  const { name: stem, ext } = parse(name);
  let candidate = join(folder, name);
  for (let n = 2; existsSync(candidate); n++) candidate = join(folder, `${stem}-${n}${ext}`);
  return candidate;
}

/** The temporary files under the attachments folder old enough to be a dead process's. */
function attachmentLeftovers(dataDir: string, now: number): string[] {
  const root = join(dataDir, 'pieces');
  return entries(root).flatMap((dossier) =>
    entries(join(root, dossier))
      .filter(isTemporaryName)
      .map((name) => join(root, dossier, name))
      .filter((path) => now - statSync(path).mtimeMs >= ATTACHMENT_TEMP_MIN_AGE_MS),
  );
}

/**
 * Runs under the write lock: a batch of another process writes its temporary file and renames
 * its PDF inside its own transaction, so nothing seen here is a write still under way.
 */
async function recoverUnderLock(ctx: Ctx): Promise<RecoveryReport> {
  const report: RecoveryReport = { removed: [], adopted: [], setAside: [], skipped: null };
  await ctx.db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('documents').select(['id', 'reference', 'file_path', 'sha256', 'session_id', 'dossier_id']).execute();
    const registered = new Set(rows.map((r) => r.file_path));
    const expected = new Map(rows.filter((r) => !existsSync(r.file_path)).map((r) => [r.sha256, r]));
    const defaultRoot = join(ctx.dataDir, 'documents');
    const folders = new Set([
      defaultRoot,
      ...entries(defaultRoot).map((name) => join(defaultRoot, name)),
      ...rows.map((r) => dirname(r.file_path)),
      ...(await documentFolders(trx)),
    ]);
    // Files named by the agency's pattern in force are documents too.
    const fileNamePattern = (await readSettings(trx)).patterns.fileName;
    for (const folder of folders) {
      if (basename(folder) === SET_ASIDE_FOLDER) continue;
      for (const name of entries(folder)) {
        const path = join(folder, name);
        if (isTemporaryName(name)) {
          rmSync(path, { force: true });
          report.removed.push(path);
          continue;
        }
        if (!isDocumentFileName(name, fileNamePattern) || registered.has(path) || !statSync(path).isFile()) continue;
        const row = expected.get(sha256(readFileSync(path)));
        if (row) {
          expected.delete(row.sha256);
          await trx.updateTable('documents').set({ file_path: path }).where('id', '=', row.id).execute();
          await insertAudit(trx, {
            at: ctx.now().toISOString(),
            actor: ctx.actor,
            entityType: row.dossier_id === null ? 'session' : 'dossier',
            entityId: String(row.dossier_id ?? row.session_id),
            action: 'document.adopted',
            before: { id: row.id, filePath: row.file_path },
            after: { id: row.id, filePath: path },
          });
          report.adopted.push({ path, reference: row.reference });
        } else {
          ensureFolder(join(folder, SET_ASIDE_FOLDER));
          const to = freeName(join(folder, SET_ASIDE_FOLDER), name);
          renameSync(path, to);
          report.setAside.push({ from: path, to });
        }
      }
    }
    for (const path of attachmentLeftovers(ctx.dataDir, ctx.now().getTime())) {
      rmSync(path, { force: true });
      report.removed.push(path);
    }
  });
  return report;
}

/** Never stops the start: a database busy past the timeout leaves the check to the next one. */
export async function recoverFiles(ctx: Ctx): Promise<RecoveryReport> {
  try {
    return await recoverUnderLock(ctx);
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
    return { removed: [], adopted: [], setAside: [], skipped: BUSY_MESSAGE };
  }
}

/** The report in French, one line per fact; nothing when there is nothing to say. */
export function describeRecovery(report: RecoveryReport): string[] {
  const n = report.removed.length;
  return [
    ...(report.skipped ? [`Vérification des fichiers après interruption reportée au prochain démarrage : ${report.skipped}`] : []),
    ...(n ? [`${n} fichier${n > 1 ? 's' : ''} temporaire${n > 1 ? 's' : ''} laissé${n > 1 ? 's' : ''} par une écriture interrompue supprimé${n > 1 ? 's' : ''}.`] : []),
    ...report.adopted.map((a) => `Document ${a.reference} retrouvé et rattaché au registre : ${a.path}`),
    ...report.setAside.map((s) => `PDF inconnu du registre (production interrompue) mis de côté : ${s.from} → ${s.to}`),
  ];
}
