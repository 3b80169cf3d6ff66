import { Alert, type AlertProps } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Link } from 'react-router';
import type { Output } from '../../../../shared/contract';
import { dossierStatuses, dossierStatusLabels, type DossierStatus } from '../../../../shared/dossier';
import type { Result } from '../../../../shared/result';
import type { SessionSummary } from '../../../../shared/session';
import { call } from '../../api';
import { DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import { useChanges } from '../../useChanges';
import { countOf, formatDay, listOf } from '../../format';
import { localToday } from '../documents/labels';
import { useLoad } from '../documents/useLoad';
import { SessionStateBadge } from '../sessions/labels';
import { Envelope } from './Envelope';
import { Reports } from './Reports';
import './dashboard.css';
import { Can, useAuth } from '../../auth';

type Deadline = Output<'dashboard.deadlines'>[number];
/** The reports the agreements ask for have their own section (Reports.tsx). */
type DeadlineState = Exclude<Deadline['state'], 'to_receive' | 'received'>;
type Notification = Deadline & { state: DeadlineState };
const isNotification = (d: Deadline): d is Notification => d.kind === 'notification';

interface Dashboard {
  total: number;
  counts: Record<DossierStatus, number>;
  deadlines: Notification[];
  reports: Deadline[];
  sessions: SessionSummary[];
}

const NEXT_SESSIONS = 3;

const deadlineLabels: Record<DeadlineState, string> = {
  redo: 'À refaire',
  late: 'En retard',
  due_soon: 'Échéance proche',
  to_send: 'À envoyer',
  sent: 'Envoyé',
};

/** How the summary line counts them: « 5 en retard et 40 à échéance proche ». */
const deadlineCounts: Record<Exclude<DeadlineState, 'sent'>, string> = {
  redo: 'à refaire',
  late: 'en retard',
  due_soon: 'à échéance proche',
  to_send: 'à envoyer',
};

const deadlineSeverity = {
  redo: 'error',
  late: 'error',
  due_soon: 'warning',
  to_send: 'info',
  sent: 'success',
} as const satisfies Record<DeadlineState, AlertProps.Severity>;

/** Most urgent first: what to send first is on top. */
const urgency: DeadlineState[] = ['redo', 'late', 'due_soon', 'to_send', 'sent'];
const moreUrgent = (a: DeadlineState, b: DeadlineState) => urgency.indexOf(a) - urgency.indexOf(b);

/** The dossiers at each status (the list's total for one status), the deadlines and the sessions, in one go. */
async function loadDashboard(today: string, withDeadlines: boolean): Promise<Result<Dashboard>> {
  const [all, perStatus, deadlines, sessions] = await Promise.all([
    call('dossiers.list', { limit: 1 }),
    Promise.all(dossierStatuses.map((status) => call('dossiers.list', { statuses: [status], limit: 1 }))),
    // A member's role has no deadlines to follow.
    withDeadlines ? call('dashboard.deadlines', { today }) : Promise.resolve({ ok: true as const, value: [] }),
    call('sessions.list', {}),
  ]);
  if (!all.ok) return all;
  if (!deadlines.ok) return deadlines;
  if (!sessions.ok) return sessions;
  const counts = {} as Record<DossierStatus, number>;
  for (const [i, result] of perStatus.entries()) {
    if (!result.ok) return result;
    counts[dossierStatuses[i]!] = result.value.total;
  }
  const value = {
    total: all.value.total,
    counts,
    deadlines: deadlines.value.filter(isNotification),
    reports: deadlines.value.filter((d) => d.kind === 'report'),
    sessions: sessions.value,
  };
  return { ok: true, value };
}

export function DashboardPage() {
  const today = localToday();
  const withDeadlines = useAuth().can('dashboard.deadlines');
  const { loaded, reload } = useLoad(() => loadDashboard(today, withDeadlines), [today, withDeadlines]);
  // Counts, deadlines and sessions as another machine leaves them.
  useChanges([{ kind: 'dossier' }, { kind: 'session' }], () => void reload());

  return (
    <Page title="Tableau de bord">
      {loaded.status === 'loading' && <p aria-live="polite">Chargement du tableau de bord…</p>}
      {loaded.status === 'failed' && (
        <Alert severity="error" title="Le tableau de bord n'a pas pu être chargé" description={loaded.message} />
      )}
      {loaded.status === 'ready' && (
        <>
          <Pipeline total={loaded.value.total} counts={loaded.value.counts} />
          <Deadlines deadlines={loaded.value.deadlines} />
          <Reports reports={loaded.value.reports} />
          <Can method="envelope.get">
            <Envelope today={today} />
          </Can>
          <NextSessions sessions={loaded.value.sessions} today={today} />
        </>
      )}
    </Page>
  );
}

function Pipeline({ total, counts }: { total: number; counts: Record<DossierStatus, number> }) {
  return (
    <section className="fr-mb-6w" aria-labelledby="pipeline-title">
      <div className="app-page-actions fr-mb-2w">
        <h2 id="pipeline-title" className="fr-h3 fr-mb-0">
          Dossiers par étape
        </h2>
        <Link to="/dossiers" className="fr-link fr-icon-arrow-right-line fr-link--icon-right">
          {countOf(total, 'dossier')} au total
        </Link>
      </div>
      <ol className="app-pipeline">
        {dossierStatuses.map((status) => (
          <li
            key={status}
            className={counts[status] === 0 ? 'app-pipeline-step app-pipeline-step--empty' : 'app-pipeline-step'}
          >
            <Link to={`/dossiers?status=${status}`} className="app-pipeline-link">
              <span className="app-pipeline-count">{counts[status]}</span>
              <span className="app-pipeline-label">{dossierStatusLabels[status]}</span>
            </Link>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The letters of one session: they share its deadline; the most urgent unsent one gives its state. */
interface SessionDeadline {
  sessionId: number;
  sessionNumber: string;
  sessionDate: string;
  deadline: string;
  state: DeadlineState;
  pending: string[];
  total: number;
}

const NAMES_SHOWN = 5;

function bySession(deadlines: Notification[]): SessionDeadline[] {
  const groups = new Map<number, SessionDeadline>();
  for (const d of deadlines) {
    const { sessionId, sessionNumber, sessionDate, deadline } = d;
    const group: SessionDeadline = groups.get(sessionId) ?? {
      sessionId,
      sessionNumber,
      sessionDate,
      deadline,
      state: 'sent',
      pending: [],
      total: 0,
    };
    group.total += 1;
    if (d.state !== 'sent') group.pending.push(d.name);
    if (moreUrgent(d.state, group.state) < 0) group.state = d.state;
    groups.set(sessionId, group);
  }
  return [...groups.values()]
    .filter((g) => g.pending.length > 0)
    .sort((a, b) => moreUrgent(a.state, b.state) || a.deadline.localeCompare(b.deadline));
}

/** « ESP de Thiérache, MSP Val de Sambre et 38 autres ». */
function namesOf(names: string[]): string {
  if (names.length <= NAMES_SHOWN) return listOf(names);
  return listOf([...names.slice(0, NAMES_SHOWN), countOf(names.length - NAMES_SHOWN, 'autre')]);
}

function Deadlines({ deadlines }: { deadlines: Notification[] }) {
  const sessions = bySession(deadlines);
  const count = (state: DeadlineState) => deadlines.filter((d) => d.state === state).length;
  const summary = (Object.keys(deadlineCounts) as (keyof typeof deadlineCounts)[])
    .filter((state) => count(state) > 0)
    .map((state) => `${count(state)} ${deadlineCounts[state]}`);
  const sent = count('sent');
  return (
    <section className="fr-mb-6w" aria-labelledby="deadlines-title">
      <h2 id="deadlines-title" className="fr-h3">
        Notification des décisions
      </h2>
      <p>
        Les porteurs sont notifiés par courrier dans le mois qui suit la commission.
        {summary.length > 0 && ` Courriers : ${listOf(summary)}.`}
        {sent > 0 && ` ${countOf(sent, 'courrier déjà envoyé', 'courriers déjà envoyés')}.`}
      </p>
      {sessions.length === 0 ? (
        <p className="app-empty">Aucun courrier de décision n'attend d'être envoyé.</p>
      ) : (
        <DataTable
          className="app-deadlines"
          caption="Courriers de décision à envoyer, par séance, les plus urgents d'abord"
          hideCaption
          headers={[
            'Séance',
            'À notifier avant le',
            'État',
            'Courriers à envoyer',
            <span className="fr-sr-only">Documents</span>,
          ]}
          rows={sessions.map((g) => ({
            key: g.sessionId,
            cells: [
              <>
                <span className="fr-text--bold">Séance n° {g.sessionNumber}</span>
                <span className="fr-hint-text fr-mb-0">{formatDay(g.sessionDate)}</span>
              </>,
              <span className={`app-deadline app-deadline--${g.state}`}>{formatDay(g.deadline)}</span>,
              <Badge as="span" small severity={deadlineSeverity[g.state]}>
                {deadlineLabels[g.state]}
              </Badge>,
              <>
                {g.pending.length} sur {g.total}
                <span className="fr-hint-text fr-mb-0">{namesOf(g.pending)}</span>
              </>,
              <Link to={`/documents/${g.sessionId}`} className="fr-link fr-link--sm">
                Documents de la séance
              </Link>,
            ],
          }))}
        />
      )}
    </section>
  );
}

function NextSessions({ sessions, today }: { sessions: SessionSummary[]; today: string }) {
  // A session not yet closed is still to hold or to finish, whatever its date.
  const next = sessions
    .filter((s) => s.status !== 'closed')
    .sort((a, b) => a.date.localeCompare(b.date))
    .slice(0, NEXT_SESSIONS);
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title" className="fr-h3">
        Prochaines séances
      </h2>
      {next.length === 0 ? (
        <div className="app-empty">
          <p>Aucune séance n'est en préparation.</p>
          <Can method="sessions.create">
          <Button priority="secondary" iconId="fr-icon-add-line" linkProps={{ to: '/seances/nouvelle' }}>
            Nouvelle séance
          </Button>
          </Can>
        </div>
      ) : (
        <ul className="app-next-sessions">
          {next.map((s) => (
            <li key={s.id}>
              <Link to={`/seances/${s.id}`} className="fr-text--bold">
                Séance n° {s.number}
              </Link>
              <span>{formatDay(s.date)}{s.date < today && ' (date passée)'}</span>
              <SessionStateBadge state={s.status} />
              <span className="fr-hint-text fr-mb-0">
                {countOf(s.items, "dossier à l'ordre du jour", "dossiers à l'ordre du jour")}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
