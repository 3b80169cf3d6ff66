// The Windows packaging configuration (electron-builder.ts), read without building: the build
// downloads Electron, NSIS and WiX, which only a machine with Internet access can do.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import config, { ELECTRON_VERSION, FUSES, nativeBindingPattern } from '../../electron-builder';
import { nativeBindingPath } from '../../electron/native-binding.mjs';
import { devServerUrl } from '../../electron/main/security';
import {
  afterAllArtifactBuild,
  afterPack,
  beforePack,
  FUSE_SENTINEL,
  FUSE_WIRE_ORDER,
  fuseMismatches,
  readFuseWire,
} from '../../scripts/electron-builder-hooks';
import { iconsCss, iconsCssFile, usedIcons } from '../../scripts/dsfr-icons.mjs';
import { KEPT_ZOD_LOCALES } from '../../scripts/zod-locales.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));

type Target = { target: string; arch?: string[] };
const targets = (config.win?.target ?? []) as Target[];

/** An Electron binary reduced to its fuse wire, bytes as in @electron/fuses ('0', '1', 'r'). */
function binaryWithWire(wire: string): Buffer {
  return Buffer.concat([
    Buffer.from('MZ… any bytes …'),
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([1, wire.length]),
    Buffer.from(wire, 'latin1'),
    Buffer.alloc(16),
  ]);
}

describe('Windows installers', () => {
  it('are a per-user NSIS installer and an MSI, both x64', () => {
    expect(targets).toEqual([
      { target: 'nsis', arch: ['x64'] },
      { target: 'msi', arch: ['x64'] },
    ]);
  });

  it('install with NSIS for the current user, never asking for administrator rights', () => {
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false, allowElevation: false });
    expect(config.win?.requestedExecutionLevel).toBe('asInvoker');
  });

  it('keep the user’s database and files on uninstall', () => {
    expect(config.nsis?.deleteAppDataOnUninstall).toBe(false);
  });

  it('deploy the MSI for every user of a laptop, upgrading in place', () => {
    expect(config.msi).toMatchObject({ perMachine: true, runAfterFinish: false });
    expect(config.msi?.upgradeCode).toMatch(/^[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}$/);
  });

  it('name the app « Commission » with a fixed id', () => {
    expect(config.productName).toBe('Commission');
    expect(config.appId).toBe('fr.sante.ars.commission');
    expect(pkg.productName).toBe('Commission');
  });

  it('are produced under out/ (ignored by git) and published nowhere', () => {
    expect(config.directories?.output).toBe('out/dist');
    expect(config.publish).toBeNull();
  });

  it('pass electron-builder’s own validation of the configuration', async () => {
    const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
    const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config');
    await expect(validateConfiguration(config, { isEnabled: false, add() {} })).resolves.toBeUndefined();
  });
});

describe('packaged app', () => {
  it('is one asar archive holding the build and only the build', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**']));
    expect(pkg.main).toMatch(/^out\/main\//);
  });

  it('carries the SQLite build for Electron where the main process looks for it, outside the archive', () => {
    expect(ELECTRON_VERSION).toBe(JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version);
    // Packed, app.getAppPath() is resources/app.asar.
    const appPath = join('C:', 'Commission', 'resources', 'app.asar');
    const loaded = relative(appPath, nativeBindingPath(appPath, ELECTRON_VERSION, 'win32', 'x64')).replaceAll('\\', '/');
    expect(config.win?.files).toEqual([nativeBindingPattern('win32')]);
    expect(nativeBindingPattern('win32').replace('${arch}', 'x64')).toBe(loaded);
    expect(config.asarUnpack).toEqual(['native/**']);
    expect(loaded.startsWith('native/')).toBe(true);
  });

  it('leaves node_modules’ better-sqlite3 as it is, the Node build that tests and the CLI use', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.files).toContain('!node_modules/better-sqlite3/{build,deps,src}/**');
  });

  it('checks the SQLite build before packing and after, and the fuses once the installers are made', () => {
    expect(config.beforePack).toBe(beforePack);
    expect(config.afterPack).toBe(afterPack);
    expect(config.afterAllArtifactBuild).toBe(afterAllArtifactBuild);
  });
});

describe('Electron fuses', () => {
  it('are set at packaging: no Node mode, no NODE_OPTIONS or --inspect, only the checked app.asar', () => {
    expect(config.electronFuses).toBe(FUSES);
    expect(FUSES).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it('cover every fuse of the wire', () => {
    expect(Object.keys(FUSES).sort()).toEqual([...FUSE_WIRE_ORDER].sort());
  });

  it('are read back from a binary in wire order', () => {
    // Electron's defaults: Node mode, NODE_OPTIONS, --inspect and file:// privileges on.
    const defaults = readFuseWire(binaryWithWire('10110001'));
    expect(defaults).toMatchObject({ runAsNode: true, enableCookieEncryption: false, grantFileProtocolExtraPrivileges: true });
    expect(fuseMismatches(defaults, FUSES)).toEqual([
      'runAsNode',
      'enableCookieEncryption',
      'enableNodeOptionsEnvironmentVariable',
      'enableNodeCliInspectArguments',
      'enableEmbeddedAsarIntegrityValidation',
      'onlyLoadAppFromAsar',
      'grantFileProtocolExtraPrivileges',
    ]);
    expect(fuseMismatches(readFuseWire(binaryWithWire('01001100')), FUSES)).toEqual([]);
  });

  it('count as wrong when removed from the binary or missing from a shorter wire', () => {
    expect(fuseMismatches(readFuseWire(binaryWithWire('r1001100')), FUSES)).toEqual(['runAsNode']);
    expect(fuseMismatches(readFuseWire(binaryWithWire('010011')), FUSES)).toEqual([
      'loadBrowserProcessSpecificV8Snapshot',
      'grantFileProtocolExtraPrivileges',
    ]);
  });

  it('refuse a file that is not an Electron binary', () => {
    expect(() => readFuseWire(Buffer.from('not electron'))).toThrow(/Fusibles introuvables/);
  });
});

describe('dev server URL', () => {
  it('is refused in a packaged app, even a loopback one', () => {
    expect(devServerUrl('http://localhost:5173/', true)).toBeUndefined();
    expect(devServerUrl('http://localhost:5173/', false)?.href).toBe('http://localhost:5173/');
  });
});

describe('npm scripts', () => {
  it('build the installers with `npm run dist`, which `npm test` never runs', () => {
    expect(pkg.scripts.dist).toBe('electron-vite build && electron-builder --win --config electron-builder.ts --publish never');
    expect(pkg.scripts.test).not.toMatch(/electron-builder|dist/);
  });

  it('install no script that has not been decided on; Squirrel’s 7-Zip copy is not needed', () => {
    const withScripts = Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.filter((name) => !(name in pkg.allowScripts))).toEqual([]);
    expect(pkg.allowScripts['electron-winstaller']).toBe(false);
  });
});

describe('renderer bundle', () => {
  const read = (dir: string, files: string[]) => files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');

  it('carries the CSS of every DSFR icon the sources name, and of no other', () => {
    const { icons, dynamic } = usedIcons();
    expect(dynamic).toEqual([]);
    expect(icons).toEqual(expect.arrayContaining(['fr-icon-save-line', 'fr-icon-add-line']));
    const css = readFileSync(iconsCssFile, 'utf8');
    const inCss = [...new Set([...css.matchAll(/\.(fr-icon-[a-z0-9-]+)::before/g)].map((m) => m[1]!))].sort();
    // `npm run icons` writes the file again.
    expect({ missing: icons.filter((i) => !inCss.includes(i)), unused: inCss.filter((i) => !icons.includes(i)) }).toEqual({ missing: [], unused: [] });
    expect(css).toBe(iconsCss(icons));
    expect(readFileSync('renderer/src/main.tsx', 'utf8')).not.toContain('react-dsfr/main.css');
  });

  it('keeps every zod locale the code configures', () => {
    const code = ['shared', 'services', 'cli', 'renderer/src'].map((dir) =>
      read(dir, readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f))),
    );
    const used = [...new Set(Array.from(code.join('\n').matchAll(/z\.locales\.(\w+)/g), (m) => m[1]))];
    expect(used).toContain('fr');
    expect(used.filter((code) => !KEPT_ZOD_LOCALES.includes(code!))).toEqual([]);
  });
});
