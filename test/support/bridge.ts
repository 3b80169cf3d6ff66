/**
 * Test-only stand-in for Electron: serves the built renderer over HTTP and answers the
 * contract's methods at POST /api/<method>, so that a plain Chromium can drive the real UI
 * against the real services. Never shipped.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { methodNames } from '../../shared/contract/methods';
import type { Result } from '../../shared/result';
import { startRuntime, type Runtime } from '../../services/runtime';
import { recordingDesktop, type RecordingDesktop } from './desktop';

export interface Bridge {
  /** http://127.0.0.1:<port>, without a trailing slash. */
  url: string;
  runtime: Runtime;
  /** With `desktop`: what the app asked of the system (open, print, show, dialogs), in order. */
  desktop: RecordingDesktop | null;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

const MAX_BODY_BYTES = 1024 * 1024;

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}

function sendResult(response: ServerResponse, status: number, result: Result<unknown>): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(result));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('Requête trop volumineuse.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function answerApi(runtime: Runtime, method: string, request: IncomingMessage, response: ServerResponse) {
  let input: unknown;
  try {
    const body = await readBody(request);
    input = body === '' ? {} : JSON.parse(body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    sendResult(response, 400, {
      ok: false,
      error: { code: 'VALIDATION', message: `Corps de requête illisible : ${message}` },
    });
    return;
  }
  sendResult(response, 200, await runtime.dispatch(method, input));
}

/** Resolves a URL path inside `root`, or null when it would leave it. */
function staticFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = resolve(root, `.${decoded.endsWith('/') ? `${decoded}index.html` : decoded}`);
  const inside = relative(root, file);
  return inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside) ? null : file;
}

async function serveStatic(root: string, urlPath: string, response: ServerResponse) {
  const file = staticFile(root, urlPath);
  const type = file && contentTypes[extname(file).toLowerCase()];
  if (!file || !type) {
    send(response, 404, 'text/plain; charset=utf-8', 'Introuvable');
    return;
  }
  try {
    send(response, 200, type, await readFile(file));
  } catch {
    send(response, 404, 'text/plain; charset=utf-8', 'Introuvable');
  }
}

export async function startBridge(options: {
  databasePath: string;
  rendererDir: string;
  /** Where the recorded dialogs save; without it, nothing opens and the app says where files are, as in the CLI. */
  saveDir?: string;
}): Promise<Bridge> {
  const root = resolve(options.rendererDir);
  const desktop = options.saveDir === undefined ? null : recordingDesktop(options.saveDir);
  const runtime = await startRuntime(options.databasePath, {
    actor: 'test-e2e',
    ...(desktop ? { openPath: desktop.openPath, desktop: desktop.desktop } : {}),
  });
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
    const isApi = pathname.startsWith('/api/');
    if (request.method !== (isApi ? 'POST' : 'GET')) {
      send(response, 405, 'text/plain; charset=utf-8', 'Méthode non autorisée');
    } else if (isApi) {
      await answerApi(runtime, pathname.slice('/api/'.length), request, response);
    } else {
      await serveStatic(root, pathname, response);
    }
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', String(error));
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    runtime,
    desktop,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await runtime.close();
    },
  };
}

/**
 * Gives the page (or every page of a context: the app's windows) the `window.api` the preload
 * gives the app, forwarding each method to the bridge.
 */
export async function installApi(target: Page | BrowserContext): Promise<void> {
  await target.addInitScript((names: readonly string[]) => {
    const api: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const name of names) {
      api[name] = async (input) => {
        const response = await fetch(`/api/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
        return response.json();
      };
    }
    // globalThis is the page's window; the test code is type-checked without the DOM library.
    Object.defineProperty(globalThis, 'api', { value: Object.freeze(api) });
  }, methodNames);
}
