/**
 * The DSFR ships the CSS of its 1,000-odd icons in one file (utility/icons/icons.min.css, 1.3 MB
 * once Vite inlines their SVGs); the app uses a few dozen. `npm run icons` writes
 * renderer/src/dsfr-icons.css with the `fr-icon-*` classes the renderer's sources name, in the
 * DSFR's own rule, from its catalogue (icons.json). test/unit/dsfr-icons.test.ts fails when the
 * sources name an icon that file lacks.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
export const sourcesDir = join(root, 'renderer', 'src');
export const iconsCssFile = join(sourcesDir, 'dsfr-icons.css');
// Through the project's node_modules (not its real path): the URLs written are relative to renderer/src.
const iconsDir = join(root, 'node_modules', '@codegouvfr', 'react-dsfr', 'dsfr', 'utility', 'icons');

/** An icon class; `fr-icon--sm` and the like (two dashes) are sizes, not icons. */
const ICON = /\bfr-icon-[a-z0-9]+(?:-[a-z0-9]+)*\b/g;

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(tsx?|html)$/.test(entry.name) ? [path] : [];
  });
}

/** Every icon the sources name, and the places that build a name the scan cannot read (`fr-icon-${…}`). */
export function usedIcons(dir = sourcesDir) {
  const icons = new Set();
  const dynamic = [];
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    for (const [name] of text.matchAll(ICON)) icons.add(name);
    if (/fr-icon-\$\{|['"`]fr-icon-['"`]/.test(text)) dynamic.push(relative(root, file));
  }
  return { icons: [...icons].sort(), dynamic };
}

/** The DSFR's catalogue: class name → SVG file (its Remix icons, `ri-*`, are not in icons.css). */
export function iconCatalogue() {
  const entries = JSON.parse(readFileSync(join(iconsDir, 'icons.json'), 'utf8')).filter((e) => e.prefix === 'fr-icon-');
  return new Map(entries.map((e) => [`${e.prefix}${e.iconId}`, join(iconsDir, e.svgRelativePath)]));
}

/** The CSS of these icons, as icons.css writes each one, with URLs relative to renderer/src. */
export function iconsCss(icons) {
  const catalogue = iconCatalogue();
  const rules = icons.map((name) => {
    const svg = catalogue.get(name);
    if (!svg) throw new Error(`L'icône « ${name} » n'existe pas dans le DSFR (utility/icons/icons.json).`);
    const url = `url("${relative(sourcesDir, svg).replaceAll('\\', '/')}")`;
    return `.${name}::before, .${name}::after { -webkit-mask-image: ${url}; mask-image: ${url}; }\n`;
  });
  return `/* Written by \`npm run icons\` from the sources: the DSFR icons the app uses. */\n${rules.join('')}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { icons, dynamic } = usedIcons();
  if (dynamic.length) throw new Error(`Noms d'icônes construits, illisibles par le script : ${dynamic.join(', ')}`);
  writeFileSync(iconsCssFile, iconsCss(icons));
  console.log(`${icons.length} icônes dans ${relative(root, iconsCssFile)}`);
}
