import { Badge } from '@codegouvfr/react-dsfr/Badge';
import type { AlertProps } from '@codegouvfr/react-dsfr/Alert';
import { dossierStatusLabels, type DossierStatus } from '../../../../shared/dossier';
import { ruleStatusLabels, type RuleStatus } from '../../../../shared/eligibility';
import { dossierFields, professionalFields } from '../../../../shared/import-mapping';
import { countOf } from '../../format';

type Severity = AlertProps.Severity | 'new' | undefined;

/** Early steps in grey, the commission's in purple, what the ARS has done in green. */
const statusSeverity: Record<DossierStatus, Severity> = {
  received: undefined,
  complete: 'info',
  on_agenda: 'new',
  opinion_given: 'new',
  decided: 'success',
  notified: 'success',
  agreement_signed: 'success',
  grant_paid: 'success',
};

export function StatusBadge({ status }: { status: DossierStatus }) {
  return (
    <Badge as="span" small noIcon severity={statusSeverity[status]}>
      {dossierStatusLabels[status]}
    </Badge>
  );
}

export type Verdict = 'eligible' | 'to_check' | 'ineligible';

export const verdictLabels: Record<Verdict, string> = {
  eligible: 'Éligible',
  to_check: 'À vérifier',
  ineligible: 'Non éligible',
};

const verdictSeverity = { eligible: 'success', to_check: 'warning', ineligible: 'error' } as const satisfies Record<
  Verdict,
  AlertProps.Severity
>;

/** A blocking failure makes the dossier ineligible; warnings alone ask for a look. */
export function verdictOf({ blocking, warnings }: { blocking: number; warnings: number }): Verdict {
  if (blocking > 0) return 'ineligible';
  return warnings > 0 ? 'to_check' : 'eligible';
}

export const verdictSeverityOf = (verdict: Verdict) => verdictSeverity[verdict];

/** « 2 points bloquants », « 1 point à vérifier ». */
export function pointsText({ blocking, warnings }: { blocking: number; warnings: number }): string {
  const parts = [];
  if (blocking) parts.push(countOf(blocking, 'point bloquant', 'points bloquants'));
  if (warnings) parts.push(countOf(warnings, 'point à vérifier', 'points à vérifier'));
  return parts.join(', ');
}

export function VerdictBadge({ blocking, warnings }: { blocking: number; warnings: number }) {
  const verdict = verdictOf({ blocking, warnings });
  return (
    <Badge as="span" small severity={verdictSeverity[verdict]}>
      {verdictLabels[verdict]}
    </Badge>
  );
}

const ruleSeverity = { pass: 'success', warning: 'warning', fail: 'error' } as const satisfies Record<
  RuleStatus,
  AlertProps.Severity
>;

export function RuleBadge({ status }: { status: RuleStatus }) {
  return (
    <Badge as="span" small severity={ruleSeverity[status]}>
      {ruleStatusLabels[status]}
    </Badge>
  );
}

const extraFieldLabels: Record<string, string> = {
  professionals: 'Professionnels',
  sponsor: 'Porteur',
  legalEntity: 'Structure juridique',
  grant: 'Aide sollicitée',
  coordination: 'Exercice coordonné',
  project: 'Projet de santé',
};

/**
 * The French name of a dossier field from its dotted path ('grant.requested',
 * 'professionals.identifier' in an import, 'professionals.2.identifier' in a form).
 */
export function fieldLabel(path: string): string {
  const member = /^professionals\.(?:\d+\.)?(\w+)$/.exec(path);
  if (member) {
    const label = (professionalFields as Record<string, { label: string }>)[member[1]!]?.label;
    if (label) return label;
  }
  return (dossierFields as Record<string, { label: string }>)[path]?.label ?? extraFieldLabels[path] ?? path;
}
