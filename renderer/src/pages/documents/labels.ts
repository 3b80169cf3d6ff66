import type { Output } from '../../../../shared/contract';

export type RegisteredDocument = Output<'documents.list'>[number];
export { documentKindLabels, type DocumentKind } from '../../../../shared/documents';

/** Today on the user's calendar, "2026-12-16": the handlers' default is the UTC date. */
export function localToday(): string {
  const now = new Date();
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
}
