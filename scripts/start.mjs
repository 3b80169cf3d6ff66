#!/usr/bin/env node
// `npm start`: prepares better-sqlite3 for Electron's ABI (once per Electron version), builds the
// app with electron-vite, then runs Electron and exits with its code. Needs Internet the first time.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nativeBindingPath } from '../electron/native-binding.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const MODULES = join(ROOT, 'node_modules');
const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

class StartError extends Error {}

function say(message) {
  console.log(`▸ ${message}`);
}

/**
 * npm settings that choose what a native module is built for. npm exports them to scripts as
 * npm_config_*, and one of them (nodedir=/usr in some ~/.npmrc) silently builds against Node's
 * headers: the child processes get the explicit Electron options instead. npm_package_* describe
 * this project, which prebuild-install would take for better-sqlite3's own origin.
 */
const BUILD_SETTINGS = ['nodedir', 'target', 'target_arch', 'arch', 'runtime', 'platform', 'disturl', 'dist_url', 'build_from_source', 'devdir'];

export function nativeBuildEnv(env) {
  return Object.fromEntries(
    Object.entries(env).filter(([key]) => {
      if (/^npm_package_/i.test(key)) return false;
      const setting = /^npm_config_(.+)$/i.exec(key)?.[1].toLowerCase().replaceAll('-', '_');
      return setting === undefined || !BUILD_SETTINGS.includes(setting);
    }),
  );
}

export function prebuildInstallArgs({ version, platform, arch }) {
  return ['--runtime=electron', `--target=${version}`, `--arch=${arch}`, `--platform=${platform}`];
}

export function nodeGypArgs({ version, arch }, devdir) {
  return [
    'rebuild',
    '--release',
    '--runtime=electron',
    `--target=${version}`,
    `--arch=${arch}`,
    `--dist-url=${ELECTRON_HEADERS_URL}`,
    // Electron's headers apart from Node's, as @electron/rebuild does.
    `--devdir=${devdir}`,
  ];
}

/** Node names the ABI of a module built for another one when it refuses to load it. */
export function abiFromLoadError(message) {
  return /NODE_MODULE_VERSION (\d+)\./.exec(message)?.[1];
}

/** The ABI a native module was built for, found by loading it in a throwaway Node process. */
export function builtAbi(file) {
  const result = spawnSync(process.execPath, ['-e', 'process.dlopen({ exports: {} }, process.argv[1])', file], {
    encoding: 'utf8',
  });
  return result.status === 0 ? process.versions.modules : abiFromLoadError(result.stderr);
}

// Node's error codes, and node-gyp's own wording when it cannot fetch the headers.
const NETWORK_ERRORS =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|getaddrinfo|socket hang up|network connectivity/;

export function looksOffline(output) {
  return NETWORK_ERRORS.test(output);
}

function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (result.error) throw new StartError(`Impossible de lancer ${command} : ${result.error.message}`);
  return { status: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

function tail(output, lines = 25) {
  return output.trimEnd().split('\n').slice(-lines).join('\n');
}

function readPackage(name) {
  const file = join(MODULES, name, 'package.json');
  if (!existsSync(file)) throw new StartError(`Le paquet « ${name} » est absent : lancez d’abord « npm install ».`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

function binScript(name) {
  const { bin } = readPackage(name);
  return join(MODULES, name, typeof bin === 'string' ? bin : bin[name]);
}

function findNodeGyp() {
  // npm gives scripts the node-gyp it bundles; a project-local one would do too.
  const candidates = [process.env.npm_config_node_gyp, join(MODULES, 'node-gyp', 'bin', 'node-gyp.js')];
  const found = candidates.find((candidate) => candidate && existsSync(candidate));
  if (!found) throw new StartError('node-gyp est introuvable : lancez l’application avec « npm start ».');
  return found;
}

function buildFailure(target, output) {
  const cause = looksOffline(output)
    ? 'le téléchargement a échoué : pas d’accès à Internet (ou proxy non configuré).'
    : 'la compilation a échoué (il faut Python 3 et un compilateur C++ : voir le README de node-gyp).';
  return new StartError(
    `Impossible de préparer SQLite (better-sqlite3) pour Electron ${target.version} : ${cause}\n` +
      `Le premier lancement télécharge ce module (ou les en-têtes d’Electron pour le compiler) ; ` +
      `relancez « npm start » une fois connecté.\n\nDernières lignes :\n${tail(output)}`,
  );
}

/**
 * Builds better-sqlite3 for Electron in a copy of the package, so that the Node build in
 * node_modules (tests, CLI) stays untouched, and keeps only the binary.
 */
function prepareNativeBinding(target, destination) {
  const source = join(MODULES, 'better-sqlite3');
  const prebuildInstall = createRequire(join(source, 'package.json')).resolve('prebuild-install/bin.js');
  const work = mkdtempSync(join(tmpdir(), 'commission-sqlite-'));
  try {
    const copy = join(work, 'better-sqlite3');
    // Without its build/ folder, so that only a binary built here can be picked up.
    cpSync(source, copy, { recursive: true, filter: (path) => path !== join(source, 'build') });
    const env = nativeBuildEnv(process.env);

    say(`Téléchargement de SQLite précompilé pour Electron ${target.version} (${target.platform}-${target.arch})…`);
    let attempt = run(process.execPath, [prebuildInstall, ...prebuildInstallArgs(target)], { cwd: copy, env });
    if (attempt.status !== 0) {
      const offline = looksOffline(attempt.output);
      say(
        offline
          ? 'Téléchargement impossible ; essai de compilation (qui doit télécharger les en-têtes d’Electron)…'
          : 'Pas de binaire précompilé : compilation depuis les sources (une à deux minutes)…',
      );
      attempt = run(process.execPath, [findNodeGyp(), ...nodeGypArgs(target, join(homedir(), '.electron-gyp'))], {
        cwd: copy,
        env,
      });
      if (attempt.status !== 0) throw buildFailure(target, attempt.output);
    }

    const built = join(copy, 'build', 'Release', 'better_sqlite3.node');
    const abi = existsSync(built) ? builtAbi(built) : undefined;
    if (abi !== target.abi) {
      throw new StartError(
        `Le module SQLite produit ne correspond pas à Electron ${target.version} ` +
          `(ABI ${abi ?? 'inconnue'} au lieu de ${target.abi}) : un réglage npm « nodedir » ou « target » ` +
          `a probablement été appliqué. Rien n’a été installé.`,
      );
    }
    mkdirSync(dirname(destination), { recursive: true });
    copyFileSync(built, destination);
    say(`SQLite pour Electron installé : ${destination}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function electronBinaryPresent() {
  const pathFile = join(MODULES, 'electron', 'path.txt');
  return existsSync(pathFile) && existsSync(join(MODULES, 'electron', 'dist', readFileSync(pathFile, 'utf8')));
}

function main() {
  const electron = readPackage('electron');
  const target = {
    version: electron.version,
    platform: process.platform,
    arch: process.arch,
    abi: readFileSync(join(MODULES, 'electron', 'abi_version'), 'utf8').trim(),
  };

  const binding = nativeBindingPath(ROOT, target.version, target.platform, target.arch);
  if (existsSync(binding)) say(`SQLite pour Electron ${target.version} : déjà prêt.`);
  else prepareNativeBinding(target, binding);

  say('Construction de l’application (electron-vite build)…');
  const build = spawnSync(process.execPath, [binScript('electron-vite'), 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new StartError('La construction de l’application a échoué (voir ci-dessus).');

  const downloading = !electronBinaryPresent();
  say(downloading ? `Premier lancement : téléchargement d’Electron ${target.version}…` : 'Lancement de Commission…');
  // Inherited, this variable would make Electron behave as plain Node.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const app = spawnSync(process.execPath, [binScript('electron'), '.', ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
    env,
  });
  if (app.status !== 0 && downloading && !electronBinaryPresent()) {
    throw new StartError(
      `Le téléchargement d’Electron ${target.version} a échoué : vérifiez l’accès à Internet (ou le proxy), puis relancez « npm start ».`,
    );
  }
  process.exitCode = app.status ?? 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (error) {
    console.error(`\n✖ ${error instanceof StartError ? error.message : error?.stack ?? error}`);
    process.exitCode = 1;
  }
}
