import { LoadState } from '../../components/LoadState';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { useParams } from 'react-router';
import type { AppErrorData } from '../../../../shared/result';
import type { SessionDetail } from '../../../../shared/session';
import { call } from '../../api';
import { Page } from '../../components/Page';
import { sessionName, sessionWhen, sessionWhere, SessionStateBadge } from '../sessions/labels';
import { saveFile } from './download';
import { notReadyReason } from './DocumentsPage';
import type { RegisteredDocument } from './labels';
import { plannedDocuments } from './planned';
import { Preview } from './Preview';
import { Production } from './Production';
import { Register } from './Register';
import { both, useLoad } from './useLoad';
import './documents.css';

/** The documents of one session: preview, production, register, exports. */
export function SessionDocumentsPage() {
  const id = Number(useParams().id);
  const { loaded, reload } = useLoad(
    async () => both(...(await Promise.all([call('sessions.get', { id }), call('documents.list', { sessionId: id })]))),
    [id],
  );

  if (loaded.status !== 'ready') {
    return (
      <Page title="Documents de la séance">
        <LoadState
          failure={loaded.status === 'failed' ? loaded.message : null}
          loading="Chargement de la séance…"
          failedTitle="La séance n'a pas pu être affichée"
          back={{ to: '/documents', label: 'Revenir à la liste des séances' }}
        />
      </Page>
    );
  }
  const [session, documents] = loaded.value;
  return (
    <>
      <Breadcrumb
        className="fr-mt-0 fr-mb-2w"
        segments={[{ label: 'Documents', linkProps: { to: '/documents' } }]}
        currentPageLabel={sessionName(session)}
        homeLinkProps={{ to: '/' }}
      />
      <Page title={`Documents de la séance n° ${session.number}`}>
        <p className="app-meta fr-mb-4w">
          <SessionStateBadge state={session.status} />
          <span>{sessionWhen(session)}</span>
          <span>{sessionWhere(session)}</span>
        </p>
        {session.status === 'closed' ? (
          <SessionDocuments session={session} documents={documents} reload={reload} />
        ) : (
          <Alert
            severity="info"
            title="Les documents de cette séance ne peuvent pas encore être produits"
            description={
              <>
                <p>{notReadyReason[session.status]}</p>
                <Button size="small" priority="secondary" linkProps={{ to: `/seances/${session.id}` }}>
                  Ouvrir la séance
                </Button>
              </>
            }
          />
        )}
      </Page>
    </>
  );
}

function SessionDocuments({
  session,
  documents,
  reload,
}: {
  session: SessionDetail;
  documents: RegisteredDocument[];
  reload: () => Promise<void>;
}) {
  const planned = plannedDocuments(session);
  return (
    <>
      <section className="fr-mb-6w" aria-labelledby="production-title">
        <h2 id="production-title" className="fr-h3">
          Produire les documents
        </h2>
        <Production
          sessionId={session.id}
          plannedCount={planned.length}
          produced={documents.length > 0}
          onFinished={reload}
        />
      </section>

      <section className="fr-mb-6w" aria-labelledby="preview-list-title">
        <h2 id="preview-list-title" className="fr-h3">
          Aperçu avant production
        </h2>
        <p>
          Chaque document est construit à la demande avec les textes en vigueur, sans être enregistré.{' '}
          <Button
            priority="tertiary no outline"
            size="small"
            iconId="fr-icon-edit-line"
            linkProps={{ to: '/parametres/modeles' }}
          >
            Modifier les modèles de documents
          </Button>
        </p>
        <Preview sessionId={session.id} planned={planned} />
      </section>

      <section className="fr-mb-6w" aria-labelledby="register-title">
        <h2 id="register-title" className="fr-h3">
          Registre des documents produits
        </h2>
        <p>
          Chaque production crée une nouvelle version, jamais un remplacement. Un courrier de décision marqué comme
          envoyé fait courir le délai de recours et passe le dossier à « Notifié ».
        </p>
        <Register documents={documents} onChanged={reload} />
      </section>

      <section aria-labelledby="export-title">
        <h2 id="export-title" className="fr-h3">
          Exporter les résultats
        </h2>
        <Exports sessionId={session.id} />
      </section>
    </>
  );
}

const exportFormats = [
  { format: 'csv', label: 'Exporter en CSV (Excel)' },
  { format: 'xlsx', label: 'Exporter en XLSX' },
] as const;

/** The session's results (opinions, votes, decisions, amounts) as a file the user saves. */
function Exports({ sessionId }: { sessionId: number }) {
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const exportAs = async (format: 'csv' | 'xlsx') => {
    const result = await call('sessions.export', { sessionId, format });
    setFailure(result.ok ? null : result.error);
    if (result.ok) saveFile(result.value, format);
  };
  return (
    <>
      <p>Avis, votes, décisions et montants de chaque dossier, pour les tableaux de suivi de l'agence.</p>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        {exportFormats.map(({ format, label }) => (
          <li key={format}>
            <Button priority="secondary" iconId="fr-icon-download-line" onClick={() => void exportAs(format)}>
              {label}
            </Button>
          </li>
        ))}
      </ul>
      <div aria-live="polite">
        {failure && <Alert severity="error" title="L'export n'a pas pu être produit" description={failure.message} />}
      </div>
    </>
  );
}
