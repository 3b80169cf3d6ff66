// Pure security policy of the main process. Only types come from 'electron', so that every rule
// here is unit-tested without the Electron runtime; index.ts applies them.
import type { BrowserWindowConstructorOptions, CustomScheme } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'commission';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Sent as a header by the app:// protocol. Both this header and the renderer's meta tag apply,
 * so they must stay equal (a test checks it): a hash added to one only would still be blocked.
 * The style hash is react-dsfr's one inline <style> (see renderer/index.html).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'sha256-HzhUjVBe6Oi2wcxUM7bmy2Rp9VdLMHYDdYr9MalNmOY='",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  // Document previews: a PDF the page made into a blob: URL, shown in an <iframe> by Chromium's viewer.
  "frame-src blob:",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** A standard, secure scheme (own origin, relative URLs, fetch) with no bypass of CSP or CORS. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

const DEV_SERVER_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The electron-vite dev server URL, honoured only for an unpackaged app and a loopback http
 * address: an environment variable must never point the window, and its IPC access, elsewhere.
 */
export function devServerUrl(value: string | undefined, isPackaged: boolean): URL | undefined {
  if (isPackaged || !value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' && DEV_SERVER_HOSTS.includes(url.hostname) ? url : undefined;
}

/** The origins whose pages may be shown and may call the API. */
export function trustedOrigins(devServer: URL | undefined): string[] {
  return devServer ? [APP_ORIGIN, devServer.origin] : [APP_ORIGIN];
}

/**
 * scheme://host[:port], computed by hand because Node's URL gives the origin "null" to custom
 * schemes such as app://, whereas Chromium treats a standard scheme like http.
 */
function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    // A blob: URL names the origin of the page that made it, and only that page can make one.
    if (parsed.protocol === 'blob:') return originOf(parsed.pathname);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : undefined;
  } catch {
    return undefined;
  }
}

function isTrustedUrl(url: string, origins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== undefined && origins.includes(origin);
}

type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * Creates the main window. The constructor is passed in so that tests can capture the options,
 * and the options stay a literal next to `new BrowserWindow` where electronegativity checks them.
 */
export function createMainWindow<W>(BrowserWindow: WindowConstructor<W>, preload: string): W {
  return new BrowserWindow({
    title: 'Commission',
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload,
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
    },
  });
}

/** Where the projector window goes: the room's screen, when one is connected. */
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The projector view of a session: the one window the app opens besides its own. */
export function isProjectorUrl(url: string, origins: readonly string[]): boolean {
  if (!isTrustedUrl(url, origins)) return false;
  return /^#\/seances\/\d+\/projection(\?point=\d+)?$/.test(new URL(url).hash);
}

type WindowOpenDecision =
  | { action: 'deny' }
  | { action: 'allow'; overrideBrowserWindowOptions: BrowserWindowConstructorOptions };

/**
 * Every new window is refused but the projector view, opened full screen on the external
 * display; it inherits the opener's secure web preferences and gets the same guards.
 */
export function windowOpenDecision(url: string, origins: readonly string[], externalDisplay?: Bounds): WindowOpenDecision {
  if (!isProjectorUrl(url, origins)) return { action: 'deny' };
  return {
    action: 'allow',
    overrideBrowserWindowOptions: {
      title: 'Commission — affichage salle',
      autoHideMenuBar: true,
      backgroundColor: '#ffffff',
      ...(externalDisplay ? { ...externalDisplay, fullscreen: true } : { width: 1280, height: 720 }),
    },
  };
}

interface PreventableEvent {
  preventDefault(): void;
}

interface NavigationEvent extends PreventableEvent {
  readonly url: string;
}

/** The part of a session that grants web permissions. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

/** The part of Electron's WebContents that the guards use. */
export interface GuardedContents {
  on(
    event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect',
    listener: (event: NavigationEvent) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenDecision): void;
  readonly session: PermissionSession;
}

/**
 * Installed on every web contents: no navigation away from the app, no new window but the projector, no
 * <webview>, and no permission (camera, notifications, clipboard reading…) is ever granted.
 */
export function installGuards(
  contents: GuardedContents,
  origins: readonly string[],
  externalDisplay: () => Bounds | undefined = () => undefined,
): void {
  const stayInApp = (event: NavigationEvent): void => {
    if (!isTrustedUrl(event.url, origins)) event.preventDefault();
  };
  // will-navigate is the main frame's event; will-frame-navigate adds sub-frames, will-redirect
  // server redirects.
  contents.on('will-navigate', stayInApp);
  contents.on('will-frame-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.setWindowOpenHandler(({ url }) => windowOpenDecision(url, origins, externalDisplay()));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}

/** The part of Electron's WebFrameMain that identifies an IPC sender. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/** Only the top frame of a page of the app may call the API; sub-frames never. */
export function isTrustedSender(frame: SenderFrame | null | undefined, origins: readonly string[]): boolean {
  return frame != null && frame.parent === null && isTrustedUrl(frame.url, origins);
}
