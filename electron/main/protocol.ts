// The app:// protocol: serves the built renderer (out/renderer) and nothing else.
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security';

export type Resolution = { status: 200; file: string } | { status: 400 | 403 | 404 };

/**
 * Vite's output names (name-hash.ext) and nothing else: no "..", no separator or drive letter,
 * no leading dot, so that joining the segments to the root can never leave it.
 */
const SAFE_SEGMENT = /^[\w@+~-][\w.@+~-]*$/;

/** Maps a request URL to a file under rootDir; "/" is index.html. */
export function resolveAppPath(rootDir: string, requestUrl: string): Resolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { status: 404 };
  let path: string;
  try {
    // Decoded, so that %2e%2e and %2f are judged as what the file system would see.
    path = decodeURIComponent(url.pathname);
  } catch {
    return { status: 400 };
  }
  const segments = path.split(/[\\/]/).filter((segment) => segment !== '');
  if (!segments.every((segment) => SAFE_SEGMENT.test(segment))) return { status: 403 };
  return { status: 200, file: join(rootDir, ...(segments.length > 0 ? segments : ['index.html'])) };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

const MISSING_FILE_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

function errorResponse(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/** The handler given to protocol.handle; it takes any request-like object, for tests. */
export function createAppProtocolHandler(
  rootDir: string,
  read: (file: string) => Promise<Uint8Array> = readFile,
): (request: { url: string; method: string }) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET') return errorResponse(405, 'Méthode non autorisée.');
    const resolution = resolveAppPath(rootDir, request.url);
    if (resolution.status !== 200) return errorResponse(resolution.status, 'Ressource refusée ou introuvable.');
    let body: Uint8Array;
    try {
      body = await read(resolution.file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code && MISSING_FILE_CODES.has(code)) return errorResponse(404, 'Ressource introuvable.');
      return errorResponse(500, 'Lecture impossible.');
    }
    return new Response(body, {
      headers: {
        'Content-Type': CONTENT_TYPES[extname(resolution.file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  };
}
