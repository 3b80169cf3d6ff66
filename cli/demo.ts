/**
 * `npm run demo -- --out <folder>`: from an empty temporary database, imports the sample exports,
 * runs a scripted session with one dossier of each outcome, closes it, and writes every letter,
 * agreement and the minutes into the folder, so that the main output can be seen without Electron.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startRuntime } from '../services/runtime';
import { caller, scriptDemoSession } from './demo-session';

const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
if (!out) {
  process.stderr.write('Utilisation : npm run demo -- --out <dossier>\n');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'commission-demo-'));
const runtime = await startRuntime(join(dir, 'demo.sqlite'), { actor: 'demonstration' });
try {
  const call = caller(runtime);
  const session = await scriptDemoSession(call);
  process.stderr.write(`Séance n° ${session.number} clôturée : ${session.items.length} dossiers.\n`);
  const result = await call('documents.generate', { sessionId: session.id, folder: resolve(out) });
  for (const doc of result.documents) process.stderr.write(`  ${doc.filePath}\n`);
  process.stdout.write(`${JSON.stringify({ folder: result.folder, documents: result.documents.length }, null, 2)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
}
