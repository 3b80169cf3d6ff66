import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router';
import type { SessionSummary } from '../../../../shared/session';
import { call } from '../../api';
import { useChangeCount } from '../../useChanges';
import { DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import { countOf, formatDay } from '../../format';
import { SessionStateBadge } from './labels';
import { Can } from '../../auth';

type Loaded = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; sessions: SessionSummary[] };

export function SessionsPage() {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const deleted = (useLocation().state as { deleted?: string } | null)?.deleted;

  // A session created, changed or deleted on another machine.
  const changes = useChangeCount([{ kind: 'session' }]);
  useEffect(() => {
    let current = true;
    void call('sessions.list', {}).then((result) => {
      if (!current) return;
      setLoaded(result.ok ? { status: 'ready', sessions: result.value } : { status: 'failed', message: result.error.message });
    });
    return () => {
      current = false;
    };
  }, [changes]);

  return (
    <Page title="Séances">
      {deleted && <Alert className="fr-mb-3w" severity="success" small closable description={`La séance n° ${deleted} est supprimée.`} />}
      <div className="app-page-actions">
        <p className="fr-text--lead fr-mb-0">
          Les séances de la commission : présences et quorum, ordre du jour, déports, avis et clôture.
        </p>
        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <Can method="sessions.create">
          <li>
            <Button iconId="fr-icon-add-line" linkProps={{ to: '/seances/nouvelle' }}>
              Nouvelle séance
            </Button>
          </li>
          <li>
            <Button priority="secondary" iconId="fr-icon-team-line" linkProps={{ to: '/seances/membres' }}>
              Membres de la commission
            </Button>
          </li>
          </Can>
        </ul>
      </div>
      {loaded.status === 'loading' && <p aria-live="polite">Chargement des séances…</p>}
      {loaded.status === 'failed' && (
        <Alert severity="error" title="Les séances n'ont pas pu être chargées" description={loaded.message} />
      )}
      {loaded.status === 'ready' && loaded.sessions.length === 0 && (
        <div className="app-empty">
          <h2 className="fr-h4">Aucune séance pour l'instant</h2>
          <ol>
            <li>
              dans « Membres de la commission », saisissez les membres et leur organisme : ils siégeront par défaut à
              chaque nouvelle séance ;
            </li>
            <li>créez la séance avec « Nouvelle séance » : date, lieu, présidence ;</li>
            <li>sur la page de la séance, composez l'ordre du jour et indiquez les présences.</li>
          </ol>
        </div>
      )}
      {loaded.status === 'ready' && loaded.sessions.length > 0 && (
        <DataTable
          caption="Séances de la commission, de la plus récente à la plus ancienne"
          hideCaption
          headers={['Séance', 'Date', 'État', 'Ordre du jour', 'Avis rendus']}
          rows={loaded.sessions.map((session) => ({
            key: session.id,
            cells: [
              <>
                <Link to={`/seances/${session.id}`} className="fr-text--bold">
                  Séance n° {session.number}
                </Link>
                {session.title && <span className="fr-hint-text fr-mb-0">{session.title}</span>}
              </>,
              formatDay(session.date),
              <SessionStateBadge state={session.status} />,
              countOf(session.items, 'dossier'),
              session.items === 0 ? '—' : `${session.opinions} sur ${session.items}`,
            ],
          }))}
        />
      )}
    </Page>
  );
}
