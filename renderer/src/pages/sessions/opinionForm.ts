import type { Input } from '../../../../shared/contract';
import type { ErrorDetail } from '../../../../shared/result';
import type { AgendaItemView } from '../../../../shared/session';
import {
  grantAllowed,
  grantParts,
  toCents,
  type GrantPart,
  type OpinionKind,
  type Vote,
} from '../../../../shared/session-rules';
import type { ErrorItem } from '../../components/ErrorSummary';
import { editableNumber, fieldId, parseDecimal, type FieldErrors } from '../../forms';

export const voteFields = ['for', 'against', 'abstention'] as const;
export type VoteField = (typeof voteFields)[number];
export type GrantField = 'amount' | GrantPart;
export const grantFields: readonly GrantField[] = ['amount', ...grantParts];

/** The opinion of one item as typed in live mode. */
export interface OpinionDraft {
  kind: OpinionKind | '';
  reservations: string[];
  /** The reservation being typed, not yet in the list. */
  reservation: string;
  motivation: string;
  vote: Record<VoteField, string>;
  /** Whether the commission proposes a grant, when its opinion allows one. */
  withGrant: boolean;
  grant: Record<GrantField, string>;
  privateNotes: string;
}

export type OpinionInput = Input<'items.recordOpinion'>['opinion'];

const text = (n: number) => editableNumber.format(n);

/** The recorded opinion, or a blank one proposing the default grant when the team asked for one. */
export function draftOf(item: AgendaItemView, defaultGrant: number): OpinionDraft {
  const { opinion } = item;
  return {
    kind: opinion?.kind ?? '',
    reservations: opinion?.reservations ?? [],
    reservation: '',
    motivation: opinion?.motivation ?? '',
    vote: opinion?.vote
      ? { for: String(opinion.vote.for), against: String(opinion.vote.against), abstention: String(opinion.vote.abstention) }
      : { for: '', against: '', abstention: '' },
    withGrant: opinion ? opinion.grant !== null : item.dossier.grantRequested > 0,
    grant: opinion?.grant
      ? { amount: text(opinion.grant.amount), engineering: text(opinion.grant.engineering), it: text(opinion.grant.it), furniture: text(opinion.grant.furniture) }
      : { amount: text(defaultGrant), engineering: '', it: '', furniture: '' },
    privateNotes: item.privateNotes,
  };
}

export const sameDraft = (a: OpinionDraft, b: OpinionDraft) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What was typed, as a number; what is not one travels as NaN, which the handler refuses with
 * the field's own French message.
 */
const numberOf = (typed: string, blank: number) => (typed.trim() === '' ? blank : (parseDecimal(typed) ?? Number.NaN));

/** The vote as counted so far; null while nothing is typed. */
export function voteOf(draft: OpinionDraft): Vote | null {
  if (voteFields.every((f) => draft.vote[f].trim() === '')) return null;
  return { for: numberOf(draft.vote.for, 0), against: numberOf(draft.vote.against, 0), abstention: numberOf(draft.vote.abstention, 0) };
}

export const proposesGrant = (draft: OpinionDraft) => draft.kind !== '' && grantAllowed(draft.kind) && draft.withGrant;

export function grantOf(draft: OpinionDraft): Record<GrantField, number> {
  return {
    amount: numberOf(draft.grant.amount, Number.NaN),
    engineering: numberOf(draft.grant.engineering, 0),
    it: numberOf(draft.grant.it, 0),
    furniture: numberOf(draft.grant.furniture, 0),
  };
}

/** The breakdown's total in cents, or null while a part is not a number. */
export function breakdownCents(draft: OpinionDraft): number | null {
  const grant = grantOf(draft);
  return grantParts.some((p) => Number.isNaN(grant[p])) ? null : grantParts.reduce((sum, p) => sum + toCents(grant[p]), 0);
}

export function toOpinion(draft: OpinionDraft): OpinionInput {
  const withReservations = draft.kind === 'favorable_with_reservations';
  // A reservation typed but not added yet is meant all the same.
  const pending = draft.reservation.trim();
  return {
    // An empty choice is refused by the handler with its own message, next to the choices.
    kind: draft.kind as OpinionKind,
    motivation: draft.motivation,
    reservations: withReservations ? [...draft.reservations, ...(pending ? [pending] : [])] : [],
    vote: voteOf(draft),
    grant: proposesGrant(draft) ? grantOf(draft) : null,
  };
}

/** The inputs an error can sit next to; a deeper path goes to the nearest of them. */
const fieldPaths = [
  'opinion.kind',
  'opinion.motivation',
  'opinion.reservations',
  'opinion.vote',
  ...grantFields.map((f) => `opinion.grant.${f}`),
  'privateNotes',
];

/** Each error next to its field ('opinion.vote.for' to the vote, 'opinion.grant' to the amount). */
export function placeOpinionErrors(details: readonly ErrorDetail[]): { errors: FieldErrors; items: ErrorItem[] } {
  const errors: FieldErrors = {};
  const items = details.map(({ field, message }) => {
    const path =
      field === 'opinion.grant' ? 'opinion.grant.amount' : fieldPaths.find((p) => field === p || field.startsWith(`${p}.`));
    if (!path) return { message };
    errors[path] ??= message;
    return { message, fieldId: fieldId(path) };
  });
  return { errors, items };
}
