import type { Input, Output } from '../../../../shared/contract';
import { structureTypes, type StructureType } from '../../../../shared/dossier';
import type { CompositionRule } from '../../../../shared/eligibility';
import type { Civility } from '../../../../shared/people';
import type { SessionRules } from '../../../../shared/session-rules';
import { settingsSections, type DistanceDelay } from '../../../../shared/settings';
import { editableNumber, parseDecimal } from '../../forms';

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
  | 'identity.directorGeneral.civility'
  | 'identity.directorGeneral.firstName'
  | 'identity.directorGeneral.lastName'
  | 'identity.directorGeneral.title'
  | 'identity.signatory.civility'
  | 'identity.signatory.firstName'
  | 'identity.signatory.lastName'
  | 'identity.signatory.title'
  | 'identity.appeal.court'
  | 'identity.caseOfficer.name'
  | 'identity.caseOfficer.email'
  | 'identity.caseOfficer.phone'
  | 'grants.defaultStartupGrant'
  | 'grants.ceiling'
  | 'sessionRules.quorumPercent'
  | 'sessionRules.maxProxiesPerHolder';

export interface DepartmentRow {
  /** React key: rows are added and removed, their index is not an identity. */
  key: number;
  code: string;
  email: string;
  officerName: string;
  phone: string;
}

/** The minimums as typed, and whether a pharmacist counts as paramedical. */
export type CompositionMinimum = Exclude<keyof CompositionRule, 'pharmacistCountsAsParamedical'>;
export type CompositionRow = Record<CompositionMinimum, string> & { pharmacistCountsAsParamedical: boolean };

/** The session rules that are choices rather than numbers. */
export type SessionRuleChoices = Pick<
  SessionRules,
  'quorumComparison' | 'countRepresentedInQuorum' | 'withdrawnHolderCastsProxy' | 'withdrawalReducesComposition'
>;

export interface SettingsForm {
  text: Record<TextPath, string>;
  byDelegation: boolean;
  distanceDelay: DistanceDelay;
  sessionRules: SessionRuleChoices;
  departments: DepartmentRow[];
  composition: Record<StructureType, CompositionRow>;
}

let lastRowKey = 0;

export function newDepartmentRow(contact: Omit<DepartmentRow, 'key'> = { code: '', email: '', officerName: '', phone: '' }): DepartmentRow {
  lastRowKey += 1;
  return { key: lastRowKey, ...contact };
}

export const departmentPath = (index: number, field: Exclude<keyof DepartmentRow, 'key'>) =>
  `identity.departments.${index}.${field}`;

export const compositionPath = (type: StructureType, field: keyof CompositionRule) => `composition.${type}.${field}`;

const mapTypes = <T>(make: (type: StructureType) => T) =>
  Object.fromEntries(structureTypes.map((type) => [type, make(type)])) as Record<StructureType, T>;

export function fromSettings({ identity, grants, composition, sessionRules }: Settings): SettingsForm {
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
      'identity.directorGeneral.civility': identity?.directorGeneral.civility ?? '',
      'identity.directorGeneral.firstName': identity?.directorGeneral.firstName ?? '',
      'identity.directorGeneral.lastName': identity?.directorGeneral.lastName ?? '',
      'identity.directorGeneral.title': identity?.directorGeneral.title ?? 'Directeur général',
      'identity.signatory.civility': identity?.signatory.civility ?? '',
      'identity.signatory.firstName': identity?.signatory.firstName ?? '',
      'identity.signatory.lastName': identity?.signatory.lastName ?? '',
      'identity.signatory.title': identity?.signatory.title ?? '',
      'identity.appeal.court': identity?.appeal.court ?? '',
      'identity.caseOfficer.name': identity?.caseOfficer.name ?? '',
      'identity.caseOfficer.email': identity?.caseOfficer.email ?? '',
      'identity.caseOfficer.phone': identity?.caseOfficer.phone ?? '',
      'grants.defaultStartupGrant': editableNumber.format(grants.defaultStartupGrant),
      'grants.ceiling': editableNumber.format(grants.ceiling),
      'sessionRules.quorumPercent': String(sessionRules.quorumPercent),
      'sessionRules.maxProxiesPerHolder': String(sessionRules.maxProxiesPerHolder),
    },
    byDelegation: identity?.signatory.byDelegation ?? true,
    distanceDelay: identity?.appeal.distanceDelay ?? 'none',
    sessionRules: {
      quorumComparison: sessionRules.quorumComparison,
      countRepresentedInQuorum: sessionRules.countRepresentedInQuorum,
      withdrawnHolderCastsProxy: sessionRules.withdrawnHolderCastsProxy,
      withdrawalReducesComposition: sessionRules.withdrawalReducesComposition,
    },
    departments: (identity?.departments ?? []).map((d) => newDepartmentRow(d)),
    composition: mapTypes((type) => {
      const rule = composition[type];
      return {
        minHealthProfessionals: String(rule.minHealthProfessionals),
        minGeneralPractitioners: String(rule.minGeneralPractitioners),
        minParamedical: String(rule.minParamedical),
        pharmacistCountsAsParamedical: rule.pharmacistCountsAsParamedical,
      };
    }),
  };
}

/**
 * A number as typed; anything else becomes NaN, which the handler rejects with its own message,
 * next to the other errors of the same save.
 */
const parseNumber = (text: string) => parseDecimal(text) ?? Number.NaN;

/**
 * Every section is sent whole; the handler writes and audits only those that changed. The keys
 * follow the schemas' order, so that an unchanged section compares equal.
 */
/** '' (not chosen yet) goes as typed: the handler refuses it with the field's own French message. */
const civility = (text: string) => text as Civility;

export function toUpdate({
  text,
  byDelegation,
  distanceDelay,
  sessionRules,
  departments,
  composition,
}: SettingsForm): SettingsUpdate {
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
        civility: civility(text['identity.directorGeneral.civility']),
        firstName: text['identity.directorGeneral.firstName'],
        lastName: text['identity.directorGeneral.lastName'],
        title: text['identity.directorGeneral.title'],
      },
      signatory: {
        civility: civility(text['identity.signatory.civility']),
        firstName: text['identity.signatory.firstName'],
        lastName: text['identity.signatory.lastName'],
        title: text['identity.signatory.title'],
        byDelegation,
      },
      appeal: { court: text['identity.appeal.court'], distanceDelay },
      caseOfficer: {
        name: text['identity.caseOfficer.name'],
        email: text['identity.caseOfficer.email'],
        phone: text['identity.caseOfficer.phone'],
      },
      departments: departments.map(({ code, email, officerName, phone }) => ({ code, email, officerName, phone })),
    },
    grants: {
      defaultStartupGrant: parseNumber(text['grants.defaultStartupGrant']),
      ceiling: parseNumber(text['grants.ceiling']),
    },
    sessionRules: {
      quorumPercent: parseNumber(text['sessionRules.quorumPercent']),
      quorumComparison: sessionRules.quorumComparison,
      countRepresentedInQuorum: sessionRules.countRepresentedInQuorum,
      maxProxiesPerHolder: parseNumber(text['sessionRules.maxProxiesPerHolder']),
      withdrawnHolderCastsProxy: sessionRules.withdrawnHolderCastsProxy,
      withdrawalReducesComposition: sessionRules.withdrawalReducesComposition,
    },
    composition: mapTypes((type) => {
      const row = composition[type];
      return {
        minHealthProfessionals: parseNumber(row.minHealthProfessionals),
        minGeneralPractitioners: parseNumber(row.minGeneralPractitioners),
        minParamedical: parseNumber(row.minParamedical),
        pharmacistCountsAsParamedical: row.pharmacistCountsAsParamedical,
      };
    }),
  };
}

/** The update with the version each of its sections was loaded at: one saved elsewhere since is refused. */
export function withVersions(update: SettingsUpdate, versions: Settings['versions']): SettingsUpdate {
  const sent = settingsSections.filter((section) => update[section] !== undefined);
  return { ...update, expectedVersions: Object.fromEntries(sent.map((section) => [section, versions[section] ?? 0])) };
}
