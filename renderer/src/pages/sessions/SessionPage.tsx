import { LoadState } from '../../components/LoadState';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Tabs } from '@codegouvfr/react-dsfr/Tabs';
import { useState } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import type { SessionDetail } from '../../../../shared/session';
import { Fact } from '../../components/Facts';
import { Page } from '../../components/Page';
import { countOf, formatDay, formatInstant, formatTime } from '../../format';
import { AgendaEditor } from './AgendaEditor';
import { nameOf, sessionName, sessionWhen, sessionWhere, SessionStateBadge } from './labels';
import type { CreatedState } from './NewSessionPage';
import { RollEditor, type RollDraft } from './RollEditor';
import { SessionFieldsEditor } from './SessionFieldsEditor';
import { SessionHistory } from './SessionHistory';
import { StateActions } from './StateActions';
import { DeleteSession } from './DeleteSession';
import { useSession, type ChangeSession, type ReloadSession, type SessionData } from './useSession';
import { WithdrawalsEditor } from './WithdrawalsEditor';
import { Can, useAuth } from '../../auth';

const tabIds = ['informations', 'membres', 'ordre-du-jour', 'deports', 'historique'] as const;
type TabId = (typeof tabIds)[number];

export function SessionPage() {
  const id = Number(useParams().id);
  const { loaded, change, reload } = useSession(id);
  const created = (useLocation().state as CreatedState | null)?.created;

  if (loaded.status !== 'ready') {
    return (
      <Page title="Séance">
        <LoadState
          failure={loaded.status === 'failed' ? loaded.message : null}
          loading="Chargement de la séance…"
          failedTitle="La séance n'a pas pu être affichée"
          back={{ to: '/seances', label: 'Revenir à la liste des séances' }}
        />
      </Page>
    );
  }

  const { session } = loaded;
  const opinions = session.items.filter((i) => i.opinion).length;
  return (
    <>
      <Breadcrumb
        className="fr-mt-0 fr-mb-2w"
        segments={[{ label: 'Séances', linkProps: { to: '/seances' } }]}
        currentPageLabel={sessionName(session)}
        homeLinkProps={{ to: '/' }}
      />
      <Page title={sessionName(session)}>
        {session.title && <p className="fr-text--lead fr-mb-1w">{session.title}</p>}
        <p className="app-meta fr-mb-3w">
          <SessionStateBadge state={session.status} />
          <span>{sessionWhen(session)}</span>
          <span>{sessionWhere(session)}</span>
          {session.chairMemberId !== null && <span>Présidence : {nameOf(session.members, session.chairMemberId)}</span>}
          <span>
            {countOf(session.items.length, 'dossier')}, {countOf(opinions, 'avis rendu', 'avis rendus')}
          </span>
        </p>
        {session.status === 'closed' && (
          <Alert
            className="fr-mb-3w"
            severity="info"
            title={`Séance clôturée le ${session.closedAt ? formatInstant(session.closedAt) : '—'} par ${session.closedBy ?? '—'}`}
            description={
              <>
                Elle est verrouillée : informations, présences, ordre du jour, déports et avis ne peuvent plus être
                modifiés. Pour corriger une erreur, rouvrez-la en indiquant le motif ; la réouverture est conservée dans
                l'historique. <Link to={`/documents/${session.id}`}>Produire les documents de la séance</Link>
              </>
            }
          />
        )}
        {created && (
          <Alert
            className="fr-mb-3w"
            severity="success"
            small
            closable
            description="La séance est créée. Indiquez maintenant les présences et composez l'ordre du jour."
          />
        )}
        <Can method="sessions.transition">
          <StateActions session={session} change={change} />
        </Can>
        <Can method="sessions.delete">
          <DeleteSession session={session} />
        </Can>
        <SessionTabs data={loaded} change={change} reload={reload} />
      </Page>
    </>
  );
}

function SessionTabs({ data, change, reload }: { data: SessionData; change: ChangeSession; reload: ReloadSession }) {
  const [params, setParams] = useSearchParams();
  const param = params.get('onglet');
  const tab: TabId = tabIds.find((t) => t === param) ?? 'informations';
  const { session, roster, settings } = data;
  const { can } = useAuth();
  const closed = session.status === 'closed';
  // Only the secretariat prepares a session; a member declares their own interests in « Déports ».
  const readOnly = closed || !can('sessions.update');
  const withdrawals = session.items.reduce((n, i) => n + i.withdrawals.length, 0);
  // Unsaved presences survive a look at another tab.
  const [rollDraft, setRollDraft] = useState<RollDraft | null>(null);
  const [leaveGuard] = useUnsavedChanges(rollDraft !== null);

  const labels: Record<TabId, string> = {
    informations: 'Informations',
    membres: rollDraft ? 'Membres et présences (à enregistrer)' : 'Membres et présences',
    'ordre-du-jour': `Ordre du jour (${session.items.length})`,
    deports: `Déports (${withdrawals})`,
    historique: 'Historique',
  };

  return (
    <Tabs
      className="app-tabs"
      label="Parties de la séance"
      selectedTabId={tab}
      onTabChange={(next) => setParams({ onglet: next }, { replace: true })}
      tabs={tabIds.map((tabId) => ({ tabId, label: labels[tabId] }))}
    >
      {leaveGuard}
      {tab === 'informations' &&
        (readOnly ? (
          <SessionFacts session={session} />
        ) : (
          <SessionFieldsEditor
            session={session}
            roster={roster}
            submitLabel="Enregistrer les informations"
            onSubmit={(fields, expectedVersion) => change('sessions.update', { id: session.id, fields, expectedVersion })}
            onReload={reload}
          />
        ))}
      {tab === 'membres' && (
        <RollEditor
          session={session}
          roster={roster}
          rules={settings.sessionRules}
          readOnly={readOnly}
          change={change}
          reload={reload}
          draft={rollDraft}
          onDraft={setRollDraft}
        />
      )}
      {tab === 'ordre-du-jour' && <AgendaEditor session={session} readOnly={readOnly} change={change} reload={reload} />}
      {tab === 'deports' && <WithdrawalsEditor session={session} readOnly={closed} change={change} />}
      {tab === 'historique' && <SessionHistory session={session} />}
    </Tabs>
  );
}

/** The information of a closed session, to read. */
function SessionFacts({ session }: { session: SessionDetail }) {
  return (
    <dl className="app-facts">
      <Fact label="Numéro">{session.number}</Fact>
      <Fact label="Intitulé">{session.title}</Fact>
      <Fact label="Date">{formatDay(session.date)}</Fact>
      <Fact label="Heure de début">{session.startTime && formatTime(session.startTime)}</Fact>
      <Fact label="Heure de fin">{session.endTime && formatTime(session.endTime)}</Fact>
      <Fact label="Lieu">{session.place}</Fact>
      <Fact label="Lien de visioconférence">{session.videoLink}</Fact>
      <Fact label="Président de séance">
        {session.chairMemberId !== null && nameOf(session.members, session.chairMemberId)}
      </Fact>
      <Fact label="Secrétaire de séance">{session.secretary}</Fact>
      <Fact label="Nouvelle convocation après un quorum non atteint">{session.reconvened ? 'Oui' : 'Non'}</Fact>
    </dl>
  );
}
