/**
 * The connection of a procedure: kept in the database (every machine of the agency syncs the
 * same procedure), its API token sealed by this machine's keychain in a file of its own folder
 * (it belongs to the instructor), or, where there is no keychain (the CLI), DS_API_TOKEN.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDsConnection, listDsConnections, saveDsConnection as saveConnectionRow, type DsConnectionRecord } from '../../db/queries/ds';
import { insertAudit } from '../../db/queries/audit';
import type { Output, ParsedInput } from '../../shared/contract';
import type { DsConnection, DsTest } from '../../shared/ds';
import { AppError } from '../../shared/result';
import { z } from '../../shared/validation';
import type { ServiceContext } from '../context';
import { writeFileAtomic } from '../files';
import { dsClient, DsError, type DsClient } from './client';
import { procedureQuery } from './documents';

/** This machine's sealed tokens, by instance and procedure. */
export const DS_TOKENS_FILE = 'ds-jetons.json';
export const TOKEN_VARIABLE = 'DS_API_TOKEN';

const tokensSchema = z.object({ tokens: z.record(z.string(), z.string()) });

const tokenKey = (c: Pick<DsConnection, 'instanceUrl' | 'procedureNumber'>) => `${c.instanceUrl} ${c.procedureNumber}`;

function readTokens(localDir: string): Record<string, string> {
  const file = join(localDir, DS_TOKENS_FILE);
  if (!existsSync(file)) return {};
  try {
    return tokensSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).tokens;
  } catch {
    throw new AppError('VALIDATION', `Le fichier des jetons Démarches Simplifiées « ${file} » est illisible : supprimez-le et enregistrez de nouveau le jeton.`);
  }
}

function storedToken(ctx: ServiceContext, c: Pick<DsConnection, 'instanceUrl' | 'procedureNumber'>): string | undefined {
  const sealed = readTokens(ctx.localDir)[tokenKey(c)];
  return sealed !== undefined && ctx.secrets ? ctx.secrets.open(sealed) : undefined;
}

/** The token of a connection: the keychain's, else the environment's. */
export function dsToken(ctx: ServiceContext, c: Pick<DsConnection, 'instanceUrl' | 'procedureNumber'>): string {
  const token = storedToken(ctx, c) ?? process.env[TOKEN_VARIABLE]?.trim();
  if (token) return token;
  throw new AppError(
    'VALIDATION',
    ctx.secrets
      ? `Aucun jeton d'accès n'est enregistré pour la démarche n° ${c.procedureNumber} sur ce poste : saisissez-le dans la connexion à Démarches Simplifiées.`
      : `Aucun jeton d'accès : donnez-le par la variable d'environnement ${TOKEN_VARIABLE}.`,
    [{ field: 'token', message: 'Le jeton est obligatoire.' }],
  );
}

export function viewOf(ctx: ServiceContext, record: DsConnectionRecord): Output<'ds.connection.get'>['connections'][number] {
  const { procedureNumber, instanceUrl, instructorGroup, lastSyncAt, savedAt, savedBy } = record;
  return { procedureNumber, instanceUrl, instructorGroup, lastSyncAt, savedAt, savedBy, tokenStored: readTokens(ctx.localDir)[tokenKey(record)] !== undefined };
}

export async function getDsConnections(ctx: ServiceContext): Promise<Output<'ds.connection.get'>> {
  const connections = (await listDsConnections(ctx.db)).map((c) => viewOf(ctx, c));
  return { connections, keychain: ctx.secrets !== undefined, environmentToken: Boolean(process.env[TOKEN_VARIABLE]?.trim()) };
}

/** The connection of a procedure; without a number, the only one there is. */
export async function connectionOf(ctx: ServiceContext, procedureNumber: number | undefined): Promise<DsConnectionRecord> {
  if (procedureNumber !== undefined) {
    const found = await getDsConnection(ctx.db, procedureNumber);
    if (found) return found;
    throw new AppError('NOT_FOUND', `Aucune connexion à Démarches Simplifiées n'est enregistrée pour la démarche n° ${procedureNumber}.`);
  }
  const all = await listDsConnections(ctx.db);
  if (all.length === 1) return all[0]!;
  throw new AppError(
    all.length ? 'VALIDATION' : 'NOT_FOUND',
    all.length
      ? `Plusieurs démarches sont connectées (${all.map((c) => `n° ${c.procedureNumber}`).join(', ')}) : précisez laquelle.`
      : "Aucune connexion à Démarches Simplifiées n'est enregistrée : indiquez l'instance, la démarche et le jeton d'abord.",
    [{ field: 'procedureNumber', message: 'Précisez la démarche.' }],
  );
}

export async function saveDsConnection(input: ParsedInput<'ds.connection.save'>, ctx: ServiceContext): Promise<Output<'ds.connection.get'>> {
  const { connection, token } = input;
  if (token !== undefined && !ctx.secrets) {
    throw new AppError('VALIDATION', `Le trousseau du système n'est pas disponible ici : le jeton ne peut pas être gardé ; donnez-le par la variable ${TOKEN_VARIABLE}.`, [
      { field: 'token', message: 'Pas de trousseau sur ce poste.' },
    ]);
  }
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await getDsConnection(trx, connection.procedureNumber);
    await saveConnectionRow(trx, { ...connection, savedAt: at, savedBy: ctx.actor });
    await insertAudit(trx, {
      at,
      actor: ctx.actor,
      entityType: 'ds_connection',
      entityId: String(connection.procedureNumber),
      action: before ? 'update' : 'create',
      before: before ? { instanceUrl: before.instanceUrl, instructorGroup: before.instructorGroup } : null,
      // Never the token, not even sealed: it is this machine's.
      after: { instanceUrl: connection.instanceUrl, instructorGroup: connection.instructorGroup, tokenChanged: token !== undefined },
    });
  });
  if (token !== undefined) {
    const tokens = { ...readTokens(ctx.localDir), [tokenKey(connection)]: ctx.secrets!.seal(token) };
    writeFileAtomic(join(ctx.localDir, DS_TOKENS_FILE), `${JSON.stringify({ tokens }, null, 2)}\n`);
  }
  return getDsConnections(ctx);
}

export function clientFor(ctx: ServiceContext, c: Pick<DsConnection, 'instanceUrl' | 'procedureNumber'>): DsClient {
  return dsClient({ instanceUrl: c.instanceUrl, token: dsToken(ctx, c) });
}

/** A failure of the platform worded for a procedure and its connection. */
export function procedureProblem(error: DsError, c: DsConnection): string {
  switch (error.problem) {
    case 'not_found':
      return c.instructorGroup === null
        ? `La démarche n° ${c.procedureNumber} n'existe pas sur ${c.instanceUrl} : vérifiez son numéro (celui de l'adresse de la démarche, …/procedures/${c.procedureNumber}) et l'instance.`
        : `La démarche n° ${c.procedureNumber} ou le groupe instructeur n° ${c.instructorGroup} n'existe pas sur ${c.instanceUrl} : vérifiez les numéros et l'instance.`;
    case 'forbidden':
      return `Le jeton est valable, mais il ne donne pas accès à la démarche n° ${c.procedureNumber} : utilisez le jeton d'un administrateur ou d'un instructeur de cette démarche, ou faites-vous ajouter à la démarche.`;
    default:
      return error.message;
  }
}

export async function testDsConnection(input: ParsedInput<'ds.connection.test'>, ctx: ServiceContext): Promise<DsTest> {
  const { connection: c } = input;
  // A test answers within seconds, as the one of the shared database does: no long waits.
  const client = dsClient({ instanceUrl: c.instanceUrl, token: input.token ?? dsToken(ctx, c), timeoutMs: 4_000, retries: 0 });
  try {
    const { demarche } = await client.request(procedureQuery, { procedure: c.procedureNumber });
    const groups = demarche.groupeInstructeurs;
    const group = groups.find((g) => g.number === c.instructorGroup);
    const failure = (message: string): DsTest => ({ ok: false, problem: 'not_found', message, procedureTitle: demarche.title, groups });
    if (c.instructorGroup !== null && !group) {
      return failure(
        `La démarche n° ${c.procedureNumber} « ${demarche.title} » n'a pas de groupe instructeur n° ${c.instructorGroup} ; ses groupes : ${groups.map((g) => `n° ${g.number} « ${g.label} »`).join(', ')}.`,
      );
    }
    const scope = group ? `, groupe instructeur « ${group.label} »` : '';
    return { ok: true, problem: null, message: `Connexion réussie : démarche n° ${c.procedureNumber} « ${demarche.title} »${scope}.`, procedureTitle: demarche.title, groups };
  } catch (error) {
    if (!(error instanceof DsError)) throw error;
    return { ok: false, problem: error.problem, message: procedureProblem(error, c), procedureTitle: null, groups: [] };
  }
}
