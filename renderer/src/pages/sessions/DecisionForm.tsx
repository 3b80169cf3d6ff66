import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import type { AgendaItemView } from '../../../../shared/session';
import { decisionOutcomeLabels, grantAllowed, opinionKinds, type OpinionKind } from '../../../../shared/session-rules';
import { toFieldErrors, type FieldErrors } from '../../forms';
import { useConfirm } from '../../components/ConfirmModal';
import { SelectField, TextAreaField } from '../../components/fields';
import { formatDay } from '../../format';
import { localToday } from '../documents/labels';
import { DecisionDateField } from './DecisionDateField';
import { StaleVersionAlert, staleVersionMessage } from '../../components/StaleVersion';
import type { ChangeSession, ReloadSession } from './useSession';

const outcomes = opinionKinds.map((kind) => ({ value: kind, label: decisionOutcomeLabels[kind] }));

/**
 * The ARS decision on one item: it follows the commission's opinion unless the Directeur
 * général decides otherwise, which the handler only accepts with a reason. It is dated from the
 * session's day to today.
 */
export function DecisionForm({
  item,
  sessionDate,
  change,
  reload,
}: {
  item: AgendaItemView;
  sessionDate: string;
  change: ChangeSession;
  reload: ReloadSession;
}) {
  const opinion = item.opinion!;
  const [outcome, setOutcome] = useState<OpinionKind>(item.decision?.outcome ?? opinion.kind);
  const [date, setDate] = useState(item.decision?.date ?? localToday());
  const [reason, setReason] = useState(item.decision?.reason ?? '');
  // The item's version the input began from; null once saved, until the next change.
  const [base, setBase] = useState<number | null>(item.version);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const id = (field: string) => `decision-${item.id}-${field}`;

  const confirm = useConfirm();
  // « Décision enregistrée. » no longer describes the form once it is changed.
  const edited = (change: () => void) => {
    change();
    setMessage(null);
    setBase((b) => b ?? item.version);
  };

  /** The input given up for the item as saved now. */
  const reloadItem = async () => {
    setStale(null);
    const fresh = (await reload())?.items.find((i) => i.id === item.id);
    if (!fresh?.opinion) return;
    setOutcome(fresh.decision?.outcome ?? fresh.opinion.kind);
    setDate(fresh.decision?.date ?? localToday());
    setReason(fresh.decision?.reason ?? '');
    setBase(fresh.version);
    setErrors({});
  };

  const save = async () => {
    const recorded = item.decision;
    if (
      recorded &&
      !(await confirm({
        title: 'Remplacer la décision enregistrée ?',
        body: `La décision de l'ARS sur « ${item.dossier.name} » est déjà enregistrée : ${decisionOutcomeLabels[recorded.outcome]}, le ${formatDay(recorded.date)}. Elle sera remplacée par : ${decisionOutcomeLabels[outcome]}, le ${formatDay(date)}.`,
        confirmLabel: 'Remplacer la décision',
      }))
    )
      return;
    // A decision that grants nothing carries no grant; otherwise the proposed grant stands.
    const grant = grantAllowed(outcome) ? undefined : null;
    const expectedVersion = base ?? item.version;
    const error = await change('items.recordDecision', { itemId: item.id, outcome, date, reason, expectedVersion, ...(grant === null ? { grant } : {}) });
    const staleMessage = error && staleVersionMessage(error);
    setStale(staleMessage);
    if (!error) setBase(null);
    setErrors(error && !staleMessage ? toFieldErrors(error.details ?? []) : {});
    setMessage(error ? (error.details?.length ? null : error.message) : 'Décision enregistrée.');
  };

  return (
    <form
      className="app-decision-form fr-mt-1w"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="fr-grid-row fr-grid-row--gutters">
        <SelectField
          id={id('outcome')}
          className="fr-col-12 fr-col-md-4"
          label="Décision de l'ARS"
          options={outcomes}
          placeholder="Choisir"
          value={outcome}
          error={errors['decision.outcome']}
          onChange={(value) => edited(() => setOutcome(value as OpinionKind))}
        />
        <DecisionDateField
          id={id('date')}
          className="fr-col-12 fr-col-md-5"
          label="Date de la décision"
          sessionDate={sessionDate}
          value={date}
          error={errors['decision.date'] ?? errors.date}
          onChange={(value) => edited(() => setDate(value))}
        />
      </div>
      {(outcome !== opinion.kind || reason) && (
        <TextAreaField
          id={id('reason')}
          label="Motif (obligatoire quand la décision s'écarte de l'avis)"
          rows={3}
          value={reason}
          error={errors['decision.reason']}
          onChange={(value) => edited(() => setReason(value))}
        />
      )}
      <Button type="submit" size="small" priority="secondary">
        Enregistrer la décision
      </Button>
      {stale && <StaleVersionAlert message={stale} onReload={() => void reloadItem()} />}
      {message && (
        <p className="fr-text--sm fr-mt-1w fr-mb-0" role="status">
          {message}
        </p>
      )}
    </form>
  );
}
