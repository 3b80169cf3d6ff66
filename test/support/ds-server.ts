/**
 * A Démarches Simplifiées of the tests: graphql-js over node:http on 127.0.0.1, built from the
 * platform's published schema when it is beside the repository (else the subset in ds-sdl.ts),
 * resolvers over fixture dossiers. It pages like the platform (cursor, updatedSince, state),
 * refuses unknown or expired tokens with a 401, hides a procedure the token has no access to,
 * serves attachments with their Active Storage checksum, records every request, and fails on
 * demand (a 429 with Retry-After, a connection dropped mid-answer, any status).
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { buildSchema, graphql, GraphQLError, type GraphQLSchema } from 'graphql';
import { afterEach } from 'vitest';
import { dsFallbackSdl } from './ds-sdl';

/** The platform's published schema: beside the repository, or where DS_SCHEMA_FILE says (a worktree elsewhere). */
export const publishedSchemaFile = process.env.DS_SCHEMA_FILE ?? fileURLToPath(new URL('../../../shared/reference/demarches-simplifiees/schema.graphql', import.meta.url));
export const hasPublishedSchema = existsSync(publishedSchemaFile);

export function publishedSchema(): GraphQLSchema {
  return buildSchema(readFileSync(publishedSchemaFile, 'utf8'));
}

export const VALID_TOKEN = 'jeton-de-test-0123456789';

type Json = Record<string, unknown>;

export interface ServedRequest {
  path: string;
  authorization: string | null;
  operationName: string | null;
  query: string | null;
  variables: Json;
}

/**
 * drop: the answer cut after its start; reset: the connection closed before any answer (a
 * kept-alive one the server had let go); lost: a GraphQL request carried out, then the connection
 * closed before its answer.
 */
export type Failure = { status: number; retryAfter?: string; body?: string } | { drop: true } | { reset: true } | { lost: true };

export interface ServedFile {
  filename: string;
  contentType: string;
  checksum: string;
  byteSizeBigInt: string;
  url: string;
  createdAt: string;
}

/** The instructor every group has unless told otherwise. */
export const INSTRUCTEUR = { id: 'SW5zdHJ1Y3RldXItMQ==', email: 'instruction@ars.sante.fr' };

interface Group {
  number: number;
  label: string;
  instructeurs?: { id: string; email: string }[];
}

/** A file created by createDirectUpload; `bytes` once PUT to its URL with the right checksum. */
export interface DirectUploadRecord {
  dossierId: string;
  filename: string;
  byteSize: number;
  checksum: string;
  contentType: string;
  bytes: Buffer | null;
}

/** A state change or message the platform took, in order. */
export interface TakenAction {
  field: string;
  dossierNumber: number;
  input: Json;
}

interface TokenRights {
  expired: boolean;
  /** The procedures it gives access to; undefined: all. */
  procedures?: number[];
}

/** Keys the fixture's query gives as aliases (test/fixtures/…/dossier-query.graphql), back to the schema's names. */
const aliases: Record<string, string> = { checked: 'value', selected: 'value', integerNumber: 'value', decimalNumber: 'value', byteSize: 'byteSizeBigInt' };

function unalias(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unalias);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [aliases[key] ?? key, unalias(inner)]));
}

const fixture = unalias(
  (JSON.parse(readFileSync(new URL('../fixtures/samples/demarches-simplifiees/dossier-graphql.json', import.meta.url), 'utf8')) as { data: { dossier: Json } }).data
    .dossier,
) as Json;

/** The fixture's dossier (as the platform stores it) under another number, changed by `edit`. */
export function fixtureDossier(number: number, edit: (dossier: Json & { champs: Json[] }) => void = () => {}): Json {
  const copy = structuredClone(fixture) as Json & { champs: Json[] };
  copy.number = number;
  copy.id = Buffer.from(`Dossier-${number}`).toString('base64');
  edit(copy);
  return copy;
}

export function champOf(dossier: Json, label: string): Json {
  const found = (dossier.champs as Json[]).find((c) => c.label === label);
  if (!found) throw new Error(`Pas de champ « ${label} »`);
  return found;
}

interface Cursor {
  at: string;
  number: number;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(text: string): Cursor {
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
  } catch {
    throw new GraphQLError('Invalid cursor');
  }
}

export interface DsServerOptions {
  /** Resolvers of mutations (and other root fields), by field name: `(args, request) => payload`. */
  root?: Record<string, (args: Json, request: ServedRequest) => unknown>;
  /** SDL added to the fallback schema (mutations the published one has). */
  extraSdl?: string;
  /** The most dossiers a page holds, whatever is asked (the platform's is 100). */
  pageSize?: number;
}

export class DsServer {
  readonly schema: GraphQLSchema;
  readonly requests: ServedRequest[] = [];
  readonly procedures = new Map<number, { title: string; groups: Group[] }>();
  /** The dossiers, each with its procedure. */
  readonly dossiers = new Map<number, { procedure: number; node: Json }>();
  readonly tokens = new Map<string, TokenRights>([[VALID_TOKEN, { expired: false }]]);
  /** Direct uploads, by their signed blob id. */
  readonly uploads = new Map<string, DirectUploadRecord>();
  readonly actions: TakenAction[] = [];
  private readonly files = new Map<string, { bytes: Buffer; contentType: string }>();
  private readonly failures: { failure: Failure; when: (r: ServedRequest) => boolean }[] = [];
  private server!: Server;
  url = '';

  constructor(private readonly options: DsServerOptions = {}) {
    this.schema = hasPublishedSchema ? publishedSchema() : buildSchema(dsFallbackSdl + (options.extraSdl ?? ''));
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  addProcedure(number: number, title: string, groups: Group[] = [{ number: 1, label: 'Groupe par défaut' }]): void {
    this.procedures.set(number, { title, groups });
  }

  /** Stores (or replaces) a dossier of `procedure`, in its first group unless told, changed now unless its date is kept. */
  putDossier(procedure: number, node: Json, options: { group?: number; keepDate?: boolean } = {}): void {
    const groups = this.procedures.get(procedure)!.groups;
    const group = groups.find((g) => g.number === (options.group ?? groups[0]!.number))!;
    node.groupeInstructeur = { id: `G${group.number}`, number: group.number, label: group.label, closed: false, instructeurs: group.instructeurs ?? [INSTRUCTEUR] };
    node.messages ??= [];
    if (!options.keepDate) node.dateDerniereModification = new Date().toISOString();
    this.dossiers.set(node.number as number, { procedure, node });
  }

  /** Changes a stored dossier on the platform: its date of last change becomes now. */
  changeDossier(number: number, edit: (dossier: Json & { champs: Json[] }) => void): void {
    const stored = this.dossiers.get(number)!;
    edit(stored.node as Json & { champs: Json[] });
    stored.node.dateDerniereModification = new Date().toISOString();
  }

  /** A file to attach to a champ: served here, with its checksum (or the one given, to test a wrong one). */
  addFile(filename: string, bytes: Buffer, options: { contentType?: string; checksum?: string } = {}): ServedFile {
    const key = randomUUID();
    const contentType = options.contentType ?? 'application/pdf';
    this.files.set(key, { bytes, contentType });
    return {
      filename,
      contentType,
      checksum: options.checksum ?? createHash('md5').update(bytes).digest('base64'),
      byteSizeBigInt: String(bytes.length),
      url: `${this.url}/rails/active_storage/blobs/${key}/${encodeURIComponent(filename)}`,
      createdAt: '2025-03-19T21:01:29+01:00',
    };
  }

  /** The next request `when` matches (any by default) fails so. */
  failNext(failure: Failure, when: (r: ServedRequest) => boolean = () => true): void {
    this.failures.push({ failure, when });
  }

  get graphqlRequests(): ServedRequest[] {
    return this.requests.filter((r) => r.query !== null);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    let body: Json = {};
    if (path === '/api/v2/graphql') {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json;
      } catch {
        return this.json(res, 400, { errors: [{ message: 'Invalid JSON' }] });
      }
    }
    const request: ServedRequest = {
      path,
      authorization: req.headers.authorization ?? null,
      operationName: typeof body.operationName === 'string' ? body.operationName : null,
      query: typeof body.query === 'string' ? body.query : null,
      variables: (body.variables as Json | undefined) ?? {},
    };
    this.requests.push(request);
    const index = this.failures.findIndex((f) => f.when(request));
    const failure = index >= 0 ? this.failures.splice(index, 1)[0]!.failure : undefined;
    if (failure && !('lost' in failure)) {
      if ('reset' in failure) {
        req.socket.destroy();
        return;
      }
      if ('drop' in failure) {
        // Headers and the start of an answer, then the connection is cut.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
        res.write('{"data":{"demarche":{"dossiers":{"nodes":[');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      res.writeHead(failure.status, { 'content-type': 'application/json', ...(failure.retryAfter === undefined ? {} : { 'retry-after': failure.retryAfter }) });
      res.end(failure.body ?? JSON.stringify({ errors: [{ message: `HTTP ${failure.status}` }] }));
      return;
    }
    if (path.startsWith('/rails/active_storage/blobs/')) {
      const file = this.files.get(path.split('/')[4] ?? '');
      if (!file) return this.json(res, 404, { error: 'not found' });
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.length) });
      res.end(file.bytes);
      return;
    }
    if (path.startsWith('/rails/active_storage/disk/') && req.method === 'PUT') return this.receive(req, res, path.split('/')[4] ?? '', Buffer.concat(chunks));
    if (path !== '/api/v2/graphql' || req.method !== 'POST') return this.json(res, 404, { error: 'not found' });
    const token = /^Bearer (.+)$/.exec(request.authorization ?? '')?.[1];
    const rights = token === undefined ? undefined : this.tokens.get(token);
    if (!rights) return this.json(res, 401, { errors: [{ message: 'Without a token, only persisted queries are allowed' }] });
    if (rights.expired) return this.json(res, 401, { errors: [{ message: 'Token expired' }] });
    const result = await graphql({
      schema: this.schema,
      source: request.query ?? '',
      variableValues: request.variables,
      operationName: request.operationName,
      rootValue: this.root(rights, request),
    });
    if (failure) {
      req.socket.destroy();
      return;
    }
    this.json(res, 200, result);
  }

  /** The bytes of a direct upload, refused (422) unless their size and MD5 are those announced. */
  private receive(req: IncomingMessage, res: ServerResponse, key: string, bytes: Buffer): void {
    const upload = this.uploads.get(key);
    if (!upload) return this.json(res, 404, { error: 'not found' });
    const md5 = createHash('md5').update(bytes).digest('base64');
    if (bytes.length !== upload.byteSize || md5 !== upload.checksum || req.headers['content-md5'] !== upload.checksum) {
      return this.json(res, 422, { error: 'checksum mismatch' });
    }
    upload.bytes = bytes;
    res.writeHead(204);
    res.end();
  }

  /**
   * A state change as the platform makes it: by an instructor of the dossier's group, from the
   * states it allows, with a justificatif only once its bytes are uploaded; refused in `errors`.
   */
  private change(field: string, input: Json, from: readonly string[], to: string) {
    const stored = [...this.dossiers.values()].find((d) => d.node.id === input.dossierId);
    if (!stored) throw new GraphQLError('Dossier not found', { extensions: { code: 'not_found' } });
    const node = stored.node;
    const refused = (message: string) => ({ dossier: null, errors: [{ message }] });
    const group = node.groupeInstructeur as { instructeurs: { id: string }[] };
    if (!group.instructeurs.some((i) => i.id === input.instructeurId)) return refused("L'instructeur n'a pas accès à ce dossier");
    if (!from.includes(node.state as string)) return refused(`Le dossier est déjà ${String(node.state).replace('_', ' ')}`);
    const justificatif = input.justificatif === undefined || input.justificatif === null ? null : this.uploads.get(String(input.justificatif));
    if (justificatif === undefined || justificatif?.bytes === null) return refused("Le justificatif n'a pas été envoyé");
    node.state = to;
    const now = new Date().toISOString();
    node.dateDerniereModification = now;
    if (to === 'en_instruction') {
      node.datePassageEnInstruction = now;
      node.dateTraitement = null;
    } else {
      node.dateTraitement = now;
      node.motivation = input.motivation ?? null;
    }
    this.actions.push({ field, dossierNumber: node.number as number, input });
    return { dossier: node, errors: null };
  }

  /** The mutations the push of decisions and of withdrawals sends. */
  private mutations(): Json {
    const decided = ['accepte', 'refuse', 'sans_suite'];
    return {
      createDirectUpload: ({ input }: { input: Json }) => {
        const key = randomUUID();
        this.uploads.set(key, {
          dossierId: String(input.dossierId),
          filename: String(input.filename),
          byteSize: Number(input.byteSize),
          checksum: String(input.checksum),
          contentType: String(input.contentType),
          bytes: null,
        });
        const headers = JSON.stringify({ 'Content-Type': input.contentType, 'Content-MD5': input.checksum });
        return { directUpload: { url: `${this.url}/rails/active_storage/disk/${key}`, headers, signedBlobId: key, blobId: key } };
      },
      dossierPasserEnInstruction: ({ input }: { input: Json }) => this.change('dossierPasserEnInstruction', input, ['en_construction'], 'en_instruction'),
      dossierRepasserEnInstruction: ({ input }: { input: Json }) => this.change('dossierRepasserEnInstruction', input, decided, 'en_instruction'),
      dossierAccepter: ({ input }: { input: Json }) => this.change('dossierAccepter', input, ['en_instruction'], 'accepte'),
      dossierRefuser: ({ input }: { input: Json }) => this.change('dossierRefuser', input, ['en_instruction'], 'refuse'),
      dossierClasserSansSuite: ({ input }: { input: Json }) => this.change('dossierClasserSansSuite', input, ['en_instruction'], 'sans_suite'),
      dossierEnvoyerMessage: ({ input }: { input: Json }) => {
        const stored = [...this.dossiers.values()].find((d) => d.node.id === input.dossierId);
        if (!stored) throw new GraphQLError('Dossier not found', { extensions: { code: 'not_found' } });
        const attachment = input.attachment ? this.uploads.get(String(input.attachment)) : null;
        if (attachment === undefined || attachment?.bytes === null) return { message: null, errors: [{ message: "La pièce jointe n'a pas été envoyée" }] };
        this.actions.push({ field: 'dossierEnvoyerMessage', dossierNumber: stored.node.number as number, input });
        const createdAt = new Date().toISOString();
        const file = attachment && {
          filename: attachment.filename,
          contentType: attachment.contentType,
          checksum: attachment.checksum,
          byteSizeBigInt: String(attachment.byteSize),
          url: `${this.url}/rails/active_storage/blobs/${String(input.attachment)}/${encodeURIComponent(attachment.filename)}`,
          createdAt,
        };
        const message = { id: randomUUID(), body: input.body, email: INSTRUCTEUR.email, createdAt, attachments: file ? [file] : [] };
        (stored.node.messages as Json[]).push(message);
        return { message, errors: null };
      },
    };
  }

  private json(res: ServerResponse, status: number, value: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  }

  private procedure(number: number, rights: TokenRights) {
    const procedure = this.procedures.get(number);
    if (!procedure) throw new GraphQLError('Demarche not found', { extensions: { code: 'not_found' } });
    if (rights.procedures && !rights.procedures.includes(number)) {
      throw new GraphQLError('An object of type Demarche was hidden due to permissions', { extensions: { code: 'unauthorized' } });
    }
    return procedure;
  }

  /** A page of dossiers as the platform gives it: by date of last change, then number. */
  private page(matches: (d: { procedure: number; node: Json }) => boolean, args: Json) {
    const first = Math.min(typeof args.first === 'number' ? args.first : 100, this.options.pageSize ?? 100);
    const after = typeof args.after === 'string' ? decodeCursor(args.after) : null;
    const since = typeof args.updatedSince === 'string' ? Date.parse(args.updatedSince) : null;
    const time = (node: Json) => Date.parse(node.dateDerniereModification as string);
    const key = (node: Json): Cursor => ({ at: node.dateDerniereModification as string, number: node.number as number });
    const before = (a: Cursor, b: Cursor) => Date.parse(a.at) - Date.parse(b.at) || a.number - b.number;
    const all = [...this.dossiers.values()]
      .filter((d) => matches(d) && (args.state == null || d.node.state === args.state) && (since === null || time(d.node) >= since))
      .map((d) => d.node)
      .sort((a, b) => before(key(a), key(b)))
      .filter((node) => after === null || before(key(node), after) > 0);
    const nodes = all.slice(0, first);
    const last = nodes.at(-1);
    return {
      nodes,
      pageInfo: { hasNextPage: all.length > first, hasPreviousPage: after !== null, endCursor: last ? encodeCursor(key(last)) : null, startCursor: null },
    };
  }

  private root(rights: TokenRights, request: ServedRequest): Json {
    const own = Object.fromEntries(Object.entries(this.options.root ?? {}).map(([name, resolve]) => [name, (args: Json) => resolve(args, request)]));
    return {
      demarche: ({ number }: { number: number }) => {
        const procedure = this.procedure(number, rights);
        return {
          id: `P${number}`,
          number,
          title: procedure.title,
          groupeInstructeurs: () => procedure.groups.map((g) => ({ id: `G${g.number}`, closed: false, instructeurs: [INSTRUCTEUR], ...g })),
          dossiers: (args: Json) => this.page((d) => d.procedure === number, args),
        };
      },
      groupeInstructeur: ({ number }: { number: number }) => {
        const found = [...this.procedures.entries()].find(([, p]) => p.groups.some((g) => g.number === number));
        if (!found) throw new GraphQLError('GroupeInstructeur not found', { extensions: { code: 'not_found' } });
        this.procedure(found[0], rights);
        const group = found[1].groups.find((g) => g.number === number)!;
        return { id: `G${number}`, closed: false, ...group, dossiers: (args: Json) => this.page((d) => (d.node.groupeInstructeur as Json).number === number, args) };
      },
      dossier: ({ number }: { number: number }) => {
        const found = this.dossiers.get(number);
        if (!found) throw new GraphQLError('Dossier not found', { extensions: { code: 'not_found' } });
        this.procedure(found.procedure, rights);
        return found.node;
      },
      ...this.mutations(),
      ...own,
    };
  }
}

/** A started server per test, closed afterwards. */
export function useDsServer(options: DsServerOptions = {}): () => Promise<DsServer> {
  const started: DsServer[] = [];
  afterEach(async () => {
    for (const server of started.splice(0)) await server.close();
  });
  return async () => {
    const server = await new DsServer(options).start();
    started.push(server);
    return server;
  };
}
