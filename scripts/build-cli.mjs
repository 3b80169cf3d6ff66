/**
 * Bundles the command-line interface into out/cli (run by `npm run build`): one ESM entry,
 * out/cli/main.mjs, and the chunks it imports on demand, so that a call starts without compiling
 * TypeScript and loads the services (SQLite, PDF, spreadsheets) only for a command that uses them.
 * out/cli/inputs.json lists the sources the bundle was made from, for scripts/cli.mjs to tell a
 * stale bundle.
 */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { esbuildZodLocales } from './zod-locales.mjs';

const root = resolve(import.meta.dirname, '..');
const cliDir = join(root, 'out', 'cli');

/**
 * Left to node_modules: the native bindings (SQLite, argon2), and the packages whose files are read at run
 * time by path (the INSEE geography, 13 MB of JSON; the DSFR's Marianne for the PDFs).
 */
export const external = ['better-sqlite3', '@node-rs/argon2', '@etalab/decoupage-administratif', '@codegouvfr/react-dsfr'];

export async function buildCli() {
  const startedAt = Date.now();
  // Made aside, then put in place: a call running meanwhile never sees half a bundle.
  const made = `${cliDir}-${process.pid}`;
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: { main: 'cli/main.ts' },
    outdir: made,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Names kept, for a readable stack in an « Erreur interne ».
    minifyWhitespace: true,
    minifySyntax: true,
    external,
    plugins: [esbuildZodLocales],
    // CommonJS packages bundled into ESM still call require() for Node's own modules.
    banner: { js: "import { createRequire as __commissionRequire } from 'node:module'; const require = __commissionRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
  });
  // Sources, and npm's record of node_modules, which changes at every install.
  const installed = join('node_modules', '.package-lock.json');
  const inputs = Object.keys(metafile.inputs)
    .filter((file) => !file.includes('node_modules/'))
    .concat(existsSync(join(root, installed)) ? [installed] : []);
  writeFileSync(join(made, 'inputs.json'), `${JSON.stringify({ startedAt, inputs }, null, 1)}\n`);
  rmSync(cliDir, { recursive: true, force: true });
  try {
    renameSync(made, cliDir);
  } catch (error) {
    // Another call bundled the same sources meanwhile and put its bundle in place first.
    rmSync(made, { recursive: true, force: true });
    if (!existsSync(join(cliDir, 'main.mjs'))) throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildCli();
