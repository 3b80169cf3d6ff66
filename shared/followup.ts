/**
 * After the decision: the funding agreement signed, the grant paid (at once or in instalments)
 * and the reports the agreement's article 6 asks of the beneficiary, with their due dates.
 */
import { formatDate, formatEuros } from './french';
import { toCents } from './session-rules';
import { uploadSchema } from './upload';
import { attachmentFileNameSchema } from './attachments';
import { euros, isoDate, requiredText, wholeNumber, z } from './validation';

/** No agreement of the default templates pays in more than a few instalments; 12 is a monthly year. */
export const MAX_INSTALMENTS = 12;
export const MAX_REPORTS = 20;

export const reportDueSchema = z.strictObject({
  label: requiredText('Le justificatif attendu', 200),
  dueOn: isoDate,
});
export type ReportDue = z.infer<typeof reportDueSchema>;

/** What the form sends, without the scan (the page reads the file itself). */
export const agreementFieldsSchema = z.strictObject({
  signedOn: isoDate,
  /** The number of payments the agreement's article 4 provides: 1 when it pays at signature. */
  instalments: wholeNumber('Le nombre de versements', MAX_INSTALMENTS).refine((n) => n >= 1, {
    error: 'Le nombre de versements est d’au moins 1.',
  }),
  reports: z.array(reportDueSchema).max(MAX_REPORTS, { error: `Au plus ${MAX_REPORTS} justificatifs.` }),
});
export type AgreementFields = z.infer<typeof agreementFieldsSchema>;

export const agreementInputSchema = agreementFieldsSchema.extend({
  itemId: z.number().int().positive(),
  /** The agreement signed by both parties, scanned. */
  scan: uploadSchema.extend({ fileName: attachmentFileNameSchema }),
});

export const paymentFieldsSchema = z.strictObject({
  paidOn: isoDate,
  amount: euros('Le montant versé').refine((v) => v > 0, { error: 'Le montant versé doit être positif.' }),
  /** The accounting's reference: mandate or payment order number. */
  reference: requiredText('La référence du paiement', 100),
});
export type PaymentFields = z.infer<typeof paymentFieldsSchema>;

export const withdrawalFieldsSchema = z.strictObject({
  date: isoDate,
  reason: requiredText('Le motif du désistement', 2000),
});
export type WithdrawalFields = z.infer<typeof withdrawalFieldsSchema>;

/**
 * What the default article 6 asks: within six months of the end of the first year, that is 18
 * months after signature. An agency that rewrites the article changes the list when recording.
 */
export const DEFAULT_REPORT_MONTHS = 18;
export const defaultReportLabels = [
  'Factures acquittées',
  'Compte rendu financier de l’utilisation de l’aide',
  'Rapport d’activité et indicateurs de suivi',
] as const;

/** `months` calendar months later, kept within the month (31 August + 18 → 28 or 29 February). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

export function defaultReports(signedOn: string): ReportDue[] {
  const dueOn = addMonths(signedOn, DEFAULT_REPORT_MONTHS);
  return defaultReportLabels.map((label) => ({ label, dueOn }));
}

/** Signed on or after the decision, and not after today. */
export function signatureDateProblem(signedOn: string, { decisionDate, today }: { decisionDate: string; today: string }): string | null {
  if (signedOn < decisionDate) {
    return `La date de signature (${formatDate(signedOn)}) précède la décision du ${formatDate(decisionDate)}.`;
  }
  if (signedOn > today) return `La date de signature (${formatDate(signedOn)}) est postérieure à aujourd'hui : elle ne se saisit pas à l'avance.`;
  return null;
}

export function reportDueProblem(dueOn: string, signedOn: string): string | null {
  return dueOn < signedOn ? `L'échéance (${formatDate(dueOn)}) précède la signature de la convention (${formatDate(signedOn)}).` : null;
}

export function reportReceivedProblem(receivedOn: string, { signedOn, today }: { signedOn: string; today: string }): string | null {
  if (receivedOn < signedOn) return `La date de réception (${formatDate(receivedOn)}) précède la signature de la convention (${formatDate(signedOn)}).`;
  if (receivedOn > today) return `La date de réception (${formatDate(receivedOn)}) est postérieure à aujourd'hui.`;
  return null;
}

export interface PaymentContext {
  signedOn: string;
  today: string;
  /** The amount the decision grants. */
  granted: number;
  instalments: number;
  /** The payments already recorded. */
  paid: readonly { amount: number; paidOn: string; reference: string }[];
}

/** A payment order's reference, whatever the case and the separators typed: MDT-2026-0412 is mdt 2026 0412. */
const referenceKey = (reference: string) => reference.normalize('NFKD').replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();

/**
 * Why a payment cannot be recorded, each with its field: paid on or after the signature and not
 * in the future, never beyond the granted amount in total, at most as many payments as the
 * agreement provides, and the last one completing the grant.
 */
export function paymentProblems(payment: PaymentFields, context: PaymentContext): { field: keyof PaymentFields; message: string }[] {
  const problems: { field: keyof PaymentFields; message: string }[] = [];
  // One payment order is one payment: the same one entered twice is not a second instalment.
  const twin = context.paid.find((p) => referenceKey(p.reference) === referenceKey(payment.reference));
  if (twin) {
    problems.push({
      field: 'reference',
      message: `Le versement de référence « ${twin.reference} » est déjà enregistré sur cette convention (${formatEuros(twin.amount)} le ${formatDate(twin.paidOn)}).`,
    });
  }
  if (payment.paidOn < context.signedOn) {
    problems.push({ field: 'paidOn', message: `La date du versement (${formatDate(payment.paidOn)}) précède la signature de la convention (${formatDate(context.signedOn)}).` });
  } else if (payment.paidOn > context.today) {
    problems.push({ field: 'paidOn', message: `La date du versement (${formatDate(payment.paidOn)}) est postérieure à aujourd'hui : un versement se saisit une fois fait.` });
  }
  const paidCents = context.paid.reduce((sum, p) => sum + toCents(p.amount), 0);
  const leftCents = toCents(context.granted) - paidCents;
  const left = leftCents / 100;
  if (context.paid.length >= context.instalments) {
    problems.push({ field: 'amount', message: `La convention prévoit ${instalmentsText(context.instalments)}, déjà tous enregistrés.` });
  } else if (toCents(payment.amount) > leftCents) {
    problems.push({
      field: 'amount',
      message: `Le versement (${formatEuros(payment.amount)}) dépasse ce qui reste à verser (${formatEuros(left)} sur ${formatEuros(context.granted)} accordés).`,
    });
  } else if (context.paid.length === context.instalments - 1 && toCents(payment.amount) !== leftCents) {
    problems.push({
      field: 'amount',
      message:
        context.instalments === 1
          ? `La convention prévoit un versement unique : il est de ${formatEuros(context.granted)}.`
          : `C'est le dernier des ${context.instalments} versements prévus : il est de ${formatEuros(left)}, le reste de l'aide.`,
    });
  }
  return problems;
}

export const instalmentsText = (n: number) => (n === 1 ? 'un versement unique' : `${n} versements`);

/** Where a report stands on a given day. */
export type ReportState = 'to_receive' | 'due_soon' | 'late' | 'received';

const reportStates = ['to_receive', 'due_soon', 'late', 'received'] as const satisfies readonly ReportState[];

export const followUpSchema = z.object({
  dossierId: z.number(),
  status: z.string(),
  withdrawal: z.object({ date: z.string(), reason: z.string() }).nullable(),
  /** Each decided grant, oldest first, with its agreement once signed. */
  grants: z.array(
    z.object({
      itemId: z.number(),
      sessionId: z.number(),
      sessionNumber: z.string(),
      sessionDate: z.string(),
      /** Only a closed session's decision is final: its agreement can then be signed. */
      sessionClosed: z.boolean(),
      decisionDate: z.string(),
      granted: z.number(),
      agreement: z
        .object({
          id: z.number(),
          signedOn: z.string(),
          instalments: z.number(),
          scan: z.object({ id: z.number(), originalName: z.string() }).nullable(),
          payments: z.array(z.object({ id: z.number(), paidOn: z.string(), amount: z.number(), reference: z.string() })),
          paid: z.number(),
          remaining: z.number(),
          reports: z.array(
            z.object({
              id: z.number(),
              label: z.string(),
              dueOn: z.string(),
              receivedOn: z.string().nullable(),
              state: z.enum(reportStates),
              /** What `followup.recordReport` is given as `expectedVersion`. */
              version: z.number(),
            }),
          ),
        })
        .nullable(),
    }),
  ),
  /** The agreement's articles 4 (payment) and 6 (justification) as the settings word them. */
  terms: z.object({ payment: z.string(), justification: z.string() }),
});
