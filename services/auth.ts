/**
 * Signing in and the agency's accounts. Each runtime (one machine's app, or one CLI call) has at
 * most one signed-in account; every call runs with a context whose actor is that account, after
 * the permission table (shared/permissions.ts) has let its role through. A database without any
 * account works as before accounts: the OS user acts, with every right.
 */
import type { Kysely } from 'kysely';
import {
  accountFieldsSchema,
  accountProblems,
  type Account,
  type AuthStatus,
  type Role,
} from '../shared/accounts';
import type { MethodName, Output, ParsedInput } from '../shared/contract';
import { forbiddenMessage, mayCall, permissions } from '../shared/permissions';
import { AppError, validationError } from '../shared/result';
import type { z } from '../shared/validation';
import type { Database } from '../db/schema';
import { insertAudit } from '../db/queries/audit';
import { listMembers } from '../db/queries/sessions';
import {
  accountOf,
  accountRow,
  activeSecretariats,
  anyAccount,
  foldLogin,
  insertAccount,
  listAccounts,
  setAccountState,
  updateAccount,
  type AccountRow,
  type AccountValues,
} from '../db/queries/accounts';
import type { ServiceContext } from './context';

type Db = Kysely<Database>;

/**
 * How long a reading of the accounts stays good. Calls in between do not query the database, so
 * they do not wait behind another call's transaction (SQLite has one connection): a batch's
 * progress and its « Arrêter » still answer. A change made on another machine (an account
 * disabled, a role changed, a first account created) applies here within this delay.
 */
export const RECHECK_MS = 2000;

/** This runtime's sign-in: which account, and whether the database has any. */
export class AuthState {
  private id: number | null = null;
  /** Accounts are disabled, never deleted: once one is seen, the database always has some. */
  private seen = false;
  private lookedAt = -Infinity;
  private reading: { account: Account; at: number } | null = null;

  /** The OS session's user name, for the Windows sign-in. */
  constructor(readonly osUser: string) {}

  get accountId(): number | null {
    return this.id;
  }

  signIn(id: number): void {
    this.id = id;
    this.seen = true;
    this.reading = null;
  }

  signOut(): void {
    this.id = null;
    this.reading = null;
  }

  /** After a change to the accounts made here: the next call reads them again. */
  forget(): void {
    this.reading = null;
  }

  async accountsExist(db: Db): Promise<boolean> {
    const now = performance.now();
    if (!this.seen && now - this.lookedAt >= RECHECK_MS) {
      this.seen = await anyAccount(db);
      this.lookedAt = now;
    }
    return this.seen;
  }

  /** The signed-in account; one disabled from another machine is signed out here. */
  async account(db: Db): Promise<Account | null> {
    if (this.id === null) return null;
    const now = performance.now();
    if (!this.reading || now - this.reading.at >= RECHECK_MS) {
      const row = await accountRow(db, { id: this.id });
      if (!row || row.disabled) {
        this.signOut();
        return null;
      }
      this.reading = { account: accountOf(row), at: now };
    }
    return this.reading.account;
  }
}

// ---------------------------------------------------------------------------------------------
// Every call

/** The context a call runs with, or its refusal: signed out on a database with accounts, or a role the method is not open to. */
export async function callContext(method: MethodName, ctx: ServiceContext): Promise<ServiceContext> {
  const account = await ctx.auth.account(ctx.db);
  if (account) {
    if (!mayCall(account.role, method)) throw new AppError('FORBIDDEN', forbiddenMessage(account.role, method));
    return { ...ctx, actor: account.login, account };
  }
  if (permissions[method].who === 'public' || !(await ctx.auth.accountsExist(ctx.db))) return ctx;
  throw new AppError('UNAUTHENTICATED', 'Connectez-vous pour continuer.');
}

async function status(ctx: ServiceContext): Promise<AuthStatus> {
  const { accountId } = ctx.auth;
  let row = accountId === null ? undefined : await accountRow(ctx.db, { id: accountId });
  // Disabled on another machine: signed out here, as the next call would be.
  if (row?.disabled) {
    ctx.auth.signOut();
    row = undefined;
  }
  return {
    accountsExist: await ctx.auth.accountsExist(ctx.db),
    account: row ? accountOf(row) : null,
    osUser: ctx.auth.osUser,
    shared: ctx.engine === 'postgres',
  };
}

export function authStatus(_input: unknown, ctx: ServiceContext): Promise<AuthStatus> {
  return status(ctx);
}

// ---------------------------------------------------------------------------------------------
// Passwords

const argon2 = () => import('@node-rs/argon2');

/** argon2id with the library's defaults (19 MiB, 2 passes: OWASP's recommendation). */
async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password);
}

/** Checked against a hash of nothing for an unknown login, so that the time taken does not tell it apart. */
let decoy: Promise<string> | undefined;

async function passwordMatches(row: AccountRow | undefined, password: string): Promise<boolean> {
  const { verify } = await argon2();
  if (!row) {
    await verify(await (decoy ??= hashPassword('\u0000')), password).catch(() => false);
    return false;
  }
  return verify(row.password_hash, password).catch(() => false);
}

/** Wrong passwords allowed in a row before the account waits; then 30 s, doubling, up to 15 minutes. */
const FREE_ATTEMPTS = 5;
const waitAfter = (failures: number) => Math.min(30_000 * 2 ** (failures - FREE_ATTEMPTS), 15 * 60_000);

function waitingMessage(until: Date, now: Date): string {
  const seconds = Math.ceil((until.getTime() - now.getTime()) / 1000);
  const delay = seconds < 90 ? `${seconds} secondes` : `${Math.ceil(seconds / 60)} minutes`;
  return `Trop de mots de passe erronés pour ce compte : réessayez dans ${delay}.`;
}

const WRONG = 'Identifiant ou mot de passe incorrect.';

async function audit(db: Db, ctx: ServiceContext, actor: string, accountId: number, action: string, before: unknown, after: unknown) {
  await insertAudit(db, { at: ctx.now().toISOString(), actor, entityType: 'account', entityId: String(accountId), action, before, after });
}

/** What the audit keeps of an account: everything but its password's hash. */
const audited = (row: AccountRow | undefined) => (row ? accountOf(row) : null);

// ---------------------------------------------------------------------------------------------
// Signing in and out

export async function signIn(input: ParsedInput<'auth.signIn'>, ctx: ServiceContext): Promise<AuthStatus> {
  const now = ctx.now();
  const row = await accountRow(ctx.db, input.login === undefined ? { windowsUser: ctx.auth.osUser } : { login: input.login });
  if (input.password === undefined) {
    // The Windows sign-in: the agency named this machine's session user in the account.
    if (!row || row.windows_user !== foldLogin(ctx.auth.osUser)) {
      throw new AppError('UNAUTHENTICATED', `Aucun compte ne se connecte par la session Windows « ${ctx.auth.osUser} » : donnez l'identifiant et le mot de passe.`);
    }
  } else {
    if (row?.locked_until && new Date(row.locked_until) > now) throw new AppError('UNAUTHENTICATED', waitingMessage(new Date(row.locked_until), now));
    const matches = await passwordMatches(row, input.password);
    if (!row || !matches) {
      if (row) {
        const failures = row.failed_attempts + 1;
        const lockedUntil = failures >= FREE_ATTEMPTS ? new Date(now.getTime() + waitAfter(failures)).toISOString() : null;
        await setAccountState(ctx.db, row.id, { failed_attempts: failures, locked_until: lockedUntil });
      }
      throw new AppError('UNAUTHENTICATED', WRONG);
    }
  }
  if (row.disabled) throw new AppError('UNAUTHENTICATED', 'Ce compte est désactivé : adressez-vous au secrétariat.');
  await ctx.db.transaction().execute(async (trx) => {
    await setAccountState(trx, row.id, { failed_attempts: 0, locked_until: null, last_sign_in_at: now.toISOString() });
    await audit(trx, ctx, row.login, row.id, input.password === undefined ? 'signIn.windows' : 'signIn', null, { osUser: ctx.auth.osUser });
  });
  ctx.auth.signIn(row.id);
  return status(ctx);
}

export function signOut(_input: unknown, ctx: ServiceContext): Promise<AuthStatus> {
  ctx.auth.signOut();
  return status(ctx);
}

function requireAccount(ctx: ServiceContext): Account {
  if (!ctx.account) throw new AppError('UNAUTHENTICATED', 'Aucun compte n’est connecté sur ce poste.');
  return ctx.account;
}

export async function changePassword(input: ParsedInput<'auth.changePassword'>, ctx: ServiceContext): Promise<AuthStatus> {
  const account = requireAccount(ctx);
  const row = await accountRow(ctx.db, { id: account.id });
  if (!(await passwordMatches(row, input.current))) {
    throw validationError([{ field: 'current', message: 'Le mot de passe actuel ne correspond pas.' }]);
  }
  const hash = await hashPassword(input.next);
  await ctx.db.transaction().execute(async (trx) => {
    await setAccountState(trx, account.id, { password_hash: hash });
    await audit(trx, ctx, ctx.actor, account.id, 'changePassword', null, null);
  });
  return status(ctx);
}

export async function createFirstAccount(input: ParsedInput<'auth.createFirstAccount'>, ctx: ServiceContext): Promise<AuthStatus> {
  const hash = await hashPassword(input.password);
  const values: AccountValues = { login: input.login, displayName: input.displayName, role: 'secretariat', departments: [], memberId: null, windowsUser: '' };
  const id = await ctx.db.transaction().execute(async (trx) => {
    if (await anyAccount(trx)) throw new AppError('CONFLICT', 'Un compte existe déjà sur cette base : connectez-vous.');
    const id = await insertAccount(trx, { ...values, passwordHash: hash, at: ctx.now().toISOString(), by: ctx.actor });
    await audit(trx, ctx, ctx.actor, id, 'create', null, audited(await accountRow(trx, { id })));
    return id;
  });
  ctx.auth.signIn(id);
  return status(ctx);
}

// ---------------------------------------------------------------------------------------------
// The agency's accounts (secretariat)

export function accountsList(_input: unknown, ctx: ServiceContext): Promise<Account[]> {
  return listAccounts(ctx.db);
}

async function requireRow(db: Db, id: number): Promise<AccountRow> {
  const row = await accountRow(db, { id });
  if (!row) throw new AppError('NOT_FOUND', `Le compte ${id} n'existe pas.`);
  return row;
}

/** The last active secretariat account stays: without it, nobody could manage the accounts. */
async function keepOneSecretariat(db: Db, row: AccountRow, after: { role: Role; disabled: boolean }): Promise<void> {
  if (row.role !== 'secretariat' || row.disabled || (after.role === 'secretariat' && !after.disabled)) return;
  const others = (await activeSecretariats(db)).filter((id) => id !== row.id);
  if (others.length === 0) {
    throw new AppError('CONFLICT', `« ${row.display_name} » est le dernier compte actif du secrétariat : créez-en un autre avant de le changer.`);
  }
}

async function checkFields(db: Db, fields: z.output<typeof accountFieldsSchema>, selfId: number | null): Promise<void> {
  const problems = accountProblems(fields).map((p) => ({ field: `account.${p.field}`, message: p.message }));
  if (problems.length) throw validationError(problems);
  if (fields.role === 'member' && fields.memberId !== null && (await listMembers(db, [fields.memberId])).length === 0) {
    throw new AppError('NOT_FOUND', `Le membre ${fields.memberId} n'existe pas.`);
  }
  const sameLogin = await accountRow(db, { login: fields.login });
  if (sameLogin && sameLogin.id !== selfId) {
    throw new AppError('CONFLICT', `L'identifiant « ${fields.login} » est déjà celui d'un autre compte (${sameLogin.display_name}).`, [
      { field: 'account.login', message: 'Cet identifiant est déjà utilisé.' },
    ]);
  }
  const sameWindows = fields.windowsUser ? await accountRow(db, { windowsUser: fields.windowsUser }) : undefined;
  if (sameWindows && sameWindows.id !== selfId) {
    throw new AppError('CONFLICT', `Le compte Windows « ${fields.windowsUser} » est déjà relié au compte « ${sameWindows.login} ».`, [
      { field: 'account.windowsUser', message: 'Ce compte Windows est déjà relié à un autre compte.' },
    ]);
  }
}

export async function saveAccount(input: ParsedInput<'accounts.save'>, ctx: ServiceContext): Promise<Account> {
  const hash = 'id' in input ? null : await hashPassword(input.account.password);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const fields = input.account;
    if ('id' in input) {
      const before = await requireRow(trx, input.id);
      await checkFields(trx, fields, before.id);
      await keepOneSecretariat(trx, before, { role: fields.role, disabled: before.disabled === 1 });
      await updateAccount(trx, before.id, fields);
      await audit(trx, ctx, ctx.actor, before.id, 'update', audited(before), audited(await accountRow(trx, { id: before.id })));
      return before.id;
    }
    await checkFields(trx, fields, null);
    const id = await insertAccount(trx, { ...fields, passwordHash: hash!, at: ctx.now().toISOString(), by: ctx.actor });
    await audit(trx, ctx, ctx.actor, id, 'create', null, audited(await accountRow(trx, { id })));
    return id;
  });
  ctx.auth.forget();
  return accountOf(await requireRow(ctx.db, id));
}

export async function resetPassword(input: ParsedInput<'accounts.resetPassword'>, ctx: ServiceContext): Promise<Account> {
  const hash = await hashPassword(input.password);
  await ctx.db.transaction().execute(async (trx) => {
    await requireRow(trx, input.id);
    await setAccountState(trx, input.id, { password_hash: hash, failed_attempts: 0, locked_until: null });
    await audit(trx, ctx, ctx.actor, input.id, 'resetPassword', null, null);
  });
  return accountOf(await requireRow(ctx.db, input.id));
}

export async function disableAccount(input: ParsedInput<'accounts.disable'>, ctx: ServiceContext): Promise<Output<'accounts.disable'>> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await requireRow(trx, input.id);
    await keepOneSecretariat(trx, before, { role: before.role as Role, disabled: input.disabled });
    await setAccountState(trx, input.id, { disabled: input.disabled ? 1 : 0 });
    await audit(trx, ctx, ctx.actor, input.id, input.disabled ? 'disable' : 'enable', audited(before), audited(await accountRow(trx, { id: input.id })));
  });
  ctx.auth.forget();
  return accountOf(await requireRow(ctx.db, input.id));
}
