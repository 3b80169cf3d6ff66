import { useCallback, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { structureTypeLabels } from '../../../../shared/dossier';
import type { SessionDetail } from '../../../../shared/session';
import { grantAllowed, opinionLabel } from '../../../../shared/session-rules';
import { call } from '../../api';
import { AxesChart } from '../../components/AxesChart';
import { FullScreen } from '../../components/FullScreen';
import { formatEuros, formatNumber } from '../../format';
import { useChanges } from '../../useChanges';
import { pointParam, useLiveItem } from './currentItem';
import { sessionName, sessionWhen } from './labels';

/**
 * What the room sees on the projector: the item the live mode shows, in large type, with its
 * score and, once recorded, the opinion. Nothing internal: no private notes, no eligibility
 * details, no withdrawals. It follows the live mode of whichever machine runs it, and on a
 * member's machine is how they follow the session.
 */
export function ProjectorPage() {
  const id = Number(useParams().id);
  const [params] = useSearchParams();
  const [session, setSession] = useState<SessionDetail | { message: string } | null>(null);
  const { live } = useLiveItem(id);

  const refresh = useCallback(async () => {
    const result = await call('sessions.get', { id });
    setSession(result.ok ? result.value : { message: result.error.message });
  }, [id]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  // An opinion recorded is a change of the session; a dossier renamed, of the dossier.
  const dossiers = session && 'items' in session ? session.items.map((i) => ({ kind: 'dossier', id: i.dossier.id })) : [];
  useChanges([{ kind: 'session', id }, ...dossiers], () => void refresh());

  if (session === null || 'message' in session) {
    return (
      <FullScreen className="app-projector" title="Affichage salle">
        <p className="app-projector-wait">{session ? session.message : 'Chargement…'}</p>
      </FullScreen>
    );
  }

  const point = pointParam(params);
  const index = point !== null ? point - 1 : session.items.findIndex((i) => i.id === live?.itemId);
  const item = session.items[index];
  const opinion = item?.opinion;
  return (
    <FullScreen className="app-projector" title={`Affichage salle — ${sessionName(session)}`}>
      <header className="app-projector-bar">
        <span>
          {sessionName(session)} — {sessionWhen(session)}
        </span>
        {item && (
          <span>
            Point {index + 1} sur {session.items.length}
          </span>
        )}
        <Link className="app-projector-exit" to={`/seances/${session.id}/direct`}>
          Quitter l'affichage salle
        </Link>
      </header>
      {!item ? (
        <p className="app-projector-wait">La séance va commencer.</p>
      ) : (
        <main className="app-projector-main">
          <h1 className="app-projector-name">{item.dossier.name}</h1>
          <p className="app-projector-place">
            {structureTypeLabels[item.dossier.structureType]}
            {item.dossier.communeName && ` · ${item.dossier.communeName}`}
            {item.dossier.departmentCode && ` (${item.dossier.departmentCode})`}
          </p>
          <div className="app-projector-grid">
            <section aria-labelledby="projector-score">
              <h2 id="projector-score" className="app-projector-heading">
                Évaluation
              </h2>
              {item.score ? (
                <>
                  <p className="app-projector-total">
                    {formatNumber(item.score.total)} <span>/ {formatNumber(item.score.max)}</span>{' '}
                    <small>soit {formatNumber(Math.round(item.score.percentage))} % des points</small>
                  </p>
                  <AxesChart axes={item.score.axes} large />
                </>
              ) : (
                <p className="app-projector-muted">Dossier non noté.</p>
              )}
            </section>
            <section aria-labelledby="projector-opinion">
              <h2 id="projector-opinion" className="app-projector-heading">
                Avis de la commission
              </h2>
              {!opinion ? (
                <p className="app-projector-muted">En cours d'examen.</p>
              ) : (
                <>
                  <p className={`app-projector-opinion app-projector-opinion--${opinion.kind}`}>
                    {opinionLabel(opinion)}
                  </p>
                  {opinion.vote && (
                    <p className="app-projector-vote">
                      Pour {opinion.vote.for} · Contre {opinion.vote.against} · Abstention {opinion.vote.abstention}
                    </p>
                  )}
                  {opinion.reservations.length > 0 && (
                    <>
                      <p className="app-projector-label">Réserves</p>
                      <ul className="app-projector-list">
                        {opinion.reservations.map((r, i) => (
                          <li key={i}>{r}</li>
                        ))}
                      </ul>
                    </>
                  )}
                  {grantAllowed(opinion.kind) && (
                    <p className="app-projector-vote">
                      {opinion.grant ? `Aide proposée : ${formatEuros(opinion.grant.amount)}` : 'Sans aide au démarrage'}
                    </p>
                  )}
                </>
              )}
            </section>
          </div>
        </main>
      )}
    </FullScreen>
  );
}
