import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Link } from 'react-router';
import type { SessionState } from '../../../../shared/session-rules';
import { call } from '../../api';
import { DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import { countOf, formatDay } from '../../format';
import { SessionStateBadge } from '../sessions/labels';
import { both, useLoad } from './useLoad';
import './documents.css';

/** Why a session that is not closed has no documents yet, and what to do about it. */
export const notReadyReason: Record<Exclude<SessionState, 'closed'>, string> = {
  draft:
    "La séance est en préparation. Ses documents se produisent une fois la séance tenue et clôturée, avec l'avis et la décision de chaque dossier.",
  convened:
    "La séance est convoquée mais ne s'est pas encore tenue. Ses documents se produisent une fois la séance clôturée.",
  in_progress:
    "La séance est en cours. Clôturez-la quand chaque dossier a son avis : les documents se produisent ensuite.",
};

/** The sessions, each with its documents or the reason why it has none yet. */
export function DocumentsPage() {
  const { loaded } = useLoad(
    async () => both(...(await Promise.all([call('sessions.list', {}), call('documents.list', {})]))),
    [],
  );

  return (
    <Page title="Documents">
      <div className="app-page-actions">
        <p className="fr-text--lead fr-mb-0">
          Les courriers de décision, conventions de financement et procès-verbaux des séances clôturées.
        </p>
        <Button priority="secondary" iconId="fr-icon-edit-line" linkProps={{ to: '/parametres/modeles' }}>
          Modèles de documents
        </Button>
      </div>
      {loaded.status === 'loading' && <p aria-live="polite">Chargement des séances…</p>}
      {loaded.status === 'failed' && (
        <Alert severity="error" title="Les séances n'ont pas pu être chargées" description={loaded.message} />
      )}
      {loaded.status === 'ready' && loaded.value[0].length === 0 && (
        <div className="app-empty">
          <h2 className="fr-h4">Aucune séance pour l'instant</h2>
          <p>Les documents se produisent pour une séance clôturée : créez d'abord la séance et tenez-la.</p>
          <Button priority="secondary" linkProps={{ to: '/seances' }}>
            Aller aux séances
          </Button>
        </div>
      )}
      {loaded.status === 'ready' && loaded.value[0].length > 0 && (
        <DataTable
          className="app-session-documents"
          caption="Séances de la commission et leurs documents, de la plus récente à la plus ancienne"
          hideCaption
          headers={['Séance', 'Date', 'État', 'Documents']}
          rows={loaded.value[0].map((session) => {
            const produced = loaded.value[1].filter((d) => d.sessionId === session.id).length;
            return {
              key: session.id,
              cells: [
                session.status === 'closed' ? (
                  <Link to={`/documents/${session.id}`} className="fr-text--bold">
                    Séance n° {session.number}
                  </Link>
                ) : (
                  <span className="fr-text--bold">Séance n° {session.number}</span>
                ),
                formatDay(session.date),
                <SessionStateBadge state={session.status} />,
                session.status === 'closed' ? (
                  produced > 0 ? (
                    countOf(produced, 'document produit', 'documents produits')
                  ) : (
                    'À produire'
                  )
                ) : (
                  <>
                    <span className="app-missing">{notReadyReason[session.status]}</span>
                    {session.status !== 'in_progress' && (
                      <Link to={`/documents/${session.id}/convocations`} className="fr-link fr-text--sm app-block-link">
                        Convocations de la séance n° {session.number}
                      </Link>
                    )}
                  </>
                ),
              ],
            };
          })}
        />
      )}
    </Page>
  );
}
