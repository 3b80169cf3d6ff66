import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Output } from '../shared/contract';
import { deadlineColumns, dueReports } from '../db/queries/followup';
import { canonicalJson } from './documents/record';
import { reportState } from './followup';

/** One calendar month later, kept within the month (31 January → 28 or 29 February). */
export function addOneMonth(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, last))).toISOString().slice(0, 10);
}

const DUE_SOON_DAYS = 7;

/**
 * The dashboard's deadlines: the notifications, then the reports the signed agreements ask for
 * (article 6), each with its due date and whether it was received.
 */
export async function dashboardDeadlines(db: Kysely<Database>, today: string): Promise<Output<'dashboard.deadlines'>> {
  const reports = (await dueReports(db)).map(({ receivedAt, ...r }) => ({
    ...r,
    kind: 'report' as const,
    sentAt: null,
    receivedAt,
    state: reportState(r.deadline, receivedAt, today),
  }));
  return [...(await notificationDeadlines(db, today)), ...reports];
}

/**
 * The sponsors must be notified within one month of the commission: every decided item of a
 * closed session, with its deadline and whether its letter was sent, is due soon, or is late.
 */
async function notificationDeadlines(db: Kysely<Database>, today: string): Promise<Output<'dashboard.deadlines'>> {
  const rows = await db
    .selectFrom('agenda_items')
    .innerJoin('sessions', 'sessions.id', 'agenda_items.session_id')
    .innerJoin('dossiers', 'dossiers.id', 'agenda_items.dossier_id')
    .select([
      ...deadlineColumns,
      (eb) =>
        eb
          .selectFrom('documents')
          .select((d) => d.fn.max('documents.sent_at').as('sent'))
          .whereRef('documents.dossier_id', '=', 'dossiers.id')
          .whereRef('documents.session_id', '=', 'sessions.id')
          .where('documents.kind', '=', 'decision_letter')
          .as('sentAt'),
      'agenda_items.decision_json as decisionJson',
      (eb) =>
        eb
          .selectFrom('documents')
          .select('documents.basis_json')
          .whereRef('documents.dossier_id', '=', 'dossiers.id')
          .whereRef('documents.session_id', '=', 'sessions.id')
          .where('documents.kind', '=', 'decision_letter')
          .orderBy('documents.version', 'desc')
          .limit(1)
          .as('letterBasis'),
    ])
    .where('sessions.status', '=', 'closed')
    .where('agenda_items.decision_json', 'is not', null)
    .orderBy('sessions.date')
    .orderBy('agenda_items.position')
    .execute();
  const soon = new Date(Date.parse(`${today}T00:00:00Z`) + DUE_SOON_DAYS * 86_400_000).toISOString().slice(0, 10);
  return rows.map(({ decisionJson, letterBasis, ...r }) => {
    const deadline = addOneMonth(r.sessionDate);
    const sentAt = (r.sentAt as string | null) ?? null;
    // The latest letter was produced from another decision: whatever was sent, a new one is due.
    const redo = typeof letterBasis === 'string' && letterBasis !== canonicalJson({ decision: JSON.parse(decisionJson!) as unknown });
    const state = redo ? 'redo' : sentAt ? 'sent' : today > deadline ? 'late' : deadline <= soon ? 'due_soon' : 'to_send';
    return { ...r, kind: 'notification' as const, reportId: null, label: 'Notification de la décision', deadline, sentAt, receivedAt: null, state };
  });
}
