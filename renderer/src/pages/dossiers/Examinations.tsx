import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { DossierExamination } from '../../../../shared/session';
import { decisionOutcomeLabels, opinionLabel, type Decision, type Opinion } from '../../../../shared/session-rules';
import { call } from '../../api';
import { useChangeCount } from '../../useChanges';
import { formatDay, formatEuros, formatInstant } from '../../format';
import { OpinionBadge, SessionStateBadge } from '../sessions/labels';

/** « Pour 3, contre 0, abstention 0 ». */
export const voteText = ({ vote }: Pick<Opinion, 'vote'>) =>
  vote ? `Pour ${vote.for}, contre ${vote.against}, abstention ${vote.abstention}` : 'Sans vote';

/** « Ajournement, le 28 novembre 2026 — aide de 20 000 € — motif : … ». */
export const decisionText = (decision: Decision) =>
  [
    `${decisionOutcomeLabels[decision.outcome]}, le ${formatDay(decision.date)}`,
    decision.grant ? `aide de ${formatEuros(decision.grant.amount)}` : '',
    decision.reason ? `motif : ${decision.reason}` : '',
  ]
    .filter(Boolean)
    .join(' — ');

/** The sessions the dossier went to: the commission's opinion, its vote and reservations, the agency's decision. */
export function Examinations({ dossierId }: { dossierId: number }) {
  const [examinations, setExaminations] = useState<DossierExamination[] | { message: string } | null>(null);
  // An opinion or a decision recorded on another machine is a change of the dossier.
  const changes = useChangeCount([{ kind: 'dossier', id: dossierId }]);
  useEffect(() => {
    let current = true;
    void call('dossiers.examinations', { dossierId }).then((result) => {
      if (current) setExaminations(result.ok ? result.value : { message: result.error.message });
    });
    return () => {
      current = false;
    };
  }, [dossierId, changes]);
  if (examinations === null) return null;
  return (
    <section className="fr-mb-6w" aria-labelledby="examinations-title">
      <h2 id="examinations-title" className="fr-h3">
        Examen en commission
      </h2>
      {'message' in examinations ? (
        <p className="fr-error-text">Les séances du dossier n'ont pas pu être lues : {examinations.message}</p>
      ) : examinations.length === 0 ? (
        <p>Le dossier n'est inscrit à l'ordre du jour d'aucune séance.</p>
      ) : (
        examinations.map((e) => (
          <div key={e.itemId} className="app-panel fr-mb-2w app-examination">
            <p className="fr-mb-1w">
              <Link className="fr-text--bold" to={`/seances/${e.sessionId}`}>
                Séance n° {e.sessionNumber}
              </Link>{' '}
              du {formatDay(e.sessionDate)} <SessionStateBadge state={e.sessionStatus} />
            </p>
            {e.opinion ? (
              <dl className="app-facts fr-mb-0">
                <dt>Avis de la commission</dt>
                <dd>
                  <OpinionBadge kind={e.opinion.kind} noQuorum={e.opinion.noQuorum} />
                  {e.opinionAt && <span className="fr-hint-text fr-mb-0">Enregistré le {formatInstant(e.opinionAt)}</span>}
                </dd>
                <dt>Vote</dt>
                <dd>{voteText(e.opinion)}</dd>
                {e.opinion.reservations.length > 0 && (
                  <>
                    <dt>Réserves</dt>
                    <dd>
                      <ul className="fr-mb-0">
                        {e.opinion.reservations.map((r, i) => (
                          <li key={i}>{r}</li>
                        ))}
                      </ul>
                    </dd>
                  </>
                )}
                {e.opinion.grant && (
                  <>
                    <dt>Aide proposée</dt>
                    <dd>{formatEuros(e.opinion.grant.amount)}</dd>
                  </>
                )}
                {e.opinion.motivation && (
                  <>
                    <dt>Motivation</dt>
                    <dd>{e.opinion.motivation}</dd>
                  </>
                )}
                <dt>Décision de l'ARS</dt>
                <dd>{e.decision ? decisionText(e.decision) : `Pas encore enregistrée (suit l'avis « ${opinionLabel(e.opinion)} » à la clôture).`}</dd>
              </dl>
            ) : (
              <p className="fr-mb-0">Aucun avis n'est encore enregistré.</p>
            )}
          </div>
        ))
      )}
    </section>
  );
}
