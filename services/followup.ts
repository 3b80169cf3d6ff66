/**
 * After the decision: the agreement signed (with its scan), the grant paid, the reports due.
 * Each write is checked against the decision it follows and moves the dossier along the pipeline.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { getAttachment } from '../db/queries/attachments';
import { insertAudit } from '../db/queries/audit';
import { readSettings } from '../db/queries/settings';
import {
  agreementRows,
  decidedItems,
  getReport,
  insertAgreement,
  insertPayment,
  insertReports,
  itemWithSession,
  paymentRows,
  reportRows,
  setReportReceived,
  withdrawalOf,
} from '../db/queries/followup';
import type { Output, ParsedInput } from '../shared/contract';
import type { DossierStatus } from '../shared/dossier';
import {
  defaultReports,
  paymentProblems,
  reportDueProblem,
  reportReceivedProblem,
  signatureDateProblem,
  type ReportState,
} from '../shared/followup';
import { formatDate } from '../shared/french';
import { AppError, validationError } from '../shared/result';
import { toCents, type Decision } from '../shared/session-rules';
import { withAttachment } from './attachments';
import type { ServiceContext } from './context';
import { localToday } from './dates';
import { setDossierStatus } from './sessions';
import { newerPayment, saveOver } from './versions';

type Db = Kysely<Database>;
type FollowUp = Output<'followup.get'>;

const DUE_SOON_DAYS = 30;

function audit(db: Db, ctx: ServiceContext, dossierId: number, action: string, before: unknown, after: unknown) {
  return insertAudit(db, { at: ctx.now().toISOString(), actor: ctx.actor, entityType: 'dossier', entityId: String(dossierId), action, before, after });
}

/** A report is late the day after its due date, due soon within a month of it. */
export function reportState(dueOn: string, receivedOn: string | null, today: string): ReportState {
  if (receivedOn) return 'received';
  if (today > dueOn) return 'late';
  const soon = new Date(Date.parse(`${today}T00:00:00Z`) + DUE_SOON_DAYS * 86_400_000).toISOString().slice(0, 10);
  return dueOn <= soon ? 'due_soon' : 'to_receive';
}

const euros = (cents: number) => cents / 100;

/** The dossier's decided grants, each with its agreement, payments and reports; the agreement's articles 4 and 6 as the settings word them. */
export async function getFollowUp(db: Db, dossierId: number, today: string): Promise<FollowUp> {
  const dossier = await withdrawalOf(db, dossierId);
  if (!dossier) throw new AppError('NOT_FOUND', `Le dossier ${dossierId} n'existe pas.`);
  const items = await decidedItems(db, dossierId);
  const agreements = await agreementRows(db, { dossierId });
  const ids = agreements.map((a) => a.id);
  const payments = await paymentRows(db, ids);
  const reports = await reportRows(db, ids);
  const { templates } = await readSettings(db);
  const grants: FollowUp['grants'] = [];
  for (const item of items) {
    const decision = JSON.parse(item.decisionJson!) as Decision;
    if (!decision.grant) continue;
    const row = agreements.find((a) => a.agenda_item_id === item.itemId);
    let agreement: FollowUp['grants'][number]['agreement'] = null;
    if (row) {
      const paid = payments.filter((p) => p.agreement_id === row.id);
      const paidCents = paid.reduce((sum, p) => sum + p.amount_cents, 0);
      const scan = row.scan_attachment_id === null ? undefined : await getAttachment(db, row.scan_attachment_id);
      agreement = {
        id: row.id,
        signedOn: row.signed_on,
        instalments: row.instalments,
        scan: scan ? { id: scan.id, originalName: scan.originalName } : null,
        payments: paid.map((p) => ({ id: p.id, paidOn: p.paid_on, amount: euros(p.amount_cents), reference: p.reference })),
        paid: euros(paidCents),
        remaining: euros(toCents(decision.grant.amount) - paidCents),
        reports: reports
          .filter((r) => r.agreement_id === row.id)
          .map((r) => ({ id: r.id, label: r.label, dueOn: r.due_on, receivedOn: r.received_on, state: reportState(r.due_on, r.received_on, today), version: Number(r.version) })),
      };
    }
    grants.push({
      itemId: item.itemId,
      sessionId: item.sessionId,
      sessionNumber: item.sessionNumber,
      sessionDate: item.sessionDate,
      sessionClosed: item.sessionStatus === 'closed',
      decisionDate: decision.date,
      granted: decision.grant.amount,
      agreement,
    });
  }
  return {
    dossierId,
    status: dossier.status as DossierStatus,
    withdrawal: dossier.withdrawn_on ? { date: dossier.withdrawn_on, reason: dossier.withdrawal_reason } : null,
    grants,
    terms: { payment: templates.agreementPayment, justification: templates.agreementJustification },
  };
}

function refuseWithdrawn(dossier: { withdrawn_on: string | null; name: string }): void {
  if (dossier.withdrawn_on) {
    throw new AppError('CONFLICT', `Les porteurs de « ${dossier.name} » se sont désistés le ${formatDate(dossier.withdrawn_on)} : rien n'est plus enregistré pour ce dossier.`);
  }
}

/** The granted decision an agreement follows: final (its session closed), with a grant, not already signed. */
async function grantedItem(db: Db, itemId: number) {
  const item = await itemWithSession(db, itemId);
  if (!item) throw new AppError('NOT_FOUND', `Le point ${itemId} de l'ordre du jour n'existe pas.`);
  if (item.sessionStatus !== 'closed') {
    throw new AppError('CONFLICT', `La séance n° ${item.sessionNumber} n'est pas clôturée : la décision n'est pas encore définitive.`);
  }
  const decision = item.decisionJson ? (JSON.parse(item.decisionJson) as Decision) : null;
  if (!decision?.grant) throw new AppError('CONFLICT', "La décision n'accorde pas d'aide : il n'y a pas de convention de financement à signer.");
  if ((await agreementRows(db, { itemId })).length) {
    throw new AppError('CONFLICT', 'La signature de cette convention est déjà enregistrée.');
  }
  const dossier = (await withdrawalOf(db, item.dossierId))!;
  refuseWithdrawn(dossier);
  return { item, decision, dossier };
}

const AFTER_DECISION: DossierStatus[] = ['decided', 'notified'];

export async function recordAgreement(input: ParsedInput<'followup.recordAgreement'>, ctx: ServiceContext): Promise<FollowUp> {
  const today = localToday(ctx);
  const { item, decision } = await grantedItem(ctx.db, input.itemId);
  const reports = input.reports ?? defaultReports(input.signedOn);
  const problems = [
    ...[signatureDateProblem(input.signedOn, { decisionDate: decision.date, today })].flatMap((message) => (message ? [{ field: 'signedOn', message }] : [])),
    ...reports.flatMap((r, i) => {
      const message = reportDueProblem(r.dueOn, input.signedOn);
      return message ? [{ field: `reports.${i}.dueOn`, message }] : [];
    }),
  ];
  if (problems.length) throw validationError(problems);
  const upload = { dossierId: item.dossierId, kind: 'agreement_signed', ...input.scan };
  await withAttachment(ctx, upload, async (trx, scan) => {
    // Checked again inside the transaction: two clicks must not record two agreements.
    await grantedItem(trx, input.itemId);
    const id = await insertAgreement(trx, {
      itemId: item.itemId,
      dossierId: item.dossierId,
      signedOn: input.signedOn,
      instalments: input.instalments,
      scanAttachmentId: scan.id,
      at: ctx.now().toISOString(),
      by: ctx.actor,
    });
    await insertReports(trx, id, reports);
    await setDossierStatus(trx, [item.dossierId], 'agreement_signed', AFTER_DECISION);
    await audit(trx, ctx, item.dossierId, 'agreement.signed', null, {
      agreementId: id,
      itemId: item.itemId,
      signedOn: input.signedOn,
      instalments: input.instalments,
      scan: { id: scan.id, originalName: scan.originalName, sha256: scan.sha256 },
      reports,
    });
  });
  return getFollowUp(ctx.db, item.dossierId, today);
}

export async function recordPayment(input: ParsedInput<'followup.recordPayment'>, ctx: ServiceContext): Promise<FollowUp> {
  const today = localToday(ctx);
  const dossierId = await ctx.db.transaction().execute(async (trx) => {
    const [agreement] = await agreementRows(trx, { id: input.agreementId });
    if (!agreement) throw new AppError('NOT_FOUND', `La convention ${input.agreementId} n'existe pas.`);
    refuseWithdrawn((await withdrawalOf(trx, agreement.dossier_id))!);
    const decision = JSON.parse((await itemWithSession(trx, agreement.agenda_item_id))!.decisionJson!) as Decision;
    const granted = decision.grant?.amount ?? 0;
    const rows = await paymentRows(trx, [agreement.id]);
    if (input.expectedVersion !== undefined && input.expectedVersion !== rows.length) {
      const last = rows.reduce<(typeof rows)[number] | undefined>((latest, row) => (!latest || row.id > latest.id ? row : latest), undefined);
      throw await newerPayment(trx, { version: rows.length, changedBy: last?.recorded_by ?? '', changedAt: last?.recorded_at ?? '' });
    }
    const paid = rows.map((p) => ({ amount: euros(p.amount_cents), paidOn: p.paid_on, reference: p.reference }));
    const { agreementId, paidOn, amount, reference } = input;
    const payment = { paidOn, amount, reference };
    const problems = paymentProblems(payment, { signedOn: agreement.signed_on, today, granted, instalments: agreement.instalments, paid });
    if (problems.length) throw validationError(problems);
    const id = await insertPayment(trx, {
      agreementId,
      paidOn: payment.paidOn,
      amountCents: toCents(payment.amount),
      reference: payment.reference,
      at: ctx.now().toISOString(),
      by: ctx.actor,
    });
    const complete = paid.reduce((sum, p) => sum + toCents(p.amount), 0) + toCents(payment.amount) === toCents(granted);
    if (complete) await setDossierStatus(trx, [agreement.dossier_id], 'grant_paid', [...AFTER_DECISION, 'agreement_signed']);
    await audit(trx, ctx, agreement.dossier_id, 'grant.paid', null, { paymentId: id, agreementId, ...payment, instalment: paid.length + 1, of: agreement.instalments });
    return agreement.dossier_id;
  });
  return getFollowUp(ctx.db, dossierId, today);
}

/** A report received (on `receivedOn`, today by default), or set back to awaited with null. */
export async function recordReport(input: ParsedInput<'followup.recordReport'>, ctx: ServiceContext): Promise<FollowUp> {
  const today = localToday(ctx);
  const dossierId = await ctx.db.transaction().execute(async (trx) => {
    const report = await getReport(trx, input.reportId);
    if (!report) throw new AppError('NOT_FOUND', `Le justificatif ${input.reportId} n'existe pas.`);
    const receivedOn = input.receivedOn === undefined ? today : input.receivedOn;
    const problem = receivedOn === null ? null : reportReceivedProblem(receivedOn, { signedOn: report.signedOn, today });
    if (problem) throw validationError([{ field: 'receivedOn', message: problem }]);
    await saveOver(trx, ctx, { kind: 'report', table: 'agreement_reports', key: { id: report.id } }, input.expectedVersion);
    await setReportReceived(trx, report.id, receivedOn);
    await audit(trx, ctx, report.dossierId, 'report.received', { reportId: report.id, label: report.label, receivedOn: report.receivedOn }, { reportId: report.id, label: report.label, receivedOn });
    return report.dossierId;
  });
  return getFollowUp(ctx.db, dossierId, today);
}
