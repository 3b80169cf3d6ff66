import type { Input, Output } from '../../../../shared/contract';
import type { ErrorDetail } from '../../../../shared/result';

type Settings = Output<'settings.get'>;
type SettingsUpdate = Input<'settings.update'>;

/** The text inputs of the form, named by the dotted path the handler uses in its error details. */
export type TextPath =
  | 'identity.regionCode'
  | 'identity.agencyName'
  | 'identity.direction'
  | 'identity.unit'
  | 'identity.address.street'
  | 'identity.address.postalCode'
  | 'identity.address.city'
  | 'identity.phone'
  | 'identity.email'
  | 'identity.directorGeneral.firstName'
  | 'identity.directorGeneral.lastName'
  | 'identity.directorGeneral.title'
  | 'identity.signatory.firstName'
  | 'identity.signatory.lastName'
  | 'identity.signatory.title'
  | 'grants.defaultStartupGrant';

export interface DepartmentRow {
  /** React key: rows are added and removed, their index is not an identity. */
  key: number;
  code: string;
  email: string;
}

export interface SettingsForm {
  text: Record<TextPath, string>;
  byDelegation: boolean;
  departments: DepartmentRow[];
}

/** Error message per dotted field path; the first message wins when a field has several. */
export type FieldErrors = Partial<Record<string, string>>;

let lastRowKey = 0;

export function newDepartmentRow(code = '', email = ''): DepartmentRow {
  lastRowKey += 1;
  return { key: lastRowKey, code, email };
}

/** The DOM id of a field: its dotted path with dashes, so that an error detail leads to it. */
export function fieldId(path: string): string {
  return path.replaceAll('.', '-');
}

export const departmentPath = (index: number, field: 'code' | 'email') =>
  `identity.departments.${index}.${field}`;

const amountFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2, useGrouping: false });

export function fromSettings({ identity, grants }: Settings): SettingsForm {
  return {
    text: {
      'identity.regionCode': identity?.regionCode ?? '',
      'identity.agencyName': identity?.agencyName ?? '',
      'identity.direction': identity?.direction ?? '',
      'identity.unit': identity?.unit ?? '',
      'identity.address.street': identity?.address.street ?? '',
      'identity.address.postalCode': identity?.address.postalCode ?? '',
      'identity.address.city': identity?.address.city ?? '',
      'identity.phone': identity?.phone ?? '',
      'identity.email': identity?.email ?? '',
      'identity.directorGeneral.firstName': identity?.directorGeneral.firstName ?? '',
      'identity.directorGeneral.lastName': identity?.directorGeneral.lastName ?? '',
      'identity.directorGeneral.title': identity?.directorGeneral.title ?? 'Directeur général',
      'identity.signatory.firstName': identity?.signatory.firstName ?? '',
      'identity.signatory.lastName': identity?.signatory.lastName ?? '',
      'identity.signatory.title': identity?.signatory.title ?? '',
      'grants.defaultStartupGrant': amountFormat.format(grants.defaultStartupGrant),
    },
    byDelegation: identity?.signatory.byDelegation ?? true,
    departments: (identity?.departments ?? []).map((d) => newDepartmentRow(d.code, d.email)),
  };
}

/**
 * Reads "20 000,50" as 20000.5. Anything else becomes NaN, which the handler rejects with its
 * own message, next to the other errors of the same save.
 */
export function parseEuros(text: string): number {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  return /^\d+(\.\d+)?$/.test(compact) ? Number(compact) : Number.NaN;
}

export function toUpdate({ text, byDelegation, departments }: SettingsForm): SettingsUpdate {
  return {
    identity: {
      regionCode: text['identity.regionCode'],
      agencyName: text['identity.agencyName'],
      direction: text['identity.direction'],
      unit: text['identity.unit'],
      address: {
        street: text['identity.address.street'],
        postalCode: text['identity.address.postalCode'],
        city: text['identity.address.city'],
      },
      phone: text['identity.phone'],
      email: text['identity.email'],
      directorGeneral: {
        firstName: text['identity.directorGeneral.firstName'],
        lastName: text['identity.directorGeneral.lastName'],
        title: text['identity.directorGeneral.title'],
      },
      signatory: {
        firstName: text['identity.signatory.firstName'],
        lastName: text['identity.signatory.lastName'],
        title: text['identity.signatory.title'],
        byDelegation,
      },
      departments: departments.map(({ code, email }) => ({ code, email })),
    },
    grants: { defaultStartupGrant: parseEuros(text['grants.defaultStartupGrant']) },
  };
}

export function toFieldErrors(details: readonly ErrorDetail[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const { field, message } of details) errors[field] ??= message;
  return errors;
}
