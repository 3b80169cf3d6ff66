#!/usr/bin/env node
/**
 * `npm run cli` and the `commission` command: runs the bundled CLI (out/cli/main.mjs), bundling it
 * first when it is missing or older than one of its sources, so that a call never runs stale code.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const cliDir = join(root, 'out', 'cli');

function isFresh() {
  try {
    const { startedAt, inputs } = JSON.parse(readFileSync(join(cliDir, 'inputs.json'), 'utf8'));
    return inputs.every((file) => statSync(join(root, file)).mtimeMs < startedAt);
  } catch {
    return false;
  }
}

if (!isFresh()) await (await import('./build-cli.mjs')).buildCli();
await import(pathToFileURL(join(cliDir, 'main.mjs')).href);
