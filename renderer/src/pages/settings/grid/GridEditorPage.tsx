import { zodResolver } from '@hookform/resolvers/zod';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useEffect, useRef, useState } from 'react';
import { get, useFieldArray, useForm, useWatch, type Control, type FieldErrors, type Path, type UseFormRegister } from 'react-hook-form';
import type { Output } from '../../../../../shared/contract';
import {
  sourceFactsOf,
  suggestionSourceLabels,
  suggestionSources,
  type ScoringGrid,
} from '../../../../../shared/scoring';
import { call } from '../../../api';
import { refusedOutcome, SaveOutcomeMessage, type SaveOutcome } from '../../../components/SaveOutcome';
import { Page } from '../../../components/Page';
import { fieldId } from '../../../forms';
import { countOf, formatShortDay } from '../../../format';
import {
  criterionForm,
  freshId,
  gridFormSchema,
  toForm,
  typedNumber,
  typedTotal,
  type ChoiceForm,
  type CriterionForm,
  type GridForm,
} from '../../../../../shared/grid-form';
import { RegisteredInput } from '../../../components/fields';

type GridVersion = Output<'grid.get'>;

/** A criterion the agency removed while an open session still scores it: it may keep it until then. */
interface Removal {
  criterionId: string;
  message: string;
}

const idOf = (path: string) => fieldId(`grid.${path}`);

/** The message at `path`, on a field or on a list (where react-hook-form keeps it under `root`). */
export function messageAt(errors: FieldErrors<GridForm>, path: string): string | undefined {
  const error = get(errors, path) as { message?: string; root?: { message?: string } } | undefined;
  return error?.message ?? error?.root?.message;
}


/** Paramètres › Grille d'évaluation: every axis, sub-criterion, scale, suggestion and threshold, saved as a new version. */
export function GridEditorPage() {
  const [loaded, setLoaded] = useState<GridVersion | { message: string } | null>(null);
  // Read again after a save refused because another version was saved meanwhile.
  const [reads, setReads] = useState(0);
  useEffect(() => {
    void call('grid.get', {}).then((result) => setLoaded(result.ok ? result.value : { message: result.error.message }));
  }, [reads]);
  return (
    <Page
      title="Grille d'évaluation"
      lead="Les axes, les critères et leurs barèmes, les faits du dossier qui suggèrent une note, et les seuils de l'avis suggéré. Chaque enregistrement crée une nouvelle version : les notes déjà données gardent la version avec laquelle elles l'ont été."
    >
      {loaded === null && <p aria-live="polite">Chargement de la grille…</p>}
      {loaded && 'message' in loaded && <Alert severity="error" title="La grille n'a pas pu être chargée" description={loaded.message} />}
      {loaded && 'grid' in loaded && <GridEditor key={`${reads} ${loaded.version}`} initial={loaded} onReload={() => setReads((n) => n + 1)} />}
    </Page>
  );
}

interface FieldProps {
  register: UseFormRegister<GridForm>;
  errors: FieldErrors<GridForm>;
}

/** A text input bound to `path`, its error under it. */
function TextInput({
  register,
  errors,
  path,
  label,
  hint,
  numeric,
  className,
}: FieldProps & { path: Path<GridForm>; label: string; hint?: string; numeric?: boolean; className?: string }) {
  return (
    <RegisteredInput
      id={idOf(path)}
      className={className}
      label={label}
      hint={hint}
      error={messageAt(errors, path)}
      input={{ inputMode: numeric ? 'decimal' : undefined, ...register(path, numeric ? { setValueAs: typedNumber } : {}) }}
    />
  );
}

interface RowProps {
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onRemove: () => void;
}

/** The place of item `index` in a list the user reorders. */
const rowOf = (list: { fields: unknown[]; move: (from: number, to: number) => void; remove: (index: number) => void }, index: number): RowProps => ({
  index,
  count: list.fields.length,
  onMove: list.move,
  onRemove: () => list.remove(index),
});

/** Up, down and remove, named after the item so that a screen reader tells them apart. */
function RowActions({
  what,
  index,
  count,
  onMove,
  onRemove,
}: RowProps & { what: string }) {
  return (
    <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-btns-group--icon-left">
      <li>
        <Button type="button" priority="tertiary" iconId="fr-icon-arrow-up-line" disabled={index === 0} onClick={() => onMove(index, index - 1)}>
          Monter <span className="fr-sr-only">{what}</span>
        </Button>
      </li>
      <li>
        <Button
          type="button"
          priority="tertiary"
          iconId="fr-icon-arrow-down-line"
          disabled={index === count - 1}
          onClick={() => onMove(index, index + 1)}
        >
          Descendre <span className="fr-sr-only">{what}</span>
        </Button>
      </li>
      <li>
        <Button type="button" priority="tertiary" iconId="fr-icon-delete-line" onClick={onRemove}>
          Retirer <span className="fr-sr-only">{what}</span>
        </Button>
      </li>
    </ul>
  );
}

function GridEditor({ initial, onReload }: { initial: GridVersion; onReload: () => void }) {
  const [version, setVersion] = useState(initial);
  const {
    control,
    register,
    handleSubmit,
    reset,
    setError,
    getValues,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<GridForm, unknown, ScoringGrid>({
    resolver: zodResolver(gridFormSchema),
    defaultValues: toForm(initial.grid),
  });
  const axes = useFieldArray({ control, name: 'axes', keyName: 'key' });
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [removals, setRemovals] = useState<Removal[]>([]);
  const outcomeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  const save = handleSubmit(
    async (grid) => {
      const result = await call('grid.update', { grid, expectedVersion: version.version });
      if (result.ok) {
        reset(toForm(result.value.grid));
        setVersion(result.value);
        setRemovals([]);
        setOutcome({ kind: 'saved' });
        return;
      }
      const details = result.error.details ?? [];
      const removed = details.flatMap((d) => {
        const id = /^grid\.removed\.(\w+)$/.exec(d.field)?.[1];
        return id ? [{ criterionId: id, message: d.message }] : [];
      });
      setRemovals(removed);
      const placed = details.filter((d) => d.field.startsWith('grid.axes') || d.field.startsWith('grid.thresholds'));
      for (const d of placed) setError(d.field.slice('grid.'.length) as Path<GridForm>, { message: d.message });
      setOutcome(refusedOutcome(result.error, placed.map((d) => ({ message: d.message, fieldId: fieldId(d.field) }))));
    },
    (invalid) => {
      const items = Object.keys(flatten(invalid)).map((path) => ({ message: messageAt(invalid, path)!, fieldId: idOf(path) }));
      setOutcome({ kind: 'invalid', items });
    },
  );

  /** Puts a removed criterion back where it was, then saves again: the session keeps scoring it. */
  const keep = (criterionId: string) => {
    const before = version.grid.axes.find((axis) => axis.criteria.some((c) => c.id === criterionId));
    const criterion = before?.criteria.find((c) => c.id === criterionId);
    if (!before || !criterion) return;
    const form = getValues();
    const a = Math.max(
      0,
      form.axes.findIndex((axis) => axis.id === before.id),
    );
    const criteria = [...(form.axes[a]?.criteria ?? [])];
    criteria.splice(Math.min(before.criteria.indexOf(criterion), criteria.length), 0, criterionForm(criterion));
    setValue(`axes.${a}.criteria`, criteria, { shouldDirty: true });
    void save();
  };

  const addAxis = () => {
    const taken = getValues().axes.map((axis) => axis.id);
    const allCriteria = getValues().axes.flatMap((axis) => axis.criteria.map((c) => c.id));
    axes.append(
      { id: freshId('axe', taken), label: '', optional: false, criteria: [blankCriterion(allCriteria)] },
      { focusName: `axes.${axes.fields.length}.label` },
    );
  };

  const watched = useWatch({ control, name: 'axes' });
  const total = watched.reduce((sum, axis) => sum + typedTotal(axis.criteria), 0);
  const favorable = useWatch({ control, name: 'thresholds.favorable' });
  const reservations = useWatch({ control, name: 'thresholds.reservations' });
  const pointsAt = (percent: number | undefined) =>
    percent !== undefined && Number.isFinite(percent) ? ` (${countOf(Math.ceil((percent * total) / 100), 'point')})` : '';

  return (
    <form noValidate onSubmit={(event) => void save(event)} aria-labelledby="grid-editor-title">
      <h2 id="grid-editor-title" className="fr-h5">
        {version.version === 0 ? 'Grille par défaut, pas encore enregistrée' : `Version ${version.version} en vigueur`}
        {version.createdAt ? `, du ${formatShortDay(version.createdAt)}` : ''}
      </h2>
      <SaveOutcomeMessage
        outcome={outcome}
        outcomeRef={outcomeRef}
        saved={{
          title: `Grille enregistrée : version ${version.version}.`,
          description: 'Les prochaines séances seront notées avec elle ; les séances déjà créées gardent leur version.',
        }}
        refusedTitle="La grille n'a pas été enregistrée"
        onReload={onReload}
      />
      {removals.map((removal) => (
        <Alert
          key={removal.criterionId}
          className="fr-mb-2w"
          severity="warning"
          title="Critère encore noté dans une séance en cours"
          description={
            <>
              <span className="fr-mb-1w" style={{ display: 'block' }}>
                {removal.message}
              </span>
              <Button type="button" size="small" priority="secondary" onClick={() => keep(removal.criterionId)}>
                Garder ce critère jusqu'à la clôture de la séance
              </Button>
            </>
          }
        />
      ))}

      <p className="app-score fr-mb-3w" aria-live="polite" id="grid-total">
        Total de la grille : <strong>{countOf(total, 'point')}</strong>
      </p>

      {axes.fields.map((axis, a) => (
        <AxisFields key={axis.key} row={rowOf(axes, a)} form={{ control, register, errors }} />
      ))}
      {messageAt(errors, 'axes') && <p className="fr-error-text">{messageAt(errors, 'axes')}</p>}
      <Button type="button" priority="secondary" iconId="fr-icon-add-line" className="fr-mb-4w" onClick={addAxis}>
        Ajouter un axe
      </Button>

      <fieldset className="fr-fieldset app-section">
        <legend className="fr-fieldset__legend">Seuils de l'avis suggéré, en pourcentage du total</legend>
        <div className="fr-grid-row fr-grid-row--gutters fr-col-12">
          <TextInput
            register={register}
            errors={errors}
            path="thresholds.favorable"
            numeric
            className="fr-col-12 fr-col-md-6"
            label="Avis favorable à partir de (%)"
            hint={`Ex. : 60${pointsAt(favorable)}`}
          />
          <TextInput
            register={register}
            errors={errors}
            path="thresholds.reservations"
            numeric
            className="fr-col-12 fr-col-md-6"
            label="Avis favorable sous réserve à partir de (%)"
            hint={`Inférieur au précédent ; en dessous, avis défavorable. Ex. : 45${pointsAt(reservations)}`}
          />
        </div>
      </fieldset>

      <Button type="submit" iconId="fr-icon-save-line" disabled={isSubmitting}>
        {isSubmitting ? 'Enregistrement…' : 'Enregistrer une nouvelle version de la grille'}
      </Button>
    </form>
  );
}

/** Every path with a message, to list them at the top of the form. */
function flatten(errors: object, prefix = ''): Record<string, true> {
  const out: Record<string, true> = {};
  for (const [key, value] of Object.entries(errors)) {
    if (key === 'ref' || key === 'type' || key === 'types' || value === undefined || value === null) continue;
    if (key === 'message') out[prefix] = true;
    else if (key === 'root') Object.assign(out, flatten(value as object, prefix));
    else if (typeof value === 'object') Object.assign(out, flatten(value as object, prefix ? `${prefix}.${key}` : key));
  }
  return out;
}

const blankChoice: ChoiceForm = { id: '', label: '', points: undefined, from: undefined };

function blankCriterion(taken: readonly string[]): CriterionForm {
  return { id: freshId('critere', taken), label: '', help: '', max: 5, scaleKind: 'free', scale: [], source: '' };
}

interface FormParts extends FieldProps {
  control: Control<GridForm, unknown, ScoringGrid>;
}

function AxisFields({ row, form }: { row: RowProps; form: FormParts }) {
  const { control, register, errors } = form;
  const a = row.index;
  const criteria = useFieldArray({ control, name: `axes.${a}.criteria`, keyName: 'key' });
  const label = useWatch({ control, name: `axes.${a}.label` });
  const watched = useWatch({ control, name: `axes.${a}.criteria` });
  const allIds = useWatch({ control, name: 'axes' }).flatMap((axis) => axis.criteria.map((c) => c.id));
  const what = `l'axe ${a + 1}${label ? ` « ${label} »` : ''}`;
  const listError = messageAt(errors, `axes.${a}.criteria`);
  return (
    <fieldset className="fr-fieldset app-section app-grid-axis" aria-labelledby={`grid-axis-${a}-legend`}>
      <legend id={`grid-axis-${a}-legend`} className="fr-fieldset__legend fr-h6">
        Axe {a + 1}
        {label ? ` — ${label}` : ''} : {countOf(typedTotal(watched), 'point')}
      </legend>
      <div className="fr-grid-row fr-grid-row--gutters fr-col-12">
        <TextInput register={register} errors={errors} path={`axes.${a}.label`} className="fr-col-12 fr-col-md-7" label="Libellé de l'axe" />
        <TextInput
          register={register}
          errors={errors}
          path={`axes.${a}.id`}
          className="fr-col-12 fr-col-md-5"
          label="Identifiant de l'axe"
          hint="Lettres sans accent, chiffres et « _ »"
        />
        <Checkbox
          id={idOf(`axes.${a}.optional`)}
          className="fr-col-12"
          options={[
            {
              label: 'Axe facultatif',
              hintText: 'Il peut être écarté pour un dossier (par exemple le budget quand aucune aide n’est sollicitée).',
              nativeInputProps: register(`axes.${a}.optional`),
            },
          ]}
        />
      </div>
      {criteria.fields.map((criterion, i) => (
        <CriterionFields key={criterion.key} axis={a} row={rowOf(criteria, i)} form={form} />
      ))}
      {listError && <p className="fr-error-text fr-col-12">{listError}</p>}
      <div className="fr-col-12">
        <Button
          type="button"
          priority="secondary"
          size="small"
          iconId="fr-icon-add-line"
          onClick={() => criteria.append(blankCriterion(allIds), { focusName: `axes.${a}.criteria.${criteria.fields.length}.label` })}
        >
          Ajouter un critère <span className="fr-sr-only">à {what}</span>
        </Button>
        <RowActions what={what} {...row} />
      </div>
    </fieldset>
  );
}

function CriterionFields({ axis: a, row, form }: { axis: number; row: RowProps; form: FormParts }) {
  const { control, register, errors } = form;
  const i = row.index;
  const base = `axes.${a}.criteria.${i}` as const;
  const scale = useFieldArray({ control, name: `${base}.scale`, keyName: 'key' });
  const [label, scaleKind, source] = useWatch({ control, name: [`${base}.label`, `${base}.scaleKind`, `${base}.source`] });
  const facts = source ? sourceFactsOf(source) : null;
  const what = `le critère ${a + 1}.${i + 1}${label ? ` « ${label} »` : ''}`;
  const scaleError = messageAt(errors, `${base}.scale`);
  const sourceError = messageAt(errors, `${base}.source`);
  const kindError = messageAt(errors, `${base}.scaleKind`);
  return (
    <fieldset className="fr-fieldset app-subsection fr-col-12" aria-labelledby={`grid-criterion-${a}-${i}-legend`}>
      <legend id={`grid-criterion-${a}-${i}-legend`} className="fr-fieldset__legend fr-text--md">
        Critère {a + 1}.{i + 1}
        {label ? ` — ${label}` : ''}
      </legend>
      <div className="fr-grid-row fr-grid-row--gutters fr-col-12">
        <TextInput register={register} errors={errors} path={`${base}.label`} className="fr-col-12 fr-col-md-6" label="Libellé du critère" />
        <TextInput
          register={register}
          errors={errors}
          path={`${base}.id`}
          className="fr-col-12 fr-col-md-4"
          label="Identifiant du critère"
          hint="Unique dans la grille"
        />
        <TextInput register={register} errors={errors} path={`${base}.max`} numeric className="fr-col-12 fr-col-md-2" label="Maximum (points)" />
        <TextInput register={register} errors={errors} path={`${base}.help`} className="fr-col-12" label="Aide à la notation (facultatif)" />
        <Select
          className="fr-col-12 fr-col-md-6"
          label="Barème"
          state={kindError ? 'error' : 'default'}
          stateRelatedMessage={kindError}
          nativeSelectProps={{ id: idOf(`${base}.scaleKind`), ...register(`${base}.scaleKind`) }}
        >
          <option value="free">Points libres, de 0 au maximum</option>
          <option value="choices">Niveaux nommés, avec leurs points</option>
        </Select>
        <Select
          className="fr-col-12 fr-col-md-6"
          label="Note suggérée à partir du dossier"
          hint="Demande des niveaux nommés."
          state={sourceError ? 'error' : 'default'}
          stateRelatedMessage={sourceError}
          nativeSelectProps={{ id: idOf(`${base}.source`), ...register(`${base}.source`) }}
        >
          <option value="">Aucune : appréciée par l'évaluateur</option>
          {suggestionSources.map((s) => (
            <option key={s} value={s}>
              {suggestionSourceLabels[s]}
            </option>
          ))}
        </Select>
      </div>
      {scaleKind === 'choices' && (
        <div className="fr-col-12 fr-pl-2w">
          <p className="fr-hint-text fr-mb-1w">
            {facts === 'number'
              ? 'Chaque niveau couvre une tranche : de son début (inclus) au début du niveau suivant (exclu) ; l’un des niveaux commence à 0.'
              : facts
                ? `Les identifiants des niveaux que le dossier suggère : ${facts.join(', ')}.`
                : 'Chaque niveau vaut un nombre de points différent ; l’un atteint le maximum.'}
          </p>
          {scale.fields.map((choice, k) => (
            <div key={choice.key} className="fr-grid-row fr-grid-row--gutters app-grid-choice">
              <TextInput register={register} errors={errors} path={`${base}.scale.${k}.label`} className="fr-col-12 fr-col-md-4" label={`Niveau ${k + 1} : libellé`} />
              <TextInput register={register} errors={errors} path={`${base}.scale.${k}.id`} className="fr-col-6 fr-col-md-3" label="Identifiant" />
              <TextInput register={register} errors={errors} path={`${base}.scale.${k}.points`} numeric className="fr-col-6 fr-col-md-2" label="Points" />
              {facts === 'number' && (
                <TextInput
                  register={register}
                  errors={errors}
                  path={`${base}.scale.${k}.from`}
                  numeric
                  className="fr-col-6 fr-col-md-2"
                  label="À partir de"
                />
              )}
              <div className="fr-col-6 fr-col-md-1">
                <Button
                  type="button"
                  priority="tertiary no outline"
                  iconId="fr-icon-delete-line"
                  title={`Retirer le niveau ${k + 1} du ${what.slice(3)}`}
                  onClick={() => scale.remove(k)}
                />
              </div>
            </div>
          ))}
          {scaleError && <p className="fr-error-text">{scaleError}</p>}
          <Button type="button" size="small" priority="tertiary" iconId="fr-icon-add-line" onClick={() => scale.append(blankChoice, { focusName: `${base}.scale.${scale.fields.length}.label` })}>
            Ajouter un niveau <span className="fr-sr-only">au {what.slice(3)}</span>
          </Button>
        </div>
      )}
      <div className="fr-col-12">
        <RowActions what={what} {...row} />
      </div>
    </fieldset>
  );
}
