import { zodResolver } from '@hookform/resolvers/zod';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useState } from 'react';
import { useForm, useWatch, type Path } from 'react-hook-form';
import {
  defaultFileNamePattern,
  fileNamePatternProblems,
  fileNamePlaceholders,
  patternsSchema,
  referencePatternProblems,
  renderFileName,
  renderReference,
  type Patterns,
  type PatternsInput,
  type ReferenceFacts,
} from '../../../../shared/patterns';
import type { Output } from '../../../../shared/contract';
import { useSectionVersion } from './useSectionVersion';
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

const fieldTexts: Record<keyof Patterns, { label: string; hint: string }> = {
  reference: { label: 'Modèle de la référence', hint: 'Ex. : CS-{seance}/{rang} ou ARS-{annee}-{seance}-{rang}' },
  fileName: {
    label: 'Modèle du nom des fichiers',
    hint: 'Sans « .pdf », ajouté comme « -v2 » pour une nouvelle version. Ex. : {date}_{structure}_{type} ou {seance}-{rang}-{type}',
  },
};

/** Paramètres › Référence et nom des documents: the patterns, checked while typing, previewed on a real dossier. */
export function PatternsForm({ patterns, versions, onReload }: { patterns: Patterns; versions: Output<'settings.get'>['versions']; onReload: () => void }) {
  const version = useSectionVersion('patterns', versions);
  const { control, register, handleSubmit, setError, reset, formState } = useForm<PatternsInput, unknown, Patterns>({
    resolver: zodResolver(patternsSchema),
    defaultValues: patterns,
    mode: 'onChange',
  });
  const { outcome, setOutcome, outcomeRef } = useSaveOutcome();
  const [example, setExample] = useState<Example | null>(null);
  useEffect(() => {
    void realExample().then(setExample);
  }, []);
  const [pattern, fileName = defaultFileNamePattern] = useWatch({ control, name: ['reference', 'fileName'] });
  const valid = referencePatternProblems(pattern).length === 0;
  const validName = fileNamePatternProblems(fileName).length === 0;
  const nameOf = (facts: Example['facts'] | Pick<Example['facts'], 'session'>, subject: string, type: string) =>
    `${renderFileName(fileName, { ...facts, subject, type })}.pdf`;

  const save = handleSubmit(async (values) => {
    const result = await call('settings.update', { patterns: values, expectedVersions: version.expectedVersions });
    if (result.ok) {
      version.saved(result.value);
      reset(result.value.patterns);
      setOutcome({ kind: 'saved' });
      return;
    }
    setOutcome(sectionRefusal('patterns', result.error, (field, message) => setError(field as Path<PatternsInput>, { message })));
  });

  return (
    <form noValidate onSubmit={(event) => void save(event)} aria-labelledby="patterns-title">
      <h2 id="patterns-title" className="fr-h5">
        Référence et nom des documents
      </h2>
      <SaveOutcomeMessage outcome={outcome} outcomeRef={outcomeRef} saved={{ description: 'Modèles enregistrés.' }} refusedTitle="Le modèle n'a pas été enregistré" onReload={onReload} />
      <p className="fr-hint-text">
        Les champs entre accolades : {Object.entries(fileNamePlaceholders).map(([name, label]) => `{${name}} ${label}`).join(' ; ')}. Dans
        la référence, la convention ajoute « -CONV » et une nouvelle version « -v2 » ; le procès-verbal prend ce qui précède le dossier.
      </p>
      {(['reference', 'fileName'] as const).map((name) => (
        <RegisteredInput key={name} id={fieldId(`patterns.${name}`)} {...fieldTexts[name]} error={formState.errors[name]?.message} input={register(name)} />
      ))}
      <p id="patterns-file-preview" aria-live="polite">
        {example && validName
          ? `Fichiers : ${nameOf(example.facts, example.name, 'decision')}, ${nameOf(example.facts, example.name, 'convention')}, ${nameOf({ session: example.facts.session }, `Seance ${example.facts.session.number}`, 'proces-verbal')}.`
          : example
            ? 'Fichiers : corrigez le modèle.'
            : ''}
      </p>
      <p id="patterns-preview" aria-live="polite">
        {!example
          ? 'Aperçu : importez un dossier pour voir la référence de ses documents.'
          : valid
            ? `Aperçu sur « ${example.name} » : courrier ${renderReference(pattern, example.facts)}, convention ${renderReference(pattern, example.facts)}-CONV, procès-verbal ${renderReference(pattern, { session: example.facts.session })}.`
            : 'Aperçu : corrigez le modèle.'}
      </p>
      <Button type="submit" iconId="fr-icon-save-line" disabled={formState.isSubmitting}>
        Enregistrer les modèles
      </Button>
    </form>
  );
}
