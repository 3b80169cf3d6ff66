// Windows packaging, `npm run dist` on a Windows machine with Internet access (electron-builder
// downloads Electron, NSIS and WiX). test/unit/build-config.test.ts reads this file.
import { readFileSync } from 'node:fs';
import type { Configuration } from 'electron-builder';
import { afterAllArtifactBuild, afterPack, beforePack, type Fuses } from './scripts/electron-builder-hooks';

export const ELECTRON_VERSION: string = JSON.parse(
  readFileSync(new URL('./node_modules/electron/package.json', import.meta.url), 'utf8'),
).version;

/**
 * Where the main process loads SQLite from (electron/native-binding.mjs, relative to the app),
 * for the arch being packed: one binary, not every build kept in native/. Named per platform
 * because electron-builder's ${platform} macro is the building machine's, not the target's.
 */
export function nativeBindingPattern(platform: NodeJS.Platform): string {
  return `native/electron-${ELECTRON_VERSION}-${platform}-\${arch}/better_sqlite3.node`;
}

export const FUSES = {
  // ELECTRON_RUN_AS_NODE, NODE_OPTIONS and --inspect would turn the signed app into a Node that
  // runs any script; the app never forks itself.
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  // Only the packed app.asar, whose header hash electron-builder writes into the executable.
  onlyLoadAppFromAsar: true,
  enableEmbeddedAsarIntegrityValidation: true,
  enableCookieEncryption: true,
  // The app is served from app://, never file://.
  grantFileProtocolExtraPrivileges: false,
  loadBrowserProcessSpecificV8Snapshot: false,
} satisfies Fuses;

const config: Configuration = {
  // Windows derives the installers' identity from it: never change it once shipped.
  appId: 'fr.sante.ars.commission',
  productName: 'Commission',
  electronVersion: ELECTRON_VERSION,
  directories: { output: 'out/dist', buildResources: 'build' },
  files: [
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    // better-sqlite3's Node build (tests, CLI) and its sources: the app loads the one in native/.
    '!node_modules/better-sqlite3/{build,deps,src}/**',
  ],
  asar: true,
  // A .node file cannot be loaded from inside the archive; Electron redirects app.asar/native/…
  // to app.asar.unpacked/native/…, so the main process keeps its one path.
  asarUnpack: ['native/**'],
  // Rebuilding would overwrite node_modules' better-sqlite3, the Node build that tests use.
  npmRebuild: false,
  electronLanguages: ['fr', 'en-US'],
  electronFuses: FUSES,
  publish: null,
  win: {
    target: [
      { target: 'nsis', arch: ['x64'] },
      { target: 'msi', arch: ['x64'] },
    ],
    files: [nativeBindingPattern('win32')],
    requestedExecutionLevel: 'asInvoker',
  },
  nsis: {
    // One click: installs for the current user under %LOCALAPPDATA%\Programs, asking nothing; an
    // assisted installer would offer folders (Program Files) that need administrator rights.
    oneClick: true,
    perMachine: false,
    allowElevation: false,
    // The database, attachments and documents live in %APPDATA%\Commission: kept on uninstall.
    deleteAppDataOnUninstall: false,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: 'Commission',
    runAfterFinish: true,
    installerLanguages: ['fr_FR'],
    language: '1036',
    artifactName: '${productName}-${version}-installation.${ext}',
  },
  msi: {
    // For IT deployment (GPO, Intune, SCCM), which installs with rights for every user of the
    // laptop; each user keeps their own data in %APPDATA%.
    oneClick: true,
    perMachine: true,
    runAfterFinish: false,
    // Fixed, so that each version replaces the previous one: never change it.
    upgradeCode: '6BD7F09D-B125-44AA-8160-E464977456EA',
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: 'Commission',
    artifactName: '${productName}-${version}-deploiement.${ext}',
  },
  beforePack,
  afterPack,
  afterAllArtifactBuild,
};

export default config;
