/**
 * One import in a process of its own, so that its peak memory is the import's alone:
 * `tsx test/bench/import-child.ts <export> <database>` prints { ms, peakBytes, baseBytes, created }.
 * The import service is called as the dispatcher would, but directly: a 100,000-dossier export
 * weighs more than an upload may.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../db/open';
import { runImport } from '../../services/imports';
import { JobRegistry } from '../../services/jobs';
import { AuthState } from '../../services/auth';
import { folderStore } from '../../services/file-store';
import { contract } from '../../shared/contract';

const [file, database] = process.argv.slice(2);
if (!file || !database) throw new Error('usage: import-child.ts <export> <database>');
const opened = await openDatabase(database);
const ctx = {
  db: opened.db,
  databasePath: opened.path,
  engine: opened.engine,
  schemaVersion: opened.schemaVersion,
  appVersion: 'bench',
  actor: 'bench',
  now: () => new Date(),
  dataDir: dirname(opened.path),
  files: folderStore(dirname(opened.path)),
  localDir: dirname(opened.path),
  jobs: new JobRegistry(),
  auth: new AuthState('bench'),
};
// What the process holds before the file is read: Node, the modules and the open database.
const baseBytes = process.memoryUsage().rss;
const start = performance.now();
// The input's defaults as the contract gives them; the content replaced after its size check.
const input = {
  ...contract['import.run'].input.parse({ fileName: basename(file), contentBase64: 'UEsFBg==' }),
  contentBase64: readFileSync(file).toString('base64'),
};
const { created } = await runImport(input, ctx);
const ms = performance.now() - start;
await opened.close();
console.log(JSON.stringify({ ms, peakBytes: process.resourceUsage().maxRSS * 1024, baseBytes, created }));
