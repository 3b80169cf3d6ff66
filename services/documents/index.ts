import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { insertAudit, insertAudits, type AuditRecord } from '../../db/queries/audit';
import { documentKey, latestDocument, latestDocuments } from '../../db/queries/documents';
import type { Output, ParsedInput } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { AgendaItemView, SessionDetail } from '../../shared/session';
import type { ServiceContext } from '../context';
import { checkOutputFolder, ensureFolder, sha256 } from '../files';
import type { StagedKeep } from '../file-store';
import { rememberDocumentFolder } from './folders';
import type { Progress } from '../jobs';
import { agreementProblems, buildAgreement, hasAgreement } from './agreement';
import { sessionFacts, type SessionFacts } from './facts';
import { readSettings } from '../../db/queries/settings';
import { documentKindLabels, type DocumentKind } from '../../shared/documents';
import type { Patterns } from '../../shared/patterns';
import { defaultFileNamePattern, matchesFileName, renderFileName, renderReference, slug } from '../../shared/patterns';
import { documentBasis, freezeSession, frozenFacts, judgeDocument, sessionsById } from './record';
import { formatDate } from '../../shared/french';
import { localDay, localToday } from '../dates';
import { buildLetter, letterProblems } from './letter';
import { buildMinutes } from './minutes';

export { documentKinds, type DocumentKind } from '../../shared/documents';

const fileSuffix: Record<DocumentKind, string> = {
  decision_letter: 'decision',
  funding_agreement: 'convention',
  minutes: 'proces-verbal',
};

/**
 * « 2026-12-10_ESP-Les-Trois-Ilets_decision.pdf » by default: the agency's pattern (Paramètres),
 * every field made safe for a file system, then the version.
 */
export function documentFileName(pattern: string, session: SessionDetail, kind: DocumentKind, item: AgendaItemView | undefined, version: number): string {
  const name = renderFileName(pattern, {
    session,
    item: item && { position: item.position, dsNumber: item.dossier.dsNumber },
    subject: item?.dossier.name ?? `Seance ${session.number}`,
    type: fileSuffix[kind],
  });
  return `${name}${version > 1 ? `-v${version}` : ''}.pdf`;
}

/** Whether a file is named as `documentFileName` names them, by default or with the pattern in force. */
export function isDocumentFileName(name: string, pattern = defaultFileNamePattern): boolean {
  const types = Object.values(fileSuffix);
  return matchesFileName(defaultFileNamePattern, name, types) || matchesFileName(pattern, name, types);
}

/** « seance-2026-04 »: the default folder of a session's documents, inside the documents folder whatever its number. */
export function sessionFolderName(number: string): string {
  return `seance-${slug(number) || 'sans-numero'}`;
}

interface Planned {
  kind: DocumentKind;
  item?: AgendaItemView;
  build: (reference: string) => Promise<Uint8Array>;
}

/**
 * « CS-2026-04/03 », « CS-2026-04/03-CONV-v2 »: what the document prints, from the agency's
 * pattern (Paramètres), its version included.
 */
export function documentReference(pattern: string, session: SessionDetail, kind: DocumentKind, item: AgendaItemView | undefined, version: number): string {
  const reference = renderReference(pattern, { session, item: item && { position: item.position, dsNumber: item.dossier.dsNumber } });
  return `${reference}${kind === 'funding_agreement' ? '-CONV' : ''}${version > 1 ? `-v${version}` : ''}`;
}

/** The patterns in force: read live, like the paragraphs, even for a closed session's documents. */
const namingPatterns = async (db: ServiceContext['db']) => (await readSettings(db)).patterns;

/** One document's PDF, printing `reference`: a letter or an agreement needs its item, the minutes none. */
export function buildDocument(facts: SessionFacts, kind: DocumentKind, item: AgendaItemView | undefined, reference: string): Promise<Uint8Array> {
  if (kind === 'minutes') return buildMinutes(facts, reference);
  // Callers check the item first: reaching this is a bug.
  if (!item) throw new Error(`Un document « ${kind} » sans son point de l’ordre du jour.`);
  return kind === 'decision_letter' ? buildLetter(facts, item, reference) : buildAgreement(facts, item, reference);
}

/** The documents of a session: a letter per decided item, an agreement per grant, the minutes. */
function plan(facts: SessionFacts, kinds: readonly DocumentKind[]): Planned[] {
  const planned: Planned[] = [];
  const add = (kind: DocumentKind, item?: AgendaItemView) => planned.push({ kind, item, build: (reference) => buildDocument(facts, kind, item, reference) });
  for (const item of facts.session.items) {
    if (kinds.includes('decision_letter')) add('decision_letter', item);
    if (kinds.includes('funding_agreement') && hasAgreement(item)) add('funding_agreement', item);
  }
  if (kinds.includes('minutes')) add('minutes');
  return planned;
}

async function sessionRow(db: Kysely<Database>, sessionId: number) {
  const row = await db.selectFrom('sessions').select(['number', 'status']).where('id', '=', sessionId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `La séance ${sessionId} n'existe pas.`);
  return row;
}

export type RegisteredDocument = Output<'documents.list'>[number];

async function listRegistered(db: Kysely<Database>, filter: { sessionId?: number; dossierId?: number; ids?: number[] }): Promise<RegisteredDocument[]> {
  let query = db
    .selectFrom('documents')
    .leftJoin('dossiers', 'dossiers.id', 'documents.dossier_id')
    .select([
      'documents.id',
      'documents.kind',
      'documents.session_id',
      'documents.dossier_id',
      'documents.version',
      'documents.reference',
      'documents.file_path',
      'documents.sha256',
      'documents.size',
      'documents.created_at',
      'documents.created_by',
      'documents.sent_at',
      'documents.basis_json',
      'dossiers.name',
      'dossiers.ds_number',
    ])
    .orderBy('documents.id');
  if (filter.sessionId !== undefined) query = query.where('documents.session_id', '=', filter.sessionId);
  if (filter.dossierId !== undefined) query = query.where('documents.dossier_id', '=', filter.dossierId);
  if (filter.ids) query = query.where('documents.id', 'in', filter.ids.length ? filter.ids : [-1]);
  const rows = await query.execute();
  const sessions = await sessionsById(db, rows.map((r) => r.session_id));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as DocumentKind,
    sessionId: r.session_id,
    dossierId: r.dossier_id,
    dossierName: r.name,
    dsNumber: r.ds_number,
    version: r.version,
    reference: r.reference,
    filePath: r.file_path,
    sha256: r.sha256,
    size: r.size,
    createdAt: r.created_at,
    createdBy: r.created_by,
    sentAt: r.sent_at,
    ...judgeDocument({ kind: r.kind, dossierId: r.dossier_id, basisJson: r.basis_json }, sessions.get(r.session_id)!),
  }));
}

export function listDocuments(db: Kysely<Database>, input: ParsedInput<'documents.list'>) {
  return listRegistered(db, input);
}

export async function registeredDocument(db: Kysely<Database>, id: number): Promise<RegisteredDocument> {
  const [doc] = await listRegistered(db, { ids: [id] });
  if (!doc) throw new AppError('NOT_FOUND', `Le document ${id} n'existe pas.`);
  return doc;
}

/** A transaction of the batch ends after this many documents or this long, so that it holds the write lock briefly. */
const CHUNK_DOCUMENTS = 32;
const CHUNK_MS = 250;
/** Files being written and synced while the next document is laid out. */
const WRITES_IN_FLIGHT = 3;

interface Chunk {
  /** Index of the first document not produced by this chunk. */
  end: number;
  ids: number[];
  skipped: number;
}

/**
 * Writes documents from `planned[start]` on and registers them, in one transaction, until the
 * chunk is full or `shouldStop` says so. Each document's version is taken, printed and
 * registered under the write lock, so two batches never share one. Its file is written and
 * synced on the thread pool while the next one is laid out (`WRITES_IN_FLIGHT` at most); every
 * file is renamed into place and the folder synced before the commit, and every file is removed
 * if the transaction fails: the register never names a file that is not durably there. Resuming
 * (`onlyMissing`), a document the register already holds for the same decision, with its file
 * there, is skipped.
 */
async function produceChunk(
  ctx: ServiceContext,
  session: SessionDetail,
  planned: readonly Planned[],
  start: number,
  folder: string,
  onlyMissing: boolean,
  patterns: Patterns,
  hooks: Partial<Progress>,
  label: (doc: Planned) => string,
): Promise<Chunk> {
  const staging: Promise<StagedKeep>[] = [];
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const began = Date.now();
      try {
        const chunk: Chunk = { end: start, ids: [], skipped: 0 };
        // Names given in this chunk, whose files are not renamed into place yet.
        const taken = new Set<string>();
        // Sealed into the audit chain together, in the order of the documents.
        const audits: AuditRecord[] = [];
        // Read once, under the write lock: no other batch registers a version meanwhile.
        const dossierIds = planned.slice(start, start + CHUNK_DOCUMENTS).flatMap((doc) => (doc.item ? [doc.item.dossier.id] : []));
        const latestOf = await latestDocuments(trx, session.id, dossierIds);
        while (chunk.end < planned.length && chunk.end - start < CHUNK_DOCUMENTS && Date.now() - began < CHUNK_MS) {
          if (chunk.end > start) {
            // Let progress and cancel requests through between two documents.
            await new Promise((resolve) => setImmediate(resolve));
            if (hooks.shouldStop?.()) break;
          }
          const doc = planned[chunk.end]!;
          hooks.onProgress?.(start, planned.length, label(doc));
          chunk.end++;
          const dossierId = doc.item?.dossier.id ?? null;
          const latest = latestOf.get(documentKey(doc.kind, dossierId));
          if (onlyMissing && latest && (await ctx.files.has({ path: latest.file_path, sha256: latest.sha256 }))) {
            if (!judgeDocument({ kind: doc.kind, dossierId, basisJson: latest.basis_json }, session).stale) {
              chunk.skipped++;
              continue;
            }
          }
          const version = (latest?.version ?? 0) + 1;
          const reference = documentReference(patterns.reference, session, doc.kind, doc.item, version);
          const bytes = await doc.build(reference);
          let fileName = documentFileName(patterns.fileName, session, doc.kind, doc.item, version);
          // A file left by hand under that name is not overwritten either.
          for (let n = 2; (await nameTaken(ctx, trx, folder, fileName)) || taken.has(fileName); n++) fileName = fileName.replace(/(-\d+)?\.pdf$/, `-${n}.pdf`);
          taken.add(fileName);
          const filePath = join(folder, fileName);
          if (staging.length >= WRITES_IN_FLIGHT) await staging[staging.length - WRITES_IN_FLIGHT];
          const digest = sha256(bytes);
          const write = ctx.files.stage(filePath, bytes, digest);
          // Awaited below; a failure meanwhile is not an unhandled rejection.
          write.catch(() => undefined);
          staging.push(write);
          const { id } = await trx
            .insertInto('documents')
            .values({
              kind: doc.kind,
              session_id: session.id,
              dossier_id: dossierId,
              version,
              reference,
              file_path: filePath,
              sha256: digest,
              size: bytes.length,
              created_at: ctx.now().toISOString(),
              created_by: ctx.actor,
              basis_json: documentBasis(session, doc.item),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          audits.push({
            at: ctx.now().toISOString(),
            actor: ctx.actor,
            entityType: dossierId === null ? 'session' : 'dossier',
            entityId: String(dossierId ?? session.id),
            action: `document.${doc.kind}`,
            before: null,
            after: { id, version, reference, filePath },
          });
          chunk.ids.push(id);
        }
        await insertAudits(trx, audits);
        await ctx.files.commit(trx, await Promise.all(staging));
        return chunk;
      } catch (error) {
        // No write goes on once the transaction, and its lock, are given up.
        await Promise.allSettled(staging);
        throw error;
      }
    });
  } catch (error) {
    ctx.files.discard((await Promise.allSettled(staging)).flatMap((write) => (write.status === 'fulfilled' ? [write.value] : [])));
    throw error;
  }
}

/** Whether a document's file name is already used: by a file in the folder, or in the register for the database. */
async function nameTaken(ctx: ServiceContext, trx: Kysely<Database>, folder: string, fileName: string): Promise<boolean> {
  if (ctx.files.kind === 'folder') return existsSync(join(folder, fileName));
  return Boolean(await trx.selectFrom('documents').select('id').where('file_path', '=', join(folder, fileName)).executeTakeFirst());
}

/**
 * The folder asked for, or the session's own under the data folder; refused at once if no file
 * can be written there. In the database, documents are named relative to it (any machine's cache).
 */
function outputFolder(ctx: ServiceContext, input: ParsedInput<'documents.generate'>, sessionNumber: string): string {
  const own = join('documents', sessionFolderName(sessionNumber));
  if (ctx.files.kind === 'database') {
    if (input.folder !== undefined) {
      const message = 'Les documents sont gardés dans la base partagée : pour en avoir une copie dans un dossier, enregistrez-la ou prenez le ZIP de la séance.';
      throw new AppError('VALIDATION', message, [{ field: 'folder', message }]);
    }
    return own;
  }
  const folder = input.folder ?? join(ctx.dataDir, own);
  checkOutputFolder(folder, 'folder');
  return resolve(folder);
}

/**
 * Writes every document of a closed session into `folder` and records each in the register.
 * Refused whole, before anything is written, if the folder is unusable or a letter would lack a
 * mandatory mention. With `onlyMissing`, what the register already holds for the current
 * decisions is skipped: an interrupted batch resumes without new versions.
 * `onProgress` is told of each document begun and of each transaction committed (`done` counts
 * registered documents); `shouldStop` ends the batch between two documents.
 */
export async function generateSessionDocuments(
  ctx: ServiceContext,
  input: ParsedInput<'documents.generate'>,
  hooks: Partial<Progress> = {},
): Promise<Output<'documents.generate'>> {
  const row = await sessionRow(ctx.db, input.sessionId);
  const folder = outputFolder(ctx, input, row.number);
  // A session closed before its record was kept is frozen at its first batch.
  if (!(await frozenFacts(ctx.db, input.sessionId)) && row.status === 'closed') {
    await ctx.db.transaction().execute((trx) => freezeSession(trx, ctx, input.sessionId));
  }
  const facts = await sessionFacts(ctx.db, input.sessionId);
  const { session } = facts;
  if (session.status !== 'closed') {
    throw new AppError('CONFLICT', `La séance n° ${session.number} n'est pas clôturée : ses documents se produisent une fois les avis et décisions arrêtés.`);
  }
  const problems = session.items.flatMap((item) => [
    ...(input.kinds.includes('decision_letter') ? letterProblems(facts, item) : []),
    ...(input.kinds.includes('funding_agreement') && hasAgreement(item) ? agreementProblems(facts, item) : []),
  ]);
  if (problems.length) {
    throw new AppError('VALIDATION', `Les documents ne peuvent pas être produits : ${problems.length} mention${problems.length > 1 ? 's' : ''} obligatoire${problems.length > 1 ? 's' : ''} manque${problems.length > 1 ? 'nt' : ''}.`, problems);
  }
  const planned = plan(facts, input.kinds);
  const patterns = await namingPatterns(ctx.db);
  if (ctx.files.kind === 'folder') {
    // Known before anything is written there, so that the next start finds what a crash left.
    await rememberDocumentFolder(ctx, folder);
    ensureFolder(folder);
  }
  const written: number[] = [];
  let skipped = 0;
  let cancelled = false;
  const label = (doc: Planned) => `${documentKindLabels[doc.kind]} — ${doc.item?.dossier.name ?? `séance n° ${session.number}`}`;
  for (let index = 0; index < planned.length; ) {
    // Let progress and cancel requests through between two transactions.
    await new Promise((resolve) => setImmediate(resolve));
    if (hooks.shouldStop?.()) {
      cancelled = true;
      break;
    }
    const chunk = await produceChunk(ctx, session, planned, index, folder, input.onlyMissing, patterns, hooks, label);
    written.push(...chunk.ids);
    skipped += chunk.skipped;
    index = chunk.end;
    hooks.onProgress?.(index, planned.length, label(planned[index - 1]!));
  }
  return { folder: resolve(ctx.dataDir, folder), total: planned.length, skipped, cancelled, documents: await listRegistered(ctx.db, { ids: written }) };
}

/** One document, built but not saved, to look at before the batch: it prints the reference its next version would. */
export async function previewDocument(ctx: ServiceContext, input: ParsedInput<'documents.preview'>): Promise<Output<'documents.preview'>> {
  // A letter or an agreement needs its own dossier's facts only.
  const facts = await sessionFacts(ctx.db, input.sessionId, input.kind === 'minutes' || input.itemId === undefined ? undefined : [input.itemId]);
  const item = input.itemId === undefined ? undefined : facts.session.items.find((i) => i.id === input.itemId);
  if (input.itemId !== undefined && !item) throw new AppError('NOT_FOUND', `Le point ${input.itemId} n'est pas à l'ordre du jour de cette séance.`);
  if (input.kind !== 'minutes' && !item) throw new AppError('VALIDATION', 'Indiquer le point de l’ordre du jour (itemId) du courrier ou de la convention.');
  const version = ((await latestDocument(ctx.db, facts.session.id, input.kind, input.kind === 'minutes' ? null : item!.dossier.id))?.version ?? 0) + 1;
  const patterns = await namingPatterns(ctx.db);
  const reference = documentReference(patterns.reference, facts.session, input.kind, item, version);
  const bytes = await buildDocument(facts, input.kind, item, reference);
  return {
    fileName: documentFileName(patterns.fileName, facts.session, input.kind, item, version),
    contentBase64: Buffer.from(bytes).toString('base64'),
  };
}

/** A letter is notified on or after the day it was produced, never in the future, and only while it matches its decision. */
export async function markSent(ctx: ServiceContext, input: ParsedInput<'documents.markSent'>) {
  await ctx.db.transaction().execute(async (trx) => {
    const [doc] = await listRegistered(trx, { ids: [input.id] });
    if (!doc) throw new AppError('NOT_FOUND', `Le document ${input.id} n'existe pas.`);
    if (doc.kind !== 'decision_letter') throw new AppError('CONFLICT', 'Seul un courrier de décision se notifie.');
    if (doc.stale) {
      throw new AppError('CONFLICT', `Le courrier ${doc.reference} est à refaire : ${doc.staleReason} Produisez-en une nouvelle version avant de l'envoyer.`);
    }
    const today = localToday(ctx);
    const produced = localDay(new Date(doc.createdAt));
    const sentAt = input.sentAt ?? today;
    if (sentAt > today) {
      throw new AppError('VALIDATION', `La date d'envoi (${formatDate(sentAt)}) est postérieure à aujourd'hui (${formatDate(today)}).`, [
        { field: 'sentAt', message: "La date d'envoi ne peut pas être dans le futur." },
      ]);
    }
    if (sentAt < produced) {
      throw new AppError('VALIDATION', `La date d'envoi (${formatDate(sentAt)}) précède la production du courrier, le ${formatDate(produced)}.`, [
        { field: 'sentAt', message: "La date d'envoi ne peut pas précéder la production du courrier." },
      ]);
    }
    await trx.updateTable('documents').set({ sent_at: sentAt }).where('id', '=', doc.id).execute();
    if (doc.dossierId !== null) {
      await trx.updateTable('dossiers').set({ status: 'notified' }).where('id', '=', doc.dossierId).where('status', '=', 'decided').execute();
    }
    await insertAudit(trx, {
      at: ctx.now().toISOString(),
      actor: ctx.actor,
      entityType: 'dossier',
      entityId: String(doc.dossierId),
      action: 'document.sent',
      before: { sentAt: doc.sentAt },
      after: { sentAt, documentId: doc.id },
    });
  });
  return (await listRegistered(ctx.db, { ids: [input.id] }))[0]!;
}
