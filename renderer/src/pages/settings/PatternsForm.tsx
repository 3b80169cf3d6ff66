import { zodResolver } from '@hookform/resolvers/zod';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useState } from 'react';
import { useForm, useWatch, type Path } from 'react-hook-form';
import {
  patternsSchema,
  referencePatternProblems,
  referencePlaceholders,
  renderReference,
  type Patterns,
  type ReferenceFacts,
} from '../../../../shared/patterns';
import { call } from '../../api';
import { RegisteredInput } from '../../components/fields';
import { sectionRefusal, SaveOutcomeMessage, useSaveOutcome } from '../../components/SaveOutcome';
import { fieldId } from '../../forms';

type Example = { name: string; facts: Required<ReferenceFacts> };

/** The first dossier of the list and the latest session: the preview shows what a real document would print. */
async function realExample(): Promise<Example | null> {
  const [dossiers, sessions] = await Promise.all([
    call('dossiers.list', { limit: 1, offset: 0, sort: { field: 'dsNumber', direction: 'asc' } }),
    call('sessions.list', {}),
  ]);
  const dossier = dossiers.ok ? dossiers.value.rows[0] : undefined;
  if (!dossier) return null;
  const session = (sessions.ok && sessions.value[0]) || { number: `${new Date().getFullYear()}-01`, date: new Date().toISOString().slice(0, 10) };
  return { name: dossier.name, facts: { session, item: { position: 0, dsNumber: dossier.dsNumber } } };
}

/** Paramètres › Référence des documents: the pattern, checked while typing, previewed on a real dossier. */
export function PatternsForm({ patterns }: { patterns: Patterns }) {
  const { control, register, handleSubmit, setError, reset, formState } = useForm<Patterns>({
    resolver: zodResolver(patternsSchema),
    defaultValues: patterns,
    mode: 'onChange',
  });
  const { outcome, setOutcome, outcomeRef } = useSaveOutcome();
  const [example, setExample] = useState<Example | null>(null);
  useEffect(() => {
    void realExample().then(setExample);
  }, []);
  const pattern = useWatch({ control, name: 'reference' });
  const valid = referencePatternProblems(pattern).length === 0;

  const save = handleSubmit(async (values) => {
    const result = await call('settings.update', { patterns: values });
    if (result.ok) {
      reset(result.value.patterns);
      setOutcome({ kind: 'saved' });
      return;
    }
    setOutcome(sectionRefusal('patterns', result.error, (field, message) => setError(field as Path<Patterns>, { message })));
  });

  return (
    <form noValidate onSubmit={(event) => void save(event)} aria-labelledby="patterns-title">
      <h2 id="patterns-title" className="fr-h5">
        Référence des documents
      </h2>
      <SaveOutcomeMessage outcome={outcome} outcomeRef={outcomeRef} saved={{ description: 'Modèle de référence enregistré.' }} refusedTitle="Le modèle n'a pas été enregistré" />
      <p className="fr-hint-text">
        Les champs entre accolades : {Object.entries(referencePlaceholders).map(([name, label]) => `{${name}} ${label}`).join(' ; ')}. La
        convention ajoute « -CONV », une nouvelle version « -v2 » ; le procès-verbal prend ce qui précède le dossier.
      </p>
      <RegisteredInput
        id={fieldId('patterns.reference')}
        label="Modèle de la référence"
        hint="Ex. : CS-{seance}/{rang} ou ARS-{annee}-{seance}-{rang}"
        error={formState.errors.reference?.message}
        input={register('reference')}
      />
      <p id="patterns-preview" aria-live="polite">
        {!example
          ? 'Aperçu : importez un dossier pour voir la référence de ses documents.'
          : valid
            ? `Aperçu sur « ${example.name} » : courrier ${renderReference(pattern, example.facts)}, convention ${renderReference(pattern, example.facts)}-CONV, procès-verbal ${renderReference(pattern, { session: example.facts.session })}.`
            : 'Aperçu : corrigez le modèle.'}
      </p>
      <Button type="submit" iconId="fr-icon-save-line" disabled={formState.isSubmitting}>
        Enregistrer le modèle
      </Button>
    </form>
  );
}
