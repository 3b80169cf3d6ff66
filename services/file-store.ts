/**
 * Where attachments and generated documents are kept: a folder (beside the database file, or the
 * shared folder in team mode), or the shared database itself, by the sha256 of their bytes. Every
 * file is named by a path (relative to the data folder, or absolute) and its recorded sha256;
 * what is read back is checked against it before anyone opens, prints or sends it.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { FileStoreKind } from '../shared/connection';
import { AppError } from '../shared/result';
import { filesUnder, placeAll, sha256, stageFileAsync, writeFileAtomic, type StagedFile } from './files';
import { ATTACHMENTS_FOLDER, CONVOCATIONS_FOLDER } from './paths';

export type { FileStoreKind };

/** A file as the register records it. */
export interface KeptFile {
  /** Relative to the data folder (with '/' or the system's separator), or absolute. */
  path: string;
  sha256: string;
}

/** A file being kept: not visible until `commit`, undone by `discard`. */
export interface StagedKeep {
  readonly path: string;
  readonly sha256: string;
}

/** What to say, in French, when a file cannot be given back as recorded. */
export interface FileWording {
  missing: string;
  changed: string;
}

export interface FileStore {
  readonly kind: FileStoreKind;
  /**
   * Starts keeping `bytes` under `path`; the folder's write and sync run while the caller goes on.
   * `digest`: their sha256, when the caller has it already.
   */
  stage(path: string, bytes: Uint8Array, digest?: string): Promise<StagedKeep>;
  /** Puts the staged files in place, inside `trx` before its commit. */
  commit(trx: Kysely<Database>, staged: readonly StagedKeep[]): Promise<void>;
  /** Undoes staged files whose transaction failed. */
  discard(staged: readonly StagedKeep[]): void;
  /** The bytes as they are now, unchecked; null when there are none. */
  load(file: KeptFile): Promise<Buffer | null>;
  /** The bytes, refused in French when missing or no longer the recorded sha256. */
  read(file: KeptFile, wording: FileWording): Promise<Buffer>;
  /** Where the file is kept, for a message: its path in a folder, null in the database. */
  location(file: KeptFile): string | null;
  /** Whether the file is there, unchecked. */
  has(file: KeptFile): Promise<boolean>;
  /**
   * A file on this machine holding `bytes` (already checked), for the system's viewer or printer:
   * the kept file itself in a folder, a copy in this machine's cache for the database.
   */
  localPath(file: KeptFile, bytes: Uint8Array): string;
  /**
   * Forgets the files no row names any more, once the removal of their rows is committed: a file
   * removed before would be missing if the transaction failed.
   */
  release(db: Kysely<Database>, files: readonly KeptFile[]): Promise<void>;
}

/** The tables whose rows name kept files by their sha256 (and path). */
async function stillNamed(db: Kysely<Database>, file: KeptFile, by: 'path' | 'sha256'): Promise<boolean> {
  const attachment =
    by === 'path'
      ? db.selectFrom('attachments').select('id').where('stored_path', '=', file.path)
      : db.selectFrom('attachments').select('id').where('sha256', '=', file.sha256);
  if (await attachment.limit(1).executeTakeFirst()) return true;
  if (by === 'path') return false;
  if (await db.selectFrom('documents').select('id').where('sha256', '=', file.sha256).limit(1).executeTakeFirst()) return true;
  return Boolean(await db.selectFrom('convocations').select('member_id').where('sha256', '=', file.sha256).limit(1).executeTakeFirst());
}

function checked(file: KeptFile, bytes: Buffer | null, wording: FileWording): Buffer {
  if (bytes === null) throw new AppError('NOT_FOUND', wording.missing);
  if (sha256(bytes) !== file.sha256) throw new AppError('CONFLICT', wording.changed);
  return bytes;
}

/** Files in a folder, written atomically and durably (today's way, and team mode's shared folder). */
export function folderStore(dataDir: string): FileStore {
  const at = (file: Pick<KeptFile, 'path'>) => resolve(dataDir, file.path);
  const staged = new WeakMap<StagedKeep, StagedFile>();
  const load = async (file: KeptFile) => {
    try {
      return readFileSync(at(file));
    } catch {
      return null;
    }
  };
  return {
    kind: 'folder',
    async stage(path, bytes, digest = sha256(bytes)) {
      const keep = { path, sha256: digest };
      // The same bytes already there (attached twice) are shared: a failure must not remove them.
      const there = existsSync(at(keep)) ? await load(keep) : null;
      if (!there || sha256(there) !== keep.sha256) staged.set(keep, await stageFileAsync(at(keep), bytes));
      return keep;
    },
    async commit(_trx, files) {
      placeAll(files.flatMap((f) => staged.get(f) ?? []));
    },
    discard(files) {
      for (const f of files) staged.get(f)?.discard();
    },
    load,
    async read(file, wording) {
      return checked(file, await load(file), wording);
    },
    async has(file) {
      return existsSync(at(file));
    },
    location: (file) => at(file),
    localPath: (file) => at(file),
    async release(db, files) {
      // The same file attached twice to one dossier shares one copy.
      for (const file of files) if (!(await stillNamed(db, file, 'path'))) rmSync(at(file), { force: true });
    },
  };
}

/** The cache's folders, which hold nothing but copies of files kept in the database. */
const OTHER_MACHINES_FOLDER = 'autres';
const CACHE_FOLDERS = [ATTACHMENTS_FOLDER, 'documents', CONVOCATIONS_FOLDER, OTHER_MACHINES_FOLDER];

/** This machine's copy of a file kept in the database. An absolute path was another machine's folder: the copy goes under its own hash here. */
function cachedCopy(cacheDir: string, file: KeptFile): string {
  return isAbsolute(file.path) ? join(cacheDir, OTHER_MACHINES_FOLDER, file.sha256.slice(0, 12), basename(file.path)) : resolve(cacheDir, file.path);
}

/** Every file the base's rows name now: attachments, documents, convocations and their agendas. */
export async function namedFiles(db: Kysely<Database>): Promise<{ attachments: KeptFile[]; documents: KeptFile[]; convocations: KeptFile[] }> {
  const attachments = await db.selectFrom('attachments').select(['stored_path as path', 'sha256']).execute();
  const documents = await db.selectFrom('documents').select(['file_path as path', 'sha256']).execute();
  const convocations = await db.selectFrom('convocations').select(['file_path as path', 'sha256']).execute();
  const agendas = await db.selectFrom('settings').select('value').where('key', 'like', 'convocations.agenda.%').execute();
  return { attachments, documents, convocations: [...convocations, ...agendas.map((r) => JSON.parse(r.value) as KeptFile)] };
}

/**
 * Removes this machine's copies of files no row names any more: removed, replaced or purged at
 * the end of their retention on another machine. A copy is made again when its file is opened.
 * Returns how many were removed; one open in another program stays until the next start.
 */
export async function pruneCache(db: Kysely<Database>, cacheDir: string): Promise<number> {
  const named = await namedFiles(db);
  const kept = new Set([...named.attachments, ...named.documents, ...named.convocations].map((file) => cachedCopy(cacheDir, file)));
  let removed = 0;
  for (const path of CACHE_FOLDERS.flatMap((folder) => filesUnder(join(cacheDir, folder)))) {
    if (kept.has(path)) continue;
    try {
      rmSync(path);
      removed++;
    } catch {
      // Held open by a viewer (Windows): the next start removes it.
    }
  }
  return removed;
}

/**
 * Files in the shared database (team mode without a shared folder), written in the same
 * transaction as the rows that name them: a failure leaves neither. Opening one copies it into
 * this machine's cache folder, checked first.
 */
export function databaseStore(db: Kysely<Database>, cacheDir: string, now: () => Date): FileStore {
  const pending = new WeakMap<StagedKeep, Buffer>();
  const cachePath = (file: KeptFile) => cachedCopy(cacheDir, file);
  const load = async (file: KeptFile) => {
    const row = await db.selectFrom('stored_files').select('content').where('sha256', '=', file.sha256).executeTakeFirst();
    return row ? Buffer.from(row.content) : null;
  };
  return {
    kind: 'database',
    async stage(path, bytes, digest = sha256(bytes)) {
      const keep = { path, sha256: digest };
      pending.set(keep, Buffer.from(bytes));
      return keep;
    },
    async commit(trx, files) {
      for (const file of files) {
        const content = pending.get(file)!;
        // Content-addressed: the same bytes are kept once; a damaged copy is mended by a sound one.
        await trx
          .insertInto('stored_files')
          .values({ sha256: file.sha256, size: content.length, content, stored_at: now().toISOString() })
          .onConflict((oc) => oc.column('sha256').doUpdateSet({ content, size: content.length }))
          .execute();
      }
    },
    discard() {
      // The transaction's rollback took the rows with it.
    },
    load,
    async read(file, wording) {
      return checked(file, await load(file), wording);
    },
    location: () => null,
    async has(file) {
      return Boolean(await db.selectFrom('stored_files').select('sha256').where('sha256', '=', file.sha256).executeTakeFirst());
    },
    localPath(file, bytes) {
      const path = cachePath(file);
      let cached: Buffer | null = null;
      try {
        cached = readFileSync(path);
      } catch {
        // Not copied yet.
      }
      if (!cached || sha256(cached) !== file.sha256) writeFileAtomic(path, bytes);
      return path;
    },
    async release(db, files) {
      // Checked and removed in one transaction: another machine may be keeping the same bytes.
      await db.transaction().execute(async (trx) => {
        for (const file of files) {
          if (!(await stillNamed(trx, file, 'sha256'))) await trx.deleteFrom('stored_files').where('sha256', '=', file.sha256).execute();
        }
      });
      // This machine's copies go with them.
      for (const file of files) if (!(await stillNamed(db, file, 'path'))) rmSync(cachePath(file), { force: true });
    },
  };
}
