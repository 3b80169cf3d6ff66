/**
 * The sync of a procedure's dossiers: pages of the API gathered (those changed since the last
 * successful sync, with a margin), read by the same mapping as a file, previewed and imported by
 * the same pipeline (services/imports.ts), the dossiers' files downloaded and checked first, and
 * all of it written in one transaction, or nothing. A failure leaves the point of the last
 * successful sync where it was: the next one asks again for everything since.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keptChecksums } from '../../db/queries/attachments';
import { idsByDsNumber } from '../../db/queries/dossiers';
import { recordDsSync, type DsConnectionRecord } from '../../db/queries/ds';
import type { Output, ParsedInput } from '../../shared/contract';
import type { AttachmentKind } from '../../shared/eligibility';
import { defaultMapping, normalizeHeader } from '../../shared/import-mapping';
import { attachmentProblem } from '../attachment-content';
import { keepAttachment } from '../attachments';
import { refreshEligibility } from '../eligibility';
import type { StagedKeep } from '../file-store';
import { sha256 } from '../files';
import type { ServiceContext } from '../context';
import { importSource, previewSource, type DossierSource } from '../imports';
import type { Progress } from '../jobs';
import { DsError } from './client';
import { clientFor, connectionOf, procedureProblem } from './connection';
import { groupDossiersQuery, procedureDossiersQuery, type DsChampNode, type DsDossierNode, type DsPageVariables } from './documents';

type SyncInput = ParsedInput<'ds.sync.preview'>;
type RunInput = ParsedInput<'ds.sync.run'>;
type SyncResult = Output<'ds.sync.run'>;

/** The platform's maximum. */
const PAGE_SIZE = 100;
/** Asked again before the last sync's start: the two clocks may differ, and reading a dossier again changes nothing. */
const MARGIN_MS = 10 * 60_000;

/** Which kind of attachment a file champ gives, by its label; any other file is « Autre document ». */
const kindsByLabel: [RegExp, AttachmentKind][] = [
  [/projet de sante/, 'health_project_signed'],
  [/statut/, 'statutes'],
  [/lettre d'intention/, 'letter_of_intent'],
];

function kindOf(label: string): AttachmentKind {
  const normalized = normalizeHeader(label);
  return kindsByLabel.find(([pattern]) => pattern.test(normalized))?.[1] ?? 'other';
}

interface DsFileOf {
  dsNumber: number;
  label: string;
  fileName: string;
  kind: AttachmentKind;
  checksum: string;
  url: string;
}

/** The files of a dossier's champs (the applicants'), not of its annotations (the instructors'). */
function filesOf(node: DsDossierNode): DsFileOf[] {
  return node.champs.flatMap((champ: DsChampNode) =>
    (champ.files ?? []).map((file) => ({
      dsNumber: node.number,
      label: champ.label,
      fileName: file.filename,
      kind: kindOf(champ.label),
      checksum: file.checksum,
      url: file.url,
    })),
  );
}

interface Gathered {
  connection: DsConnectionRecord;
  startedAt: string;
  since: string | null;
  pages: number;
  nodes: DsDossierNode[];
}

/** A failure of the platform worded for the procedure. */
function worded(error: unknown, connection: DsConnectionRecord): unknown {
  return error instanceof DsError ? new DsError(error.problem, procedureProblem(error, connection), error.said) : error;
}

async function gather(ctx: ServiceContext, input: SyncInput, progress?: Progress): Promise<Gathered> {
  const connection = await connectionOf(ctx, input.procedureNumber);
  const client = clientFor(ctx, connection);
  const startedAt = ctx.now().toISOString();
  const since = input.full || !connection.lastSyncAt ? null : new Date(Date.parse(connection.lastSyncAt) - MARGIN_MS).toISOString();
  const nodes: DsDossierNode[] = [];
  let pages = 0;
  let after: string | null = null;
  try {
    do {
      const variables: DsPageVariables = { first: PAGE_SIZE, after, updatedSince: since, state: input.state };
      const page =
        connection.instructorGroup === null
          ? (await client.request(procedureDossiersQuery, { ...variables, procedure: connection.procedureNumber })).demarche.dossiers
          : (await client.request(groupDossiersQuery, { ...variables, group: connection.instructorGroup })).groupeInstructeur.dossiers;
      pages++;
      for (const node of page.nodes) if (node) nodes.push(node);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      progress?.onProgress(nodes.length, nodes.length + (after === null ? 0 : PAGE_SIZE), `${nodes.length} dossiers lus (page ${pages})`);
    } while (after !== null);
  } catch (error) {
    throw worded(error, connection);
  }
  return { connection, startedAt, since, pages, nodes };
}

/** The pages as one answer of the API, for the import's reader of such answers. */
function sourceOf({ connection, nodes }: Gathered): DossierSource {
  return {
    fileName: `Démarches Simplifiées, démarche n° ${connection.procedureNumber}`,
    bytes: Buffer.from(JSON.stringify({ data: { demarche: { dossiers: { nodes } } } })),
  };
}

const about = (g: Gathered) => ({ procedureNumber: g.connection.procedureNumber, since: g.since, pages: g.pages });

/** The dossiers' files, but those already attached to their dossier: known by their checksum, not downloaded again. */
async function filesToDownload(ctx: ServiceContext, nodes: readonly DsDossierNode[]): Promise<{ wanted: DsFileOf[]; alreadyKept: number }> {
  const files = nodes.flatMap(filesOf);
  const kept = await keptChecksums(ctx.db, [...new Set(files.map((f) => f.dsNumber))]);
  const wanted = files.filter((f) => !kept.has(`${f.dsNumber}:${f.checksum}`));
  return { wanted, alreadyKept: files.length - wanted.length };
}

export async function previewSync(ctx: ServiceContext, input: SyncInput): Promise<Output<'ds.sync.preview'>> {
  const gathered = await gather(ctx, input);
  const { wanted, alreadyKept } = await filesToDownload(ctx, gathered.nodes);
  const files = { files: wanted.map(({ dsNumber, label, fileName, kind }) => ({ dsNumber, label, fileName, kind })), filesAlreadyKept: alreadyKept };
  if (!gathered.nodes.length) return { ...emptyPreview(input), ...about(gathered), ...files };
  return { ...(await previewSource(ctx, sourceOf(gathered), input)), ...about(gathered), ...files };
}

/** Nothing changed on the platform: no source to read, nothing to refuse either. */
function emptyPreview(input: SyncInput): Omit<Output<'ds.sync.preview'>, 'procedureNumber' | 'since' | 'pages' | 'files' | 'filesAlreadyKept'> {
  return {
    format: 'graphql-json',
    encoding: null,
    separator: null,
    sheets: [],
    mappingName: input.mappingName ?? defaultMapping.name,
    columns: [],
    problems: [],
    warnings: [],
    ignoredSheets: [],
    dossierCount: 0,
    professionalCount: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    changes: [],
  };
}

interface Downloaded {
  folder: string;
  files: (DsFileOf & { path: string })[];
  refused: SyncResult['files']['refused'];
  /** Files not downloaded: already attached to their dossier. */
  alreadyKept: number;
}

/** Each file downloaded into a folder of its own, checked against its checksum and against what the app keeps. */
async function download(ctx: ServiceContext, gathered: Gathered, progress?: Progress): Promise<Downloaded> {
  const client = clientFor(ctx, gathered.connection);
  const { wanted, alreadyKept } = await filesToDownload(ctx, gathered.nodes);
  const folder = mkdtempSync(join(tmpdir(), 'commission-ds-'));
  const result: Downloaded = { folder, files: [], refused: [], alreadyKept };
  try {
    for (const [index, file] of wanted.entries()) {
      progress?.onProgress(index, wanted.length, `Pièce ${index + 1} sur ${wanted.length} : « ${file.fileName} » (dossier n° ${file.dsNumber})`);
      const bytes = await client.download({ filename: file.fileName, checksum: file.checksum, url: file.url });
      const problem = attachmentProblem(file.fileName, bytes);
      if (problem) {
        result.refused.push({ dsNumber: file.dsNumber, fileName: file.fileName, message: problem });
        continue;
      }
      const path = join(folder, String(index));
      writeFileSync(path, bytes);
      result.files.push({ ...file, path });
    }
    return result;
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw worded(error, gathered.connection);
  }
}

export async function runSync(ctx: ServiceContext, input: RunInput, progress?: Progress): Promise<SyncResult> {
  const gathered = await gather(ctx, input, progress);
  const { connection, startedAt } = gathered;
  // A sync of one state leaves out the others' changes: the next full one must still ask for them.
  const moves = input.state === null;
  if (!gathered.nodes.length) {
    if (moves) await recordDsSync(ctx.db, connection.procedureNumber, startedAt, null);
    return { created: 0, updated: 0, unchanged: 0, changes: [], batchId: null, ...about(gathered), files: { kept: 0, alreadyKept: 0, refused: [] } };
  }
  const downloaded = await download(ctx, gathered, progress);
  const written: StagedKeep[] = [];
  let kept = 0;
  let alreadyKept = downloaded.alreadyKept;
  try {
    progress?.onProgress(downloaded.files.length, downloaded.files.length, 'Enregistrement des dossiers et des pièces');
    const counts = await importSource(ctx, sourceOf(gathered), input, async (trx, batchId) => {
      const ids = await idsByDsNumber(trx, [...new Set(downloaded.files.map((f) => f.dsNumber))]);
      const stored = new Set<string>();
      const attached = new Set<number>();
      if (ids.size) {
        const rows = await trx.selectFrom('attachments').select(['dossier_id', 'sha256']).where('dossier_id', 'in', [...ids.values()]).execute();
        for (const row of rows) stored.add(`${row.dossier_id}:${row.sha256}`);
      }
      for (const file of downloaded.files) {
        const dossierId = ids.get(file.dsNumber)!;
        const bytes = readFileSync(file.path);
        if (stored.has(`${dossierId}:${sha256(bytes)}`)) {
          alreadyKept++;
          continue;
        }
        const { attachment, staged } = await keepAttachment(trx, ctx, { dossierId, kind: file.kind, fileName: file.fileName, bytes });
        stored.add(`${dossierId}:${attachment.sha256}`);
        written.push(staged);
        attached.add(dossierId);
        kept++;
      }
      await refreshEligibility(trx, [...attached]);
      if (moves) await recordDsSync(trx, connection.procedureNumber, startedAt, batchId);
    });
    return { ...counts, ...about(gathered), files: { kept, alreadyKept, refused: downloaded.refused } };
  } catch (error) {
    ctx.files.discard(written);
    throw error;
  } finally {
    rmSync(downloaded.folder, { recursive: true, force: true });
  }
}
