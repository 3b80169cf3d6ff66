import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import type { AppErrorData } from '../../../../shared/result';
import type { SessionDetail } from '../../../../shared/session';
import { call } from '../../api';
import { Page } from '../../components/Page';
import { sessionName } from '../sessions/labels';
import { saveFile } from './download';
import { notReadyReason } from './DocumentsPage';
import type { RegisteredDocument } from './labels';
import { plannedDocuments } from './planned';
import { Preview } from './Preview';
import { Production } from './Production';
import { draftsNotice, NoticeArea, noticeOf, type Notice } from './InHand';
import { Register } from './Register';
import { DsPush } from './DsPush';
import { SessionLoading, SessionMeta, useSessionWith } from './SessionScreen';
import './documents.css';

/** The documents of one session: preview, production, register, exports. */
export function SessionDocumentsPage() {
  const { loaded, reload } = useSessionWith((sessionId) => call('documents.list', { sessionId }));
  if (loaded.status !== 'ready') {
    return <SessionLoading title="Documents de la séance" failure={loaded.status === 'failed' ? loaded.message : null} />;
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
        <SessionMeta session={session} />
        <p>
          <Button priority="secondary" iconId="fr-icon-mail-send-line" linkProps={{ to: `/documents/${session.id}/convocations` }}>
            Convocations des membres
          </Button>
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

      <section className="fr-mb-6w" aria-labelledby="ds-push-title">
        <h2 id="ds-push-title" className="fr-h3">
          Transmettre les décisions à Démarches Simplifiées
        </h2>
        <DsPush sessionId={session.id} onSent={reload} />
      </section>

      {documents.length > 0 && (
        <section className="fr-mb-6w" aria-labelledby="hand-title">
          <h2 id="hand-title" className="fr-h3">
            Remettre les documents
          </h2>
          <HandOver sessionId={session.id} />
        </section>
      )}

      <section aria-labelledby="export-title">
        <h2 id="export-title" className="fr-h3">
          Exporter les résultats
        </h2>
        <Exports sessionId={session.id} />
      </section>
    </>
  );
}

/** The session's documents in one ZIP, and an e-mail draft per decision letter. */
function HandOver({ sessionId }: { sessionId: number }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<Notice>) => {
    setBusy(true);
    setNotice(await action());
    setBusy(false);
  };
  const zip = async () =>
    noticeOf(await call('documents.zip', { sessionId }), "L'archive n'a pas pu être enregistrée", (v) =>
      v.path
        ? { severity: 'success', title: `Archive de ${v.files.length} documents enregistrée :`, lines: [v.path] }
        : { severity: 'info', title: 'Enregistrement annulé.' },
    );
  const drafts = async () =>
    noticeOf(await call('mail.sessionDrafts', { sessionId }), "Les brouillons de courriel n'ont pas pu être écrits", draftsNotice);
  return (
    <>
      <p>
        La dernière version de chaque document dans une archive ZIP ; pour chaque courrier de décision, un brouillon de
        courriel au porteur, en copie au contact du département, avec le courrier et la convention en pièces jointes.
      </p>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <Button priority="secondary" iconId="fr-icon-download-line" disabled={busy} onClick={() => void run(zip)}>
            Télécharger tous les documents (ZIP)
          </Button>
        </li>
        <li>
          <Button priority="secondary" iconId="fr-icon-mail-line" disabled={busy} onClick={() => void run(drafts)}>
            Écrire les brouillons de courriel
          </Button>
        </li>
      </ul>
      <NoticeArea notice={notice} />
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
