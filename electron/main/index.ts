// Electron main process: wires windows, the app:// protocol and IPC; behaviour lives in services/.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, screen, shell } from 'electron';
import { DatabaseOpenError } from '../../db/open';
import { AppError } from '../../shared/result';
import { leaveUnsaved } from '../../shared/unsaved';
import { DATABASE_FILE, defaultDataDir } from '../../services/paths';
import { startRuntime, type Runtime } from '../../services/runtime';
import type { Desktop } from '../../services/context';
import { CONNECTION_FILE, sharedDatabaseAt, type SecretStore } from '../../services/connection';
import { printWithSystem } from '../../services/system-print';
import { nativeBindingPath } from '../native-binding.mjs';
import { registerApiHandlers } from './ipc';
import { applicationMenuTemplate } from './menu';
import { createAppProtocolHandler } from './protocol';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createMainWindow,
  devServerUrl,
  installGuards,
  trustedOrigins,
} from './security';

// Both must happen before the app is ready.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

const devServer = devServerUrl(process.env.ELECTRON_RENDERER_URL, app.isPackaged);
const origins = trustedOrigins(devServer);
let mainWindow: BrowserWindow | undefined;
let runtime: Runtime | undefined;

function abort(title: string, message: string): void {
  dialog.showErrorBox(title, message);
  app.quit();
}

/** Attachments, documents and e-mail drafts open in the user's own programs (PDF reader, mail client). */
async function openWithSystemViewer(path: string): Promise<void> {
  const failure = await shell.openPath(path);
  if (failure) throw new AppError('INTERNAL', `Impossible d'ouvrir « ${path} » : ${failure}`);
}

/** The shell and the dialogs, for the documents the user takes in hand. */
const desktop: Desktop = {
  showInFolder: async (path) => shell.showItemInFolder(path),
  print: (path) => printWithSystem(path),
  chooseSavePath: async (defaultName, filter) => {
    const options = { defaultPath: join(app.getPath('documents'), defaultName), filters: [filter] };
    const chosen = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
    return chosen.canceled || !chosen.filePath ? null : chosen.filePath;
  },
  chooseFolder: async (title) => {
    const options = { title, defaultPath: app.getPath('documents'), properties: ['openDirectory' as const, 'createDirectory' as const] };
    const chosen = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
  },
  // After the IPC answer has gone: quitting closes the database (will-quit) before the new process opens one.
  relaunch: () =>
    setImmediate(() => {
      app.relaunch();
      app.quit();
    }),
};

async function start(): Promise<void> {
  const appPath = app.getAppPath();
  const electronVersion = process.versions.electron;
  const nativeBinding = nativeBindingPath(appPath, electronVersion, process.platform, process.arch);
  if (!existsSync(nativeBinding)) {
    abort(
      'Commission ne peut pas démarrer',
      `Le module SQLite compilé pour Electron ${electronVersion} est introuvable :\n${nativeBinding}\n\n` +
        'Lancez l’application avec « npm start », qui le prépare.',
    );
    return;
  }
  // The OS keychain seals the shared database's password (DPAPI on Windows).
  const secrets: SecretStore | undefined = safeStorage.isEncryptionAvailable()
    ? {
        seal: (secret) => safeStorage.encryptString(secret).toString('base64'),
        open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
      }
    : undefined;
  const localDir = defaultDataDir();
  try {
    const shared = sharedDatabaseAt(localDir, secrets);
    runtime = await startRuntime(shared?.url ?? join(localDir, DATABASE_FILE), {
      ...(shared ? { files: shared.files, ...(shared.filesFolder ? { dataDir: shared.filesFolder } : {}) } : {}),
      localDir,
      secrets,
      nativeBinding,
      onInternalError: (method, error) => console.error(`Erreur interne pendant « ${method} » :`, error),
      openPath: openWithSystemViewer,
      desktop,
    });
  } catch (error) {
    const why =
      error instanceof DatabaseOpenError || error instanceof AppError
        ? error.message
        : `Ouverture de la base de données impossible : ${error instanceof Error ? error.message : String(error)}`;
    // From a shared database that cannot be opened, the way back to this machine's own.
    const back = existsSync(join(localDir, CONNECTION_FILE))
      ? `\n\nPour revenir à la base de ce poste, supprimez le fichier :\n${join(localDir, CONNECTION_FILE)}`
      : '';
    abort('Base de données inaccessible', `${why}${back}`);
    return;
  }

  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(appPath, 'out', 'renderer')));
  registerApiHandlers(ipcMain, runtime.dispatch, origins);
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(process.platform, devServer !== undefined)));

  const window = createMainWindow(BrowserWindow, join(appPath, 'out', 'preload', 'index.cjs'));
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  // A screen holding unsaved changes holds the window's closing or reloading: the user decides.
  window.webContents.on('will-prevent-unload', (event) => {
    const { title, body, leave, stay } = leaveUnsaved;
    const answer = dialog.showMessageBoxSync(window, { type: 'question', title, message: title, detail: body, buttons: [leave, stay], defaultId: 1, cancelId: 1, noLink: true });
    if (answer === 0) event.preventDefault();
  });
  window.on('closed', () => {
    mainWindow = undefined;
  });
  await window.loadURL(devServer?.href ?? APP_ENTRY_URL);
}

if (!app.requestSingleInstanceLock()) {
  // Two processes writing the same SQLite file would each hold a stale view; focus the first.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // The projector view goes to the room's screen: any display but the primary one.
  const externalDisplay = () => screen.getAllDisplays().find((d) => d.id !== screen.getPrimaryDisplay().id)?.bounds;
  app.on('web-contents-created', (_event, contents) => installGuards(contents, origins, externalDisplay));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    const open = runtime;
    if (!open) return;
    // Close the database (and checkpoint its WAL) before the process ends.
    runtime = undefined;
    event.preventDefault();
    void open.close().finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) =>
      abort('Erreur au démarrage', `Commission n’a pas pu démarrer : ${error instanceof Error ? error.message : String(error)}`),
    );
}
