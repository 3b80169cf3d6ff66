/**
 * `npm run bench`: the speed targets, measured and printed (never asserted in tests). Each figure
 * stands beside its floor — the same work done the simplest way known — and their ratio, both
 * measured in this run, alternately, as medians: the machine's other load weighs on both alike.
 *   - XLSX import of 2,000 dossiers × 8 professionals: ≤ 1.3 × exceljs's bare parse of the file;
 *     its write phase ≤ 2 × the same rows written with prepared statements in one transaction;
 *   - CSV import of 2,000 dossiers: ≤ 3 × papaparse's parse of the text; its write phase beside
 *     its own floor, measured as XLSX's, since the writes alone weigh several parses;
 *   - peak memory of a 20,000-dossier XLSX import, in a process of its own: < 800 MB
 *     (`npm run bench -- --large`: 100,000 dossiers, < 2 GB);
 *   - the dossiers list on 200,000 dossiers (test/bench/search.ts): a selective search ≤ 10 ms,
 *     a broad one ≤ 40 ms, combined filters with their count ≤ 20 ms;
 *   - team mode (postgres.ts): the same 2,000-dossier XLSX imported on a throwaway PostgreSQL
 *     cluster ≤ 2 × on SQLite; the same lists, searches and filters on PostgreSQL within the
 *     200,000-dossier list's limits, SQLite's figure and the ratio beside (skipped, saying so,
 *     without PostgreSQL);
 *   - a one-page letter ≤ 2 × an empty page in the same three faces, and < 30 ms (pdf.ts);
 *   - the live session (session.ts): one recordOpinion on an 800-item agenda ≤ 20 ms, all the
 *     opinions of 800 items ≤ 20 × those of 50;
 *   - after the decision (followup.ts): the dashboard's deadlines over 400 notifications and 600
 *     reports ≤ 100 ms, the year's envelope ≤ 50 ms;
 *   - the change feed every screen polls (live.ts): nothing new on 200,000 audit entries ≤ 2 × on
 *     200, a hundred changes ≤ 5 ms; a move of the live mode ≤ 20 ms;
 *   - accounts (accounts.ts): a call checked for a signed-in account ≤ 3 × the same call on a
 *     database without accounts; a sign-in (argon2id) ≤ 500 ms;
 *   - a 200-dossier session's documents ≤ 1.3 × the same PDFs built one by one and written
 *     durably, and < 15 s; an 800-dossier session's beside the same floor (documents.ts);
 *   - the CLI's start-up (≤ 4 × `node -e 0`);
 *   - the renderer: the JS one screen loads, start-up included, ≤ 250 Ko gzip; its CSS ≤ 100 Ko.
 * `npm run bench -- --only xlsx,memory` runs some sections only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MAX_UPLOAD_BYTES } from '../../shared/upload';
import { benchPdf } from './pdf';
import { benchSearch } from './search';
import { benchPostgres } from './postgres';
import { benchCli } from './cli';
import { benchBundle } from './bundle';
import { benchDocuments } from './documents';
import { benchInHand } from './in-hand';
import { benchSession } from './session';
import { benchFollowUp } from './followup';
import { benchLive } from './live';
import { benchAccounts } from './accounts';
import { benchDsSync } from './ds-sync';
import { writeXlsxExport } from './export';
import { benchCsvImport, benchXlsxImport } from './import';
import { fr, limitTarget, mb, ms, printTargets, timed } from './measure';

const large = process.argv.includes('--large');

/** The peak memory of one import, in a process that does nothing else. */
async function benchMemory(dir: string, dossiers: number, target: number): Promise<void> {
  const file = join(dir, `export-${dossiers}.xlsx`);
  const [, generated] = await timed(() => writeXlsxExport(file, dossiers, 8));
  const size = statSync(file).size;
  const child = spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'import-child.ts'), file, join(dir, `memory-${dossiers}.sqlite`)], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
  });
  rmSync(file, { force: true });
  if (child.status !== 0) throw new Error(child.stderr);
  const { ms: elapsed, peakBytes, baseBytes } = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
    ms: number;
    peakBytes: number;
    baseBytes: number;
  };
  const over = size > MAX_UPLOAD_BYTES ? ` — au-delà des ${mb(MAX_UPLOAD_BYTES)} d'un envoi, importé sans passer par l'envoi` : '';
  console.log(`Mémoire, import XLSX de ${fr(dossiers)} dossiers × 8 professionnels (${mb(size)}, produit en ${ms(generated)}${over}) :`);
  console.log(limitTarget(`pic de mémoire, import de ${fr(dossiers)} dossiers`, peakBytes, target, mb));
  console.log(`  au repos avant l'import : ${mb(baseBytes)} ; durée ${ms(elapsed)}`);
}

/** `npm run bench -- --only xlsx,csv`: some sections only (xlsx, csv, memory, search, postgres, pdf, session, followup, live, accounts, ds-sync, documents, in-hand, cli, bundle). */
const only = process.argv.find((arg, i) => process.argv[i - 1] === '--only')?.split(',');
const sections: [string, (dir: string) => Promise<void>][] = [
  ['xlsx', benchXlsxImport],
  ['csv', benchCsvImport],
  ['memory', async (dir) => {
    await benchMemory(dir, 20_000, 800 * 1024 * 1024);
    if (large) await benchMemory(dir, 100_000, 2048 * 1024 * 1024);
  }],
  ['search', benchSearch],
  ['postgres', benchPostgres],
  ['pdf', async () => void (await benchPdf())],
  ['session', benchSession],
  ['followup', benchFollowUp],
  ['live', benchLive],
  ['accounts', benchAccounts],
  ['ds-sync', benchDsSync],
  ['documents', benchDocuments],
  ['in-hand', benchInHand],
  ['cli', benchCli],
  ['bundle', async () => benchBundle()],
];
const dir = mkdtempSync(join(tmpdir(), 'commission-bench-'));
try {
  for (const [name, section] of sections) if (!only || only.includes(name)) await section(dir);
  printTargets();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
