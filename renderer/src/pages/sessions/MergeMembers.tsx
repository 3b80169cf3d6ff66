import { zodResolver } from '@hookform/resolvers/zod';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { RosterMember } from '../../../../shared/session';
import { fullName } from '../../../../shared/session-rules';
import { z } from '../../../../shared/validation';
import { call } from '../../api';
import { InlineConfirmation } from '../../components/InlineConfirmation';
import { SaveOutcomeMessage, refusedOutcome, useSaveOutcome } from '../../components/SaveOutcome';
import { countOf } from '../../format';

const chosen = (what: string) => z.string().regex(/^\d+$/, { error: `Choisissez ${what}.` }).transform(Number);
const mergeSchema = z
  .object({ keepId: chosen('la fiche gardée'), removeId: chosen('la fiche à fusionner') })
  .refine((m) => m.keepId !== m.removeId, { path: ['removeId'], error: 'Choisissez deux fiches différentes.' });
type MergeForm = z.input<typeof mergeSchema>;
type Merge = z.output<typeof mergeSchema>;

const named = (m: RosterMember) => `${fullName(m)} (${m.organisation}, n° ${m.id})`;

/**
 * Two records of one person, merged into the one kept: their places on the rolls, withdrawals
 * and score sheets move to it. Asked twice: the merge cannot be undone.
 */
export function MergeMembers({ members, onMerged }: { members: RosterMember[]; onMerged: () => Promise<void> }) {
  const { register, handleSubmit, formState, reset } = useForm<MergeForm, unknown, Merge>({
    resolver: zodResolver(mergeSchema),
    defaultValues: { keepId: '', removeId: '' },
  });
  const [pending, setPending] = useState<Merge | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { outcome, setOutcome, outcomeRef } = useSaveOutcome();
  const byId = new Map(members.map((m) => [m.id, m]));

  const merge = async () => {
    if (!pending) return;
    const result = await call('members.merge', pending);
    setPending(null);
    if (!result.ok) {
      setOutcome(refusedOutcome(result.error, []));
      return;
    }
    const { sessions, withdrawals, scoreSheets } = result.value;
    setDone(`Fiches fusionnées dans ${named(result.value.kept)} : ${countOf(sessions, 'séance')}, ${countOf(withdrawals, 'déport')}, ${countOf(scoreSheets, 'feuille de notes', 'feuilles de notes')} reprises.`);
    setOutcome({ kind: 'saved' });
    reset();
    await onMerged();
  };

  const select = (name: 'keepId' | 'removeId', label: string) => (
    <Select
      className="fr-col-12 fr-col-md-6"
      label={label}
      state={formState.errors[name] ? 'error' : 'default'}
      stateRelatedMessage={formState.errors[name]?.message}
      nativeSelectProps={{ id: `merge-${name}`, ...register(name) }}
    >
      <option value="">Choisir un membre</option>
      {members.map((m) => (
        <option key={m.id} value={m.id}>
          {named(m)}
        </option>
      ))}
    </Select>
  );

  return (
    <form
      noValidate
      className="fr-mt-6w"
      aria-labelledby="merge-title"
      onSubmit={(event) => void handleSubmit((values) => {
        setDone(null);
        setPending(values);
      })(event)}
    >
      <h2 id="merge-title" className="fr-h4">
        Fusionner deux fiches d'un même membre
      </h2>
      <p className="fr-hint-text">
        Les présences, procurations, déports, présidences, rapports et notes de la fiche fusionnée passent à la fiche gardée ; la fiche
        fusionnée est supprimée.
      </p>
      <SaveOutcomeMessage outcome={outcome} outcomeRef={outcomeRef} saved={done ? { description: done } : null} refusedTitle="Les fiches n'ont pas été fusionnées" />
      <div className="fr-grid-row fr-grid-row--gutters">
        {select('keepId', 'Fiche gardée')}
        {select('removeId', 'Fiche à fusionner puis supprimer')}
      </div>
      {pending ? (
        <InlineConfirmation title="Confirmer la fusion" confirm="Confirmer la fusion" onConfirm={() => void merge()} onCancel={() => setPending(null)}>
          {named(byId.get(pending.removeId)!)} sera fusionné dans {named(byId.get(pending.keepId)!)}. Cette opération ne peut pas être annulée.
        </InlineConfirmation>
      ) : (
        <Button type="submit" priority="secondary" iconId="fr-icon-git-merge-line">
          Fusionner les deux fiches
        </Button>
      )}
    </form>
  );
}
