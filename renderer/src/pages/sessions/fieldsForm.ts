import type { ErrorDetail } from '../../../../shared/result';
import type { SessionDetail, SessionFieldsInput } from '../../../../shared/session';
import type { ErrorItem } from '../../components/ErrorSummary';
import { fieldId, type FieldErrors } from '../../forms';

/** The session's own fields, as typed. */
export interface SessionFieldsForm {
  number: string;
  title: string;
  date: string;
  startTime: string;
  endTime: string;
  place: string;
  videoLink: string;
  /** A member's id, or '' for none yet. */
  chairMemberId: string;
  secretary: string;
  reconvened: boolean;
}

export type SessionTextField = Exclude<keyof SessionFieldsForm, 'reconvened'>;

/** Ids as the error summary and the tests know them: « session-number »… */
export const sessionFieldPath = (name: keyof SessionFieldsForm) => `session.${name}`;

export function fromSession(session?: SessionDetail): SessionFieldsForm {
  return {
    number: session?.number ?? '',
    title: session?.title ?? '',
    date: session?.date ?? '',
    startTime: session?.startTime ?? '',
    endTime: session?.endTime ?? '',
    place: session?.place ?? '',
    videoLink: session?.videoLink ?? '',
    chairMemberId: session?.chairMemberId ? String(session.chairMemberId) : '',
    secretary: session?.secretary ?? '',
    reconvened: session?.reconvened ?? false,
  };
}

export function toFields(form: SessionFieldsForm): SessionFieldsInput {
  return {
    number: form.number,
    title: form.title,
    date: form.date,
    startTime: form.startTime || null,
    endTime: form.endTime || null,
    place: form.place,
    videoLink: form.videoLink,
    chairMemberId: form.chairMemberId ? Number(form.chairMemberId) : null,
    secretary: form.secretary,
    reconvened: form.reconvened,
  };
}

/** Creating names the fields at the top level, updating under « fields »: both lead to the same input. */
export function placeSessionErrors(details: readonly ErrorDetail[]): { errors: FieldErrors; items: ErrorItem[] } {
  const errors: FieldErrors = {};
  const items = details.map(({ field, message }) => {
    const path = `session.${field.replace(/^fields\./, '')}`;
    errors[path] ??= message;
    return { message, fieldId: fieldId(path) };
  });
  return { errors, items };
}
