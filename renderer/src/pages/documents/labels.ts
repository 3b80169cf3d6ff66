import type { Output } from '../../../../shared/contract';

export type RegisteredDocument = Output<'documents.list'>[number];
export type DocumentKind = RegisteredDocument['kind'];

export const documentKindLabels: Record<DocumentKind, string> = {
  decision_letter: 'Courrier de décision',
  funding_agreement: 'Convention de financement',
  minutes: 'Procès-verbal',
};

/** Today on the user's calendar, "2026-12-16": the handlers' default is the UTC date. */
export function localToday(): string {
  const now = new Date();
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
}
