import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Link } from 'react-router';
import type { Eligibility, RuleResult, RuleStatus } from '../../../../shared/eligibility';
import { fieldId } from '../../forms';
import { countOf } from '../../format';
import { RuleBadge, verdictLabels, verdictOf, verdictSeverityOf } from './labels';

const statusOrder: Record<RuleStatus, number> = { fail: 0, warning: 1, pass: 2 };

function verdictText({ blocking, warnings }: Eligibility): string {
  const toCheck = warnings ? ` ; ${countOf(warnings, 'point', 'points')} à vérifier` : '';
  if (blocking) {
    const points = countOf(blocking, 'point bloquant', 'points bloquants');
    return `${points}${toCheck}. Le dossier ne remplit pas les conditions tant que les points bloquants ne sont pas levés.`;
  }
  if (warnings) {
    return `Aucun point bloquant, mais ${countOf(warnings, 'point', 'points')} à vérifier avant la commission.`;
  }
  return 'Toutes les règles sont respectées.';
}

/**
 * The automatic check: the verdict first, then every rule, the blocking ones at the top. A rule
 * that names a field leads to it in the form; the health project leads to the documents.
 */
export function EligibilityPanel({
  dossierId,
  eligibility,
  onAttachHealthProject,
}: {
  dossierId: number;
  eligibility: Eligibility;
  onAttachHealthProject: () => void;
}) {
  const verdict = verdictOf(eligibility);
  const rules = eligibility.results
    .map((result, order) => ({ result, order }))
    .sort((a, b) => statusOrder[a.result.status] - statusOrder[b.result.status] || a.order - b.order)
    .map(({ result }) => result);
  return (
    <section className="app-panel fr-mb-6w" aria-labelledby="eligibility-title">
      <h2 id="eligibility-title" className="fr-h3">
        Contrôle d'éligibilité
      </h2>
      <Alert
        as="h3"
        className="fr-mb-3w"
        severity={verdictSeverityOf(verdict)}
        title={verdictLabels[verdict]}
        description={verdictText(eligibility)}
      />
      <ul className="app-rules">
        {rules.map((rule, i) => (
          <li key={i} className={`app-rule app-rule--${rule.status}`}>
            <div className="app-rule-status">
              <RuleBadge status={rule.status} />
            </div>
            <div>
              <p className="fr-text--bold fr-mb-1v">{rule.label}</p>
              <p className="fr-mb-0">{rule.message}</p>
              <RuleAction dossierId={dossierId} rule={rule} onAttachHealthProject={onAttachHealthProject} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function RuleAction({
  dossierId,
  rule,
  onAttachHealthProject,
}: {
  dossierId: number;
  rule: RuleResult;
  onAttachHealthProject: () => void;
}) {
  if (rule.status === 'pass') return null;
  if (rule.rule === 'health_project') {
    return (
      <button type="button" className="fr-link fr-link--sm fr-mt-1v" onClick={onAttachHealthProject}>
        Joindre le projet de santé signé
      </button>
    );
  }
  if (!rule.field) return null;
  return (
    <Link
      className="fr-link fr-link--sm fr-mt-1v"
      to={`/dossiers/${dossierId}/modifier`}
      state={{ focus: fieldId(`data.${rule.field}`) }}
    >
      Modifier ce champ
    </Link>
  );
}
