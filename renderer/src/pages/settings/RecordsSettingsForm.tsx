import { zodResolver } from '@hookform/resolvers/zod';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useForm, type Path } from 'react-hook-form';
import { recordsSettingsSchema, type RecordsSettings } from '../../../../shared/backups';
import { z } from '../../../../shared/validation';
import { call } from '../../api';
import { useSectionVersion } from './useSectionVersion';
import { sectionRefusal, SaveOutcomeMessage, useSaveOutcome } from '../../components/SaveOutcome';
import { fieldId } from '../../forms';

type CountField = 'keepDaily' | 'keepWeekly' | 'keepMonthly' | 'retentionYears';

/** A count as typed: digits, then the settings' own bounds and messages. */
const typedCount = (field: CountField) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, { error: 'Indiquez un nombre entier.' })
    .transform(Number)
    // The typed digits always give a number: the bounds apply, the default for a missing value does not.
    .pipe(recordsSettingsSchema.shape[field].unwrap());

const formSchema = z.object({
  backupFolder: recordsSettingsSchema.shape.backupFolder,
  keepDaily: typedCount('keepDaily'),
  keepWeekly: typedCount('keepWeekly'),
  keepMonthly: typedCount('keepMonthly'),
  retentionYears: typedCount('retentionYears'),
});
type FormInput = z.input<typeof formSchema>;

const toForm = (records: RecordsSettings): FormInput => ({
  backupFolder: records.backupFolder,
  keepDaily: String(records.keepDaily),
  keepWeekly: String(records.keepWeekly),
  keepMonthly: String(records.keepMonthly),
  retentionYears: String(records.retentionYears),
});

const labels: Record<keyof FormInput, { label: string; hint: string }> = {
  backupFolder: {
    label: 'Dossier des sauvegardes (facultatif)',
    hint: 'Chemin complet, un lecteur réseau de préférence, ex. : \\\\serveur\\partage\\Commission. Vide : le dossier « sauvegardes » à côté de la base.',
  },
  keepDaily: { label: 'Sauvegardes quotidiennes gardées', hint: 'Une par jour, pour les derniers jours. Ex. : 7' },
  keepWeekly: { label: 'Sauvegardes hebdomadaires gardées', hint: 'La plus récente de chaque semaine. Ex. : 4' },
  keepMonthly: { label: 'Sauvegardes mensuelles gardées', hint: 'La plus récente de chaque mois. Ex. : 12' },
  retentionYears: {
    label: 'Durée de conservation des données personnelles (en années)',
    hint: "Comptée depuis la dernière décision sur le dossier ; au-delà, l'anonymisation retire les noms, coordonnées et RPPS. Ex. : 10",
  },
};

/** The Paramètres section « Sauvegardes et conservation »: where backups go, how many are kept, how long personal data is. */
export function RecordsSettingsForm({
  records,
  versions,
  defaultFolder,
  onSaved,
}: {
  records: RecordsSettings;
  versions: Record<string, number>;
  defaultFolder: string;
  /** After a save, and to read the settings again after one refused over a newer version. */
  onSaved: () => void;
}) {
  const version = useSectionVersion('records', versions);
  const { register, handleSubmit, setError, reset, formState } = useForm<FormInput, unknown, RecordsSettings>({
    resolver: zodResolver(formSchema),
    defaultValues: toForm(records),
  });
  const { outcome, setOutcome, outcomeRef } = useSaveOutcome();

  const save = handleSubmit(async (values) => {
    const result = await call('settings.update', { records: values, expectedVersions: version.expectedVersions });
    if (result.ok) {
      version.saved(result.value);
      reset(toForm(result.value.records));
      setOutcome({ kind: 'saved' });
      onSaved();
      return;
    }
    setOutcome(sectionRefusal('records', result.error, (field, message) => setError(field as Path<FormInput>, { message })));
  });

  const field = (name: keyof FormInput, className: string) => {
    const error = formState.errors[name]?.message;
    return (
      <Input
        className={className}
        label={labels[name].label}
        hintText={name === 'backupFolder' ? `${labels[name].hint} (${defaultFolder})` : labels[name].hint}
        state={error ? 'error' : 'default'}
        stateRelatedMessage={error}
        nativeInputProps={{
          id: fieldId(`records.${name}`),
          inputMode: name === 'backupFolder' ? undefined : 'numeric',
          autoComplete: 'off',
          'aria-invalid': error ? true : undefined,
          ...register(name),
        }}
      />
    );
  };

  return (
    <form noValidate onSubmit={(event) => void save(event)} aria-labelledby="records-settings-title">
      <h2 id="records-settings-title" className="fr-h5">
        Sauvegardes et conservation
      </h2>
      <SaveOutcomeMessage
        outcome={outcome}
        outcomeRef={outcomeRef}
        saved={{ description: 'Réglages des sauvegardes et de la conservation enregistrés.' }}
        refusedTitle="Les réglages n'ont pas été enregistrés"
        onReload={onSaved}
      />
      <div className="fr-grid-row fr-grid-row--gutters">
        {field('backupFolder', 'fr-col-12')}
        {field('keepDaily', 'fr-col-12 fr-col-md-4')}
        {field('keepWeekly', 'fr-col-12 fr-col-md-4')}
        {field('keepMonthly', 'fr-col-12 fr-col-md-4')}
        {field('retentionYears', 'fr-col-12 fr-col-md-8')}
      </div>
      <Button type="submit" iconId="fr-icon-save-line" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? 'Enregistrement…' : 'Enregistrer ces réglages'}
      </Button>
    </form>
  );
}
