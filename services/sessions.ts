import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { insertAudit } from '../db/queries/audit';
import { getDossiers } from '../db/queries/dossiers';
import { readSettings } from '../db/queries/settings';
import {
  agendaItems,
  countWithoutOpinion,
  getAgendaItem,
  getSessionRow,
  gridVersion,
  insertGrid,
  latestGrid,
  listMembers,
  listSessionRows,
  saveMember,
  scoreSheetsOf,
  sessionMembers,
  sessionWithdrawals,
  type AgendaItemRow,
  type SessionRow,
  agendaItemsOfDossier,
  memberVersions,
} from '../db/queries/sessions';
import { issuesToDetails } from '../shared/contract/dispatch';
import { foldText } from '../shared/text';
import { agreementRows } from '../db/queries/followup';
import { formatDate } from '../shared/french';
import type { Output, ParsedInput } from '../shared/contract';
import type { DossierStatus } from '../shared/dossier';
import { AppError, validationError } from '../shared/result';
import { computeScore, defaultGrid, nextGridVersion, type GridVersion, type ScoreSheet } from '../shared/scoring';
import {
  decisionDateProblem,
  decisionSchema,
  defaultDecision,
  fullName,
  notYetHeld,
  opinionSchema,
  quorum,
  sessionRollSchema,
  transitionProblem,
  votersFor,
  type Decision,
  type DecisionDates,
  type Opinion,
  type SessionRoll,
  type SessionRules,
  type SessionState,
  type Withdrawal,
} from '../shared/session-rules';
import { closingCheck, type VersionedMember, type AgendaItemView, type DossierExamination, type ItemsUpdate, type SessionDetail } from '../shared/session';
import type { ServiceContext } from './context';
import { localToday } from './dates';
import { refreshEligibility } from './eligibility';
import { auditFrozenSessions, freezeSession, unfreezeSession } from './documents/record';
import { saveOver, type Versioned } from './versions';

type Db = Kysely<Database>;

function audit(db: Db, ctx: ServiceContext, entityType: string, entityId: number | string, action: string, before: unknown, after: unknown) {
  return insertAudit(db, { at: ctx.now().toISOString(), actor: ctx.actor, entityType, entityId: String(entityId), action, before, after });
}

// ---------------------------------------------------------------------------------------------
// Grid and roster

/** The grid to score with now: the latest saved version, or the default one not saved yet (version 0). */
export async function currentGrid(db: Db): Promise<GridVersion> {
  return (await latestGrid(db)) ?? { version: 0, grid: defaultGrid, createdAt: '' };
}

/** The current grid, saved as version 1 if nothing was ever saved: sessions and sheets point at it. */
export async function persistedGrid(db: Db, ctx: ServiceContext): Promise<GridVersion> {
  const current = await currentGrid(db);
  if (current.version > 0) return current;
  const first = nextGridVersion(null, current.grid, ctx.now().toISOString());
  await insertGrid(db, { ...first, createdBy: ctx.actor });
  return first;
}

/** Another member of the roster with the same first and last names, accents and case aside. */
async function namesake(db: Db, member: { id?: number; firstName: string; lastName: string }) {
  const key = (m: { firstName: string; lastName: string }) => `${foldText(m.firstName)} ${foldText(m.lastName)}`;
  return (await listMembers(db)).find((m) => m.id !== member.id && key(m) === key(member));
}

/** The roster, each member with its version. */
export async function listVersionedMembers(db: Db): Promise<VersionedMember[]> {
  const versions = await memberVersions(db);
  return (await listMembers(db)).map((m) => ({ ...m, version: versions.get(m.id) ?? 1 }));
}

export async function saveRosterMember(input: ParsedInput<'members.save'>, ctx: ServiceContext) {
  return ctx.db.transaction().execute(async (trx) => {
    const { member } = input;
    const [before] = member.id === undefined ? [] : await listMembers(trx, [member.id]);
    if (member.id !== undefined && !before) throw new AppError('NOT_FOUND', `Le membre ${member.id} n'existe pas.`);
    const same = input.allowDuplicate ? undefined : await namesake(trx, member);
    if (same) {
      const message = `${fullName(same)} (${same.organisation}) figure déjà dans la liste des membres : fusionnez les deux fiches, ou confirmez qu'il s'agit d'une autre personne.`;
      throw new AppError('CONFLICT', message, [{ field: 'member.lastName', message: `Homonyme : membre n° ${same.id}.` }]);
    }
    if (member.id !== undefined) await saveOver(trx, ctx, { kind: 'member', table: 'members', key: { id: member.id } }, input.expectedVersion);
    const id = await saveMember(trx, member);
    const [after] = await listMembers(trx, [id]);
    await audit(trx, ctx, 'member', id, before ? 'update' : 'create', before ?? null, after);
    if (before) await auditFrozenSessions(trx, ctx, { entityType: 'member', entityId: String(id), memberIds: [id] });
    return after!;
  });
}

// ---------------------------------------------------------------------------------------------
// Reading a session

export async function requireSession(db: Db, id: number): Promise<SessionRow> {
  const session = await getSessionRow(db, id);
  if (!session) throw new AppError('NOT_FOUND', `La séance ${id} n'existe pas.`);
  return session;
}

/** A closed session is the record of what the commission said: changing it needs a reopening. */
function assertOpen(session: SessionRow): void {
  if (session.status === 'closed') {
    throw new AppError(
      'LOCKED',
      `La séance n° ${session.number} est clôturée : rouvrez-la, en indiquant le motif, pour la modifier.`,
    );
  }
}

/** The session as a versioned record: its fields, roll, agenda and withdrawals are saved from its version. */
const sessionRecord = (id: number): Versioned => ({ kind: 'session', table: 'sessions', key: { id } });
const itemRecord = (id: number): Versioned => ({ kind: 'item', table: 'agenda_items', key: { id } });

/**
 * The session, refused when closed. Read inside the caller's transaction, which SQLite runs
 * alone (BEGIN IMMEDIATE) and PostgreSQL SERIALIZABLE: a close committed by another machine
 * meanwhile either is seen here or makes one of the two transactions fail with CONFLICT.
 */
export async function requireOpenSession(db: Db, id: number): Promise<SessionRow> {
  const session = await requireSession(db, id);
  assertOpen(session);
  return session;
}

/** The roll, with the withdrawals of the whole session or, enough for their quorum and voters, of `itemIds` only. */
async function rollOf(db: Db, session: SessionRow, itemIds?: readonly number[]): Promise<SessionRoll> {
  const members = await sessionMembers(db, session.id);
  const withdrawals = await sessionWithdrawals(db, session.id, itemIds);
  return {
    members: members.map((m) => ({
      id: m.member_id,
      firstName: m.first_name,
      lastName: m.last_name,
      organisation: m.organisation,
      title: m.title,
      voice: m.voice as 'deliberative' | 'advisory',
    })),
    attendance: members.map((m) => ({
      memberId: m.member_id,
      status: m.attendance as SessionRoll['attendance'][number]['status'],
      remote: m.remote === 1,
      proxyHolderId: m.proxy_holder_id,
    })),
    withdrawals: withdrawals.map((w) => ({ memberId: w.member_id, itemId: w.agenda_item_id, reason: w.reason })),
    reconvened: session.reconvened === 1,
  };
}

function opinionOf(item: AgendaItemRow): Opinion | null {
  if (!item.opinion) return null;
  const cents = (v: number) => v / 100;
  return {
    kind: item.opinion as Opinion['kind'],
    motivation: item.motivation,
    reservations: JSON.parse(item.reservations_json) as string[],
    vote:
      item.votes_for === null
        ? null
        : { for: item.votes_for, against: item.votes_against ?? 0, abstention: item.votes_abstention ?? 0 },
    grant: item.grant_cents
      ? {
          amount: cents(item.grant_cents),
          engineering: cents(item.grant_engineering_cents),
          it: cents(item.grant_it_cents),
          furniture: cents(item.grant_furniture_cents),
        }
      : null,
    noQuorum: item.no_quorum === 1,
  };
}

const decisionOf = (item: AgendaItemRow): Decision | null =>
  item.decision_json ? (JSON.parse(item.decision_json) as Decision) : null;

/** Where a dossier was examined, latest session first, with the opinion and the decision. */
export async function dossierExaminations(input: ParsedInput<'dossiers.examinations'>, ctx: ServiceContext): Promise<DossierExamination[]> {
  return (await agendaItemsOfDossier(ctx.db, input.dossierId)).map((item) => ({
    itemId: item.id,
    sessionId: item.session_id,
    sessionNumber: item.session_number,
    sessionDate: item.session_date,
    sessionStatus: item.session_status as SessionState,
    opinion: opinionOf(item),
    opinionAt: item.opinion_at,
    decision: decisionOf(item),
  }));
}

/** The views of some items of a session, with one query per table whatever their number. */
async function itemViews(db: Db, session: SessionRow, items: readonly AgendaItemRow[], roll: SessionRoll, rules: SessionRules): Promise<AgendaItemView[]> {
  const dossierIds = items.map((i) => i.dossier_id);
  const dossiers = new Map((await getDossiers(db, dossierIds)).map((d) => [d.id, d]));
  const grid = (await gridVersion(db, session.grid_version))!.grid;
  // The consensus sheet's score, else the instructing officer's.
  const scored = new Map<number, ScoreSheet>();
  for (const s of await scoreSheetsOf(db, dossierIds, session.grid_version, ['instructor', 'consensus'])) {
    if (s.scorer === 'consensus' || !scored.has(s.dossierId)) scored.set(s.dossierId, s.sheet);
  }
  const withdrawals = new Map<number, SessionRoll['withdrawals']>();
  for (const w of roll.withdrawals) withdrawals.set(w.itemId, [...(withdrawals.get(w.itemId) ?? []), w]);
  return items.map((item) => {
    const dossier = dossiers.get(item.dossier_id)!;
    const sheet = scored.get(item.dossier_id);
    return {
      id: item.id,
      position: item.position,
      dossier: {
        id: dossier.id,
        dsNumber: dossier.data.dsNumber,
        name: dossier.data.name,
        structureType: dossier.data.structureType,
        communeName: dossier.data.communeName,
        departmentCode: dossier.data.departmentCode,
        status: dossier.status as DossierStatus,
        eligible: dossier.eligible,
        grantRequested: dossier.data.grant.requested,
        summary: dossier.data.project.summary,
      },
      rapporteurMemberId: item.rapporteur_member_id,
      withdrawals: (withdrawals.get(item.id) ?? []).map(({ memberId, reason }) => ({ memberId, reason })),
      voters: votersFor(roll, item.id, rules),
      quorum: quorum(roll, item.id, rules),
      opinion: opinionOf(item),
      opinionAt: item.opinion_at,
      privateNotes: item.private_notes,
      decision: decisionOf(item),
      score: sheet ? computeScore(grid, sheet) : null,
      version: item.version,
    };
  });
}

/**
 * What a call on some items answers: those items as they now are, and what is left to decide;
 * read in the call's transaction, with the rules and roll it already holds.
 */
async function itemsUpdate(
  db: Db,
  session: SessionRow,
  itemIds: readonly number[],
  known: { rules?: SessionRules; roll?: SessionRoll } = {},
): Promise<ItemsUpdate> {
  const rules = known.rules ?? (await readSettings(db)).sessionRules;
  const roll = known.roll ?? (await rollOf(db, session, itemIds));
  const rows = await agendaItems(db, session.id, itemIds);
  const { version } = await requireSession(db, session.id);
  return {
    sessionId: session.id,
    items: await itemViews(db, session, rows, roll, rules),
    withoutOpinion: await countWithoutOpinion(db, session.id),
    sessionVersion: version,
  };
}

/**
 * A session whole; with `itemIds`, holding those items only (the document of one dossier needs
 * no other): its `canClose` then speaks of them alone.
 */
export async function getSessionDetail(db: Db, id: number, itemIds?: readonly number[]): Promise<SessionDetail> {
  const session = await requireSession(db, id);
  const settings = await readSettings(db);
  const roll = await rollOf(db, session, itemIds);
  const views = await itemViews(db, session, await agendaItems(db, id, itemIds), roll, settings.sessionRules);
  const memberRows = await sessionMembers(db, id);
  return {
    id: session.id,
    ...sessionFields(session),
    status: session.status as SessionState,
    gridVersion: session.grid_version,
    closedAt: session.closed_at,
    closedBy: session.closed_by,
    version: session.version,
    members: memberRows.map((m) => ({
      memberId: m.member_id,
      civility: m.civility,
      firstName: m.first_name,
      lastName: m.last_name,
      organisation: m.organisation,
      title: m.title,
      voice: m.voice as 'deliberative' | 'advisory',
      status: m.attendance as SessionDetail['members'][number]['status'],
      remote: m.remote === 1,
      proxyHolderId: m.proxy_holder_id,
    })),
    quorum: quorum(roll, null, settings.sessionRules),
    items: views,
    canClose: closingCheck(views),
  };
}

/** A session row as the fields the session form edits. */
function sessionFields(row: SessionRow) {
  return {
    number: row.number,
    title: row.title,
    date: row.date,
    startTime: row.start_time,
    endTime: row.end_time,
    place: row.place,
    videoLink: row.video_link,
    chairMemberId: row.chair_member_id,
    secretary: row.secretary,
    reconvened: row.reconvened === 1,
  };
}

export async function listSessions(db: Db): Promise<Output<'sessions.list'>> {
  const rows = await listSessionRows(db);
  return rows.map((r) => ({ ...r, status: r.status as SessionState, items: Number(r.items), opinions: Number(r.opinions) }));
}

// ---------------------------------------------------------------------------------------------
// Writing a session

async function checkMembersExist(db: Db, ids: readonly (number | null)[], field: string): Promise<void> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  const found = new Set((await listMembers(db, wanted)).map((m) => m.id));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length) {
    throw validationError(missing.map((id) => ({ field, message: `Le membre ${id} n'existe pas dans la liste des membres.` })));
  }
}

async function uniqueNumber(db: Db, number: string, selfId?: number): Promise<void> {
  const other = await db.selectFrom('sessions').select('id').where('number', '=', number).executeTakeFirst();
  if (other && other.id !== selfId) {
    throw new AppError('CONFLICT', `Une séance porte déjà le numéro « ${number} ».`, [
      { field: 'number', message: 'Ce numéro est déjà pris.' },
    ]);
  }
}

function sessionColumns(fields: ParsedInput<'sessions.create'>) {
  return {
    number: fields.number,
    title: fields.title,
    date: fields.date,
    start_time: fields.startTime,
    end_time: fields.endTime,
    place: fields.place,
    video_link: fields.videoLink,
    chair_member_id: fields.chairMemberId,
    secretary: fields.secretary,
    reconvened: fields.reconvened ? 1 : 0,
  };
}

export async function createSession(input: ParsedInput<'sessions.create'>, ctx: ServiceContext): Promise<SessionDetail> {
  const id = await ctx.db.transaction().execute(async (trx) => {
    await uniqueNumber(trx, input.number);
    await checkMembersExist(trx, [input.chairMemberId], 'chairMemberId');
    const grid = await persistedGrid(trx, ctx);
    const at = ctx.now().toISOString();
    const { id } = await trx
      .insertInto('sessions')
      .values({ ...sessionColumns(input), grid_version: grid.version, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The active roster sits by default; the roll can then be adjusted.
    const members = (await listMembers(trx)).filter((m) => m.active);
    if (members.length) {
      await trx
        .insertInto('session_members')
        .values(members.map((m, position) => ({ session_id: id, member_id: m.id, voice: m.voice, position, attendance: 'absent', remote: 0 })))
        .execute();
    }
    await audit(trx, ctx, 'session', id, 'create', null, input);
    return id;
  });
  return getSessionDetail(ctx.db, id);
}

export async function updateSession(input: ParsedInput<'sessions.update'>, ctx: ServiceContext): Promise<SessionDetail> {
  await ctx.db.transaction().execute(async (trx) => {
    const session = await requireOpenSession(trx, input.id);
    await uniqueNumber(trx, input.fields.number, input.id);
    await checkMembersExist(trx, [input.fields.chairMemberId], 'fields.chairMemberId');
    await checkDecisionsFollow(trx, session.id, input.fields.date);
    await saveOver(trx, ctx, sessionRecord(session.id), input.expectedVersion);
    await trx
      .updateTable('sessions')
      .set({ ...sessionColumns(input.fields), updated_at: ctx.now().toISOString() })
      .where('id', '=', input.id)
      .execute();
    // The same shape before and after, so that the history can name what changed.
    await audit(trx, ctx, 'session', input.id, 'update', sessionFields(session), input.fields);
  });
  return getSessionDetail(ctx.db, input.id);
}

/** Moving a session after decisions already taken would date them before it. */
async function checkDecisionsFollow(db: Db, sessionId: number, sessionDate: string): Promise<void> {
  const items = (await agendaItems(db, sessionId)).filter((item) => item.decision_json);
  const names = new Map((await getDossiers(db, items.map((i) => i.dossier_id))).map((d) => [d.id, d.data.name]));
  const problems = items.flatMap((item) => {
    const { date } = decisionOf(item)!;
    // Today is the decision's own day here: only the session's side is in question.
    const problem = decisionDateProblem(date, { sessionDate, today: date });
    return problem ? [{ field: 'fields.date', message: `« ${names.get(item.dossier_id)} » : ${problem} Modifiez d'abord la décision.` }] : [];
  });
  if (problems.length) throw validationError(problems);
}

/** Who sits, and how: the roll is checked whole (proxies, chains, limits) before it is written. */
export async function setRoll(input: ParsedInput<'sessions.setRoll'>, ctx: ServiceContext): Promise<SessionDetail> {
  await ctx.db.transaction().execute(async (trx) => {
    const session = await requireOpenSession(trx, input.sessionId);
    await saveOver(trx, ctx, sessionRecord(session.id), input.expectedVersion);
    const ids = input.members.map((m) => m.memberId);
    await checkMembersExist(trx, ids, 'members');
    const roster = new Map((await listMembers(trx, ids)).map((m) => [m.id, m]));
    const previous = new Map((await sessionMembers(trx, session.id)).map((m) => [m.member_id, m.voice]));
    const voice = (id: number) => (previous.get(id) ?? roster.get(id)!.voice) as 'deliberative' | 'advisory';
    const before = await rollOf(trx, session);
    // Like an agenda item, a member leaving the roll would take a declared withdrawal with them.
    const lost = before.withdrawals.filter((w) => !ids.includes(w.memberId));
    if (lost.length) {
      const member = before.members.find((m) => m.id === lost[0]!.memberId);
      throw new AppError(
        'CONFLICT',
        `${member ? fullName(member) : `Le membre n° ${lost[0]!.memberId}`} a déclaré un déport dans cette séance : retirez d'abord ce déport (Déports), puis retirez le membre de la séance.`,
        lost.map((w) => ({ field: 'members', message: `Déport déclaré par le membre ${w.memberId} sur le point ${w.itemId}.` })),
      );
    }
    const roll: SessionRoll = {
      members: ids.map((id) => {
        const { firstName, lastName, organisation, title } = roster.get(id)!;
        return { id, firstName, lastName, organisation, title, voice: voice(id) };
      }),
      attendance: input.members.map(({ memberId, status, remote, proxyHolderId }) => ({ memberId, status, remote, proxyHolderId })),
      withdrawals: before.withdrawals,
      reconvened: before.reconvened,
    };
    const { sessionRules } = await readSettings(trx);
    const checked = sessionRollSchema(sessionRules).safeParse(roll);
    if (!checked.success) {
      // The schema speaks of attendance[i]; the caller sent members[i] in the same order.
      throw validationError(issuesToDetails(checked.error).map((d) => ({ ...d, field: d.field.replace(/^attendance\./, 'members.') })));
    }
    await trx.deleteFrom('session_members').where('session_id', '=', session.id).execute();
    if (input.members.length) {
      await trx
        .insertInto('session_members')
        .values(
          input.members.map((m, position) => ({
            session_id: session.id,
            member_id: m.memberId,
            voice: voice(m.memberId),
            position,
            attendance: m.status,
            remote: m.remote ? 1 : 0,
            proxy_holder_id: m.proxyHolderId,
          })),
        )
        .execute();
    }
    await audit(trx, ctx, 'session', session.id, 'roll', before.attendance, roll.attendance);
  });
  return getSessionDetail(ctx.db, input.sessionId);
}

export async function setDossierStatus(db: Db, ids: readonly number[], status: DossierStatus, onlyFrom: readonly DossierStatus[]) {
  if (!ids.length) return;
  await db.updateTable('dossiers').set({ status }).where('id', 'in', ids).where('status', 'in', onlyFrom).execute();
}

/**
 * The agenda in its new order. Items kept keep their opinion; an item with an opinion or a
 * declared withdrawal cannot be dropped (postpone it instead); a dossier leaving the agenda goes
 * back to its intake status.
 */
export async function setAgenda(input: ParsedInput<'agenda.set'>, ctx: ServiceContext): Promise<SessionDetail> {
  await ctx.db.transaction().execute(async (trx) => {
    const session = await requireOpenSession(trx, input.sessionId);
    await saveOver(trx, ctx, sessionRecord(session.id), input.expectedVersion);
    const dossierIds = input.items.map((i) => i.dossierId);
    const duplicates = dossierIds.filter((id, i) => dossierIds.indexOf(id) !== i);
    if (duplicates.length) {
      throw validationError([{ field: 'items', message: `Le dossier ${duplicates[0]} figure deux fois à l'ordre du jour.` }]);
    }
    const known = new Set((await getDossiers(trx, dossierIds)).map((d) => d.id));
    const unknown = input.items.flatMap((item, i) => (known.has(item.dossierId) ? [] : [{ field: `items.${i}.dossierId`, message: `Le dossier ${item.dossierId} n'existe pas.` }]));
    if (unknown.length) throw validationError(unknown);
    await refuseWithdrawnDossiers(trx, dossierIds);
    await checkMembersExist(trx, input.items.map((i) => i.rapporteurMemberId), 'items');

    const before = await agendaItems(trx, session.id);
    const kept = new Map(before.map((item) => [item.dossier_id, item]));
    const dropped = before.filter((item) => !dossierIds.includes(item.dossier_id));
    const withOpinion = dropped.find((item) => item.opinion);
    if (withOpinion) {
      throw new AppError('CONFLICT', `Le dossier ${withOpinion.dossier_id} a déjà reçu un avis : il ne peut pas être retiré de l'ordre du jour (l'ajourner plutôt).`);
    }
    await checkNoWithdrawalLost(trx, session.id, dropped);
    if (dropped.length) {
      await trx.deleteFrom('agenda_items').where('id', 'in', dropped.map((i) => i.id)).execute();
      await setDossierStatus(trx, dropped.map((i) => i.dossier_id), 'received', ['on_agenda']);
      await refreshEligibility(trx, dropped.map((i) => i.dossier_id));
    }
    for (const [position, item] of input.items.entries()) {
      const existing = kept.get(item.dossierId);
      if (existing) {
        await trx.updateTable('agenda_items').set({ position, rapporteur_member_id: item.rapporteurMemberId }).where('id', '=', existing.id).execute();
      } else {
        await trx
          .insertInto('agenda_items')
          .values({ session_id: session.id, dossier_id: item.dossierId, position, rapporteur_member_id: item.rapporteurMemberId })
          .execute();
      }
    }
    await setDossierStatus(trx, dossierIds, 'on_agenda', ['received', 'complete']);
    await audit(trx, ctx, 'session', session.id, 'agenda', before.map((i) => i.dossier_id), dossierIds);
  });
  return getSessionDetail(ctx.db, input.sessionId);
}

/** A dossier whose applicants withdrew (désistement) is no longer examined. */
async function refuseWithdrawnDossiers(db: Db, dossierIds: readonly number[]): Promise<void> {
  const withdrawn = await db.selectFrom('dossiers').select(['name', 'withdrawn_on']).where('id', 'in', [...dossierIds, -1]).where('withdrawn_on', 'is not', null).execute();
  if (!withdrawn.length) return;
  const messages = withdrawn.map((d) => `Les porteurs de « ${d.name} » se sont désistés (le ${formatDate(d.withdrawn_on!)}) : le dossier ne peut plus être inscrit à l'ordre du jour.`);
  throw new AppError('CONFLICT', messages.join(' '), messages.map((message) => ({ field: 'items', message })));
}

/** The minutes must say who withdrew: dropping an item would take its withdrawals with it (cascade). */
async function checkNoWithdrawalLost(db: Db, sessionId: number, dropped: readonly AgendaItemRow[]): Promise<void> {
  const withdrawals = (await sessionWithdrawals(db, sessionId)).filter((w) => dropped.some((i) => i.id === w.agenda_item_id));
  if (!withdrawals.length) return;
  const members = new Map((await sessionMembers(db, sessionId)).map((m) => [m.member_id, m]));
  const named = (id: number) => {
    const m = members.get(id);
    return m ? [m.civility, fullName({ firstName: m.first_name, lastName: m.last_name })].filter(Boolean).join(' ') : `le membre n° ${id}`;
  };
  const names = new Map((await getDossiers(db, dropped.map((i) => i.dossier_id))).map((d) => [d.id, d.data.name]));
  const messages = dropped.flatMap((item) => {
    const who = withdrawals.filter((w) => w.agenda_item_id === item.id).map((w) => named(w.member_id));
    if (!who.length) return [];
    const list = who.length > 1 ? `${who.slice(0, -1).join(', ')} et ${who.at(-1)}` : who[0];
    const [declared, theWithdrawal] = who.length > 1 ? ['des déports déclarés', 'les déports'] : ['un déport déclaré', 'le déport'];
    return [
      `Le dossier « ${names.get(item.dossier_id)} » ne peut pas être retiré de l'ordre du jour sans effacer ${declared} : ` +
        `retirez d'abord ${theWithdrawal} de ${list}, ou ajournez le dossier.`,
    ];
  });
  throw new AppError('CONFLICT', messages.join(' '), messages.map((message) => ({ field: 'items', message })));
}

/** Declared conflicts of interest: the member leaves the debate and the vote on that item. */
export async function setWithdrawals(input: ParsedInput<'conflicts.set'>, ctx: ServiceContext): Promise<ItemsUpdate> {
  return ctx.db.transaction().execute(async (trx) => {
    const session = await requireOpenSession(trx, input.sessionId);
    await saveOver(trx, ctx, sessionRecord(session.id), input.expectedVersion);
    const items = new Set((await agendaItems(trx, session.id)).map((i) => i.id));
    const members = new Set((await sessionMembers(trx, session.id)).map((m) => m.member_id));
    const problems = input.withdrawals.flatMap((w, i) => [
      ...(items.has(w.itemId) ? [] : [{ field: `withdrawals.${i}.itemId`, message: `Le point ${w.itemId} n'est pas à l'ordre du jour de cette séance.` }]),
      ...(members.has(w.memberId) ? [] : [{ field: `withdrawals.${i}.memberId`, message: `Le membre ${w.memberId} ne siège pas à cette séance.` }]),
    ]);
    const seen = new Set<string>();
    input.withdrawals.forEach((w, i) => {
      const key = `${w.memberId}/${w.itemId}`;
      if (seen.has(key)) problems.push({ field: `withdrawals.${i}`, message: 'Ce déport est indiqué deux fois.' });
      seen.add(key);
    });
    if (problems.length) throw validationError(problems);
    const before = (await rollOf(trx, session)).withdrawals;
    await trx.deleteFrom('conflicts').where('agenda_item_id', 'in', [...items, -1]).execute();
    if (input.withdrawals.length) {
      await trx
        .insertInto('conflicts')
        .values(input.withdrawals.map((w) => ({ agenda_item_id: w.itemId, member_id: w.memberId, reason: w.reason })))
        .execute();
    }
    await audit(trx, ctx, 'session', session.id, 'withdrawals', before, input.withdrawals);
    return itemsUpdate(trx, session, changedItems(before, input.withdrawals));
  });
}

/** The items whose withdrawals differ between two lists. */
function changedItems(before: readonly Withdrawal[], after: readonly Withdrawal[]): number[] {
  const byItem = (list: readonly Withdrawal[]) => {
    const map = new Map<number, string[]>();
    for (const w of list) map.set(w.itemId, [...(map.get(w.itemId) ?? []), `${w.memberId}\u0000${w.reason}`]);
    return map;
  };
  const [was, now] = [byItem(before), byItem(after)];
  const same = (id: number) => (was.get(id) ?? []).sort().join('\n') === (now.get(id) ?? []).sort().join('\n');
  return [...new Set([...was.keys(), ...now.keys()])].filter((id) => !same(id));
}

async function requireItem(db: Db, itemId: number): Promise<{ item: AgendaItemRow; session: SessionRow }> {
  const item = await getAgendaItem(db, itemId);
  if (!item) throw new AppError('NOT_FOUND', `Le point ${itemId} de l'ordre du jour n'existe pas.`);
  return { item, session: await requireSession(db, item.session_id) };
}

/** Once its funding agreement is signed, a decision is what the agreement and its payments rest on: it no longer changes here. */
async function assertNotSigned(db: Db, item: AgendaItemRow): Promise<void> {
  const [agreement] = await agreementRows(db, { itemId: item.id });
  if (agreement) {
    throw new AppError(
      'CONFLICT',
      `La convention de financement de ce dossier est signée (le ${formatDate(agreement.signed_on)}) : l'avis et la décision ne peuvent plus changer ; une modification passe par un avenant.`,
    );
  }
}

/** The commission's opinion on one item, as the live mode records it; the vote is checked against the roll. */
export async function recordOpinion(input: ParsedInput<'items.recordOpinion'>, ctx: ServiceContext): Promise<ItemsUpdate> {
  return ctx.db.transaction().execute(async (trx) => {
    const { item, session } = await requireItem(trx, input.itemId);
    assertOpen(session);
    await assertNotSigned(trx, item);
    await saveOver(trx, ctx, itemRecord(item.id), input.expectedVersion);
    if (session.status !== 'in_progress') {
      throw new AppError('CONFLICT', `La séance n° ${session.number} n'est pas ouverte : ouvrez-la pour enregistrer les avis.`);
    }
    const settings = await readSettings(trx);
    const roll = await rollOf(trx, session, [item.id]);
    const itemQuorum = quorum(roll, item.id, settings.sessionRules);
    // Without a quorum the only outcome is a postponement « faute de quorum », checked below.
    if (!itemQuorum.reached && !input.opinion.noQuorum) {
      throw new AppError(
        'CONFLICT',
        `La commission ne peut pas délibérer sur ce point. ${itemQuorum.details} Le dossier peut être ajourné faute de quorum.`,
        [{ field: 'quorum', message: itemQuorum.details }],
      );
    }
    const checked = opinionSchema({
      grantCeiling: settings.grants.ceiling,
      voters: votersFor(roll, item.id, settings.sessionRules),
      quorum: itemQuorum,
    }).safeParse(input.opinion);
    if (!checked.success) throw validationError(issuesToDetails(checked.error, 'opinion'));
    const opinion = checked.data;
    const cents = (v: number | undefined) => Math.round((v ?? 0) * 100);
    await trx
      .updateTable('agenda_items')
      .set({
        opinion: opinion.kind,
        motivation: opinion.motivation,
        reservations_json: JSON.stringify(opinion.reservations),
        votes_for: opinion.vote?.for ?? null,
        votes_against: opinion.vote?.against ?? null,
        votes_abstention: opinion.vote?.abstention ?? null,
        grant_cents: cents(opinion.grant?.amount),
        grant_engineering_cents: cents(opinion.grant?.engineering),
        grant_it_cents: cents(opinion.grant?.it),
        grant_furniture_cents: cents(opinion.grant?.furniture),
        no_quorum: opinion.noQuorum ? 1 : 0,
        private_notes: input.privateNotes ?? item.private_notes,
        opinion_at: ctx.now().toISOString(),
        // A new opinion calls for a new decision.
        decision_json: null,
      })
      .where('id', '=', item.id)
      .execute();
    await setDossierStatus(trx, [item.dossier_id], 'opinion_given', ['received', 'complete', 'on_agenda', 'decided']);
    await audit(trx, ctx, 'dossier', item.dossier_id, 'opinion', opinionOf(item), opinion);
    await audit(trx, ctx, 'session', session.id, 'opinion', { itemId: item.id, opinion: opinionOf(item) }, { itemId: item.id, opinion });
    return itemsUpdate(trx, session, [item.id], { rules: settings.sessionRules, roll });
  });
}

/** The decision, dated today unless `input` says otherwise, following the opinion in all that `input` leaves out. */
function decisionFor(
  item: AgendaItemRow,
  settings: Awaited<ReturnType<typeof readSettings>>,
  dates: DecisionDates,
  input: Partial<Omit<Decision, 'signatory'>>,
) {
  const opinion = opinionOf(item);
  if (!opinion) throw new AppError('CONFLICT', "Ce point n'a pas encore d'avis : la décision suit l'avis de la commission.");
  if (!settings.identity) {
    throw new AppError('CONFLICT', "Le signataire des décisions n'est pas paramétré (Paramètres, identité de l'agence).");
  }
  const proposed = { ...defaultDecision(opinion, dates.today, settings.identity.signatory), ...input };
  const checked = decisionSchema(opinion, { grantCeiling: settings.grants.ceiling, ...dates }).safeParse(proposed);
  if (!checked.success) throw validationError(issuesToDetails(checked.error, 'decision'));
  return checked.data;
}

async function writeDecision(db: Db, ctx: ServiceContext, item: AgendaItemRow, decision: Decision) {
  await db.updateTable('agenda_items').set({ decision_json: JSON.stringify(decision) }).where('id', '=', item.id).execute();
  await setDossierStatus(db, [item.dossier_id], 'decided', ['on_agenda', 'opinion_given']);
  await audit(db, ctx, 'dossier', item.dossier_id, 'decision', decisionOf(item), decision);
}

/** The ARS decision: the opinion by default, or another outcome or amount with its reason. */
export async function recordDecision(input: ParsedInput<'items.recordDecision'>, ctx: ServiceContext): Promise<ItemsUpdate> {
  return ctx.db.transaction().execute(async (trx) => {
    const { itemId, expectedVersion, ...choice } = input;
    const { item, session } = await requireItem(trx, itemId);
    assertOpen(session);
    await assertNotSigned(trx, item);
    await saveOver(trx, ctx, itemRecord(item.id), expectedVersion);
    const dates = { sessionDate: session.date, today: localToday(ctx) };
    const settings = await readSettings(trx);
    await writeDecision(trx, ctx, item, decisionFor(item, settings, dates, choice));
    return itemsUpdate(trx, session, [item.id], { rules: settings.sessionRules });
  });
}

export async function transitionSession(input: ParsedInput<'sessions.transition'>, ctx: ServiceContext): Promise<SessionDetail> {
  await ctx.db.transaction().execute(async (trx) => {
    const session = await requireOpenSession(trx, input.id);
    const problem = transitionProblem(session.status as SessionState, input.to);
    if (problem) throw new AppError('CONFLICT', problem);
    await trx.updateTable('sessions').set({ status: input.to, updated_at: ctx.now().toISOString() }).where('id', '=', session.id).execute();
    await audit(trx, ctx, 'session', session.id, 'status', session.status, input.to);
  });
  return getSessionDetail(ctx.db, input.id);
}

/**
 * Closes the session once it has taken place and every item has an opinion; an item without a
 * decision gets the default one (it follows the opinion), dated `decisionDate` or else the
 * session's day, never silently today. From then on the session is locked.
 */
export async function closeSession(input: ParsedInput<'sessions.close'>, ctx: ServiceContext): Promise<SessionDetail> {
  await ctx.db.transaction().execute(async (trx) => {
    const session = await requireOpenSession(trx, input.id);
    const problem = transitionProblem(session.status as SessionState, 'closed');
    if (problem) throw new AppError('CONFLICT', problem);
    const dates = closingDates(session, localToday(ctx), input.decisionDate);
    const detail = await getSessionDetail(trx, session.id);
    if (!detail.canClose.ok) {
      throw new AppError('CONFLICT', `La séance ne peut pas être clôturée : ${detail.canClose.reasons.join(' ')}`, detail.canClose.reasons.map((message) => ({ field: 'items', message })));
    }
    const settings = await readSettings(trx);
    for (const item of await agendaItems(trx, session.id)) {
      if (item.decision_json) continue;
      await saveOver(trx, ctx, itemRecord(item.id), undefined);
      await writeDecision(trx, ctx, item, decisionFor(item, settings, dates, { date: dates.decisionDate }));
    }
    const at = ctx.now().toISOString();
    await trx.updateTable('sessions').set({ status: 'closed', closed_at: at, closed_by: ctx.actor, updated_at: at }).where('id', '=', session.id).execute();
    await freezeSession(trx, ctx, session.id);
    await audit(trx, ctx, 'session', session.id, 'close', session.status, 'closed');
  });
  return getSessionDetail(ctx.db, input.id);
}

/** The dates closing works with; a session not yet held cannot close. */
function closingDates(session: SessionRow, today: string, decisionDate = session.date): DecisionDates & { decisionDate: string } {
  const notHeld = notYetHeld(session.date, today);
  if (notHeld) throw new AppError('CONFLICT', notHeld);
  const problem = decisionDateProblem(decisionDate, { sessionDate: session.date, today });
  if (problem) throw validationError([{ field: 'decisionDate', message: problem }]);
  return { sessionDate: session.date, today, decisionDate };
}

export async function reopenSession(input: ParsedInput<'sessions.reopen'>, ctx: ServiceContext): Promise<SessionDetail> {
  await ctx.db.transaction().execute(async (trx) => {
    const session = await requireSession(trx, input.id);
    if (session.status !== 'closed') throw new AppError('CONFLICT', `La séance n° ${session.number} n'est pas clôturée.`);
    await trx
      .updateTable('sessions')
      .set({ status: 'in_progress', closed_at: null, closed_by: null, updated_at: ctx.now().toISOString() })
      .where('id', '=', session.id)
      .execute();
    await unfreezeSession(trx, session.id);
    await audit(trx, ctx, 'session', session.id, 'reopen', { status: 'closed' }, { status: 'in_progress', reason: input.reason });
  });
  return getSessionDetail(ctx.db, input.id);
}


// ---------------------------------------------------------------------------------------------
// Housekeeping

/**
 * Deletes a session that was never held: no opinion recorded, no document produced. Its agenda,
 * roll and declared withdrawals go with it; its dossiers go back to their intake status.
 */
export async function deleteSession(input: ParsedInput<'sessions.delete'>, ctx: ServiceContext): Promise<null> {
  await ctx.db.transaction().execute(async (trx) => {
    const session = await requireOpenSession(trx, input.id);
    const items = await agendaItems(trx, session.id);
    const opinions = items.filter((i) => i.opinion).length;
    if (opinions) {
      throw new AppError('CONFLICT', `La séance n° ${session.number} a été tenue (${opinions} avis ${opinions > 1 ? 'enregistrés' : 'enregistré'}) : elle fait partie du registre et ne peut pas être supprimée.`);
    }
    const documents = await trx.selectFrom('documents').select('id').where('session_id', '=', session.id).executeTakeFirst();
    if (documents) throw new AppError('CONFLICT', `Des documents de la séance n° ${session.number} sont au registre : elle ne peut pas être supprimée.`);
    const before = { ...sessionFields(session), status: session.status, agenda: items.map((i) => i.dossier_id), roll: (await rollOf(trx, session)).attendance };
    await trx.deleteFrom('sessions').where('id', '=', session.id).execute();
    const dossierIds = items.map((i) => i.dossier_id);
    await setDossierStatus(trx, dossierIds, 'received', ['on_agenda']);
    await refreshEligibility(trx, dossierIds);
    await audit(trx, ctx, 'session', session.id, 'delete', before, null);
  });
  return null;
}

/**
 * Merges a duplicate member into the one kept, in one transaction: their places on the rolls,
 * proxies, declared withdrawals, chairs, rapporteurs and score sheets move to the kept member.
 * Where both sit in one session, the one actually there is kept; both there is refused.
 */
export async function mergeMembers(input: ParsedInput<'members.merge'>, ctx: ServiceContext): Promise<Output<'members.merge'>> {
  const { keepId, removeId } = input;
  if (keepId === removeId) throw validationError([{ field: 'removeId', message: 'Un membre ne peut pas être fusionné avec lui-même.' }]);
  return ctx.db.transaction().execute(async (trx) => {
    const [kept, removed] = [(await listMembers(trx, [keepId]))[0], (await listMembers(trx, [removeId]))[0]];
    if (!kept) throw new AppError('NOT_FOUND', `Le membre ${keepId} n'existe pas.`);
    if (!removed) throw new AppError('NOT_FOUND', `Le membre ${removeId} n'existe pas.`);
    const rolls = await trx.selectFrom('session_members').innerJoin('sessions', 'sessions.id', 'session_members.session_id')
      .select(['session_members.session_id as sessionId', 'session_members.member_id as memberId', 'session_members.attendance', 'sessions.number'])
      .where('session_members.member_id', 'in', [keepId, removeId]).execute();
    for (const row of rolls.filter((r) => r.memberId === removeId)) {
      const other = rolls.find((r) => r.sessionId === row.sessionId && r.memberId === keepId);
      if (!other) continue;
      if (row.attendance !== 'absent' && other.attendance !== 'absent') {
        throw new AppError('CONFLICT', `${fullName(kept)} et ${fullName(removed)} sont tous deux inscrits comme présents ou représentés à la séance n° ${row.number} : corrigez d'abord la feuille de présence.`);
      }
      // The entry that says the member was there is the one that stays.
      const dropped = row.attendance === 'absent' ? removeId : keepId;
      await trx.deleteFrom('session_members').where('session_id', '=', row.sessionId).where('member_id', '=', dropped).execute();
    }
    await trx.updateTable('session_members').set({ member_id: keepId }).where('member_id', '=', removeId).execute();
    await trx.updateTable('session_members').set({ proxy_holder_id: keepId }).where('proxy_holder_id', '=', removeId).execute();
    const keptConflicts = (await trx.selectFrom('conflicts').select('agenda_item_id').where('member_id', '=', keepId).execute()).map((c) => c.agenda_item_id);
    await trx.deleteFrom('conflicts').where('member_id', '=', removeId).where('agenda_item_id', 'in', [...keptConflicts, -1]).execute();
    const conflicts = await trx.updateTable('conflicts').set({ member_id: keepId }).where('member_id', '=', removeId).executeTakeFirst();
    await trx.updateTable('agenda_items').set({ rapporteur_member_id: keepId }).where('rapporteur_member_id', '=', removeId).execute();
    await trx.updateTable('sessions').set({ chair_member_id: keepId }).where('chair_member_id', '=', removeId).execute();
    // A sheet of the kept member for the same dossier and grid stays; the other one is in the audit entry.
    const sheets = await trx.selectFrom('score_sheets').selectAll().where('scorer', 'in', [`member:${keepId}`, `member:${removeId}`]).execute();
    const keptSheets = new Set(sheets.filter((s) => s.scorer === `member:${keepId}`).map((s) => `${s.dossier_id}/${s.grid_version}`));
    const moved = sheets.filter((s) => s.scorer === `member:${removeId}`);
    const clashing = moved.filter((s) => keptSheets.has(`${s.dossier_id}/${s.grid_version}`));
    await trx.deleteFrom('score_sheets').where('id', 'in', [...clashing.map((s) => s.id), -1]).execute();
    await trx.updateTable('score_sheets').set({ scorer: `member:${keepId}` }).where('scorer', '=', `member:${removeId}`).execute();
    // A member's account follows the member's record.
    await trx.updateTable('accounts').set({ member_id: keepId }).where('member_id', '=', removeId).execute();
    await trx.deleteFrom('members').where('id', '=', removeId).execute();
    const result = {
      kept,
      sessions: new Set(rolls.filter((r) => r.memberId === removeId).map((r) => r.sessionId)).size,
      withdrawals: Number(conflicts.numUpdatedRows),
      scoreSheets: moved.length - clashing.length,
      droppedScoreSheets: clashing.length,
    };
    await audit(trx, ctx, 'member', keepId, 'merge', { kept, removed, droppedScoreSheets: clashing.map((s) => ({ dossierId: s.dossier_id, gridVersion: s.grid_version, values: s.values_json })) }, result);
    await audit(trx, ctx, 'member', removeId, 'delete', removed, { mergedInto: keepId });
    await auditFrozenSessions(trx, ctx, { entityType: 'member', entityId: String(keepId), memberIds: [keepId] });
    return result;
  });
}
