/**
 * What makes a file survive a crash or a power cut: written beside its target under a
 * recognisable temporary name, synced, renamed over it, and the folder synced. Here rather than
 * in services/ because the database's own copies (backups before a migration) need it too.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** « .name.pdf.0123456789ab.tmp », beside the target: what a crash may leave of an atomic write. */
export function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

export function isTemporaryName(name: string): boolean {
  return /^\..+\.[0-9a-f]{12}\.tmp$/.test(name);
}

function fsyncPath(path: string, flags: 'r' | 'r+'): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a file's content to the disk. */
export function syncFile(path: string): void {
  fsyncPath(path, 'r+');
}

/** Makes a rename or a new file in the folder survive a power cut; Windows cannot open a folder, and NTFS journals it. */
export function syncFolder(folder: string): void {
  if (process.platform === 'win32') return;
  try {
    fsyncPath(folder, 'r');
  } catch {
    // Some file systems (network shares) refuse to sync a folder; the file itself is on disk.
  }
}

/** Renames a temporary file, synced first, over its target and syncs the folder. */
export function placeFile(temp: string, target: string): void {
  syncFile(temp);
  renameSync(temp, target);
  syncFolder(dirname(target));
}
