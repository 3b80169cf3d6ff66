import type { ErrorDetail } from '../../shared/result';

/** Error message per dotted field path; the first message wins when a field has several. */
export type FieldErrors = Partial<Record<string, string>>;

/** The DOM id of a field: its dotted path with dashes, so that an error detail leads to it. */
export function fieldId(path: string): string {
  return path.replaceAll('.', '-');
}

export function toFieldErrors(details: readonly ErrorDetail[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const { field, message } of details) errors[field] ??= message;
  return errors;
}

/** The errors whose path does not start with `prefix`: indexed rows shift once one is added or removed. */
export function withoutErrorsUnder(errors: FieldErrors, prefix: string): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([path]) => !path.startsWith(prefix)));
}

/**
 * Reads a number as French users type it: "20 000,50" is 20000.5. Undefined when the text is
 * not a number, so that each form decides how the handler hears of it.
 */
export function parseDecimal(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(compact) ? Number(compact) : undefined;
}

/** A number as the user may edit it again: no grouping, a decimal comma. */
export const editableNumber = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2, useGrouping: false });
