// Runs the built main process (out/main/index.js) under Node with a stand-in for the 'electron'
// module, since the Electron binary cannot run here: this checks that the bundle loads, opens
// the database with the native binding, serves app:// and answers IPC, and reports errors.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nativeBindingPath } from '../../electron/native-binding.mjs';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security';

const ELECTRON_VERSION = '45.4.1';
const MAIN_BUNDLE = resolve('out/main/index.js');

/** The stand-in: records what main does, then plays a short session once the window loads. */
const FAKE_ELECTRON = `
import { EventEmitter } from 'node:events';
Object.defineProperty(process.versions, 'electron', { value: '${ELECTRON_VERSION}', enumerable: true });
const report = { errors: [] };
const ipc = new Map();
const protocols = new Map();
const preventable = (fields) => ({ ...fields, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } });

class FakeApp extends EventEmitter {
  isPackaged = false;
  getAppPath() { return process.env.FAKE_APP_PATH; }
  requestSingleInstanceLock() { return true; }
  enableSandbox() { report.sandbox = true; }
  whenReady() { return Promise.resolve(); }
  relaunch() { report.relaunched = true; }
  quit() {
    const event = preventable({});
    this.emit('will-quit', event);
    if (!event.defaultPrevented) console.log('REPORT ' + JSON.stringify(report));
  }
}
export const app = new FakeApp();
// The answers the user gives to the questions main asks, in turn.
const answers = [];
export const dialog = {
  showErrorBox: (title, message) => report.errors.push({ title, message }),
  showMessageBoxSync: (_window, options) => {
    report.question = options;
    return answers.shift() ?? options.cancelId;
  },
};
export const ipcMain = { handle: (channel, listener) => ipc.set(channel, listener) };
export const shell = { openPath: async () => '' };
// As on a Linux session without a keyring: no password can be sealed.
export const safeStorage = { isEncryptionAvailable: () => false };
export const screen = { getAllDisplays: () => [{ id: 1, bounds: { x: 0, y: 0, width: 1280, height: 800 } }], getPrimaryDisplay: () => ({ id: 1 }) };
export const Menu = {
  buildFromTemplate: (template) => template,
  setApplicationMenu: (menu) => { report.menu = menu.map((item) => item.label); },
};
export const protocol = {
  registerSchemesAsPrivileged: (schemes) => { report.schemes = schemes; },
  handle: (scheme, handler) => protocols.set(scheme, handler),
};

function fakeContents() {
  const contents = new EventEmitter();
  contents.setWindowOpenHandler = (handler) => { contents.openHandler = handler; };
  contents.session = {
    setPermissionRequestHandler: (handler) => { contents.requestHandler = handler; },
    setPermissionCheckHandler: (handler) => { contents.checkHandler = handler; },
  };
  return contents;
}

async function playSession(contents) {
  const index = await protocols.get('app')({ url: 'app://commission/', method: 'GET' });
  report.index = { status: index.status, csp: index.headers.get('content-security-policy'), html: await index.text() };
  const top = { senderFrame: { url: 'app://commission/index.html', parent: null } };
  report.info = await ipc.get('api:app.info')(top, {});
  report.invalid = await ipc.get('api:audit.list')(top, { limit: 0 });
  report.foreign = await ipc.get('api:settings.get')({ senderFrame: { url: 'https://example.org/', parent: null } }, {});
  const navigation = preventable({ url: 'https://example.org/' });
  contents.emit('will-navigate', navigation);
  report.navigationPrevented = navigation.defaultPrevented;
  report.windowOpen = contents.openHandler({ url: 'https://example.org/' });
  // A page with unsaved changes held its unloading: the window closes only if the user leaves.
  const unload = (answer) => {
    answers.push(answer);
    const event = preventable({});
    contents.emit('will-prevent-unload', event);
    return event.defaultPrevented;
  };
  report.unloadGoesOn = { stay: unload(1), leave: unload(0) };
  report.channels = [...ipc.keys()];
  report.connection = await ipc.get('api:connection.get')(top, {});
  // Answers, then relaunches and quits: the report is printed once the database is closed.
  report.restart = await ipc.get('api:connection.restart')(top, {});
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    report.window = options;
    this.webContents = fakeContents();
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url) {
    report.loaded = url;
    setImmediate(() => playSession(this.webContents).catch((error) => console.log('SESSION ' + error.stack)));
  }
  show() {}
}
`;

const HOOKS = `
export async function resolve(specifier, context, next) {
  return specifier === 'electron' ? { url: new URL('./electron.mjs', import.meta.url).href, shortCircuit: true } : next(specifier, context);
}
`;

let work: string;

interface Setup {
  nativeBinding: boolean;
  /** A directory where the database file should be: SQLite cannot open it. */
  unusableDatabase?: boolean;
}

/** Runs the main bundle with the stand-in; returns what it recorded. */
function runMain(setup: Setup): Record<string, unknown> & { errors: { title: string; message: string }[] } {
  work = mkdtempSync(join(tmpdir(), 'commission-main-'));
  if (setup.unusableDatabase) mkdirSync(join(work, 'data', 'commission.sqlite'), { recursive: true });
  const appPath = join(work, 'app');
  mkdirSync(appPath);
  symlinkSync(resolve('out'), join(appPath, 'out'));
  if (setup.nativeBinding) {
    // Under Node, the Node build of better-sqlite3 stands in for the Electron one.
    const binding = nativeBindingPath(appPath, ELECTRON_VERSION, process.platform, process.arch);
    mkdirSync(join(binding, '..'), { recursive: true });
    copyFileSync(
      join(createRequire(import.meta.url).resolve('better-sqlite3/package.json'), '..', 'build', 'Release', 'better_sqlite3.node'),
      binding,
    );
  }
  writeFileSync(join(work, 'electron.mjs'), FAKE_ELECTRON);
  writeFileSync(join(work, 'hooks.mjs'), HOOKS);
  writeFileSync(
    join(work, 'register.mjs'),
    `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
  );
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(join(work, 'register.mjs')).href, MAIN_BUNDLE], {
    encoding: 'utf8',
    env: { ...process.env, FAKE_APP_PATH: appPath, COMMISSION_DATA_DIR: join(work, 'data') },
    timeout: 30_000,
  });
  const line = result.stdout.split('\n').find((l) => l.startsWith('REPORT '));
  if (!line) throw new Error(`The main process reported nothing.\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(line.slice('REPORT '.length));
}

describe('main process bundle', () => {
  beforeAll(() => {
    if (!existsSync(MAIN_BUNDLE)) throw new Error('out/main/index.js is missing: run `npm run build` first.');
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('opens the database, serves app:// and answers IPC from the app only', () => {
    const report = runMain({ nativeBinding: true });
    expect(report.errors).toEqual([]);
    expect(report.sandbox).toBe(true);
    expect(report.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(report.loaded).toBe('app://commission/index.html');
    expect(report.window).toMatchObject({
      title: 'Commission',
      webPreferences: { sandbox: true, contextIsolation: true, preload: join(work, 'app', 'out', 'preload', 'index.cjs') },
    });
    expect(report.menu).toContain('Édition');
    expect(report.index).toMatchObject({ status: 200, csp: CONTENT_SECURITY_POLICY });
    expect((report.index as { html: string }).html).toContain('<div id="root">');
    expect(report.info).toMatchObject({ ok: true, value: { databasePath: join(work, 'data', 'commission.sqlite') } });
    expect(report.invalid).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(report.foreign).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(report.navigationPrevented).toBe(true);
    expect(report.windowOpen).toEqual({ action: 'deny' });
    expect(report.unloadGoesOn).toEqual({ stay: false, leave: true });
    expect(report.question).toMatchObject({
      title: 'Quitter sans enregistrer ?',
      detail: 'Les modifications de cette page ne sont pas enregistrées : elles seront perdues.',
      buttons: ['Quitter sans enregistrer', 'Rester sur la page'],
      cancelId: 1,
    });
    expect(report.channels).toContain('api:settings.update');
    expect(report.connection).toMatchObject({ ok: true, value: { connection: null, keychain: false, canRestart: true, current: { engine: 'sqlite' } } });
    expect(report.restart).toEqual({ ok: true, value: { restarting: true } });
    expect(report.relaunched).toBe(true);
  });

  it('explains in French, and quits, when the Electron build of SQLite is missing', () => {
    const report = runMain({ nativeBinding: false });
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]!.title).toBe('Commission ne peut pas démarrer');
    expect(report.errors[0]!.message).toContain(`Le module SQLite compilé pour Electron ${ELECTRON_VERSION} est introuvable`);
    expect(report.errors[0]!.message).toContain('npm start');
    expect(report.window).toBeUndefined();
  });

  it('shows the database error in French, and quits, when the file cannot be opened', () => {
    const report = runMain({ nativeBinding: true, unusableDatabase: true });
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]!.title).toBe('Base de données inaccessible');
    expect(report.errors[0]!.message).toContain("Impossible d'ouvrir la base de données");
    expect(report.window).toBeUndefined();
  });
});
