import { zodResolver } from '@hookform/resolvers/zod';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { get, useFieldArray, useForm, type Path } from 'react-hook-form';
import { memberVoiceLabels, memberVoices } from '../../../../shared/session-rules';
import { organisationsSchema, type Organisation } from '../../../../shared/settings';
import { z } from '../../../../shared/validation';
import type { Output } from '../../../../shared/contract';
import { useSectionVersion } from './useSectionVersion';
import { call } from '../../api';
import { RegisteredInput } from '../../components/fields';
import { sectionRefusal, SaveOutcomeMessage, useSaveOutcome } from '../../components/SaveOutcome';
import { fieldId } from '../../forms';

const formSchema = z.object({ organisations: organisationsSchema });
type Form = z.infer<typeof formSchema>;

const message = (errors: object, path: string) => (get(errors, path) as { message?: string } | undefined)?.message;

/** Paramètres › Organismes: who members represent, and the voice a new member of each gets by default. */
export function OrganisationsForm({ organisations, versions, onReload }: { organisations: Organisation[]; versions: Output<'settings.get'>['versions']; onReload: () => void }) {
  const version = useSectionVersion('organisations', versions);
  const { control, register, handleSubmit, setError, reset, formState } = useForm<Form>({
    resolver: zodResolver(formSchema),
    defaultValues: { organisations },
  });
  const rows = useFieldArray({ control, name: 'organisations', keyName: 'key' });
  const { outcome, setOutcome, outcomeRef } = useSaveOutcome();

  const save = handleSubmit(async (values) => {
    const result = await call('settings.update', { ...values, expectedVersions: version.expectedVersions });
    if (result.ok) {
      version.saved(result.value);
      reset({ organisations: result.value.organisations });
      setOutcome({ kind: 'saved' });
      return;
    }
    setOutcome(sectionRefusal('', result.error, (field, text) => setError(field as Path<Form>, { message: text })));
  });

  return (
    <form noValidate onSubmit={(event) => void save(event)} aria-labelledby="organisations-title">
      <h2 id="organisations-title" className="fr-h5">
        Organismes des membres
      </h2>
      <p className="fr-hint-text">Proposés quand un membre est ajouté à la commission, avec la voix que ses membres ont par défaut.</p>
      <SaveOutcomeMessage
        outcome={outcome}
        outcomeRef={outcomeRef}
        saved={{ description: 'Organismes enregistrés.' }}
        refusedTitle="Les organismes n'ont pas été enregistrés"
        onReload={onReload}
      />
      {rows.fields.map((row, i) => {
        const path = `organisations.${i}` as const;
        const voiceError = message(formState.errors, `${path}.voice`);
        return (
          <div key={row.key} className="fr-grid-row fr-grid-row--gutters app-department-row">
            <RegisteredInput
              id={fieldId(`${path}.name`)}
              className="fr-col-12 fr-col-md-6"
              label={`Organisme ${i + 1}`}
              error={message(formState.errors, `${path}.name`)}
              input={register(`${path}.name`)}
            />
            <Select
              className="fr-col-12 fr-col-md-4"
              label="Voix par défaut"
              state={voiceError ? 'error' : 'default'}
              stateRelatedMessage={voiceError}
              nativeSelectProps={{ id: fieldId(`${path}.voice`), ...register(`${path}.voice`) }}
            >
              {memberVoices.map((voice) => (
                <option key={voice} value={voice}>
                  {memberVoiceLabels[voice]}
                </option>
              ))}
            </Select>
            <div className="fr-col-12 fr-col-md-2 app-row-action">
              <Button type="button" priority="tertiary" iconId="fr-icon-delete-line" onClick={() => rows.remove(i)}>
                Retirer <span className="fr-sr-only">l'organisme {i + 1}</span>
              </Button>
            </div>
          </div>
        );
      })}
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Button
            type="button"
            priority="secondary"
            iconId="fr-icon-add-line"
            onClick={() => rows.append({ name: '', voice: 'deliberative' }, { focusName: `organisations.${rows.fields.length}.name` })}
          >
            Ajouter un organisme
          </Button>
        </li>
        <li>
          <Button type="submit" iconId="fr-icon-save-line" disabled={formState.isSubmitting}>
            Enregistrer les organismes
          </Button>
        </li>
      </ul>
    </form>
  );
}
