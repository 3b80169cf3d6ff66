/**
 * The record a closed session's documents are printed from, and how each registered document
 * is judged against it.
 *
 * Closing a session freezes its facts (dossiers, sponsors, members and their titles, the
 * agency's identity, signatory and paragraphs): editing any of them afterwards changes later
 * sessions only. Reopening unfreezes them. Each document keeps the decision (or, for the
 * minutes, the session's outcome) it was produced from; when that no longer matches, the
 * document is « à refaire ».
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { insertAudit } from '../../db/queries/audit';
import { decisionOutcomeLabels } from '../../shared/session-rules';
import type { AgendaItemView, SessionDetail } from '../../shared/session';
import type { ServiceContext } from '../context';
import { getSessionDetail } from '../sessions';
import { hasAgreement } from './agreement';
import { collectFacts, type SessionFacts } from './facts';

type Db = Kysely<Database>;

/** JSON with its keys sorted, so that two equal values always compare equal as text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

interface StoredFacts extends Omit<SessionFacts, 'dossiers' | 'zonings' | 'places'> {
  dossiers: [number, unknown][];
  zonings: [number, string][];
  places: [number, unknown][];
}

function serialise(facts: SessionFacts): string {
  const stored: StoredFacts = {
    ...facts,
    dossiers: [...facts.dossiers],
    zonings: [...facts.zonings],
    places: [...facts.places],
  };
  return JSON.stringify(stored);
}

function deserialise(json: string): SessionFacts {
  const stored = JSON.parse(json) as StoredFacts;
  return {
    ...stored,
    dossiers: new Map(stored.dossiers) as SessionFacts['dossiers'],
    zonings: new Map(stored.zonings),
    places: new Map(stored.places) as SessionFacts['places'],
  };
}

/** The frozen facts of a closed session, or undefined when it has none (open, or closed before freezing existed). */
export async function frozenFacts(db: Db, sessionId: number): Promise<SessionFacts | undefined> {
  const row = await db.selectFrom('session_records').select('facts_json').where('session_id', '=', sessionId).executeTakeFirst();
  return row ? deserialise(row.facts_json) : undefined;
}

/** Freezes what the session's documents will print; called in the closing transaction. */
export async function freezeSession(db: Db, ctx: ServiceContext, sessionId: number): Promise<void> {
  const facts = await collectFacts(db, sessionId);
  await db.deleteFrom('session_records').where('session_id', '=', sessionId).execute();
  await db
    .insertInto('session_records')
    .values({ session_id: sessionId, facts_json: serialise(facts), frozen_at: ctx.now().toISOString(), frozen_by: ctx.actor })
    .execute();
}

/** Reopening gives the session back to the live data. */
export async function unfreezeSession(db: Db, sessionId: number): Promise<void> {
  await db.deleteFrom('session_records').where('session_id', '=', sessionId).execute();
}

/** The closed, frozen sessions that `change` does not reach, for the audit log. */
async function frozenSessionsOf(db: Db, filter: { dossierIds?: readonly number[]; memberIds?: readonly number[] }) {
  let query = db
    .selectFrom('session_records')
    .innerJoin('sessions', 'sessions.id', 'session_records.session_id')
    // One record per session (its key): no duplicate to remove.
    .select(['sessions.id', 'sessions.number']);
  if (filter.dossierIds) {
    const ids = filter.dossierIds.length ? [...filter.dossierIds] : [-1];
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('agenda_items').select('agenda_items.id').whereRef('agenda_items.session_id', '=', 'sessions.id').where('agenda_items.dossier_id', 'in', ids)),
    );
  }
  if (filter.memberIds) {
    const ids = filter.memberIds.length ? [...filter.memberIds] : [-1];
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('session_members').select('session_members.member_id').whereRef('session_members.session_id', '=', 'sessions.id').where('session_members.member_id', 'in', ids)),
    );
  }
  return query.orderBy('sessions.date').execute();
}

/**
 * Says in the audit log, next to a change of a dossier, a member or the agency's settings,
 * which closed sessions keep printing what they had: the change applies to later sessions.
 */
export async function auditFrozenSessions(
  db: Db,
  ctx: ServiceContext,
  change: { entityType: 'dossier' | 'member' | 'settings' | 'import_batch'; entityId: string; dossierIds?: readonly number[]; memberIds?: readonly number[] },
): Promise<void> {
  const sessions = await frozenSessionsOf(db, change);
  if (!sessions.length) return;
  const numbers = sessions.map((s) => `n° ${s.number}`).join(', ');
  const plural = sessions.length > 1;
  await insertAudit(db, {
    at: ctx.now().toISOString(),
    actor: ctx.actor,
    entityType: change.entityType,
    entityId: change.entityId,
    action: 'record.kept',
    before: null,
    after: {
      sessions: sessions.map((s) => s.number),
      message: `${plural ? 'Les séances' : 'La séance'} ${numbers}, ${plural ? 'clôturées, gardent' : 'clôturée, garde'} dans ${plural ? 'leurs' : 'ses'} documents ce qui était enregistré à la clôture ; cette modification vaut pour les séances suivantes.`,
    },
  });
}

// ---------------------------------------------------------------------------------------------
// What a document was produced from

/** The minutes record the roll, the agenda, each opinion, decision and withdrawal, and the times. */
function minutesBasis(session: SessionDetail): unknown {
  return {
    date: session.date,
    startTime: session.startTime,
    endTime: session.endTime,
    chair: session.chairMemberId,
    members: session.members.map((m) => [m.memberId, m.status, m.remote, m.proxyHolderId, m.voice]),
    items: session.items.map((i) => ({ dossierId: i.dossier.id, opinion: i.opinion, decision: i.decision, withdrawals: i.withdrawals })),
  };
}

/** A letter and an agreement record the decision they notify. */
export function documentBasis(session: SessionDetail, item?: AgendaItemView): string {
  return canonicalJson(item ? { decision: item.decision } : minutesBasis(session));
}

export interface Staleness {
  stale: boolean;
  /** Why, in French; empty when the document still matches. */
  staleReason: string;
  /** Stale with nothing to make again: the decision no longer calls for this document. */
  void: boolean;
}

const fresh: Staleness = { stale: false, staleReason: '', void: false };
const stale = (staleReason: string, isVoid = false): Staleness => ({ stale: true, staleReason, void: isVoid });

/** Whether a registered document still matches the session as it is now. */
export function judgeDocument(
  doc: { kind: string; dossierId: number | null; basisJson: string | null },
  session: SessionDetail,
): Staleness {
  if (doc.basisJson === null) return fresh;
  if (doc.dossierId === null) {
    return doc.basisJson === documentBasis(session) ? fresh : stale('La séance a changé depuis ce procès-verbal (présences, avis, décisions ou déports).');
  }
  const item = session.items.find((i) => i.dossier.id === doc.dossierId);
  if (!item) return stale("Le dossier n'est plus à l'ordre du jour de cette séance.", true);
  if (doc.basisJson === documentBasis(session, item)) return fresh;
  const was = (JSON.parse(doc.basisJson) as { decision: { outcome: keyof typeof decisionOutcomeLabels } | null }).decision;
  if (!item.decision) return stale('La décision a été effacée par un nouvel avis : elle reste à prendre.');
  const changed =
    was && was.outcome !== item.decision.outcome
      ? `La décision a changé : ${decisionOutcomeLabels[was.outcome].toLowerCase()} puis ${decisionOutcomeLabels[item.decision.outcome].toLowerCase()}.`
      : 'La décision a changé (aide, motif ou date) depuis ce document.';
  if (doc.kind === 'funding_agreement' && !hasAgreement(item)) return stale(`${changed} Sans aide, cette convention est caduque.`, true);
  return stale(changed);
}

/** Each session's current state, read once for a list of documents. */
export async function sessionsById(db: Db, ids: Iterable<number>): Promise<Map<number, SessionDetail>> {
  const sessions = new Map<number, SessionDetail>();
  for (const id of new Set(ids)) sessions.set(id, await getSessionDetail(db, id));
  return sessions;
}
