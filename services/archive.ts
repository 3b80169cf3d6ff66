/**
 * The full archive: a snapshot of the database, every attachment and every registered document,
 * and a manifest with the sha256 of each, in one ZIP. Files are streamed through (attachments
 * may weigh hundreds of megabytes together); reading goes by the central directory, never by
 * scanning, since an attachment may itself be a ZIP (a .docx, an .odt).
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Inflate, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { z } from 'zod';
import { ownerOnly } from '../db/backup';
import { placeFile, temporaryBeside } from '../db/durable';
import type { ArchiveResult } from '../shared/backups';
import { AppError } from '../shared/result';
import { ensureFolder } from './files';
import type { Progress } from './jobs';

export const MANIFEST = 'manifest.json';
export const ARCHIVED_DATABASE = 'commission.sqlite';
const CHUNK = 1024 * 1024;
/** Without ZIP64, sizes and offsets stop at 4 GiB. */
const ZIP_LIMIT = 0xffffffff;

const manifestFileSchema = z.object({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  role: z.enum(['database', 'attachment', 'document']),
  /** Where a document outside the data folder was, absolute. */
  original: z.string().optional(),
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const manifestSchema = z.object({
  format: z.literal('commission-archive'),
  version: z.literal(1),
  createdAt: z.string(),
  appVersion: z.string(),
  /** The data folder the archive was made from: registered documents' paths start with it. */
  dataDir: z.string(),
  files: z.array(manifestFileSchema),
  /** Registered documents whose file was missing when the archive was made. */
  missing: z.array(z.string()),
});
export type Manifest = z.infer<typeof manifestSchema>;

export interface ArchiveSource {
  dataDir: string;
  appVersion: string;
  /** Writes a consistent snapshot of the database into a new file. */
  snapshot(file: string): Promise<void>;
  /** The register's documents, by absolute path. */
  documents: readonly { id: number; path: string }[];
}

/** Every file under `folder`, as paths relative to it with '/' (the archive's separator). */
function filesUnder(folder: string, prefix = ''): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const name = `${prefix}${entry.name}`;
    if (entry.isDirectory()) return filesUnder(join(folder, entry.name), `${name}/`);
    // Leftovers of an interrupted write are not part of the record.
    return entry.isFile() && !entry.name.endsWith('.tmp') ? [name] : [];
  });
}

/** The archive's name of a file in the data folder, or undefined for one outside it. */
function insideDataDir(dataDir: string, path: string): string | undefined {
  const rel = relative(resolve(dataDir), resolve(path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : undefined;
}

const pause = () => new Promise<void>((done) => setImmediate(done));

/**
 * Writes the archive to `target` atomically. Answers null when stopped (nothing is left behind).
 * Attachments are every file under « pieces »; documents, those of the register found on disk.
 */
export async function writeArchive(source: ArchiveSource, target: string, progress?: Progress, now = new Date()): Promise<ArchiveResult | null> {
  ensureFolder(dirname(target));
  const attachments = filesUnder(join(source.dataDir, 'pieces'), 'pieces/');
  const documents: { name: string; path: string; original?: string }[] = [];
  const missing: string[] = [];
  const names = new Set([ARCHIVED_DATABASE, MANIFEST, ...attachments]);
  for (const doc of source.documents) {
    if (!existsSync(doc.path)) {
      missing.push(doc.path);
      continue;
    }
    const inside = insideDataDir(source.dataDir, doc.path);
    // A document written among the attachments (or twice in the register) is archived once, apart.
    const entry = inside && !names.has(inside) ? { name: inside, path: doc.path } : { name: `externes/${doc.id}-${doc.path.split(/[\\/]/).at(-1)}`, path: doc.path, original: doc.path };
    if (names.has(entry.name)) continue;
    names.add(entry.name);
    documents.push(entry);
  }
  const total = 1 + attachments.length + documents.length;
  const temp = temporaryBeside(target);
  const snapshot = temporaryBeside(target);
  const fd = openSync(temp, 'wx', 0o600);
  let written = 0;
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else written += writeSync(fd, chunk);
  });
  const files: ManifestFile[] = [];
  const add = async (name: string, path: string, role: ManifestFile['role'], original?: string) => {
    // Attachments and PDFs are compressed already; the database is not.
    const entry = role === 'database' ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    zip.add(entry);
    const hash = createHash('sha256');
    let size = 0;
    const input = openSync(path, 'r');
    try {
      for (const buffer = Buffer.alloc(CHUNK); ; ) {
        const n = readSync(input, buffer, 0, CHUNK, null);
        hash.update(buffer.subarray(0, n));
        size += n;
        entry.push(new Uint8Array(buffer.subarray(0, n)), n === 0);
        if (n === 0) break;
        await pause();
      }
    } finally {
      closeSync(input);
    }
    if (failure) throw failure;
    if (written > ZIP_LIMIT) throw new AppError('VALIDATION', "L'archive dépasserait 4 Go : faites plutôt une copie du dossier de données de l'application.");
    files.push({ path: name, sha256: hash.digest('hex'), size, role, ...(original ? { original } : {}) });
  };
  try {
    progress?.onProgress(0, total, 'Copie de la base de données');
    await source.snapshot(snapshot);
    await add(ARCHIVED_DATABASE, snapshot, 'database');
    rmSync(snapshot, { force: true });
    for (const [i, name] of attachments.entries()) {
      if (progress?.shouldStop()) return null;
      progress?.onProgress(1 + i, total, `Pièce jointe ${i + 1} sur ${attachments.length}`);
      await add(name, join(source.dataDir, ...name.split('/')), 'attachment');
    }
    for (const [i, doc] of documents.entries()) {
      if (progress?.shouldStop()) return null;
      progress?.onProgress(1 + attachments.length + i, total, `Document ${i + 1} sur ${documents.length}`);
      await add(doc.name, doc.path, 'document', doc.original);
    }
    const manifest: Manifest = {
      format: 'commission-archive',
      version: 1,
      createdAt: now.toISOString(),
      appVersion: source.appVersion,
      dataDir: source.dataDir,
      files,
      missing,
    };
    const entry = new ZipDeflate(MANIFEST, { level: 6 });
    zip.add(entry);
    entry.push(new TextEncoder().encode(JSON.stringify(manifest, null, 2)), true);
    zip.end();
    if (failure) throw failure;
    closeSync(fd);
    placeFile(temp, target);
    ownerOnly(target);
    progress?.onProgress(total, total, 'Archive terminée');
    return {
      path: target,
      size: statSync(target).size,
      files: { database: 1, attachments: attachments.length, documents: documents.length },
      missing,
    };
  } finally {
    try {
      closeSync(fd);
    } catch {
      // Closed once the archive is complete.
    }
    rmSync(temp, { force: true });
    rmSync(snapshot, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

function refuse(file: string, why: string): never {
  throw new AppError('VALIDATION', `L'archive « ${file} » est refusée : ${why}`, [{ field: 'file', message: why }]);
}

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeader: number;
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const n = readSync(fd, buffer, 0, length, offset);
  return buffer.subarray(0, n);
}

/** The central directory, from the end-of-directory record near the end of the file. */
function directory(fd: number, fileSize: number, file: string): Entry[] {
  const tailStart = Math.max(0, fileSize - 22 - 0xffff);
  const tail = readAt(fd, tailStart, fileSize - tailStart);
  let end = -1;
  for (let at = tail.length - 22; at >= 0 && end < 0; at--) if (tail.readUInt32LE(at) === 0x06054b50) end = at;
  if (end < 0) refuse(file, "ce n'est pas une archive ZIP lisible.");
  const count = tail.readUInt16LE(end + 10);
  const size = tail.readUInt32LE(end + 12);
  const offset = tail.readUInt32LE(end + 16);
  if (offset + size > fileSize) refuse(file, 'elle est tronquée.');
  const central = readAt(fd, offset, size);
  const entries: Entry[] = [];
  for (let at = 0, i = 0; i < count; i++) {
    if (at + 46 > central.length || central.readUInt32LE(at) !== 0x02014b50) refuse(file, 'son répertoire est endommagé.');
    const nameLength = central.readUInt16LE(at + 28);
    entries.push({
      name: central.toString('utf8', at + 46, at + 46 + nameLength),
      method: central.readUInt16LE(at + 10),
      compressedSize: central.readUInt32LE(at + 20),
      size: central.readUInt32LE(at + 24),
      localHeader: central.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + central.readUInt16LE(at + 30) + central.readUInt16LE(at + 32);
  }
  return entries;
}

/** A name the archive may hold: relative, '/'-separated, no '..', nothing Windows would read otherwise. */
function safeName(name: string): boolean {
  const parts = name.split('/');
  return parts.every((p) => p !== '' && p !== '.' && p !== '..' && !/[\\:*?"<>|\p{Cc}]/u.test(p)) && parts.length <= 10;
}

/** Writes one entry's content to `path`, inflating it; answers its sha256 and size. */
function extractEntry(fd: number, entry: Entry, path: string, file: string): { sha256: string; size: number } {
  const header = readAt(fd, entry.localHeader, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) refuse(file, `l'entrée « ${entry.name} » est endommagée.`);
  let position = entry.localHeader + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (entry.method !== 0 && entry.method !== 8) refuse(file, `l'entrée « ${entry.name} » est compressée d'une façon inconnue.`);
  const hash = createHash('sha256');
  let size = 0;
  ensureFolder(dirname(path));
  const out = openSync(path, 'wx', 0o600);
  try {
    const sink = (piece: Uint8Array) => {
      size += piece.length;
      // More than announced: a bomb or a damaged entry, stopped before it fills the disk.
      if (size > entry.size) refuse(file, `l'entrée « ${entry.name} » est plus longue qu'annoncé.`);
      hash.update(piece);
      writeSync(out, piece);
    };
    const inflate = entry.method === 8 ? new Inflate((piece) => sink(piece)) : null;
    for (let left = entry.compressedSize; ; ) {
      const piece = readAt(fd, position, Math.min(CHUNK, left));
      if (piece.length < Math.min(CHUNK, left)) refuse(file, 'elle est tronquée.');
      position += piece.length;
      left -= piece.length;
      if (inflate) inflate.push(piece, left === 0);
      else sink(piece);
      if (left === 0) break;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    refuse(file, `l'entrée « ${entry.name} » est illisible (${(error as Error).message}).`);
  } finally {
    closeSync(out);
  }
  if (size !== entry.size) refuse(file, `l'entrée « ${entry.name} » n'a pas la taille annoncée.`);
  return { sha256: hash.digest('hex'), size };
}

/**
 * Extracts the archive into `folder` (new) and checks it against its manifest: every file listed
 * is there with its sha256 and size, and nothing else is. Refused in French, naming the file.
 */
export function extractArchive(file: string, folder: string): Manifest {
  const fd = openSync(file, 'r');
  try {
    const entries = directory(fd, statSync(file).size, file);
    const found = new Map<string, { sha256: string; size: number }>();
    for (const entry of entries) {
      if (entry.name.endsWith('/')) continue;
      if (!safeName(entry.name)) refuse(file, `elle contient un chemin non admis (« ${entry.name} »).`);
      if (found.has(entry.name)) refuse(file, `elle contient deux fois « ${entry.name} ».`);
      found.set(entry.name, extractEntry(fd, entry, join(folder, ...entry.name.split('/')), file));
    }
    if (!found.has(MANIFEST)) refuse(file, "elle n'a pas de manifeste : ce n'est pas une archive de Commission.");
    let manifest: Manifest;
    try {
      manifest = manifestSchema.parse(JSON.parse(readFileSync(join(folder, MANIFEST), 'utf8')));
    } catch {
      return refuse(file, 'son manifeste est illisible.');
    }
    found.delete(MANIFEST);
    for (const listed of manifest.files) {
      const got = found.get(listed.path);
      if (!got) refuse(file, `le fichier « ${listed.path} » du manifeste manque.`);
      if (got.sha256 !== listed.sha256 || got.size !== listed.size) {
        refuse(file, `le fichier « ${listed.path} » a été modifié : son empreinte ne correspond pas au manifeste.`);
      }
      found.delete(listed.path);
    }
    const extra = [...found.keys()][0];
    if (extra !== undefined) refuse(file, `le fichier « ${extra} » n'est pas dans le manifeste.`);
    if (!manifest.files.some((f) => f.role === 'database' && f.path === ARCHIVED_DATABASE)) refuse(file, "elle ne contient pas de base de données.");
    return manifest;
  } finally {
    closeSync(fd);
  }
}
