/**
 * The CLI's start-up: a trivial call of the `commission` command (the bundle in out/cli, through
 * its launcher) beside `node -e 0`, the floor of any Node process, alternately; target ≤ 4×.
 * TypeScript run by tsx, as `npm run cli` did before the bundle, is shown for comparison.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import pkg from '../../package.json' with { type: 'json' };
import { alternate, ms, ratioTarget } from './measure';

const root = resolve(import.meta.dirname, '../..');

function run(args: string[]): number {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const elapsed = performance.now() - start;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} : ${child.stderr}`);
  return elapsed;
}

export async function benchCli(): Promise<void> {
  const commission = join(root, pkg.bin.commission);
  run([commission, '--version']); // bundles the CLI if it is missing or stale
  const runs = 11;
  const times = await alternate(
    {
      node: async () => run(['-e', '0']),
      version: async () => run([commission, '--version']),
      methods: async () => run([commission, 'methods']),
    },
    runs,
  );
  const tsx = await alternate({ tsx: async () => run(['--import', 'tsx', join(root, 'cli/main.ts'), 'methods']) }, 3);
  console.log(`Démarrage de la CLI (médianes de ${runs} lancements alternés) :`);
  console.log(ratioTarget('CLI, commission --version', times.version, 'node -e 0', times.node, 4));
  console.log(ratioTarget('CLI, commission methods', times.methods, 'node -e 0', times.node, 4));
  console.log(`  la même commande « methods » en TypeScript par tsx : ${ms(tsx.tsx)}`);
}
