import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };

const root = resolve(__dirname, '../..');

/**
 * Runs the CLI as a user would, in its own process, with `env` added. Not spawnSync: a local
 * server of the test (the platform) answers from this process meanwhile.
 */
export function cliProcess(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, pkg.bin.commission), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}
