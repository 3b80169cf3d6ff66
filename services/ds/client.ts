/**
 * The GraphQL API of Démarches Simplifiées: one typed `request` per document the app carries,
 * and the downloads of the files dossiers point to. Every failure becomes a DsError naming, in
 * French, what is wrong and what to do; a 429 (or a gateway's 502–504) is waited out and retried.
 */
import { MAX_UPLOAD_BYTES } from '../../shared/upload';
import { md5Base64 } from '../files';
import type { DsProblem } from '../../shared/ds';
import { AppError, type ErrorCode } from '../../shared/result';

/** A query or mutation the app sends, with the types of its variables and of its answer's data. */
export interface DsDocument<Data, Variables> {
  readonly operationName: string;
  /** A query may be sent again; a mutation never (it may have been applied). */
  readonly mutation: boolean;
  readonly text: string;
  /** Never set: carries the types. */
  readonly types?: { data: Data; variables: Variables };
}

export function dsDocument<Data, Variables = Record<string, never>>(text: string): DsDocument<Data, Variables> {
  const [, kind, operationName] = /^\s*(query|mutation)\s+(\w+)/.exec(text) ?? [];
  if (!operationName) throw new Error('A document of the app starts with a named query or mutation.');
  return { operationName, mutation: kind === 'mutation', text };
}

const codes: Record<DsProblem, ErrorCode> = {
  token: 'VALIDATION',
  not_found: 'NOT_FOUND',
  forbidden: 'VALIDATION',
  network: 'CONFLICT',
  rate_limited: 'CONFLICT',
  server: 'CONFLICT',
  answer: 'CONFLICT',
};

/** A call to the platform that failed; `problem` says why, for callers that word it for their context. */
export class DsError extends AppError {
  constructor(
    readonly problem: DsProblem,
    message: string,
    /** The platform's own words, when it gave some. */
    readonly said: string[] = [],
  ) {
    super(codes[problem], message);
    this.name = 'DsError';
  }
}

export interface DsClientOptions {
  instanceUrl: string;
  token: string;
  /** How long one call may take before it is given up as a network failure. */
  timeoutMs?: number;
  /** Retries of a call answered 429 (or 502–504) before giving up. */
  retries?: number;
  /** Waits before a retry; the platform's Retry-After when it gives one. */
  wait?: (ms: number) => Promise<void>;
}

export interface DsFile {
  filename: string;
  /** Base64 of the MD5 of the content (Active Storage's checksum). */
  checksum: string;
  url: string;
}

export interface DsClient {
  readonly endpoint: string;
  request<Data, Variables>(document: DsDocument<Data, Variables>, variables: Variables): Promise<Data>;
  /** The file's bytes, refused unless their checksum is the one the platform gave. */
  download(file: DsFile): Promise<Buffer>;
  /** PUTs a file where a direct upload (createDirectUpload) said, with the headers it gave. */
  upload(url: string, headers: Record<string, string>, bytes: Uint8Array, filename: string): Promise<void>;
}

const MAX_WAIT_MS = 120_000;

/** Retry-After in seconds or as an HTTP date; without it, 1, 2, 4… seconds. */
function waitOf(response: Response, attempt: number, now: number): number {
  const header = response.headers.get('retry-after');
  const seconds = header === null ? NaN : Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : header && Number.isFinite(Date.parse(header)) ? Date.parse(header) - now : 1000 * 2 ** attempt;
  return Math.min(Math.max(ms, 0), MAX_WAIT_MS);
}

function networkError(error: unknown, instanceUrl: string, timeoutMs: number): DsError {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new DsError('network', `Démarches Simplifiées (${instanceUrl}) n'a pas répondu en ${timeoutMs / 1000} secondes : réessayez plus tard ; rien n'a été enregistré.`);
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  return new DsError(
    'network',
    `La connexion à Démarches Simplifiées (${instanceUrl}) a échoué ou a été coupée (${detail}) : vérifiez la connexion à internet et l'adresse de l'instance, puis réessayez ; rien n'a été enregistré.`,
  );
}

/** A connection reset before any answer: a kept-alive one the server closed while it was idle. */
function closedUnder(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE';
}

const TOKEN_REFUSED = "Démarches Simplifiées refuse le jeton d'accès : il est inconnu, révoqué ou expiré. Créez-en un nouveau dans votre profil sur la plateforme (« Jetons d'API ») et enregistrez-le ici.";

interface GraphqlError {
  message?: unknown;
  extensions?: { code?: unknown };
}

/** The errors of an answer as one DsError: the first problem the app can explain wins. */
function answerError(errors: GraphqlError[]): DsError {
  const said = errors.map((e) => (typeof e.message === 'string' ? e.message : '')).filter(Boolean);
  const codesSaid = errors.map((e) => e.extensions?.code);
  if (codesSaid.includes('not_found')) return new DsError('not_found', `Démarches Simplifiées ne trouve pas ce qui est demandé (${said.join(' ; ')}).`, said);
  if (codesSaid.some((c) => c === 'unauthorized' || c === 'forbidden')) {
    return new DsError('forbidden', `Le jeton est valable mais ne donne pas accès à ce qui est demandé (${said.join(' ; ')}).`, said);
  }
  return new DsError('answer', `Démarches Simplifiées a refusé la demande : ${said.join(' ; ') || 'erreur sans message'}.`, said);
}

export function dsClient(options: DsClientOptions): DsClient {
  const { instanceUrl, token, timeoutMs = 60_000, retries = 6 } = options;
  const wait = options.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const endpoint = `${instanceUrl}/api/v2/graphql`;

  /**
   * The response once it is neither a 429 nor a gateway's failure, after waiting as told. A
   * request that may be repeated is sent again once when the kept-alive connection it went on
   * had been closed by the server meanwhile.
   */
  async function send(url: string, init: RequestInit, repeatable: boolean): Promise<Response> {
    let resent = false;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
      } catch (error) {
        if (repeatable && !resent && closedUnder(error)) {
          resent = true;
          attempt--;
          continue;
        }
        throw networkError(error, instanceUrl, timeoutMs);
      }
      const transient = response.status === 429 || (response.status >= 502 && response.status <= 504);
      if (!transient) return response;
      await response.body?.cancel();
      if (attempt >= retries) {
        throw response.status === 429
          ? new DsError('rate_limited', `Démarches Simplifiées limite le nombre de demandes et refuse encore après ${retries} attentes : réessayez dans quelques minutes ; rien n'a été enregistré.`)
          : new DsError('server', `Démarches Simplifiées est indisponible (erreur ${response.status}) : réessayez plus tard ; rien n'a été enregistré.`);
      }
      await wait(waitOf(response, attempt, Date.now()));
    }
  }

  /** The body, a connection cut while it arrives being a network failure. */
  async function body(response: Response): Promise<Buffer> {
    try {
      return Buffer.from(await response.arrayBuffer());
    } catch (error) {
      throw networkError(error, instanceUrl, timeoutMs);
    }
  }

  return {
    endpoint,
    async request(document, variables) {
      const response = await send(
        endpoint,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: document.text, variables, operationName: document.operationName }),
        },
        !document.mutation,
      );
      const bytes = await body(response);
      if (response.status === 401 || response.status === 403) throw new DsError('token', TOKEN_REFUSED);
      let answer: { data?: unknown; errors?: GraphqlError[] };
      try {
        answer = JSON.parse(bytes.toString('utf8')) as typeof answer;
      } catch {
        throw response.ok
          ? new DsError('answer', `La réponse de Démarches Simplifiées est illisible (${endpoint}) : est-ce bien l'adresse d'une instance de la plateforme ?`)
          : new DsError('server', `Démarches Simplifiées a répondu par une erreur ${response.status} (${endpoint}) : vérifiez l'adresse de l'instance, ou réessayez plus tard.`);
      }
      if (Array.isArray(answer.errors) && answer.errors.length) throw answerError(answer.errors);
      if (!response.ok || typeof answer.data !== 'object' || answer.data === null) {
        throw new DsError('server', `Démarches Simplifiées a répondu par une erreur ${response.status} sans données (${endpoint}).`);
      }
      return answer.data as never;
    },
    async download(file) {
      // The URL is signed by the platform: the token is not sent to wherever it leads.
      const response = await send(file.url, { method: 'GET' }, true);
      if (!response.ok) {
        await response.body?.cancel();
        throw new DsError('server', `Le fichier « ${file.filename} » n'a pas pu être téléchargé (erreur ${response.status}) : son lien a peut-être expiré ; relancez la synchronisation.`);
      }
      const length = Number(response.headers.get('content-length'));
      if (length > MAX_UPLOAD_BYTES) {
        await response.body?.cancel();
        throw new DsError('answer', `Le fichier « ${file.filename} » dépasse 50 Mo : il n'est pas téléchargé.`);
      }
      const bytes = await body(response);
      if (md5Base64(bytes) !== file.checksum) {
        throw new DsError(
          'answer',
          `Le fichier « ${file.filename} » reçu ne correspond pas à son empreinte sur Démarches Simplifiées (téléchargement altéré ou incomplet) : il est refusé ; relancez la synchronisation.`,
        );
      }
      return bytes;
    },
    async upload(url, headers, bytes, filename) {
      // The URL is signed by the platform, as for a download: no token.
      // A PUT of the same bytes is idempotent: it may be sent again.
      const response = await send(url, { method: 'PUT', headers, body: bytes }, true);
      await response.body?.cancel();
      if (!response.ok) {
        throw new DsError('server', `Le fichier « ${filename} » n'a pas pu être déposé sur Démarches Simplifiées (erreur ${response.status}) : réessayez plus tard.`);
      }
    },
  };
}
