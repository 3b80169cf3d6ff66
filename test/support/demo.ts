import { join } from 'node:path';
import { caller, scriptDemoSession } from '../../cli/demo-session';
import { startRuntime } from '../../services/runtime';

/** A database file in `dir` holding the scripted demo session, closed, for the CLI to open. */
export async function demoDatabase(dir: string): Promise<string> {
  const db = join(dir, 'x.db');
  const runtime = await startRuntime(db, { actor: 'test' });
  try {
    await scriptDemoSession(caller(runtime));
  } finally {
    await runtime.close();
  }
  return db;
}
