#!/usr/bin/env node
// `npm run security`: Electronegativity over the sources that make up the app (main, preload,
// services, renderer). Sources, not out/: the tool skips .cjs files such as the built preload.
// Exits non-zero on any finding and on any file it could not parse.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import electronegativity from '@doyensec/electronegativity';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** What runs in the app; the tests, the CLI and the scripts do not. */
const SCANNED = ['package.json', 'electron', 'services', 'shared', 'db', 'renderer/index.html', 'renderer/src'];

/** The extensions Electronegativity reads, for the summary line. */
const READ_BY_TOOL = /\.(js|jsx|ts|tsx|html|htm)$|package\.json$/;

/** Checks turned off, by Electronegativity's class name, each with its reason (printed on every run). */
const DISABLED = {
  AvailableSecurityFixesGlobalCheck:
    "télécharge la liste des versions d'Electron sur GitHub à chaque analyse : impossible hors ligne (la version d'Electron est suivie par npm)",
  ElectronVersionJSONCheck: 'ne sert qu’à alimenter AvailableSecurityFixesGlobalCheck',
  AuxclickJSCheck:
    "demande disableBlinkFeatures: 'Auxclick', option que Chromium n'a plus ; un clic milieu passe par setWindowOpenHandler, qui refuse (testé)",
  PreloadJSCheck:
    'simple rappel de relire les preloads : l’unique preload, sandboxé, n’expose que window.api (relu, et testé sur le fichier construit)',
  CSPGlobalCheck:
    "sa seule remarque, script-src 'self', vaut pour une origine qui héberge du JSONP ou des fichiers déposés ; app:// ne sert que l'application construite, et la politique est testée (balise meta = en-tête app://)",
  CSPHTMLCheck: 'ne fait que collecter les politiques pour CSPGlobalCheck',
  CSPJSCheck: 'ne fait que collecter les politiques pour CSPGlobalCheck',
};

function formatIssue(issue) {
  const where = issue.file === 'N/A' ? '(ensemble du projet)' : `${issue.file}:${issue.location.line}:${issue.location.column}`;
  return [
    `  [${issue.severity.name}/${issue.confidence.name}] ${issue.id} — ${where}`,
    `      ${issue.description}`,
    ...(issue.sample ? [`      > ${issue.sample}`] : []),
    `      ${issue.shortenedURL}`,
  ].join('\n');
}

async function main() {
  // One folder holding all of it, so that the global checks (navigation limits, permission
  // handler) see the main process and the renderer together.
  const staging = mkdtempSync(join(tmpdir(), 'commission-security-'));
  try {
    const present = SCANNED.filter((path) => existsSync(join(ROOT, path)));
    for (const path of present) cpSync(join(ROOT, path), join(staging, path), { recursive: true });
    const fileCount = readdirSync(staging, { recursive: true }).filter((file) => READ_BY_TOOL.test(file)).length;
    const electronVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version;

    const { issues, errors, atomicChecks, globalChecks } = await electronegativity({
      input: staging,
      isRelative: true,
      // Given, so that the checks use Electron 45's secure defaults rather than the oldest ones.
      electronVersionOverride: electronVersion,
      excludeFromScan: Object.keys(DISABLED),
    });

    console.log(
      `Electronegativity — Electron ${electronVersion} — ${fileCount} fichiers, ${atomicChecks + globalChecks} vérifications.`,
    );
    console.log('Vérifications désactivées (scripts/security-check.mjs) :');
    for (const [check, reason] of Object.entries(DISABLED)) console.log(`  - ${check} : ${reason}`);
    const unparsed = errors.filter((error) => !error.tolerable);
    for (const error of unparsed) console.error(`✖ Fichier non analysé : ${error.file} — ${error.message}`);
    if (issues.length > 0) {
      console.error(`✖ ${issues.length} problème(s) de sécurité Electron :\n`);
      console.error(issues.map(formatIssue).join('\n\n'));
    }
    if (issues.length > 0 || unparsed.length > 0) {
      process.exitCode = 1;
    } else {
      console.log('✔ Aucun problème trouvé.');
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

await main();
