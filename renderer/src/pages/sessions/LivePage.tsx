import { LoadState } from '../../components/LoadState';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { DossierDetail } from '../../../../shared/contract';
import { structureTypeLabels } from '../../../../shared/dossier';
import type { AgendaItemView } from '../../../../shared/session';
import { describeVoters, opinionLabel } from '../../../../shared/session-rules';
import { call } from '../../api';
import { useAuth } from '../../auth';
import { AxesChart } from '../../components/AxesChart';
import { ChangedElsewhere } from '../../components/ChangedElsewhere';
import { FullScreen } from '../../components/FullScreen';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { countOf, formatEuros, formatNumber } from '../../format';
import { pointsText, VerdictBadge } from '../dossiers/labels';
import { pointParam, useLiveItem } from './currentItem';
import { nameOf, OpinionBadge, sessionName, sessionWhen, SessionStateBadge } from './labels';
import { draftOf, sameDraft, type OpinionDraft } from './opinionForm';
import { OpinionForm } from './OpinionForm';
import { useSession, type ChangeSession, type ReloadSession, type SessionData } from './useSession';

export function LivePage() {
  const id = Number(useParams().id);
  const { loaded, change, reload } = useSession(id);
  const live = useLiveItem(id);
  if (loaded.status !== 'ready' || !live.live) {
    return (
      <FullScreen className="app-live" title="Mode séance">
        <div className="fr-container fr-py-4w">
          <LoadState
            failure={loaded.status === 'failed' ? loaded.message : null}
            loading="Chargement de la séance…"
            failedTitle="La séance n'a pas pu être affichée"
            back={{ to: '/seances', label: 'Revenir aux séances' }}
          />
        </div>
      </FullScreen>
    );
  }
  return <LiveSession data={loaded} change={change} reload={reload} live={{ itemId: live.live.itemId, show: live.show }} />;
}

/** The dossier behind the item on screen: its eligibility and the breakdown it asked for. */
function useDossier(id: number | undefined): DossierDetail | null {
  const [dossier, setDossier] = useState<DossierDetail | null>(null);
  useEffect(() => {
    if (id === undefined) return;
    let current = true;
    void call('dossiers.get', { id }).then((result) => {
      if (current && result.ok) setDossier(result.value);
    });
    return () => {
      current = false;
    };
  }, [id]);
  // Until the next one answers, the previous item's dossier is not this one's.
  return dossier?.id === id ? dossier : null;
}

const isEditing = (target: EventTarget | null) =>
  target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable="true"]') !== null;

interface Live {
  /** The item every machine shows. */
  itemId: number | null;
  show: (itemId: number) => Promise<void>;
}

function LiveSession({ data, change, reload, live }: { data: SessionData; change: ChangeSession; reload: ReloadSession; live: Live }) {
  const { session, settings } = data;
  const { items } = session;
  const [params, setParams] = useSearchParams();
  const [drafts, setDrafts] = useState<Partial<Record<number, OpinionDraft>>>({});
  // The opinion each draft began from, and its version: saved again elsewhere meanwhile, the draft
  // says so, and its save is refused.
  const [draftBases, setDraftBases] = useState<Partial<Record<number, { opinion: string; version: number }>>>({});

  // Where to start: the address, else the item shown on every machine, else the first without an opinion.
  const stored = items.findIndex((i) => i.id === live.itemId);
  const firstOpen = items.findIndex((i) => !i.opinion);
  const start = stored >= 0 ? stored + 1 : firstOpen >= 0 ? firstOpen + 1 : 1;
  const position = Math.min(pointParam(params) ?? start, Math.max(items.length, 1));
  const item = items[position - 1];
  const dossier = useDossier(item?.dossier.id);

  const go = (to: number) => {
    if (to >= 1 && to <= items.length) setParams({ point: String(to) }, { replace: true });
  };

  // Moved here by the secretariat: every machine follows (a closed session's record stays as it
  // is). Run at a move only: a move heard from elsewhere already is the item shown.
  const { itemId: liveItemId, show } = live;
  const leads = useAuth().can('live.set');
  useEffect(() => {
    if (item && item.id !== liveItemId && leads && session.status !== 'closed') void show(item.id);
  }, [item?.id]);
  // Moved on another machine: this one follows.
  const heard = useRef(liveItemId);
  useEffect(() => {
    if (heard.current === liveItemId) return;
    heard.current = liveItemId;
    const index = items.findIndex((i) => i.id === liveItemId);
    if (index >= 0 && items[index] !== item) go(index + 1);
  }, [liveItemId]);
  // Registered again at each render, so that it always knows the current position.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey) return;
      const free = !isEditing(event.target);
      if (event.key === 'PageDown' || (free && event.key === 'ArrowRight')) {
        event.preventDefault();
        go(position + 1);
      } else if (event.key === 'PageUp' || (free && event.key === 'ArrowLeft')) {
        event.preventDefault();
        go(position - 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const draftFor = (i: AgendaItemView) => drafts[i.id] ?? draftOf(i, settings.grants.defaultStartupGrant);
  const isDirty = (i: AgendaItemView) => {
    const draft = drafts[i.id];
    return draft !== undefined && !sameDraft(draft, draftOf(i, settings.grants.defaultStartupGrant));
  };
  const savedOpinion = (i: AgendaItemView) => JSON.stringify(i.opinion ?? null);
  const changedElsewhere = (i: AgendaItemView) => isDirty(i) && draftBases[i.id] !== undefined && draftBases[i.id]!.opinion !== savedOpinion(i);
  /** The item's draft given up, for the opinion as saved now. */
  const dropDraft = (itemId: number) => {
    setDrafts((d) => {
      const next = { ...d };
      delete next[itemId];
      return next;
    });
    setDraftBases((b) => {
      const next = { ...b };
      delete next[itemId];
      return next;
    });
  };
  // Drafts survive a move between items, not a move to another screen or the window's closing.
  const [leaveGuard] = useUnsavedChanges(items.some(isDirty));

  return (
    <FullScreen className="app-live" title={`Mode séance — ${sessionName(session)}`}>
      {leaveGuard}
      <header className="app-live-bar">
        <p className="app-live-title">
          <span className="fr-text--bold">{sessionName(session)}</span> <span>{sessionWhen(session)}</span>{' '}
          <SessionStateBadge state={session.status} />
        </p>
        <nav className="app-live-nav" aria-label="Changer de point">
          <Button
            size="small"
            priority="secondary"
            iconId="fr-icon-arrow-left-line"
            disabled={position <= 1}
            onClick={() => go(position - 1)}
          >
            Précédent
          </Button>
          <span className="app-live-position" aria-live="polite">
            Point {items.length ? position : 0} sur {items.length}
          </span>
          <Button
            size="small"
            priority="secondary"
            iconId="fr-icon-arrow-right-line"
            iconPosition="right"
            disabled={position >= items.length}
            onClick={() => go(position + 1)}
          >
            Suivant
          </Button>
        </nav>
        <Link className="fr-link fr-icon-logout-box-r-line fr-link--icon-left" to={`/seances/${session.id}`}>
          Quitter le mode séance
        </Link>
      </header>

      <ol className="app-live-strip" aria-label="Avancement de l'ordre du jour">
        {items.map((i, index) => (
          <li key={i.id}>
            <button
              type="button"
              className={`app-live-step app-live-step--${i.opinion?.kind ?? 'open'}`}
              aria-current={index + 1 === position ? 'step' : undefined}
              onClick={() => go(index + 1)}
            >
              <span className="app-live-step-name">
                {index + 1}. {i.dossier.name}
              </span>
              <span className="app-live-step-state">
                {i.opinion ? opinionLabel(i.opinion) : 'À examiner'}
                {isDirty(i) && ' · brouillon'}
              </span>
            </button>
          </li>
        ))}
      </ol>

      {!item ? (
        <main className="app-live-main">
          <p>
            L'ordre du jour est vide : <Link to={`/seances/${session.id}?onglet=ordre-du-jour`}>composez-le</Link> depuis
            la page de la séance.
          </p>
        </main>
      ) : (
        <main className="app-live-main">
          <section className="app-live-dossier" aria-labelledby="live-dossier-title">
            <DossierSummary item={item} dossier={dossier} members={session.members} />
            <ScorePanel item={item} />
            <VotersPanel item={item} members={session.members} />
            <div className="app-live-panel">
              <h2 className="fr-h6 fr-mb-1w">Affichage salle</h2>
              <p className="fr-text--sm fr-mb-1w">
                Pour le vidéoprojecteur : le point en cours en grands caractères, sans les notes privées. Ouvert dans une
                seconde fenêtre placée sur l'écran de la salle, ou sur le poste d'un membre, il suit le point affiché ici.
              </p>
              {/* In the desktop app this opens a second window, full screen on the room's display. */}
              <button
                type="button"
                className="fr-link fr-icon-slideshow-line fr-link--icon-left"
                onClick={() => window.open(`#/seances/${session.id}/projection`, 'affichage-salle')}
              >
                Ouvrir l'affichage salle
              </button>
            </div>
          </section>
          <section className="app-live-form">
            {changedElsewhere(item) && <ChangedElsewhere subject="L'avis de ce point" gender="m" />}
            <OpinionForm
              key={item.id}
              item={item}
              draft={draftFor(item)}
              onDraft={(draft) => {
                setDrafts((d) => ({ ...d, [item.id]: draft }));
                setDraftBases((b) => (b[item.id] === undefined ? { ...b, [item.id]: { opinion: savedOpinion(item), version: item.version } } : b));
              }}
              expectedVersion={draftBases[item.id]?.version ?? item.version}
              onSaved={() => dropDraft(item.id)}
              onReload={() => {
                dropDraft(item.id);
                void reload();
              }}
              dirty={isDirty(item)}
              open={session.status === 'in_progress'}
              closed={session.status === 'closed'}
              grants={settings.grants}
              requested={dossier?.data.grant ?? null}
              suggested={item.score?.opinion ?? null}
              change={change}
            />
          </section>
        </main>
      )}

      <footer className="app-live-keys" aria-label="Raccourcis clavier">
        <span>
          <kbd>←</kbd> <kbd>→</kbd> ou <kbd>Page préc.</kbd> <kbd>Page suiv.</kbd> : point précédent, suivant
        </span>
        <span>
          <kbd>Alt</kbd>+<kbd>A</kbd> : choix de l'avis
        </span>
        <span>
          <kbd>Alt</kbd>+<kbd>V</kbd> : vote
        </span>
        <span>
          <kbd>Ctrl</kbd>+<kbd>Entrée</kbd> : enregistrer l'avis
        </span>
        <span>
          <kbd>F11</kbd> : plein écran
        </span>
      </footer>
    </FullScreen>
  );
}

function DossierSummary({
  item,
  dossier,
  members,
}: {
  item: AgendaItemView;
  dossier: DossierDetail | null;
  members: SessionData['session']['members'];
}) {
  const d = item.dossier;
  const place = d.departmentCode ? `${d.communeName} (${d.departmentCode})` : d.communeName;
  return (
    <div className="app-live-panel">
      <p className="fr-hint-text fr-mb-1v">
        Point {item.position + 1}
        {d.dsNumber !== null && ` · dossier n° ${d.dsNumber}`}
      </p>
      <h1 id="live-dossier-title" className="fr-h2 fr-mb-1w">
        {d.name}
      </h1>
      <p className="fr-mb-2w">
        {structureTypeLabels[d.structureType]}
        {place && ` · ${place}`}
      </p>
      <dl className="app-live-facts">
        <div>
          <dt>Aide sollicitée</dt>
          <dd>{formatEuros(d.grantRequested)}</dd>
        </div>
        <div>
          <dt>Éligibilité</dt>
          <dd>
            {dossier ? (
              <>
                <VerdictBadge blocking={dossier.eligibility.blocking} warnings={dossier.eligibility.warnings} />{' '}
                <span className="fr-text--sm">{pointsText(dossier.eligibility)}</span>
              </>
            ) : d.eligible === null ? (
              'Non contrôlée'
            ) : (
              '…'
            )}
          </dd>
        </div>
        {item.rapporteurMemberId !== null && (
          <div>
            <dt>Rapporteur</dt>
            <dd>{nameOf(members, item.rapporteurMemberId)}</dd>
          </div>
        )}
        {item.opinion && (
          <div>
            <dt>Avis enregistré</dt>
            <dd>
              <OpinionBadge kind={item.opinion.kind} noQuorum={item.opinion.noQuorum} />
            </dd>
          </div>
        )}
      </dl>
      {d.summary && <p className="app-live-summary fr-text--sm fr-mt-2w fr-mb-0">{d.summary}</p>}
    </div>
  );
}

function ScorePanel({ item }: { item: AgendaItemView }) {
  const { score } = item;
  return (
    <div className="app-live-panel">
      <h2 className="fr-h6 fr-mb-1w">Évaluation</h2>
      {!score ? (
        <p className="fr-text--sm fr-mb-0">
          Dossier non noté : la grille se remplit sur la{' '}
          <Link to={`/dossiers/${item.dossier.id}`}>page du dossier</Link>.
        </p>
      ) : (
        <>
          <p className="app-score fr-mb-1w">
            <span className="app-score-total">
              {formatNumber(score.total)} / {formatNumber(score.max)}
            </span>{' '}
            <span>({formatNumber(Math.round(score.percentage))} %)</span>{' '}
            {score.opinion ? (
              <span>
                Avis suggéré : <OpinionBadge kind={score.opinion} />
              </span>
            ) : (
              <Badge as="span" small severity="warning">
                {countOf(score.missing.length, 'critère non noté', 'critères non notés')}
              </Badge>
            )}
          </p>
          <AxesChart axes={score.axes} />
        </>
      )}
    </div>
  );
}

function VotersPanel({ item, members }: { item: AgendaItemView; members: SessionData['session']['members'] }) {
  return (
    <div className="app-live-panel">
      <h2 className="fr-h6 fr-mb-1w">Votants et quorum</h2>
      <p className="fr-text--sm fr-mb-1w">
        <Badge as="span" small severity={item.quorum.reached ? 'success' : 'warning'}>
          {item.quorum.reached ? 'Quorum atteint' : 'Quorum non atteint'}
        </Badge>{' '}
        {describeVoters(item.voters)}.
      </p>
      <p className="fr-text--xs fr-mb-1w">{item.quorum.details}</p>
      {item.withdrawals.length === 0 ? (
        <p className="fr-text--sm fr-mb-0">Aucun déport sur ce point.</p>
      ) : (
        <ul className="fr-text--sm fr-mb-0">
          {item.withdrawals.map((w) => (
            <li key={w.memberId}>
              Déport : <span className="fr-text--bold">{nameOf(members, w.memberId)}</span>
              {w.reason && ` — ${w.reason}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
