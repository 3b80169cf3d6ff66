import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { syncFolder, temporaryBeside } from '../db/durable';
import { AppError } from '../shared/result';

export { isTemporaryName } from '../db/durable';

/** The bytes of an upload; an empty file is refused here so that no importer has to. */
export function decodeUpload(contentBase64: string): Buffer {
  const bytes = Buffer.from(contentBase64, 'base64');
  if (bytes.length === 0) {
    throw new AppError('VALIDATION', 'Le fichier est vide.', [{ field: 'contentBase64', message: 'Le fichier est vide.' }]);
  }
  return bytes;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Every file below `folder`, by absolute path; none when it does not exist. */
export function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

/** Base64 of the MD5: the checksum Active Storage, hence Démarches Simplifiées, gives of a file. */
export function md5Base64(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('base64');
}

/**
 * Creates the folder and its missing parents one level at a time: Node's recursive mkdir loops
 * forever on a parent that answers ENOENT to mkdir (under /proc).
 */
export function ensureFolder(folder: string): void {
  const missing: string[] = [];
  for (let path = resolve(folder); !existsSync(path) && dirname(path) !== path; path = dirname(path)) missing.unshift(path);
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** A file written and synced beside its target, not yet in place. */
export interface StagedFile {
  readonly path: string;
  /** Renames it over the target, then syncs the folder. */
  place(): void;
  /** Renames it over the target only: not durable until its folder is synced (`placeAll`). */
  rename(): void;
  /** Removes it, whether placed or not. */
  discard(): void;
}

/** The staged file `temp`, already synced. */
function staged(temp: string, path: string): StagedFile {
  let placed = false;
  const rename = () => {
    renameSync(temp, path);
    placed = true;
  };
  return {
    path,
    rename,
    place() {
      rename();
      syncFolder(dirname(path));
    },
    discard() {
      rmSync(placed ? path : temp, { force: true });
    },
  };
}

export function stageFile(path: string, bytes: Uint8Array | string): StagedFile {
  ensureFolder(dirname(path));
  const temp = temporaryBeside(path);
  try {
    const fd = openSync(temp, 'wx');
    try {
      writeFileSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return staged(temp, path);
}

/**
 * `stageFile` on libuv's thread pool: the write and its fsync run while the caller goes on
 * (laying out the next document). The caller awaits it before placing or discarding.
 */
export async function stageFileAsync(path: string, bytes: Uint8Array | string): Promise<StagedFile> {
  ensureFolder(dirname(path));
  const temp = temporaryBeside(path);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return staged(temp, path);
}

/**
 * Renames staged files over their targets, then syncs each of their folders once: a folder's
 * fsync makes every rename done in it before durable, so one per folder is enough.
 */
export function placeAll(files: readonly StagedFile[]): void {
  for (const file of files) file.rename();
  for (const folder of new Set(files.map((f) => dirname(f.path)))) syncFolder(folder);
}

/** Written beside the target, synced, then renamed over it: a reader never sees half a file, nor a crash. */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  const staged = stageFile(path, bytes);
  try {
    staged.place();
  } catch (error) {
    staged.discard();
    throw error;
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

/** Whether a file can be created in `folder`: tried, since permissions alone do not say it (root, /proc, read-only mounts). */
function canCreateIn(folder: string): boolean {
  const probe = join(folder, `.commission-essai-${randomBytes(6).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx'));
    rmSync(probe, { force: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuses at once, in French and naming it, a folder where files cannot be written: not
 * absolute, a file, or neither writable nor creatable. Nothing is created here.
 */
export function checkOutputFolder(folder: string, field: string): void {
  const refuse = (message: string): never => {
    throw new AppError('VALIDATION', `Le dossier « ${folder} » ${message}`, [{ field, message: `Le dossier « ${folder} » ${message}` }]);
  };
  if (folder.includes('\0')) refuse('contient un caractère nul.');
  if (!isAbsolute(folder)) refuse("n'est pas un chemin absolu.");
  let existing = resolve(folder);
  let stats: Stats | null;
  try {
    while (!(stats = statOrNull(existing)) && dirname(existing) !== existing) existing = dirname(existing);
  } catch (error) {
    return refuse(`n'est pas accessible (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  const target = existing === resolve(folder);
  if (!stats) return refuse("ne peut pas être créé : aucun de ses dossiers parents n'existe.");
  if (!stats.isDirectory()) refuse(target ? 'est un fichier, pas un dossier.' : `ne peut pas être créé : « ${existing} » est un fichier.`);
  if (!canCreateIn(existing)) refuse(target ? "n'est pas accessible en écriture." : `ne peut pas être créé dans « ${existing} » (pas d'écriture possible).`);
}

/** A file name safe on Windows and Linux, keeping accents and the extension readable. */
export function safeFileName(name: string, fallback = 'fichier'): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\p{Cc}]/gu, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s-]+|[.\s]+$/g, '')
    .slice(0, 120);
  return /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(cleaned) || cleaned === '' ? `${fallback}-${cleaned}` : cleaned;
}
