/**
 * The renderer's weight: each JS and CSS file of out/renderer, raw and gzip, and their totals
 * against the targets (JS ≤ 250 Ko gzip, CSS ≤ 100 Ko gzip). Builds first unless out/renderer is
 * newer than every source it is made from.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { kb, limitTarget } from './measure';

const root = resolve(import.meta.dirname, '../..');
const outDir = join(root, 'out', 'renderer');
const SOURCES = ['renderer', 'shared', 'scripts', 'electron.vite.config.ts', 'package-lock.json', 'node_modules/.package-lock.json'];

function newest(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function builtAt(): number {
  try {
    return statSync(join(outDir, 'index.html')).mtimeMs;
  } catch {
    return 0;
  }
}

export function benchBundle(): void {
  if (builtAt() <= Math.max(...SOURCES.map((path) => newest(join(root, path))))) {
    const build = spawnSync(join(root, 'node_modules/.bin/electron-vite'), ['build'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(build.stderr || build.stdout);
  }
  const assets = join(outDir, 'assets');
  const files = readdirSync(assets)
    .filter((name) => /\.(js|css)$/.test(name))
    .map((name) => {
      const bytes = readFileSync(join(assets, name));
      return { name, kind: name.endsWith('.js') ? 'JS' : 'CSS', raw: bytes.length, gzip: gzipSync(bytes).length };
    })
    .sort((a, b) => b.gzip - a.gzip);
  const fonts = readdirSync(assets).filter((name) => /\.(woff2?|ttf)$/.test(name));
  console.log(`Interface (out/renderer) : ${files.length} fichiers JS et CSS, ${fonts.length} polices (${fonts.filter((f) => f.endsWith('.woff2')).length} en woff2) :`);
  for (const f of files) console.log(`  ${f.name} : ${kb(f.raw)} ; gzip ${kb(f.gzip)}`);
  for (const [kind, max] of [['JS', 250], ['CSS', 100]] as const) {
    const ofKind = files.filter((f) => f.kind === kind);
    const raw = ofKind.reduce((sum, f) => sum + f.raw, 0);
    const gzip = ofKind.reduce((sum, f) => sum + f.gzip, 0);
    console.log(`${limitTarget(`${kind} de l’interface, gzip`, gzip, max * 1024, kb)} — ${kb(raw)} sans compression`);
  }
}
