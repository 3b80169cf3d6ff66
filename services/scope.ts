/**
 * What each role reaches of the dossiers and sessions, enforced here rather than only hidden in
 * the interface: an instructor, the dossiers of their départements; a member, the dossiers on
 * the agendas of the sessions whose roster they are on, and their own score sheet; the
 * secretariat and read-only accounts, everything (the permission table keeps read-only from
 * writing). Without an account (a database that has none), nothing is restricted.
 */
import type { Kysely } from 'kysely';
import type { Account } from '../shared/accounts';
import type { Handlers, ParsedInput } from '../shared/contract';
import type { DossierListQuery } from '../shared/dossier';
import type { ItemsUpdate } from '../shared/session';
import { AppError } from '../shared/result';
import type { Database } from '../db/schema';
import { sessionWithdrawals } from '../db/queries/sessions';
import type { ServiceContext } from './context';
import { resolveDossierId } from './dossier-ref';
import { setWithdrawals } from './sessions';

type Db = Kysely<Database>;

/** The sessions whose roster has the member. */
async function memberSessionIds(db: Db, memberId: number): Promise<number[]> {
  const rows = await db.selectFrom('session_members').select('session_id').where('member_id', '=', memberId).execute();
  return rows.map((r) => r.session_id);
}

/** The dossiers on the agendas of the member's sessions. */
async function memberDossierIds(db: Db, memberId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('agenda_items')
    .innerJoin('session_members', 'session_members.session_id', 'agenda_items.session_id')
    .select('agenda_items.dossier_id')
    .distinct()
    .where('session_members.member_id', '=', memberId)
    .execute();
  return rows.map((r) => r.dossier_id);
}

const departmentsOf = (account: Account) => account.departments.join(', ');

/** Refuses a dossier the account may not read (or, with 'write', edit). */
/** Instructors and members reach only some dossiers; the other roles, and a database without accounts, reach them all. */
function reachesSomeDossiers(account: ServiceContext['account']): account is NonNullable<ServiceContext['account']> {
  return account?.role === 'instructor' || account?.role === 'member';
}

export async function checkDossier(ctx: ServiceContext, dossierId: number, mode: 'read' | 'write'): Promise<void> {
  const account = ctx.account;
  if (!reachesSomeDossiers(account)) return;
  if (account.role === 'instructor') {
    const row = await ctx.db.selectFrom('dossiers').select('department_code').where('id', '=', dossierId).executeTakeFirst();
    if (row && !account.departments.includes(row.department_code)) {
      throw new AppError('FORBIDDEN', `Ce dossier relève du département ${row.department_code || 'non renseigné'}, hors de vos départements (${departmentsOf(account)}).`);
    }
    return;
  }
  if (mode === 'write') throw new AppError('FORBIDDEN', 'Votre rôle (membre de la commission) ne permet pas de modifier les dossiers.');
  if (account.memberId === null || !(await memberDossierIds(ctx.db, account.memberId)).includes(dossierId)) {
    throw new AppError('FORBIDDEN', "Ce dossier n'est à l'ordre du jour d'aucune séance où vous siégez.");
  }
}

/** An instructor's dossier stays in their départements. */
function checkDepartment(ctx: ServiceContext, code: string): void {
  const account = ctx.account;
  if (account?.role === 'instructor' && !account.departments.includes(code)) {
    throw new AppError('FORBIDDEN', `Vos dossiers sont ceux de vos départements (${departmentsOf(account)}), pas du département ${code || 'non renseigné'}.`);
  }
}

/** The dossiers list's query narrowed to the account's reach; null when it reaches none of those asked. */
export async function scopedListQuery(ctx: ServiceContext, query: DossierListQuery): Promise<(DossierListQuery & { onlyIds?: readonly number[] }) | null> {
  const account = ctx.account;
  if (account?.role === 'instructor') {
    const asked = query.departmentCodes.length ? query.departmentCodes.filter((code) => account.departments.includes(code)) : account.departments;
    return asked.length ? { ...query, departmentCodes: asked } : null;
  }
  if (account?.role === 'member') return { ...query, onlyIds: account.memberId === null ? [] : await memberDossierIds(ctx.db, account.memberId) };
  return query;
}

/** Which dossiers the account reads, for lists built elsewhere; null: all of them. */
async function readableDossiers(ctx: ServiceContext): Promise<Set<number> | null> {
  const account = ctx.account;
  if (!account || account.role === 'secretariat' || account.role === 'readonly') return null;
  if (account.role === 'member') return new Set(account.memberId === null ? [] : await memberDossierIds(ctx.db, account.memberId));
  if (!account.departments.length) return new Set();
  const rows = await ctx.db.selectFrom('dossiers').select('id').where('department_code', 'in', account.departments).execute();
  return new Set(rows.map((r) => r.id));
}

/** A member reads the sessions they sit on. */
async function checkSession(ctx: ServiceContext, sessionId: number): Promise<void> {
  const account = ctx.account;
  if (account?.role !== 'member') return;
  if (account.memberId === null || !(await memberSessionIds(ctx.db, account.memberId)).includes(sessionId)) {
    throw new AppError('FORBIDDEN', 'Vous ne siégez pas à cette séance.');
  }
}

async function dossierOfAttachment(db: Db, id: number): Promise<number> {
  const row = await db.selectFrom('attachments').select('dossier_id').where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `La pièce jointe ${id} n'existe pas.`);
  return row.dossier_id;
}

/**
 * Whose sheet an account saves: the secretariat any (the consensus is theirs alone), an
 * instructor the instructor's, a member their own.
 */
async function checkScorer(input: ParsedInput<'scores.save'>, ctx: ServiceContext): Promise<void> {
  const account = ctx.account;
  if (!account || account.role === 'secretariat') return;
  const own = account.role === 'instructor' ? 'instructor' : `member:${account.memberId}`;
  if (input.scorer !== own) {
    throw new AppError(
      'FORBIDDEN',
      input.scorer === 'consensus'
        ? 'Le consensus est saisi par le secrétariat.'
        : `Vous ne pouvez enregistrer que votre propre grille de notation (« ${own} »), pas « ${input.scorer} ».`,
    );
  }
  await checkDossier(ctx, input.dossierId, 'read');
}

/** A member declares their own interest in an item of a session they sit on; the session's other withdrawals stay. */
export async function declareInterest(input: ParsedInput<'conflicts.declare'>, ctx: ServiceContext): Promise<ItemsUpdate> {
  const memberId = ctx.account?.memberId;
  if (memberId === undefined || memberId === null) throw new AppError('FORBIDDEN', 'Seul un compte de membre relié à la liste des membres déclare ses liens d’intérêts.');
  const item = await ctx.db.selectFrom('agenda_items').select(['session_id', 'dossier_id']).where('id', '=', input.itemId).executeTakeFirst();
  if (!item) throw new AppError('NOT_FOUND', `Le point ${input.itemId} n'existe pas.`);
  await checkSession(ctx, item.session_id);
  const others = (await sessionWithdrawals(ctx.db, item.session_id))
    .filter((w) => !(w.member_id === memberId && w.agenda_item_id === input.itemId))
    .map((w) => ({ memberId: w.member_id, itemId: w.agenda_item_id, reason: w.reason }));
  const withdrawals = input.declared ? [...others, { memberId, itemId: input.itemId, reason: input.reason }] : others;
  return setWithdrawals({ sessionId: item.session_id, withdrawals }, ctx);
}

/** Runs the check before the handler. */
function checked<I, O>(handler: (input: I, ctx: ServiceContext) => O, check: (input: I, ctx: ServiceContext) => Promise<void>) {
  return async (input: I, ctx: ServiceContext): Promise<Awaited<O>> => {
    await check(input, ctx);
    return await handler(input, ctx);
  };
}

/** The handlers, each held to the account's reach. */
export function scoped(handlers: Handlers<ServiceContext>): Handlers<ServiceContext> {
  const onDossier = (mode: 'read' | 'write') => (id: number, ctx: ServiceContext) => checkDossier(ctx, id, mode);
  const [read, write] = [onDossier('read'), onDossier('write')];
  return {
    ...handlers,
    // The reference is resolved only for a limited account: the handler resolves it anyway.
    'dossiers.get': checked(handlers['dossiers.get'], async (input, ctx) => {
      if (reachesSomeDossiers(ctx.account)) await read(await resolveDossierId(ctx.db, input), ctx);
    }),
    'dossiers.update': checked(handlers['dossiers.update'], async (input, ctx) => {
      await write(input.id, ctx);
      checkDepartment(ctx, input.data.departmentCode);
    }),
    'dossiers.create': checked(handlers['dossiers.create'], async (input, ctx) => checkDepartment(ctx, input.data.departmentCode)),
    'dossiers.examinations': checked(handlers['dossiers.examinations'], (input, ctx) => read(input.dossierId, ctx)),
    'followup.get': checked(handlers['followup.get'], (input, ctx) => read(input.dossierId, ctx)),
    'attachments.add': checked(handlers['attachments.add'], (input, ctx) => write(input.dossierId, ctx)),
    'attachments.remove': checked(handlers['attachments.remove'], async (input, ctx) => write(await dossierOfAttachment(ctx.db, input.id), ctx)),
    'attachments.open': checked(handlers['attachments.open'], async (input, ctx) => read(await dossierOfAttachment(ctx.db, input.id), ctx)),
    'scores.save': checked(handlers['scores.save'], checkScorer),
    'scores.get': async (input, ctx) => {
      await read(input.dossierId, ctx);
      const view = await handlers['scores.get'](input, ctx);
      // A member sees their own sheet beside the suggestions, not the others' nor their consensus.
      if (ctx.account?.role !== 'member') return view;
      return { ...view, sheets: view.sheets.filter((s) => s.scorer === `member:${ctx.account?.memberId}`), consensus: null };
    },
    'sessions.get': checked(handlers['sessions.get'], (input, ctx) => checkSession(ctx, input.id)),
    // The item shown in live mode: the projector of a member's machine, for the sessions they sit on.
    'live.get': checked(handlers['live.get'], (input, ctx) => checkSession(ctx, input.sessionId)),
    'sessions.list': async (input, ctx) => {
      const sessions = await handlers['sessions.list'](input, ctx);
      const memberId = ctx.account?.role === 'member' ? ctx.account.memberId : undefined;
      if (memberId === undefined) return sessions;
      const sitting = new Set(memberId === null ? [] : await memberSessionIds(ctx.db, memberId));
      return sessions.filter((s) => sitting.has(s.id));
    },
    'eligibility.report': async (input, ctx) => {
      const [rows, readable] = await Promise.all([handlers['eligibility.report'](input, ctx), readableDossiers(ctx)]);
      return readable ? rows.filter((r) => readable.has(r.id)) : rows;
    },
    'dashboard.deadlines': async (input, ctx) => {
      const [rows, readable] = await Promise.all([handlers['dashboard.deadlines'](input, ctx), readableDossiers(ctx)]);
      return readable ? rows.filter((r) => readable.has(r.dossierId)) : rows;
    },
  };
}
