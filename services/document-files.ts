/**
 * The register's documents in the user's hands: opened in the system viewer, printed, copied
 * elsewhere, shown in their folder, or a session's in one ZIP. Each file is checked against its
 * register entry first: what the user opens, prints or sends is what was produced.
 */
import { basename, dirname, parse, resolve } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import type { Output, ParsedInput } from '../shared/contract';
import { AppError } from '../shared/result';
import type { ServiceContext } from './context';
import { registeredDocument, sessionFolderName, type RegisteredDocument } from './documents';
import { checkOutputFolder, writeFileAtomic } from './files';

type Checked = Pick<RegisteredDocument, 'reference' | 'filePath' | 'sha256'>;

/** The document's bytes, refused when the file is gone or no longer what the register recorded. */
export async function documentBytes(ctx: Pick<ServiceContext, 'files'>, doc: Checked): Promise<Buffer> {
  const file = { path: doc.filePath, sha256: doc.sha256 };
  const where = ctx.files.location(file) ?? 'dans la base partagée';
  return ctx.files.read(file, {
    missing: `Le fichier du document ${doc.reference} est introuvable : ${where}. Produisez-le de nouveau.`,
    changed: `Le fichier du document ${doc.reference} a été modifié depuis sa production (son empreinte ne correspond plus au registre) : ${where}. Produisez-en une nouvelle version.`,
  });
}

/** The document checked, and a file on this machine that holds it (this machine's copy for the database). */
async function checkedDocument(ctx: ServiceContext, id: number) {
  const doc = await registeredDocument(ctx.db, id);
  const bytes = await documentBytes(ctx, doc);
  return { doc, bytes, path: ctx.files.localPath({ path: doc.filePath, sha256: doc.sha256 }, bytes) };
}

export async function openDocument(ctx: ServiceContext, input: ParsedInput<'documents.open'>): Promise<Output<'documents.open'>> {
  const { path } = await checkedDocument(ctx, input.id);
  if (ctx.openPath) await ctx.openPath(path);
  return { path, opened: ctx.openPath !== undefined };
}

export async function printDocument(ctx: ServiceContext, input: ParsedInput<'documents.print'>): Promise<Output<'documents.print'>> {
  const { path } = await checkedDocument(ctx, input.id);
  if (ctx.desktop) await ctx.desktop.print(path);
  return { path, printed: ctx.desktop !== undefined };
}

export async function revealDocument(ctx: ServiceContext, input: ParsedInput<'documents.reveal'>): Promise<Output<'documents.reveal'>> {
  const { path } = await checkedDocument(ctx, input.id);
  if (ctx.desktop) await ctx.desktop.showInFolder(path);
  return { path, shown: ctx.desktop !== undefined };
}

/**
 * Where to write a file the user saves: the path given (the CLI), else the one the desktop's
 * dialog answers; null when the user cancels. The folder must be writable, and the file must not
 * be one of the register's.
 */
export async function destination(
  ctx: ServiceContext,
  given: string | undefined,
  defaultName: string,
  filter: { name: string; extensions: string[] },
  sources: readonly string[],
): Promise<string | null> {
  const chosen = given ?? (ctx.desktop ? await ctx.desktop.chooseSavePath(defaultName, filter) : undefined);
  if (chosen === undefined) {
    throw new AppError('VALIDATION', 'Indiquer le fichier à écrire (to).', [{ field: 'to', message: 'Indiquer le fichier à écrire.' }]);
  }
  if (chosen === null) return null;
  const path = resolve(chosen);
  checkOutputFolder(dirname(path), 'to');
  if (sources.some((source) => resolve(source) === path)) {
    throw new AppError('VALIDATION', `« ${path} » est le document lui-même : choisissez un autre fichier.`, [{ field: 'to', message: 'Choisir un autre fichier que le document.' }]);
  }
  return path;
}

export async function saveDocumentCopy(ctx: ServiceContext, input: ParsedInput<'documents.saveCopy'>): Promise<Output<'documents.saveCopy'>> {
  const { doc, bytes, path: source } = await checkedDocument(ctx, input.id);
  const path = await destination(ctx, input.to, basename(doc.filePath), { name: 'Document PDF', extensions: ['pdf'] }, [source]);
  if (path) writeFileAtomic(path, bytes);
  return { path };
}

/** What the ZIP needs of a register entry: read without judging whether it is stale. */
type ZipSource = Pick<RegisteredDocument, 'kind' | 'dossierId' | 'version' | 'reference' | 'filePath' | 'sha256' | 'size'>;

async function sessionDocumentFiles(ctx: ServiceContext, sessionId: number): Promise<ZipSource[]> {
  const rows = await ctx.db
    .selectFrom('documents')
    .select(['kind', 'dossier_id', 'version', 'reference', 'file_path', 'sha256', 'size'])
    .where('session_id', '=', sessionId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ kind: r.kind as ZipSource['kind'], dossierId: r.dossier_id, version: r.version, reference: r.reference, filePath: r.file_path, sha256: r.sha256, size: r.size }));
}

/** The newest version of each document of the session: what the ZIP holds. */
function latestVersions(docs: ZipSource[]): ZipSource[] {
  const latest = new Map<string, ZipSource>();
  for (const doc of docs) {
    const key = `${doc.kind}/${doc.dossierId}`;
    if ((latest.get(key)?.version ?? 0) < doc.version) latest.set(key, doc);
  }
  return docs.filter((doc) => latest.get(`${doc.kind}/${doc.dossierId}`) === doc);
}

/** A name not yet in the archive: « nom.pdf », then « nom-2.pdf »… */
function freeEntryName(taken: Set<string>, name: string): string {
  const { name: stem, ext } = parse(name);
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${stem}-${n}${ext}`;
  taken.add(candidate);
  return candidate;
}

/**
 * The latest version of each document of a session in one ZIP, under their file names. Refused
 * whole, naming it, when one file is missing or changed. PDFs are stored as they are (they are
 * compressed already); a session's documents fit in memory.
 */
export async function zipSessionDocuments(ctx: ServiceContext, input: ParsedInput<'documents.zip'>): Promise<Output<'documents.zip'>> {
  const session = await ctx.db.selectFrom('sessions').select('number').where('id', '=', input.sessionId).executeTakeFirst();
  if (!session) throw new AppError('NOT_FOUND', `La séance ${input.sessionId} n'existe pas.`);
  const docs = latestVersions(await sessionDocumentFiles(ctx, input.sessionId));
  if (docs.length === 0) throw new AppError('CONFLICT', `Aucun document n'a été produit pour la séance n° ${session.number}.`);
  const files: Zippable = {};
  const entries: Output<'documents.zip'>['files'] = [];
  const taken = new Set<string>();
  const mtime = ctx.now();
  for (const doc of docs) {
    const bytes = await documentBytes(ctx, doc);
    const name = freeEntryName(taken, basename(doc.filePath));
    files[name] = [bytes, { level: 0, mtime }];
    entries.push({ name, reference: doc.reference, sha256: doc.sha256, size: doc.size });
  }
  const path = await destination(ctx, input.to, `${sessionFolderName(session.number)}-documents.zip`, { name: 'Archive ZIP', extensions: ['zip'] }, docs.map((d) => resolve(ctx.dataDir, d.filePath)));
  if (!path) return { path: null, files: entries, size: 0 };
  const zip = zipSync(files);
  writeFileAtomic(path, zip);
  return { path, files: entries, size: zip.length };
}
