#!/usr/bin/env node
/**
 * Command-line transport of the contract: `npm run cli -- <command>` or `commission <command>`.
 * JSON on stdout; on an error, the French message on stderr and a non-zero exit code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { contract, methodNames, type ImportPreview, type Output } from '../shared/contract';
import type { AppErrorData, ErrorCode, ErrorDetail, Result } from '../shared/result';
import type { ConfigPreview } from '../shared/config';
import { attachmentKinds } from '../shared/eligibility';
import type { DsPushPreview, DsPushRun } from '../shared/ds-push';
import { itemLabel } from '../shared/session';
import type { Runtime } from '../services/runtime';
import { CONNECTION_FILE, defaultDatabasePath, defaultDataDir } from '../services/paths';
import { writeFileAtomic } from '../services/files';
import { AppError } from '../shared/result';
import pkg from '../package.json' with { type: 'json' };

const USAGE = `Utilisation : npm run cli -- [--db <fichier | postgres://…> [--files <dossier>]] <commande>

Commandes :
  methods                          liste les méthodes et le schéma JSON de leur entrée
  call <méthode> ['<json>']        appelle une méthode avec une entrée JSON (par défaut {})
  settings                         affiche les paramètres de l'ARS
  audit [<type> [<id>]]            affiche le journal des modifications
  import <fichier> [--dry-run] [--mapping <nom>] [--overwrite-manual] [--confirm-decided]
                                   importe un export Démarches Simplifiées (CSV, XLSX, ODS, JSON de l'API) ;
                                   --dry-run lit et compare sans rien écrire, avec les mêmes options ; un champ
                                   corrigé à la main garde sa correction, sauf avec --overwrite-manual ; un
                                   dossier qui a un avis, une décision ou une notification n'est modifié
                                   qu'avec --confirm-decided
  dossiers list                    liste tous les dossiers
  eligibility [<n° de dossier>]    contrôle d'éligibilité de tous les dossiers, ou d'un seul
  attach <n° de dossier> <type> <fichier>
                                   joint un document (type : ${attachmentKinds.join(', ')})
  zoning import <fichier>          remplace le zonage médecins par le tableau publié par l'ARS
  grid                             affiche la grille d'évaluation en vigueur et sa version
  config export [--personal] [--out <fichier>]
                                   la configuration de l'agence en JSON (sur la sortie, ou dans le fichier) ;
                                   --personal y met les noms des personnes et les membres de la commission
  config import <fichier> [--dry-run]
                                   importe un fichier de configuration ; --dry-run liste chaque différence,
                                   section par section (avant → après), sans rien écrire
  documents <n° de séance> [--out <dossier>]
                                   produit les courriers, conventions et le procès-verbal d'une séance
                                   clôturée (avancement sur la sortie d'erreur ; Ctrl+C l'arrête) ;
                                   relancée, ne produit que ce qui manque ou ne correspond plus à sa décision
  register <n° de séance>          registre des documents de la séance ; ceux qui ne correspondent plus
                                   à leur décision sont « à refaire » ou « caducs » (stale, void)
  deadlines                        notifications à faire dans le mois qui suit chaque commission, et
                                   justificatifs demandés par les conventions signées
  zip <n° de séance> --out <fichier>
                                   la dernière version de chaque document de la séance dans un ZIP
  mail <n° de séance> [--out <dossier>]
                                   un brouillon de courriel (.eml) par courrier de décision, avec le
                                   courrier et la convention, au porteur et en copie au département
  convocations <n° de séance> [--out <dossier>]
                                   produit la convocation de chaque membre et l'ordre du jour (PDF) ;
                                   avec --out, y écrit aussi leurs brouillons de courriel (.eml)
  followup <n° de dossier>         aides accordées, conventions, versements, justificatifs, désistement
  agreement <n° de dossier> <date de signature> <scan> [<nombre de versements>]
                                   enregistre la convention signée, son scan et les justificatifs de l'article 6
  payment <n° de dossier> <date> <montant> <référence>
                                   enregistre un versement de l'aide
  withdraw <n° de dossier> <date> <motif>
                                   enregistre le désistement des porteurs
  envelope <année>                 enveloppe de l'aide au démarrage : engagé, signé, versé, reste
  sessions delete <n° de séance>   supprime une séance qui n'a pas été tenue
  members merge <id gardé> <id retiré>
                                   fusionne deux fiches d'un même membre
  ds sync [--procedure <n°>] [--state <état>] [--full] [--dry-run] [--mapping <nom>] [--overwrite-manual] [--confirm-decided]
                                   synchronise les dossiers de la démarche connectée (call ds.connection.save) changés
                                   depuis la dernière synchronisation (--full : tous), comme un import de fichier,
                                   avec leurs pièces jointes (jeton : DS_API_TOKEN) ; --state ne lit que les dossiers
                                   dans cet état (en_construction, en_instruction, accepte, refuse, sans_suite) ;
                                   --dry-run montre l'aperçu sans rien écrire
  ds push <n° de séance> [--dry-run] [--message] [--instructeur <adresse>]
                                   transmet à Démarches Simplifiées la décision de chaque dossier de la séance
                                   clôturée, avec le courrier en justificatif (jeton : DS_API_TOKEN) ; --message
                                   l'envoie aussi dans la messagerie du dossier ; --dry-run dit ce qui serait
                                   envoyé (dossier, n° DS, décision, motivation, courrier) et ce qui est écarté
  export <n° de séance> <csv|xlsx> --out <fichier>
                                   résultats de la séance pour Excel
  backup                           sauvegarde la base maintenant (copie vérifiée) dans le dossier des sauvegardes
  backup --archive <fichier>       archive complète : base, pièces jointes, documents et manifeste sha256 (.zip)
  restore <fichier>                restaure une sauvegarde (.sqlite) ou une archive (.zip), vérifiée d'abord ;
                                   l'application doit être fermée ; l'état actuel est sauvegardé avant
  audit verify                     vérifie la chaîne d'empreintes du journal et nomme le premier maillon rompu
  purge [--dry-run]                anonymise les dossiers dont la durée de conservation est passée ;
                                   --dry-run dit ce qui serait fait
  move-to <postgres://…> [--files <dossier>]
                                   copie la base (--db) dans une base PostgreSQL vide, avec ses pièces et
                                   ses documents dans la base, ou dans le dossier partagé avec --files,
                                   et vérifie les comptes et les sha256

Sur une base qui a des comptes, la commande se connecte avec les variables COMMISSION_USER et
COMMISSION_PASSWORD, ou par le compte relié à la session Windows.

Options :
  --db <fichier | postgres://…>    base de données à utiliser (par défaut : celle de l'application) ;
                                   une base partagée PostgreSQL prend son mot de passe dans PGPASSWORD
  --files <dossier>                dossier partagé des pièces et des documents d'une base partagée ;
                                   sans lui, ils sont gardés dans la base elle-même
  --out <dossier>                  où écrire les documents (par défaut : le dossier de l'application)
  --json                           sortie JSON (c'est toujours le cas ; accepté pour les scripts)
  --version                        affiche la version`;

/** Exit codes: 1 for an error the handler returned, 2 for a wrong command line or an unusable database. */
class UsageError extends Error {}

interface CommandLine {
  args: string[];
  db?: string;
  mapping?: string;
  out?: string;
  archive?: string;
  files?: string;
  instructeur?: string;
  procedure?: string;
  state?: string;
  full: boolean;
  dryRun: boolean;
  overwriteManual: boolean;
  confirmDecided: boolean;
  personal: boolean;
  message: boolean;
}

const VALUE_OPTIONS = { '--db': 'db', '--mapping': 'mapping', '--out': 'out', '--archive': 'archive', '--files': 'files', '--instructeur': 'instructeur', '--procedure': 'procedure', '--state': 'state' } as const;
const FLAGS = {
  '--dry-run': 'dryRun',
  '--overwrite-manual': 'overwriteManual',
  '--confirm-decided': 'confirmDecided',
  '--personal': 'personal',
  '--message': 'message',
  '--full': 'full',
} as const;

function parseArgs(argv: string[]): CommandLine {
  const line: CommandLine = { args: [], full: false, dryRun: false, overwriteManual: false, confirmDecided: false, personal: false, message: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg];
    if (name && name in VALUE_OPTIONS) {
      const value = inline ?? argv[++i];
      if (!value) throw new UsageError(`L'option ${name} attend une valeur.`);
      line[VALUE_OPTIONS[name as keyof typeof VALUE_OPTIONS]] = value;
    } else if (arg in FLAGS) line[FLAGS[arg as keyof typeof FLAGS]] = true;
    else if (arg === '--json') continue;
    else if (arg.startsWith('--')) throw new UsageError(`Option inconnue : « ${arg} ».\n\n${USAGE}`);
    else line.args.push(arg);
  }
  return line;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`L'entrée n'est pas du JSON valide : ${(error as Error).message}`);
  }
}

function positiveNumber(text: string | undefined, what: string): number {
  const n = Number(text);
  if (!text || !Number.isInteger(n) || n <= 0) throw new UsageError(`${what} doit être un nombre entier positif (reçu : « ${text ?? ''} »).`);
  return n;
}

function upload(path: string | undefined) {
  if (!path) throw new UsageError('Indiquez le fichier à lire.');
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UsageError(`Impossible de lire « ${path} » : ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'fichier introuvable' : (error as Error).message}.`);
  }
  return { fileName: basename(path), contentBase64: bytes.toString('base64') };
}

function describeMethods() {
  return methodNames.map((method) => ({
    method,
    description: contract[method].description,
    input: z.toJSONSchema(contract[method].input, { io: 'input', unrepresentable: 'any' }),
  }));
}

type Rejected = Pick<ErrorDetail, 'line' | 'column' | 'field' | 'message' | 'sheet'>;

type ImportChange = ImportPreview['changes'][number];

/** What `import` prints, whether the file was imported, only compared, or refused. */
function importSummary(counts: { created: number; updated: number; unchanged: number; changes?: ImportChange[] }, rejected: Rejected[]) {
  return { created: counts.created, updated: counts.updated, unchanged: counts.unchanged, rejected, changes: counts.changes ?? [] };
}

/**
 * Said on stderr for a person reading: corrections kept or replaced, dossiers that need the
 * confirmation; a dry run says it of the import the same flags would run.
 */
function importNotes(changes: ImportChange[], { dryRun, confirmDecided }: Pick<CommandLine, 'dryRun' | 'confirmDecided'>): void {
  const conflicts = changes.flatMap((c) => c.conflicts);
  const kept = conflicts.filter((conflict) => conflict.keep === 'manual').length;
  const fields = (n: number) => `${n} champ${n > 1 ? 's' : ''} corrigé${n > 1 ? 's' : ''} à la main`;
  if (kept) {
    process.stderr.write(
      `${fields(kept)} ${kept > 1 ? 'gardent leur' : 'garde sa'} correction (--overwrite-manual pour prendre la valeur du fichier).\n`,
    );
  }
  const replaced = conflicts.length - kept;
  if (replaced) {
    const verb = dryRun ? (replaced > 1 ? 'prendraient' : 'prendrait') : replaced > 1 ? 'ont pris' : 'a pris';
    process.stderr.write(`${fields(replaced)} ${verb} la valeur du fichier.\n`);
  }
  const decided = changes.filter((c) => c.decided && c.action === 'update').length;
  if (dryRun && decided) {
    const many = decided > 1;
    const which = `${decided} dossier${many ? 's' : ''} qui ${many ? 'ont' : 'a'} déjà un avis, une décision ou une notification ${many ? 'seraient modifiés' : 'serait modifié'}`;
    process.stderr.write(`${which}${confirmDecided ? ', comme --confirm-decided le permet' : " : l'import demandera --confirm-decided"}.\n`);
  }
}

/** What `import --dry-run` (and `ds sync --dry-run`) prints: the import that would run, refused if any problem. */
function previewSummary(preview: ImportPreview, line: CommandLine) {
  const rejected = preview.problems.map(({ line, column, field, message, sheet }) => ({
    line,
    ...(column ? { column } : {}),
    field: field ?? '(fichier)',
    message,
    ...(sheet ? { sheet } : {}),
  }));
  importNotes(preview.changes, line);
  // What the import would not use, and what a person should check, before running it.
  const warnings = preview.warnings.map(({ line, column, sheet, message }) => ({ line, ...(column ? { column } : {}), ...(sheet ? { sheet } : {}), message }));
  return {
    output: { ...importSummary(preview, rejected), columns: preview.columns, ignoredSheets: preview.ignoredSheets, warnings },
    failed: rejected.length > 0,
  };
}

/** A command: what it asks of the handlers, and how the answer is shown. */
interface Route {
  /** What the command does with a runtime on the database. */
  run?: (runtime: Runtime) => Promise<Result<unknown>>;
  /** Or, for a command that must not open the database (a restore replaces it), what it does with its path. */
  offline?: (databasePath: string) => Promise<Result<unknown>>;
  /** Turns a successful value into what is printed, and whether the command failed all the same. */
  present?: (value: unknown) => { output: unknown; failed?: boolean };
  /** Shows a refused import as a summary too, on stdout, beside the French message. */
  presentError?: (details: ErrorDetail[]) => unknown;
  /** What to do about a refusal: the command line's way of saying it, when there is one. */
  hint?: (error: { code: ErrorCode; details?: ErrorDetail[] }) => string | undefined;
}

function route(line: CommandLine): Route {
  const [command, ...rest] = line.args;
  switch (command) {
    case 'call':
      if (!rest[0]) throw new UsageError('Indiquez la méthode à appeler (voir « methods »).');
      return dispatch(rest[0], parseJson(rest[1]));
    case 'settings':
      return dispatch('settings.get', {});
    case 'audit':
      if (rest[0] === 'verify') {
        return {
          ...dispatch('audit.verify', {}),
          present: (value) => {
            const { broken } = value as { broken: { message: string } | null };
            if (broken) process.stderr.write(`Journal altéré : ${broken.message}\n`);
            return { output: value, failed: broken !== null };
          },
        };
      }
      return dispatch('audit.list', { entityType: rest[0], entityId: rest[1] });
    case 'backup': {
      if (!line.archive) return dispatch('backups.create', {});
      const file = resolve(line.archive);
      return { run: async (runtime) => followJob(runtime, await runtime.dispatch('backups.archive', { file }), 'backups.job') };
    }
    case 'restore': {
      if (!rest[0]) throw new UsageError('Indiquez la sauvegarde (.sqlite) ou l’archive (.zip) à restaurer.');
      const source = resolve(rest[0]);
      return { offline: (databasePath) => restore(databasePath, source) };
    }
    case 'purge':
      return dispatch('records.purge', { dryRun: line.dryRun });
    case 'move-to': {
      if (!rest[0]) throw new UsageError('Indiquez la base PostgreSQL de destination (postgres://…).');
      // Without --files, the files go in the shared database itself.
      const [target, files] = [rest[0], line.files ?? null];
      return { offline: (databasePath) => offline(async () => {
        const [{ moveToShared }, { currentUser }] = await Promise.all([import('../services/transfer'), import('../services/runtime')]);
        return moveToShared(databasePath, target, files, currentUser());
      }) };
    }
    case 'import': {
      const { overwriteManual, confirmDecided } = line;
      const input = { ...upload(rest[0]), ...(line.mapping ? { mappingName: line.mapping } : {}), overwriteManual };
      if (line.dryRun) {
        return {
          ...dispatch('import.preview', input),
          present: (value) => previewSummary(value as ImportPreview, line),
        };
      }
      return {
        ...dispatch('import.run', { ...input, confirmDecided }),
        present: (value) => {
          const summary = value as Parameters<typeof importSummary>[0];
          importNotes(summary.changes ?? [], line);
          return { output: importSummary(summary, []) };
        },
        presentError: (details) => importSummary({ created: 0, updated: 0, unchanged: 0 }, details),
        // Only the refusal about decided dossiers is answered by that flag (not a busy database).
        hint: (error) => (error.details?.some((d) => d.field === 'confirmDecided') ? 'Relancez avec --confirm-decided pour modifier ces dossiers.' : undefined),
      };
    }
    case 'dossiers':
      if (rest[0] !== 'list') throw new UsageError('Sous-commande attendue : « dossiers list ».');
      return { run: allDossiers };
    case 'eligibility':
      return dispatch('eligibility.report', rest[0] ? { dsNumber: positiveNumber(rest[0], 'Le numéro de dossier') } : {});
    case 'attach': {
      const dsNumber = positiveNumber(rest[0], 'Le numéro de dossier');
      const input = { kind: rest[1], ...upload(rest[2]) };
      return {
        run: async (runtime) => {
          const dossier = await runtime.dispatch('dossiers.get', { dsNumber });
          if (!dossier.ok) return dossier;
          return runtime.dispatch('attachments.add', { ...input, dossierId: (dossier.value as { id: number }).id });
        },
      };
    }
    case 'documents': {
      const number = rest[0];
      if (!number) throw new UsageError('Indiquez le numéro de la séance (voir « call sessions.list »).');
      return { run: (runtime) => sessionDocuments(runtime, number, line.out) };
    }
    case 'export': {
      const [number, format] = rest;
      if (!number || (format !== 'csv' && format !== 'xlsx') || !line.out) {
        throw new UsageError('Utilisation : export <n° de séance> <csv|xlsx> --out <fichier>');
      }
      const out = line.out;
      return {
        run: async (runtime) => {
          const session = await findSession(runtime, number);
          if (!session.ok) return session;
          const file = await runtime.dispatch('sessions.export', { sessionId: session.value, format });
          if (!file.ok) return file;
          writeFileAtomic(resolve(out), Buffer.from((file.value as { contentBase64: string }).contentBase64, 'base64'));
          return { ok: true, value: { file: resolve(out) } };
        },
      };
    }
    case 'register': {
      const number = rest[0];
      if (!number) throw new UsageError('Indiquez le numéro de la séance (voir « call sessions.list »).');
      return { run: (runtime) => sessionRegister(runtime, number) };
    }
    case 'deadlines':
      return dispatch('dashboard.deadlines', {});
    case 'zip':
    case 'mail':
    case 'convocations': {
      const number = rest[0];
      if (!number || (command === 'zip' && !line.out)) {
        throw new UsageError(command === 'zip' ? 'Utilisation : zip <n° de séance> --out <fichier>' : 'Indiquez le numéro de la séance (voir « call sessions.list »).');
      }
      const out = line.out === undefined ? undefined : resolve(line.out);
      return { run: (runtime) => inHand(runtime, command, number, out) };
    }
    case 'followup':
      return withDossier(rest[0], (runtime, dossierId) => runtime.dispatch('followup.get', { dossierId }));
    case 'agreement': {
      const [, signedOn, file, instalments] = rest;
      const scan = upload(file);
      const count = instalments ? positiveNumber(instalments, 'Le nombre de versements') : 1;
      return withDossier(rest[0], async (runtime, dossierId) => {
        const followUp = await runtime.dispatch('followup.get', { dossierId });
        if (!followUp.ok) return followUp;
        const grant = (followUp.value as { grants: { itemId: number; agreement: unknown }[] }).grants.find((g) => !g.agreement);
        if (!grant) return refusal('CONFLICT', "Ce dossier n'a pas d'aide accordée dont la convention reste à signer.");
        return runtime.dispatch('followup.recordAgreement', { itemId: grant.itemId, signedOn, instalments: count, scan });
      });
    }
    case 'payment': {
      const [, paidOn, amount, reference] = rest;
      return withDossier(rest[0], async (runtime, dossierId) => {
        const followUp = await runtime.dispatch('followup.get', { dossierId });
        if (!followUp.ok) return followUp;
        const grants = (followUp.value as { grants: { agreement: { id: number; remaining: number } | null }[] }).grants;
        const agreement = grants.map((g) => g.agreement).find((a) => a && a.remaining > 0);
        if (!agreement) return refusal('CONFLICT', "Ce dossier n'a pas de convention signée dont l'aide reste à verser.");
        return runtime.dispatch('followup.recordPayment', { agreementId: agreement.id, paidOn, amount: Number(amount?.replace(',', '.')), reference });
      });
    }
    case 'withdraw': {
      const [, date, ...reason] = rest;
      return withDossier(rest[0], (runtime, dossierId) => runtime.dispatch('dossiers.withdraw', { dossierId, date, reason: reason.join(' ') }));
    }
    case 'envelope':
      return dispatch('envelope.get', { year: positiveNumber(rest[0], "L'année") });
    case 'sessions': {
      if (rest[0] !== 'delete' || !rest[1]) throw new UsageError('Utilisation : sessions delete <n° de séance>');
      const number = rest[1];
      return {
        run: async (runtime) => {
          const session = await findSession(runtime, number);
          return session.ok ? runtime.dispatch('sessions.delete', { id: session.value }) : session;
        },
      };
    }
    case 'members':
      if (rest[0] !== 'merge') throw new UsageError('Utilisation : members merge <id gardé> <id retiré>');
      return dispatch('members.merge', { keepId: positiveNumber(rest[1], 'Le membre gardé'), removeId: positiveNumber(rest[2], 'Le membre retiré') });
    case 'zoning':
      if (rest[0] !== 'import') throw new UsageError('Sous-commande attendue : « zoning import <fichier> ».');
      return dispatch('zoning.import', upload(rest[1]));
    case 'grid':
      return dispatch('grid.get', {});
    case 'config':
      return configCommand(rest, line);
    case 'ds':
      return dsCommand(rest, line);
    default:
      throw new UsageError(command ? `Commande inconnue : « ${command} ».\n\n${USAGE}` : USAGE);
  }
}

/** The ZIP of a session's documents, its letters' e-mail drafts, or its convocations (and their drafts into `out`). */
async function inHand(runtime: Runtime, command: 'zip' | 'mail' | 'convocations', number: string, given: string | undefined): Promise<Result<unknown>> {
  // The services take full paths only: a relative one is the user's, from where they typed it.
  const out = given === undefined ? undefined : resolve(given);
  const session = await findSession(runtime, number);
  if (!session.ok) return session;
  const sessionId = session.value;
  if (command === 'zip') return runtime.dispatch('documents.zip', { sessionId, to: out });
  if (command === 'mail') return runtime.dispatch('mail.sessionDrafts', { sessionId, folder: out });
  const convocations = await runtime.dispatch('convocations.generate', { sessionId });
  if (!convocations.ok || out === undefined) return convocations;
  const drafts = await runtime.dispatch('convocations.drafts', { sessionId, folder: out });
  return drafts.ok ? { ok: true, value: { ...(convocations.value as object), drafts: drafts.value } } : drafts;
}

/** A command about one dossier, named by its Démarches Simplifiées number. */
function withDossier(dsNumberText: string | undefined, run: (runtime: Runtime, dossierId: number) => Promise<Result<unknown>>): Route {
  const dsNumber = positiveNumber(dsNumberText, 'Le numéro de dossier');
  return {
    run: async (runtime) => {
      const dossier = await runtime.dispatch('dossiers.get', { dsNumber });
      return dossier.ok ? run(runtime, (dossier.value as { id: number }).id) : dossier;
    },
  };
}

/** `config export` writes the file itself (stdout or --out); `config import` prints what differs. */
function configCommand([sub, path]: string[], line: CommandLine): Route {
  if (sub === 'export') {
    const out = line.out && resolve(line.out);
    return {
      run: async (runtime) => {
        const file = await runtime.dispatch('config.export', { personalData: line.personal });
        if (!file.ok) return file;
        const content = Buffer.from((file.value as { contentBase64: string }).contentBase64, 'base64');
        if (!out) return { ok: true, value: JSON.parse(content.toString('utf8')) as unknown };
        writeFileAtomic(out, content);
        return { ok: true, value: { file: out } };
      },
    };
  }
  if (sub !== 'import') throw new UsageError('Sous-commande attendue : « config export » ou « config import <fichier> ».');
  return {
    ...dispatch(line.dryRun ? 'config.preview' : 'config.import', upload(path)),
    present: (value) => {
      for (const { label, differences } of (value as ConfigPreview).sections) {
        const count = differences.length;
        process.stderr.write(`${label} : ${count ? `${count} différence${count > 1 ? 's' : ''}` : 'inchangé'}\n`);
      }
      return { output: value };
    },
  };
}

const refusal = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

function dispatch(method: string, input: unknown): Route {
  return { run: (runtime) => runtime.dispatch(method, input) };
}

/** The app closed: verified, the current state saved, then replaced (see services/restore.ts). */
/** A command that works on the database without a runtime: its refusal is a Result like a handler's. */
async function offline(work: () => Promise<unknown>): Promise<Result<unknown>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toData() };
    throw error;
  }
}

function restore(databasePath: string, source: string): Promise<Result<unknown>> {
  return offline(async () => {
    const [{ restoreOffline }, { currentUser }] = await Promise.all([import('../services/restore'), import('../services/runtime')]);
    const applied = await restoreOffline(databasePath, source, { actor: currentUser(), appVersion: pkg.version });
    if (applied.savedTo) process.stderr.write(`L'état précédent est sauvegardé dans « ${applied.savedTo} ».\n`);
    return applied;
  });
}

/** Every dossier, page after page, by DS number. */
async function allDossiers(runtime: Runtime): Promise<Result<unknown>> {
  const rows: unknown[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await runtime.dispatch('dossiers.list', { limit: 1000, offset, sort: { field: 'dsNumber', direction: 'asc' } });
    if (!page.ok) return page;
    const { total, rows: chunk } = page.value as { total: number; rows: unknown[] };
    rows.push(...chunk);
    if (rows.length >= total || chunk.length === 0) return { ok: true, value: rows };
  }
}

/**
 * `ds push <séance> [--dry-run]`: what is (or would be) sent to Démarches Simplifiées; each
 * dossier left out, or not sent, is named on stderr with why. The token comes from DS_API_TOKEN.
 */
function dsCommand([sub, number]: string[], line: CommandLine): Route {
  if (sub === 'sync' && number === undefined) return dsSync(line);
  if (sub !== 'push' || !number) throw new UsageError('Utilisation : ds sync [--dry-run] … ou ds push <n° de séance> [--dry-run] [--message] [--instructeur <adresse>]');
  const say = (what: string, label: { dsNumber: number | null; dossierName: string }, message: string) =>
    process.stderr.write(`${what} : ${itemLabel({ dsNumber: label.dsNumber, name: label.dossierName })} — ${message}\n`);
  return {
    run: async (runtime) => {
      const session = await findSession(runtime, number);
      if (!session.ok) return session;
      const sessionId = session.value;
      if (line.dryRun) {
        const preview = await runtime.dispatch('ds.push.preview', { sessionId });
        if (preview.ok) for (const e of (preview.value as DsPushPreview).entries) if (e.skip) say('Écarté', e, e.skip.message);
        return preview;
      }
      const run = await runtime.dispatch('ds.push.run', { sessionId, sendMessage: line.message, instructeurEmail: line.instructeur });
      if (run.ok) for (const r of (run.value as DsPushRun).results) if (r.status !== 'sent') say(r.status === 'failed' ? 'Échec' : 'Écarté', r, r.message);
      return run;
    },
    present: (value) => ({ output: value, failed: ((value as Partial<DsPushRun>).failed ?? 0) > 0 }),
  };
}

/**
 * `ds sync`: the dossiers of the connected procedure, as `import` does a file; with --dry-run,
 * the same summary as `import --dry-run` and the files that would be downloaded.
 */
function dsSync(line: CommandLine): Route {
  const input = {
    ...(line.procedure ? { procedureNumber: positiveNumber(line.procedure, 'Le numéro de la démarche') } : {}),
    ...(line.state ? { state: line.state } : {}),
    ...(line.mapping ? { mappingName: line.mapping } : {}),
    full: line.full,
    overwriteManual: line.overwriteManual,
  };
  if (line.dryRun) {
    return {
      ...dispatch('ds.sync.preview', input),
      present: (value) => {
        const preview = value as Output<'ds.sync.preview'>;
        const summary = previewSummary(preview, line);
        return { ...summary, output: { ...summary.output, since: preview.since, pages: preview.pages, files: preview.files } };
      },
    };
  }
  return {
    ...dispatch('ds.sync.run', { ...input, confirmDecided: line.confirmDecided }),
    present: (value) => {
      const result = value as Output<'ds.sync.run'>;
      importNotes(result.changes, line);
      for (const file of result.files.refused) process.stderr.write(`Pièce non gardée : dossier n° ${file.dsNumber}, « ${file.fileName} » — ${file.message}\n`);
      return { output: { ...importSummary(result, []), batchId: result.batchId, since: result.since, files: result.files } };
    },
  };
}

/** Commands name a session by its number; the contract by its id. */
async function findSession(runtime: Runtime, number: string): Promise<Result<number>> {
  const sessions = await runtime.dispatch('sessions.list', {});
  if (!sessions.ok) return sessions;
  const session = (sessions.value as { id: number; number: string }[]).find((s) => s.number === number);
  if (!session) return { ok: false, error: { code: 'NOT_FOUND', message: `Aucune séance ne porte le numéro « ${number} ».` } };
  return { ok: true, value: session.id };
}

/** The session's register; what is to be made again is also said on stderr, for a person reading. */
async function sessionRegister(runtime: Runtime, number: string): Promise<Result<unknown>> {
  const session = await findSession(runtime, number);
  if (!session.ok) return session;
  const list = await runtime.dispatch('documents.list', { sessionId: session.value });
  if (!list.ok) return list;
  for (const doc of list.value as { reference: string; stale: boolean; staleReason: string; void: boolean }[]) {
    if (doc.stale) process.stderr.write(`${doc.void ? 'Caduc' : 'À refaire'} : ${doc.reference} — ${doc.staleReason}\n`);
  }
  return list;
}

/** Starts the batch, shows its progress on stderr, and stops it cleanly on Ctrl+C. */
async function sessionDocuments(runtime: Runtime, number: string, out?: string): Promise<Result<unknown>> {
  const session = await findSession(runtime, number);
  if (!session.ok) return session;
  // A run again after an interruption makes only what is missing; new versions of all: `call documents.generate`.
  const started = await runtime.dispatch('documents.start', { sessionId: session.value, onlyMissing: true, ...(out ? { folder: resolve(out) } : {}) });
  return followJob(runtime, started, 'documents.job', {
    cancel: 'documents.cancel',
    stopped: 'Production arrêtée : les documents déjà produits restent au registre.',
  });
}

/** Follows a background job to its end, its progress on stderr; with `cancel`, Ctrl+C asks it to stop. */
async function followJob(
  runtime: Runtime,
  started: Result<unknown>,
  poll: string,
  options: { cancel?: string; stopped?: string } = {},
): Promise<Result<unknown>> {
  if (!started.ok) return started;
  const jobId = (started.value as { id: string }).id;
  const stop = () => void runtime.dispatch(options.cancel!, { jobId });
  if (options.cancel) process.once('SIGINT', stop);
  try {
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      const job = await runtime.dispatch(poll, { jobId });
      if (!job.ok) return job;
      const { state, done, total, current, result, error } = job.value as {
        state: string;
        done: number;
        total: number;
        current: string;
        result: unknown;
        error: AppErrorData | null;
      };
      if (total) process.stderr.write(`\r[${done}/${total}] ${current}`.padEnd(100).slice(0, 100));
      if (state === 'running') continue;
      process.stderr.write('\n');
      if (error) return { ok: false, error };
      if (state === 'cancelled' && options.stopped) process.stderr.write(`${options.stopped}\n`);
      return { ok: true, value: result };
    }
  } finally {
    process.off('SIGINT', stop);
  }
}

/**
 * On a database with accounts, the CLI acts as one: COMMISSION_USER and COMMISSION_PASSWORD, or
 * the account tied to the session's Windows user. Refused before the command runs otherwise.
 */
async function signInFromEnvironment(runtime: Runtime): Promise<void> {
  const status = await runtime.dispatch('auth.status', {});
  if (!status.ok || !(status.value as { accountsExist: boolean }).accountsExist) return;
  const { COMMISSION_USER: login, COMMISSION_PASSWORD: password } = process.env;
  const signed = await runtime.dispatch('auth.signIn', login ? { login, password: password ?? '' } : {});
  if (!signed.ok) {
    throw new UsageError(
      `Cette base de données a des comptes : ${signed.error.message}\n` +
        'Donnez votre identifiant et votre mot de passe par les variables COMMISSION_USER et COMMISSION_PASSWORD.',
    );
  }
}

function printError(error: { code: string; message: string; details?: ErrorDetail[] }): void {
  process.stderr.write(`Erreur (${error.code}) : ${error.message}\n`);
  for (const d of error.details ?? []) {
    const where = [d.sheet && `feuille « ${d.sheet} »`, d.line !== undefined && `ligne ${d.line}`, d.column && `colonne « ${d.column} »`]
      .filter(Boolean)
      .join(', ');
    process.stderr.write(`  - ${where ? `${where} — ` : ''}${d.field} : ${d.message}\n`);
  }
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 1 && argv[0] === '--version') {
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const line = parseArgs(argv);
  if (line.args[0] === 'methods') {
    printJson(describeMethods());
    return 0;
  }
  if (line.args[0] === 'help' || line.args.length === 0) {
    process.stdout.write(`${USAGE}\n`);
    return line.args.length === 0 ? 2 : 0;
  }
  const command = route(line);
  // Without --db, the database the app opens: the shared one when this machine is set to it.
  const shared = !line.db && existsSync(join(defaultDataDir(), CONNECTION_FILE))
    ? (await import('../services/connection')).sharedDatabaseAt(defaultDataDir(), undefined)
    : null;
  if (shared && !line.files) line.files = shared.filesFolder;
  const databasePath = line.db ?? shared?.url ?? defaultDatabasePath();
  // The services (SQLite, PDF, spreadsheets) load only for a command that uses them: `methods` starts at once.
  const runtime = command.run
    ? await (await import('../services/runtime')).startRuntime(databasePath, line.files ? { dataDir: resolve(line.files) } : {})
    : null;
  try {
    if (runtime) await signInFromEnvironment(runtime);
    const result = runtime && command.run ? await command.run(runtime) : await command.offline!(databasePath);
    if (!result.ok) {
      if (command.presentError && result.error.code === 'VALIDATION') printJson(command.presentError(result.error.details ?? []));
      printError(result.error);
      const hint = command.hint?.(result.error);
      if (hint) process.stderr.write(`${hint}\n`);
      return 1;
    }
    const { output, failed } = command.present?.(result.value) ?? { output: result.value };
    printJson(output);
    return failed ? 1 : 0;
  } finally {
    await runtime?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // By name: db/open (SQLite, Kysely) is not loaded for a wrong command line.
    if (error instanceof UsageError || (error instanceof Error && error.name === 'DatabaseOpenError')) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`Erreur interne : ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exitCode = 2;
  },
);
