/**
 * Command-line transport of the contract: `npm run cli -- <command>`.
 * JSON on stdout; on an error, the French message on stderr and a non-zero exit code.
 */
import { z } from 'zod';
import { contract, methodNames } from '../shared/contract';
import type { Result } from '../shared/result';
import { DatabaseOpenError } from '../db/open';
import { startRuntime } from '../services/runtime';
import { defaultDatabasePath } from '../services/paths';

const USAGE = `Utilisation : npm run cli -- [--db <fichier>] <commande>

Commandes :
  methods                     liste les méthodes et le schéma JSON de leur entrée
  call <méthode> ['<json>']   appelle une méthode avec une entrée JSON (par défaut {})
  settings                    affiche les paramètres de l'ARS
  audit [<type> [<id>]]       affiche le journal des modifications

Options :
  --db <fichier>              base de données à utiliser (par défaut : celle de l'application)`;

/** Exit codes: 1 for an error the handler returned, 2 for a wrong command line or an unusable database. */
class UsageError extends Error {}

function parseArgs(argv: string[]): { db?: string; args: string[] } {
  const args: string[] = [];
  let db: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--db') {
      db = argv[++i];
      if (!db) throw new UsageError("L'option --db attend un chemin de fichier.");
    } else if (arg.startsWith('--db=')) {
      db = arg.slice('--db='.length);
    } else {
      args.push(arg);
    }
  }
  return { db, args };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`L'entrée n'est pas du JSON valide : ${(error as Error).message}`);
  }
}

function describeMethods() {
  return methodNames.map((method) => ({
    method,
    description: contract[method].description,
    input: z.toJSONSchema(contract[method].input, { io: 'input', unrepresentable: 'any' }),
  }));
}

/** Which method and input a command line stands for. */
function route(args: string[]): { method: string; input: unknown } {
  const [command, ...rest] = args;
  switch (command) {
    case 'call':
      if (!rest[0]) throw new UsageError('Indiquez la méthode à appeler (voir « methods »).');
      return { method: rest[0], input: parseJson(rest[1]) };
    case 'settings':
      return { method: 'settings.get', input: {} };
    case 'audit':
      return { method: 'audit.list', input: { entityType: rest[0], entityId: rest[1] } };
    default:
      throw new UsageError(command ? `Commande inconnue : « ${command} ».\n\n${USAGE}` : USAGE);
  }
}

function printResult(result: Result<unknown>): number {
  if (result.ok) {
    process.stdout.write(`${JSON.stringify(result.value, null, 2)}\n`);
    return 0;
  }
  const { code, message, details } = result.error;
  process.stderr.write(`Erreur (${code}) : ${message}\n`);
  for (const d of details ?? []) {
    const where = d.line !== undefined ? `ligne ${d.line}${d.column ? `, colonne « ${d.column} »` : ''} — ` : '';
    process.stderr.write(`  - ${where}${d.field} : ${d.message}\n`);
  }
  return 1;
}

async function main(argv: string[]): Promise<number> {
  const { db, args } = parseArgs(argv);
  if (args[0] === 'methods') {
    process.stdout.write(`${JSON.stringify(describeMethods(), null, 2)}\n`);
    return 0;
  }
  if (args[0] === 'help' || args[0] === '--help' || args.length === 0) {
    process.stdout.write(`${USAGE}\n`);
    return args.length === 0 ? 2 : 0;
  }
  const { method, input } = route(args);
  const runtime = await startRuntime(db ?? defaultDatabasePath());
  try {
    return printResult(await runtime.dispatch(method, input));
  } finally {
    await runtime.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof DatabaseOpenError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`Erreur interne : ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exitCode = 2;
  },
);
