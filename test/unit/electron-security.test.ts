import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerApiHandlers, type InvokeRegistry } from '../../electron/main/ipc';
import { applicationMenuTemplate } from '../../electron/main/menu';
import { createAppProtocolHandler, resolveAppPath } from '../../electron/main/protocol';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  windowOpenDecision,
  CONTENT_SECURITY_POLICY,
  createMainWindow,
  devServerUrl,
  installGuards,
  isTrustedSender,
  trustedOrigins,
  type GuardedContents,
  type SenderFrame,
} from '../../electron/main/security';
import { methodNames } from '../../shared/contract/methods';
import type { Result } from '../../shared/result';

const DEV = 'http://localhost:5173';
const ORIGINS = trustedOrigins(new URL(`${DEV}/`));

describe('main window', () => {
  function capture(): BrowserWindowConstructorOptions {
    let options: BrowserWindowConstructorOptions | undefined;
    createMainWindow(
      class {
        constructor(given: BrowserWindowConstructorOptions) {
          options = given;
        }
      },
      '/app/out/preload/index.cjs',
    );
    return options!;
  }

  it('follows the Electron security checklist', () => {
    expect(capture().webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });

  it('is titled Commission and shown once painted', () => {
    expect(capture()).toMatchObject({ title: 'Commission', show: false });
  });
});

describe('content security policy', () => {
  const metaPolicy = (html: string): string | undefined =>
    /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1];

  it('is the one of the renderer’s meta tag, since the stricter of the two would win', () => {
    expect(metaPolicy(readFileSync(resolve('renderer/index.html'), 'utf8'))).toBe(CONTENT_SECURITY_POLICY);
  });

  it('allows nothing but the app itself', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((directive) => {
        const [name, ...sources] = directive.trim().split(/\s+/);
        return [name!, sources] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*|https?:/);
  });
});

describe('dev server URL', () => {
  it('is honoured for a loopback http address of an unpackaged app', () => {
    expect(devServerUrl('http://localhost:5173/', false)?.origin).toBe(DEV);
    expect(devServerUrl('http://127.0.0.1:5173', false)?.origin).toBe('http://127.0.0.1:5173');
  });

  it.each([
    ['packaged app', 'http://localhost:5173/', true],
    ['remote host', 'http://example.org/', false],
    ['https to a remote host', 'https://localhost.example.org/', false],
    ['file URL', 'file:///etc/passwd', false],
    ['not a URL', 'localhost:5173', false],
    ['unset', undefined, false],
  ])('is ignored for a %s', (_case, value, isPackaged) => {
    expect(devServerUrl(value, isPackaged)).toBeUndefined();
  });

  it('adds its origin to the trusted ones, and only then', () => {
    expect(trustedOrigins(undefined)).toEqual([APP_ORIGIN]);
    expect(ORIGINS).toEqual([APP_ORIGIN, DEV]);
  });
});

type Listener = (event: { url: string; preventDefault(): void }) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  let requestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
  let checkHandler: (() => boolean) | undefined;
  const contents: GuardedContents = {
    on: (event: string, listener: Listener) => listeners.set(event, listener),
    setWindowOpenHandler: (handler) => {
      openHandler = handler;
    },
    session: {
      setPermissionRequestHandler: (handler) => {
        requestHandler = handler;
      },
      setPermissionCheckHandler: (handler) => {
        checkHandler = handler;
      },
    },
  };
  installGuards(contents, ORIGINS);
  /** Fires an event and says whether the guard prevented it. */
  const fire = (event: string, url = ''): boolean => {
    const preventDefault = vi.fn();
    listeners.get(event)!({ url, preventDefault });
    return preventDefault.mock.calls.length > 0;
  };
  return { fire, openHandler: openHandler!, requestHandler: requestHandler!, checkHandler: checkHandler! };
}

describe('web contents guards', () => {
  const navigationEvents = ['will-navigate', 'will-frame-navigate', 'will-redirect'];

  it.each(navigationEvents)('%s: allows the app and the dev server', (event) => {
    const { fire } = fakeContents();
    expect(fire(event, `${APP_ORIGIN}/index.html#/dossiers`)).toBe(false);
    expect(fire(event, `${DEV}/index.html`)).toBe(false);
  });

  it.each(navigationEvents)('%s: denies everything else', (event) => {
    const { fire } = fakeContents();
    for (const url of [
      'https://example.org/',
      'http://localhost:5174/',
      'app://other/index.html',
      'file:///etc/passwd',
      'about:blank',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(fire(event, url), url).toBe(true);
    }
  });

  it('lets a page frame a PDF it made itself (blob: of its own origin), and no other blob:', () => {
    const { fire } = fakeContents();
    expect(fire('will-frame-navigate', `${APP_ORIGIN.replace('app:', 'blob:app:')}/3f2a9c1e-0000-4000-8000-000000000000`)).toBe(false);
    expect(fire('will-frame-navigate', 'blob:https://evil.example/3f2a9c1e-0000-4000-8000-000000000000')).toBe(true);
  });

  it('denies every new window but the projector view of a session', () => {
    const { openHandler } = fakeContents();
    expect(openHandler({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: `${APP_ORIGIN}/index.html#/dossiers` })).toEqual({ action: 'deny' });
    expect(openHandler({ url: `${APP_ORIGIN}/index.html#/seances/3/projection` })).toMatchObject({
      action: 'allow',
      overrideBrowserWindowOptions: { title: 'Commission — affichage salle' },
    });
    expect(windowOpenDecision(`${APP_ORIGIN}/index.html#/seances/3/projection?point=2`, [APP_ORIGIN], { x: 1920, y: 0, width: 1280, height: 720 })).toMatchObject({
      action: 'allow',
      overrideBrowserWindowOptions: { x: 1920, fullscreen: true },
    });
    expect(windowOpenDecision('https://evil.example/#/seances/3/projection', [APP_ORIGIN])).toEqual({ action: 'deny' });
  });

  it('denies attaching a <webview>', () => {
    expect(fakeContents().fire('will-attach-webview')).toBe(true);
  });

  it('denies every permission request and check', () => {
    const { requestHandler, checkHandler } = fakeContents();
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      requestHandler({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    }
    expect(checkHandler()).toBe(false);
  });
});

describe('IPC sender', () => {
  const top = (url: string): SenderFrame => ({ url, parent: null });

  it('accepts the top frame of the app or of the dev server', () => {
    expect(isTrustedSender(top(`${APP_ORIGIN}/index.html`), ORIGINS)).toBe(true);
    expect(isTrustedSender(top(`${DEV}/`), ORIGINS)).toBe(true);
  });

  it('refuses another origin, a sub-frame, or a missing frame', () => {
    expect(isTrustedSender(top('https://example.org/'), ORIGINS)).toBe(false);
    expect(isTrustedSender(top('file:///app/out/renderer/index.html'), ORIGINS)).toBe(false);
    expect(isTrustedSender(top(`${DEV}/`), [APP_ORIGIN])).toBe(false);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, parent: top(APP_ENTRY_URL) }, ORIGINS)).toBe(false);
    expect(isTrustedSender(null, ORIGINS)).toBe(false);
    expect(isTrustedSender(undefined, ORIGINS)).toBe(false);
  });
});

describe('IPC handlers', () => {
  type Handler = Parameters<InvokeRegistry['handle']>[1];

  function register(dispatch = vi.fn(async () => ({ ok: true, value: 'réponse' }) as Result<unknown>)) {
    const handlers = new Map<string, Handler>();
    registerApiHandlers({ handle: (channel, listener) => handlers.set(channel, listener) }, dispatch, ORIGINS);
    return { handlers, dispatch };
  }

  const fromApp = { senderFrame: { url: APP_ENTRY_URL, parent: null } };

  it('registers one channel per contract method', () => {
    expect([...register().handlers.keys()]).toEqual(methodNames.map((name) => `api:${name}`));
  });

  it('dispatches a call from the app and returns its Result', async () => {
    const { handlers, dispatch } = register();
    await expect(handlers.get('api:settings.get')!(fromApp, { a: 1 })).resolves.toEqual({ ok: true, value: 'réponse' });
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('settings.get', { a: 1 });
  });

  it('refuses a foreign sender with a failed Result, without dispatching', async () => {
    const { handlers, dispatch } = register();
    const result = await handlers.get('api:settings.update')!(
      { senderFrame: { url: 'https://example.org/', parent: null } },
      {},
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: 'Appel « settings.update » refusé : il ne vient pas de la fenêtre principale de Commission.',
      },
    });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('never throws: a failure becomes an INTERNAL Result', async () => {
    const { handlers } = register(vi.fn(async () => Promise.reject(new Error('disque plein'))));
    await expect(handlers.get('api:app.info')!(fromApp, {})).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Erreur interne pendant « app.info » : disque plein' },
    });
    const disposed = {
      get senderFrame(): SenderFrame {
        throw new Error('Render frame was disposed');
      },
    };
    await expect(handlers.get('api:app.info')!(disposed, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });
});

describe('app:// path resolution', () => {
  const root = join('/srv', 'renderer');

  it.each([
    ['app://commission/', 'index.html'],
    ['app://commission', 'index.html'],
    ['app://commission/index.html?x=1#/dossiers', 'index.html'],
    ['app://commission/assets/index-DwU0GHag.js', join('assets', 'index-DwU0GHag.js')],
    ['app://commission/assets/Marianne-Bold_Italic-BWnPOpjP.woff2', join('assets', 'Marianne-Bold_Italic-BWnPOpjP.woff2')],
    // The URL parser resolves these dot segments itself: the path stays under the root.
    ['app://commission/../../etc/passwd', join('etc', 'passwd')],
    ['app://commission/%2e%2e/%2E%2E/etc/passwd', join('etc', 'passwd')],
  ])('%s → %s', (url, file) => {
    expect(resolveAppPath(root, url)).toEqual({ status: 200, file: join(root, file) });
  });

  it.each([
    'app://commission/..%2f..%2fetc%2fpasswd',
    'app://commission/assets/..%5c..%5cwindows%5cwin.ini',
    'app://commission/%2e%2e%2fsecret',
    'app://commission/C:%5cWindows%5cwin.ini',
    'app://commission/index.html%00.png',
    'app://commission/.env',
    'app://commission/assets/%20..',
  ])('refuses %s', (url) => {
    expect(resolveAppPath(root, url)).toEqual({ status: 403 });
  });

  it('knows no other host or scheme', () => {
    expect(resolveAppPath(root, 'app://other/index.html')).toEqual({ status: 404 });
    expect(resolveAppPath(root, 'file:///srv/renderer/index.html')).toEqual({ status: 404 });
  });

  it('rejects a malformed escape', () => {
    expect(resolveAppPath(root, 'app://commission/%E0%A4%A')).toEqual({ status: 400 });
  });
});

describe('app:// protocol handler', () => {
  let root: string;
  const get = (url: string) => createAppProtocolHandler(root)({ url, method: 'GET' });

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'commission-renderer-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Commission</title>');
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves index.html for / with the CSP header', async () => {
    const response = await get('app://commission/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('<!doctype html><title>Commission</title>');
  });

  it('serves assets with their type', async () => {
    const response = await get('app://commission/assets/index-abc.js');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('answers 404 for an unknown file, a directory, or a path outside the build', async () => {
    expect((await get('app://commission/absent.js')).status).toBe(404);
    expect((await get('app://commission/assets')).status).toBe(404);
    expect((await get('app://commission/../../etc/passwd')).status).toBe(404);
  });

  it('answers 403 for a traversal attempt and 405 for anything but GET', async () => {
    expect((await get('app://commission/..%2f..%2fetc%2fpasswd')).status).toBe(403);
    const post = await createAppProtocolHandler(root)({ url: 'app://commission/', method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('answers 500 when a file cannot be read', async () => {
    const denied = Object.assign(new Error('EACCES'), { code: 'EACCES' });
    const handler = createAppProtocolHandler(root, () => Promise.reject(denied));
    expect((await handler({ url: 'app://commission/', method: 'GET' })).status).toBe(500);
  });
});

describe('application menu', () => {
  const items = (template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    template.flatMap((item) => [item, ...items(Array.isArray(item.submenu) ? item.submenu : [])]);

  it.each(['darwin', 'win32', 'linux'] as const)('labels every item in French (%s)', (platform) => {
    for (const item of items(applicationMenuTemplate(platform, true))) {
      if (item.type !== 'separator') expect(item.label, item.role).toBeTruthy();
    }
  });

  it('offers the developer tools only with the dev server', () => {
    const roles = (dev: boolean) => items(applicationMenuTemplate('linux', dev)).map((item) => item.role);
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
  });
});
