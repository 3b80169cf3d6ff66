import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import SQLite from 'better-sqlite3';
import { samplesDir } from './fixtures';

export const root = resolve(__dirname, '../..');

/** The CLI's arguments for `node`, run from `root`: one process (tsx's launcher would outlive a kill of its child). */
export function cliArgs(...args: string[]): string[] {
  return ['--import', 'tsx', join(root, 'cli/main.ts'), ...args];
}

/** The sample CSV export's dossiers repeated with the numbers from `firstId`, as many as asked. */
export function generatedExport(count: number, firstId: number): Buffer {
  const source = readFileSync(join(samplesDir, 'demarches-simplifiees/hdf-dossiers-export.csv'), 'utf8');
  const [header, ...rows] = Papa.parse<string[]>(source.trim()).data;
  const out = [header!];
  for (let i = 0; i < count; i++) out.push([String(firstId + i), ...rows[i % rows.length]!.slice(1)]);
  return Buffer.from(Papa.unparse(out), 'utf8');
}

/** Reads the file as it is on disk, outside any runtime. */
export function query<T = Record<string, unknown>>(file: string, sql: string, ...params: unknown[]): T[] {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    return sqlite.prepare(sql).all(...params) as T[];
  } finally {
    sqlite.close();
  }
}
