import { zodResolver } from '@hookform/resolvers/zod';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useFieldArray, useForm, type Path } from 'react-hook-form';
import { envelopeBudgetSchema, envelopesSchema, type Envelopes } from '../../../../shared/envelope';
import { parseEuros } from '../../../../shared/french';
import { z } from '../../../../shared/validation';
import type { Output } from '../../../../shared/contract';
import { useSectionVersion } from './useSectionVersion';
import { call } from '../../api';
import { sectionRefusal, SaveOutcomeMessage, useSaveOutcome } from '../../components/SaveOutcome';
import { fieldId } from '../../forms';

/** Figures as typed (« 500 000 », « 2027 »), then the settings' own bounds and messages. */
const formSchema = z.object({
  budgets: z.array(
    z.object({
      year: z.string().trim().regex(/^\d{4}$/, { error: 'Indiquez une année sur quatre chiffres.' }).transform(Number).pipe(envelopeBudgetSchema.shape.year),
      amount: z
        .string()
        .transform((v, ctx) => parseEuros(v) ?? (ctx.addIssue({ code: 'custom', message: 'Indiquez un montant en euros, ex. : 500 000.' }), z.NEVER))
        .pipe(envelopeBudgetSchema.shape.amount),
    }),
  ),
}).pipe(envelopesSchema);
type FormInput = z.input<typeof formSchema>;

const toForm = (envelopes: Envelopes): FormInput => ({
  budgets: [...envelopes.budgets].sort((a, b) => a.year - b.year).map((b) => ({ year: String(b.year), amount: String(b.amount).replace('.', ',') })),
});

/** The Paramètres section « Enveloppes annuelles »: the start-up grant budget of each year. */
export function EnvelopesForm({ envelopes, versions, onReload }: { envelopes: Envelopes; versions: Output<'settings.get'>['versions']; onReload: () => void }) {
  const version = useSectionVersion('envelopes', versions);
  const { register, control, handleSubmit, setError, reset, formState } = useForm<FormInput, unknown, Envelopes>({
    resolver: zodResolver(formSchema),
    defaultValues: toForm(envelopes),
  });
  const { fields, append, remove } = useFieldArray({ control, name: 'budgets' });
  const { outcome, setOutcome, outcomeRef } = useSaveOutcome();

  const save = handleSubmit(async (values) => {
    const result = await call('settings.update', { envelopes: values, expectedVersions: version.expectedVersions });
    if (result.ok) {
      version.saved(result.value);
      reset(toForm(result.value.envelopes));
      setOutcome({ kind: 'saved' });
      return;
    }
    setOutcome(sectionRefusal('envelopes', result.error, (field, message) => setError(field as Path<FormInput>, { message })));
  });

  const nextYear = () => {
    const years = fields.map((f) => Number(f.year)).filter(Number.isInteger);
    return String(years.length ? Math.max(...years) + 1 : new Date().getFullYear());
  };

  return (
    <form id="enveloppes" noValidate onSubmit={(event) => void save(event)} aria-labelledby="envelopes-title">
      <h2 id="envelopes-title" className="fr-h5">
        Enveloppes annuelles de l'aide au démarrage
      </h2>
      <p>
        Le montant de l'aide au démarrage que l'agence peut engager chaque année sur le Fonds d'intervention régional. Le tableau de bord
        le compare aux aides décidées, signées et versées.
      </p>
      <SaveOutcomeMessage
        outcome={outcome}
        outcomeRef={outcomeRef}
        saved={{ description: 'Enveloppes annuelles enregistrées.' }}
        refusedTitle="Les enveloppes n'ont pas été enregistrées"
        onReload={onReload}
      />
      {formState.errors.budgets?.root?.message && <p className="fr-error-text">{formState.errors.budgets.root.message}</p>}
      {fields.map((field, i) => {
        const error = (name: 'year' | 'amount') => formState.errors.budgets?.[i]?.[name]?.message;
        return (
          <div key={field.id} className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
            <Input
              className="fr-col-12 fr-col-md-3"
              label="Année"
              state={error('year') ? 'error' : 'default'}
              stateRelatedMessage={error('year')}
              nativeInputProps={{ id: fieldId(`envelopes.budgets.${i}.year`), inputMode: 'numeric', autoComplete: 'off', ...register(`budgets.${i}.year`) }}
            />
            <Input
              className="fr-col-12 fr-col-md-5"
              label="Montant de l'enveloppe (€)"
              state={error('amount') ? 'error' : 'default'}
              stateRelatedMessage={error('amount')}
              nativeInputProps={{ id: fieldId(`envelopes.budgets.${i}.amount`), inputMode: 'decimal', autoComplete: 'off', ...register(`budgets.${i}.amount`) }}
            />
            <div className="fr-col-12 fr-col-md-4 fr-mb-3w">
              <Button type="button" priority="tertiary" size="small" iconId="fr-icon-delete-line" onClick={() => remove(i)}>
                Retirer l'année {field.year}
              </Button>
            </div>
          </div>
        );
      })}
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <Button type="button" priority="secondary" iconId="fr-icon-add-line" onClick={() => append({ year: nextYear(), amount: '' })}>
            Ajouter une année
          </Button>
        </li>
        <li>
          <Button type="submit" iconId="fr-icon-save-line" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? 'Enregistrement…' : 'Enregistrer les enveloppes'}
          </Button>
        </li>
      </ul>
    </form>
  );
}
