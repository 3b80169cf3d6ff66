/** Typed results that survive any transport (IPC structured clone, JSON over HTTP or stdout). */

/** UNAUTHENTICATED: no account is signed in on a database that has accounts; FORBIDDEN: the role does not allow it. */
export const errorCodes = ['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'LOCKED', 'UNAUTHENTICATED', 'FORBIDDEN', 'INTERNAL'] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** One precise problem: the dotted path of the field, and for file imports the line and column. */
export interface ErrorDetail {
  field: string;
  message: string;
  line?: number;
  column?: string;
  /** The sheet of a workbook, or the repetition block. */
  sheet?: string;
  /** A save over a newer version (shared/versions.ts): who saved it, when, and its version now. */
  changedBy?: string;
  changedAt?: string;
  version?: number;
}

export interface AppErrorData {
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** Thrown by handlers; the dispatcher turns it into a failed Result. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details?: ErrorDetail[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toData(): AppErrorData {
    return this.details?.length
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

/** A validation error: one problem is named in the message itself, several are listed in `details`. */
/** Past this many, a refusal names the first fields and counts the rest: a message stays readable. */
const FIELDS_NAMED = 20;

export function validationError(details: ErrorDetail[]): AppError {
  const fields = details.slice(0, FIELDS_NAMED).map((d) => d.field).join(', ');
  const more = details.length > FIELDS_NAMED ? ` et ${details.length - FIELDS_NAMED} autres` : '';
  const message =
    details.length === 1
      ? `Saisie invalide — ${details[0]!.field} : ${details[0]!.message}`
      : `Saisie invalide : ${details.length} erreurs (${fields}${more}).`;
  return new AppError('VALIDATION', message, details.slice(0, 1000));
}
