import type { SessionDetail } from '../../../../shared/session';
import { decisionOutcomeLabels, grantAllowed } from '../../../../shared/session-rules';
import { countOf, formatEuros } from '../../format';
import { documentKindLabels, type DocumentKind } from './labels';

export interface PlannedDocument {
  key: string;
  kind: DocumentKind;
  /** The agenda item of a letter or an agreement; none for the minutes. */
  itemId?: number;
  /** « Courrier de décision — ESP de Thiérache ». */
  title: string;
  /** The decision, or the amount of the grant. */
  detail: string;
}

/**
 * What producing the session's documents will write, in the handler's order: a letter per
 * dossier, an agreement per grant decided, then the minutes.
 */
export function plannedDocuments(session: SessionDetail): PlannedDocument[] {
  const perItem = session.items.flatMap(({ id, dossier, decision }): PlannedDocument[] => {
    const letter: PlannedDocument = {
      key: `letter-${id}`,
      kind: 'decision_letter',
      itemId: id,
      title: `${documentKindLabels.decision_letter} — ${dossier.name}`,
      detail: decision ? decisionOutcomeLabels[decision.outcome] : 'Aucune décision enregistrée',
    };
    if (!decision?.grant || !grantAllowed(decision.outcome)) return [letter];
    const agreement: PlannedDocument = {
      key: `agreement-${id}`,
      kind: 'funding_agreement',
      itemId: id,
      title: `${documentKindLabels.funding_agreement} — ${dossier.name}`,
      detail: `Aide de ${formatEuros(decision.grant.amount)}`,
    };
    return [letter, agreement];
  });
  const minutes: PlannedDocument = {
    key: 'minutes',
    kind: 'minutes',
    title: `${documentKindLabels.minutes} de la séance`,
    detail: countOf(session.items.length, 'dossier examiné', 'dossiers examinés'),
  };
  return [...perItem, minutes];
}
