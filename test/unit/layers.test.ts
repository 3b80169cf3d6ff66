import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: resolve(__dirname, '../..') });

/** The import rules that fire on `code` if it stood at `filePath`. */
async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('layer boundaries', () => {
  it.each([
    ['renderer/src/x.ts', "import { readFileSync } from 'node:fs';"],
    ['renderer/src/x.ts', "import path from 'path';"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';"],
    ['renderer/src/pages/x.tsx', "import { openDatabase } from '../../../db/open';"],
    ['renderer/src/x.ts', "import { handlers } from '../../services/handlers';"],
    ['shared/x.ts', "import { Kysely } from 'kysely';"],
    ['shared/contract/x.ts', "import { openDatabase } from '../../db/open';"],
    ['shared/x.ts', "import { readFileSync } from 'node:fs';"],
    ['db/x.ts', "import { app } from 'electron';"],
    ['db/queries/x.ts', "import { App } from '../../renderer/src/App';"],
    ['services/x.ts', "import { BrowserWindow } from 'electron';"],
  ])('%s refuses %s', async (filePath, code) => {
    expect(await violations(filePath, `${code}\n`)).not.toEqual([]);
  });

  it.each([
    ['renderer/src/x.ts', "import type { Api } from '../../shared/contract';"],
    ['shared/contract/x.ts', "import { z } from 'zod';\nimport { AppError } from '../result';"],
    ['db/x.ts', "import SQLite from 'better-sqlite3';\nimport { AppError } from '../shared/result';"],
    ['electron/main/x.ts', "import { app } from 'electron';\nimport { startRuntime } from '../../services/runtime';"],
  ])('%s allows %s', async (filePath, code) => {
    expect(await violations(filePath, `${code}\n`)).toEqual([]);
  });
});
