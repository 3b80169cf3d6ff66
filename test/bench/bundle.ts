/**
 * The renderer's weight, gzip, against the targets: the JS a screen loads ≤ 250 Ko (each screen
 * is a chunk loaded when first shown: the heaviest screen's, start-up included, counts), the CSS
 * ≤ 100 Ko. It prints too what start-up loads and all the screens' JS together. Builds first
 * unless out/renderer is newer than every source it is made from.
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

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** Each screen's JS files: the entry and what it loads at start (the DSFR's script), then the screen's chunk and its imports. */
function screens(): { startup: Set<string>; screens: [string, Set<string>][] } {
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const closure = (key: string, files: Set<string>): Set<string> => {
    const chunk = manifest[key]!;
    if (files.has(chunk.file)) return files;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) closure(imported, files);
    return files;
  };
  const [entryKey, entry] = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)!;
  const isScreen = (key: string) => key.startsWith('src/pages/');
  const startup = closure(entryKey, new Set());
  for (const key of entry.dynamicImports ?? []) if (!isScreen(key)) closure(key, startup);
  return {
    startup,
    screens: (entry.dynamicImports ?? []).filter(isScreen).map((key) => [key.replace(/^src\/pages\//, ''), closure(key, new Set(startup))]),
  };
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
  const gzipOf = new Map(files.map((f) => [`assets/${f.name}`, f.gzip]));
  const weigh = (chunks: Set<string>) => [...chunks].reduce((sum, file) => sum + gzipOf.get(file)!, 0);
  const fonts = readdirSync(assets).filter((name) => /\.(woff2?|ttf)$/.test(name));
  const js = files.filter((f) => f.kind === 'JS');
  console.log(`Interface (out/renderer) : ${js.length} fichiers JS, ${files.length - js.length} CSS, ${fonts.length} polices (${fonts.filter((f) => f.endsWith('.woff2')).length} en woff2) :`);
  for (const f of files.slice(0, 8)) console.log(`  ${f.name} : ${kb(f.raw)} ; gzip ${kb(f.gzip)}`);
  // Screens load their code when first shown: what counts is what one screen loads, start-up included.
  const { startup, screens: bySize } = screens();
  const loads = bySize.map(([name, chunks]) => ({ name, gzip: weigh(chunks) })).sort((a, b) => b.gzip - a.gzip);
  console.log(`  JS chargé au démarrage, avant tout écran : gzip ${kb(weigh(startup))}`);
  console.log(`  JS de chaque écran, démarrage compris (${loads.length} écrans) : de ${kb(loads.at(-1)!.gzip)} à ${kb(loads[0]!.gzip)} ; les plus lourds :`);
  for (const load of loads.slice(0, 5)) console.log(`    ${load.name} : gzip ${kb(load.gzip)}`);
  console.log(`  JS de tous les écrans réunis : gzip ${kb(js.reduce((sum, f) => sum + f.gzip, 0))} — ${kb(js.reduce((sum, f) => sum + f.raw, 0))} sans compression`);
  console.log(limitTarget(`JS de l’écran le plus lourd (${loads[0]!.name}), gzip`, loads[0]!.gzip, 250 * 1024, kb));
  const css = files.filter((f) => f.kind === 'CSS');
  const cssGzip = css.reduce((sum, f) => sum + f.gzip, 0);
  console.log(`${limitTarget('CSS de l’interface, gzip', cssGzip, 100 * 1024, kb)} — ${kb(css.reduce((sum, f) => sum + f.raw, 0))} sans compression`);
}
