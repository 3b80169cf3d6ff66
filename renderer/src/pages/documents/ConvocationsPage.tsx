import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import type { ConvocationsView } from '../../../../shared/contract/in-hand';
import type { SessionDetail } from '../../../../shared/session';
import { call } from '../../api';
import { DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import { formatDay } from '../../format';
import { sessionName } from '../sessions/labels';
import { MarkSent } from './MarkSent';
import { draftNotice, draftsNotice, fileNameOf, NoticeArea, noticeOf, openedNotice, type Notice } from './InHand';
import { SessionLoading, SessionMeta, useSessionWith } from './SessionScreen';
import './documents.css';

/** Convening the members of a session (CRPA R133-8): their convocations, the agenda, their sending. */
export function ConvocationsPage() {
  const { loaded, reload } = useSessionWith((sessionId) => call('convocations.get', { sessionId }));
  if (loaded.status !== 'ready') {
    return <SessionLoading title="Convocations de la séance" failure={loaded.status === 'failed' ? loaded.message : null} />;
  }
  const [session, convocations] = loaded.value;
  return (
    <>
      <Breadcrumb
        className="fr-mt-0 fr-mb-2w"
        segments={[
          { label: 'Documents', linkProps: { to: '/documents' } },
          { label: sessionName(session), linkProps: { to: `/documents/${session.id}` } },
        ]}
        currentPageLabel="Convocations"
        homeLinkProps={{ to: '/' }}
      />
      <Page title={`Convocations de la séance n° ${session.number}`}>
        <SessionMeta session={session} />
        <Convocations session={session} view={convocations} reload={reload} />
      </Page>
    </>
  );
}

function Convocations({ session, view, reload }: { session: SessionDetail; view: ConvocationsView; reload: () => Promise<void> }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<Notice>) => {
    setBusy(true);
    setNotice(await action());
    await reload();
    setBusy(false);
  };
  const sessionId = session.id;
  const produced = view.members.some((m) => m.filePath);
  const unsent = view.members.filter((m) => m.filePath && !m.sentAt);
  const held = session.status === 'in_progress' || session.status === 'closed';

  const generate = async () =>
    noticeOf(await call('convocations.generate', { sessionId }), "Les convocations n'ont pas été produites", (v) => ({
      severity: 'success',
      title: `${v.members.length} convocation${v.members.length > 1 ? 's' : ''} et l'ordre du jour produits dans :`,
      lines: [v.folder],
    }));
  const markAllSent = async () =>
    noticeOf(await call('convocations.markSent', { sessionId, memberIds: unsent.map((m) => m.memberId) }), "L'envoi n'a pas été enregistré", () => ({
      severity: 'success',
      title: `Envoi de ${unsent.length} convocation${unsent.length > 1 ? 's' : ''} enregistré aujourd'hui.`,
    }));

  return (
    <>
      {view.warning && <Alert severity="warning" className="fr-mb-4w" title="Délai de convocation" description={view.warning} />}
      <p>
        Chaque membre reçoit, cinq jours au moins avant la séance, une convocation qui indique la date, l'heure, le lieu
        ou le lien de visioconférence, l'ordre du jour et les documents nécessaires à l'examen des dossiers (code des
        relations entre le public et l'administration, art. R133-8).
      </p>
      {held ? (
        <Alert severity="info" small className="fr-mb-3w" description="La séance a commencé : il n'y a plus de convocation à produire." />
      ) : (
        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <li>
            <Button iconId="fr-icon-file-pdf-line" disabled={busy} onClick={() => void run(generate)}>
              {produced ? 'Produire de nouveau les convocations' : 'Produire les convocations'}
            </Button>
          </li>
        </ul>
      )}
      <NoticeArea notice={notice} />
      {produced && (
        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <li>
            <Button
              priority="secondary"
              iconId="fr-icon-file-text-line"
              disabled={busy}
              onClick={() => void run(async () => noticeOf(await call('convocations.open', { sessionId }), "L'ordre du jour n'a pas pu être ouvert", (v) => openedNotice(v, "L'ordre du jour")))}
            >
              Ouvrir l'ordre du jour
            </Button>
          </li>
          <li>
            <Button
              priority="secondary"
              iconId="fr-icon-mail-line"
              disabled={busy}
              onClick={() => void run(async () => noticeOf(await call('convocations.drafts', { sessionId }), "Les brouillons n'ont pas pu être écrits", draftsNotice))}
            >
              Écrire les brouillons de courriel de tous les membres
            </Button>
          </li>
          {unsent.length > 0 && (
            <li>
              <Button priority="secondary" iconId="fr-icon-mail-check-line" disabled={busy} onClick={() => void run(markAllSent)}>
                Marquer toutes comme envoyées aujourd'hui
              </Button>
            </li>
          )}
        </ul>
      )}
      <DataTable
        caption="Convocation de chaque membre de la séance"
        headers={['Membre', 'Courriel', 'Convocation', 'Envoi', 'Actions']}
        rows={view.members.map((m) => ({
          key: m.memberId,
          cells: [
            m.name,
            m.email || <span className="app-missing">Non renseigné</span>,
            m.filePath ? <span className="app-path">{fileNameOf(m.filePath)}</span> : <span className="app-missing">Non produite</span>,
            m.sentAt ? (
              <Badge as="span" small severity="success">
                Envoyée le {formatDay(m.sentAt)}
              </Badge>
            ) : m.filePath ? (
              <MarkSent
                id={`convocation-sent-${m.memberId}`}
                action="Marquer comme envoyée"
                what={`la convocation de ${m.name}`}
                form={`Envoi de la convocation de ${m.name}`}
                save={(sentAt) => call('convocations.markSent', { sessionId, memberIds: [m.memberId], sentAt })}
                onMarked={async (sentAt) => {
                  setNotice({ severity: 'success', title: `Convocation de ${m.name} marquée comme envoyée le ${formatDay(sentAt)}.` });
                  await reload();
                }}
              />
            ) : (
              <span className="app-missing">Non envoyée</span>
            ),
            m.filePath ? (
              <ul className="fr-btns-group fr-btns-group--sm fr-btns-group--icon-left app-document-actions">
                <li>
                  <Button
                    size="small"
                    priority="tertiary"
                    iconId="fr-icon-file-pdf-line"
                    disabled={busy}
                    nativeButtonProps={{ 'aria-label': `Ouvrir : convocation de ${m.name}` }}
                    onClick={() =>
                      void run(async () =>
                        noticeOf(await call('convocations.open', { sessionId, memberId: m.memberId }), "La convocation n'a pas pu être ouverte", (v) =>
                          openedNotice(v, `La convocation de ${m.name}`),
                        ),
                      )
                    }
                  >
                    Ouvrir
                  </Button>
                </li>
                <li>
                  <Button
                    size="small"
                    priority="tertiary"
                    iconId="fr-icon-mail-line"
                    disabled={busy}
                    nativeButtonProps={{ 'aria-label': `Brouillon de courriel : convocation de ${m.name}` }}
                    onClick={() =>
                      void run(async () =>
                        noticeOf(await call('convocations.draft', { sessionId, memberId: m.memberId }), "Le brouillon n'a pas pu être écrit", draftNotice),
                      )
                    }
                  >
                    Brouillon de courriel
                  </Button>
                </li>
              </ul>
            ) : (
              ''
            ),
          ],
        }))}
      />
    </>
  );
}
