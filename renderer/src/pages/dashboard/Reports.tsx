import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Link } from 'react-router';
import type { Output } from '../../../../shared/contract';
import { DataTable } from '../../components/DataTable';
import { countOf, formatDay, listOf } from '../../format';

type Deadline = Output<'dashboard.deadlines'>[number];
type ReportState = 'to_receive' | 'due_soon' | 'late';

const labels: Record<ReportState, string> = { late: 'En retard', due_soon: 'Échéance proche', to_receive: 'À recevoir' };
const severity = { late: 'error', due_soon: 'warning', to_receive: 'info' } as const satisfies Record<ReportState, string>;
const urgency: ReportState[] = ['late', 'due_soon', 'to_receive'];

/** What the beneficiaries owe by the dates their agreements set (article 6), the most urgent first. */
export function Reports({ reports }: { reports: Deadline[] }) {
  const awaited = reports
    .filter((r): r is Deadline & { state: ReportState } => r.state !== 'received')
    .sort((a, b) => urgency.indexOf(a.state) - urgency.indexOf(b.state) || a.deadline.localeCompare(b.deadline));
  const late = awaited.filter((r) => r.state === 'late').length;
  const received = reports.length - awaited.length;
  const summary = [
    late > 0 && `${late} en retard`,
    awaited.length > 0 && countOf(awaited.length, 'justificatif attendu', 'justificatifs attendus'),
    received > 0 && countOf(received, 'reçu'),
  ].filter((s): s is string => typeof s === 'string');
  return (
    <section className="fr-mb-6w" aria-labelledby="reports-title">
      <h2 id="reports-title" className="fr-h3">
        Justificatifs des conventions
      </h2>
      <p>
        Les bénéficiaires transmettent les justificatifs que leur convention demande (article 6) aux dates qu'elle fixe.
        {summary.length > 0 && ` ${listOf(summary)}.`}
      </p>
      {awaited.length === 0 ? (
        <p className="app-empty">Aucun justificatif n'est attendu.</p>
      ) : (
        <DataTable
          className="app-reports"
          caption="Justificatifs attendus, les plus urgents d'abord"
          hideCaption
          headers={['Dossier', 'Justificatif', 'À recevoir avant le', 'État']}
          rows={awaited.map((r) => ({
            key: r.reportId!,
            cells: [
              <Link to={`/dossiers/${r.dossierId}`}>{r.name}</Link>,
              r.label,
              formatDay(r.deadline),
              <Badge as="span" small severity={severity[r.state]}>
                {labels[r.state]}
              </Badge>,
            ],
          }))}
        />
      )}
    </section>
  );
}
