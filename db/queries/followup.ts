import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { engineOf, jsonValue } from '../dialect';

type Db = Kysely<Database>;

/** Agenda items with their session, as the follow-up reads them. */
function itemsWithSession(db: Db) {
  return db
    .selectFrom('agenda_items')
    .innerJoin('sessions', 'sessions.id', 'agenda_items.session_id')
    .select([
      'agenda_items.id as itemId',
      'agenda_items.dossier_id as dossierId',
      'agenda_items.decision_json as decisionJson',
      'sessions.id as sessionId',
      'sessions.number as sessionNumber',
      'sessions.date as sessionDate',
      'sessions.status as sessionStatus',
    ]);
}

/** The decided items of a dossier, oldest first: what an agreement can follow. */
export async function decidedItems(db: Db, dossierId: number) {
  return itemsWithSession(db)
    .where('agenda_items.dossier_id', '=', dossierId)
    .where('agenda_items.decision_json', 'is not', null)
    .orderBy('sessions.date')
    .orderBy('agenda_items.id')
    .execute();
}

export async function itemWithSession(db: Db, itemId: number) {
  return itemsWithSession(db).where('agenda_items.id', '=', itemId).executeTakeFirst();
}

export async function agreementRows(db: Db, where: { dossierId: number } | { id: number } | { itemId: number }) {
  let query = db.selectFrom('agreements').selectAll();
  if ('dossierId' in where) query = query.where('dossier_id', '=', where.dossierId);
  else if ('id' in where) query = query.where('id', '=', where.id);
  else query = query.where('agenda_item_id', '=', where.itemId);
  return query.orderBy('id').execute();
}

export async function paymentRows(db: Db, agreementIds: readonly number[]) {
  return db
    .selectFrom('grant_payments')
    .selectAll()
    .where('agreement_id', 'in', agreementIds.length ? agreementIds : [-1])
    .orderBy('paid_on')
    .orderBy('id')
    .execute();
}

export async function reportRows(db: Db, agreementIds: readonly number[]) {
  return db
    .selectFrom('agreement_reports')
    .selectAll()
    .where('agreement_id', 'in', agreementIds.length ? agreementIds : [-1])
    .orderBy('agreement_id')
    .orderBy('position')
    .execute();
}

export async function insertAgreement(
  db: Db,
  args: { itemId: number; dossierId: number; signedOn: string; instalments: number; scanAttachmentId: number; at: string; by: string },
): Promise<number> {
  const { id } = await db
    .insertInto('agreements')
    .values({
      agenda_item_id: args.itemId,
      dossier_id: args.dossierId,
      signed_on: args.signedOn,
      instalments: args.instalments,
      scan_attachment_id: args.scanAttachmentId,
      recorded_at: args.at,
      recorded_by: args.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertReports(db: Db, agreementId: number, reports: readonly { label: string; dueOn: string }[]): Promise<void> {
  if (!reports.length) return;
  await db
    .insertInto('agreement_reports')
    .values(reports.map((r, position) => ({ agreement_id: agreementId, position, label: r.label, due_on: r.dueOn })))
    .execute();
}

export async function insertPayment(
  db: Db,
  args: { agreementId: number; paidOn: string; amountCents: number; reference: string; at: string; by: string },
): Promise<number> {
  const { id } = await db
    .insertInto('grant_payments')
    .values({
      agreement_id: args.agreementId,
      paid_on: args.paidOn,
      amount_cents: args.amountCents,
      reference: args.reference,
      recorded_at: args.at,
      recorded_by: args.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function setReportReceived(db: Db, reportId: number, receivedOn: string | null): Promise<void> {
  await db.updateTable('agreement_reports').set({ received_on: receivedOn }).where('id', '=', reportId).execute();
}

export async function getReport(db: Db, reportId: number) {
  return db
    .selectFrom('agreement_reports')
    .innerJoin('agreements', 'agreements.id', 'agreement_reports.agreement_id')
    .select([
      'agreement_reports.id',
      'agreement_reports.label',
      'agreement_reports.due_on as dueOn',
      'agreement_reports.received_on as receivedOn',
      'agreements.id as agreementId',
      'agreements.dossier_id as dossierId',
      'agreements.signed_on as signedOn',
    ])
    .where('agreement_reports.id', '=', reportId)
    .executeTakeFirst();
}

/** What every dashboard deadline names: the dossier, and the session of its decision. */
export const deadlineColumns = [
  'dossiers.id as dossierId',
  'dossiers.ds_number as dsNumber',
  'dossiers.name',
  'sessions.id as sessionId',
  'sessions.number as sessionNumber',
  'sessions.date as sessionDate',
] as const;

/** Every report due, with its dossier and the session of the decision: the dashboard's follow-up deadlines. */
export async function dueReports(db: Db) {
  return db
    .selectFrom('agreement_reports')
    .innerJoin('agreements', 'agreements.id', 'agreement_reports.agreement_id')
    .innerJoin('agenda_items', 'agenda_items.id', 'agreements.agenda_item_id')
    .innerJoin('sessions', 'sessions.id', 'agenda_items.session_id')
    .innerJoin('dossiers', 'dossiers.id', 'agreements.dossier_id')
    .select([
      'agreement_reports.id as reportId',
      'agreement_reports.label',
      'agreement_reports.due_on as deadline',
      'agreement_reports.received_on as receivedAt',
      ...deadlineColumns,
    ])
    .orderBy('agreement_reports.due_on')
    .orderBy('agreement_reports.agreement_id')
    .orderBy('agreement_reports.position')
    .execute();
}

export async function setWithdrawal(db: Db, dossierId: number, withdrawal: { date: string; reason: string } | null, at: string) {
  await db
    .updateTable('dossiers')
    .set({ withdrawn_on: withdrawal?.date ?? null, withdrawal_reason: withdrawal?.reason ?? '', updated_at: at })
    .where('id', '=', dossierId)
    .execute();
}

export async function withdrawalOf(db: Db, dossierId: number) {
  return db
    .selectFrom('dossiers')
    .select(['id', 'name', 'status', 'withdrawn_on', 'withdrawal_reason'])
    .where('id', '=', dossierId)
    .executeTakeFirst();
}

/**
 * Every decided grant (the decision's amount in cents, read in SQL from its JSON) with the
 * decision's date, the dossier's département and structure type, whether it is withdrawn, and
 * its agreement's signature and payments: what the yearly envelope adds up.
 */
export async function grantCommitments(db: Db, from: string, to: string) {
  const engine = engineOf(db);
  const grantAmount = jsonValue(engine, 'agenda_items.decision_json', ['grant', 'amount'], 'number');
  const decisionDate = jsonValue(engine, 'agenda_items.decision_json', ['date'], 'text');
  return db
    .selectFrom('agenda_items')
    .innerJoin('dossiers', 'dossiers.id', 'agenda_items.dossier_id')
    .leftJoin('agreements', 'agreements.agenda_item_id', 'agenda_items.id')
    .select((eb) => [
      'agenda_items.id as itemId',
      'dossiers.department_code as departmentCode',
      'dossiers.structure_type as structureType',
      'dossiers.withdrawn_on as withdrawnOn',
      eb.fn<number>('round', [grantAmount, eb.val(2)]).as('granted'),
      'agreements.signed_on as signedOn',
      eb
        .selectFrom('grant_payments')
        .select((p) => p.fn.coalesce(p.fn.sum<number>('grant_payments.amount_cents'), p.val(0)).as('paid'))
        .whereRef('grant_payments.agreement_id', '=', 'agreements.id')
        .as('paidCents'),
    ])
    .where('agenda_items.decision_json', 'is not', null)
    .where(grantAmount, '>', 0)
    .where(decisionDate, '>=', from)
    .where(decisionDate, '<=', to)
    .execute();
}
