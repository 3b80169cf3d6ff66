/** The grid editor's form: the grid as typed, and back, checked by the grid's own schema. */
import {
  axisMax,
  scoringGridSchema,
  type Criterion,
  type ScaleChoice,
  type ScoringGrid,
  type SuggestionSource,
} from './scoring';
import { z } from './validation';

/** A scale choice as typed: `from` is empty unless the criterion is suggested from a number. */
export interface ChoiceForm {
  id: string;
  label: string;
  points: number | undefined;
  from: number | undefined;
}

export interface CriterionForm {
  id: string;
  label: string;
  help: string;
  max: number | undefined;
  /** 'free': any whole number up to the maximum; 'choices': named levels. */
  scaleKind: 'free' | 'choices';
  scale: ChoiceForm[];
  /** '' when only a person can judge. */
  source: SuggestionSource | '';
}

export interface AxisForm {
  id: string;
  label: string;
  optional: boolean;
  criteria: CriterionForm[];
}

export interface GridForm {
  axes: AxisForm[];
  thresholds: { favorable: number | undefined; reservations: number | undefined };
}

const choiceForm = (choice: ScaleChoice): ChoiceForm => ({ ...choice, from: choice.from });

export const criterionForm = (c: Criterion): CriterionForm => ({
  id: c.id,
  label: c.label,
  help: c.help,
  max: c.max,
  scaleKind: c.scale ? 'choices' : 'free',
  scale: (c.scale ?? []).map(choiceForm),
  source: c.source ?? '',
});

export const toForm = (grid: ScoringGrid): GridForm => ({
  axes: grid.axes.map((axis) => ({
    id: axis.id,
    label: axis.label,
    optional: axis.optional,
    criteria: axis.criteria.map(criterionForm),
  })),
  thresholds: { ...grid.thresholds },
});

/** Numbers travel as typed (undefined or NaN when not a number): the grid's schema names the field. */
const choiceOf = ({ id, label, points, from }: ChoiceForm) =>
  ({ id, label, points, ...(from === undefined ? {} : { from }) }) as ScaleChoice;

/**
 * The grid the form stands for. An axis declares the sum of its criteria as its maximum, so that
 * the total shown while typing is the one saved.
 */
export function toGrid(form: GridForm): ScoringGrid {
  return {
    axes: form.axes.map((axis) => {
      const criteria = axis.criteria.map(
        (c): Criterion => ({
          id: c.id,
          label: c.label,
          help: c.help,
          max: c.max as number,
          scale: c.scaleKind === 'choices' ? c.scale.map(choiceOf) : null,
          source: c.source === '' ? null : c.source,
        }),
      );
      const sum = axisMax({ criteria });
      return { id: axis.id, label: axis.label, optional: axis.optional, max: Number.isInteger(sum) ? sum : null, criteria };
    }),
    thresholds: form.thresholds as ScoringGrid['thresholds'],
  };
}

/** The form checked by the grid's own schema: its messages land on the fields they name. */
export const gridFormSchema = z.custom<GridForm>().transform((form, ctx) => {
  const parsed = scoringGridSchema.safeParse(toGrid(form));
  if (parsed.success) return parsed.data;
  for (const { path, message } of parsed.error.issues) ctx.addIssue({ code: 'custom', path, message });
  return z.NEVER;
});

/** What a text input holds, as a number: empty is undefined, anything else that is not a number is NaN. */
export const typedNumber = (text: unknown) => {
  const compact = String(text ?? '').replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  return compact === '' ? undefined : Number(compact);
};

/** The total of the maxima as typed, ignoring what is not a number yet. */
export const typedTotal = (criteria: readonly { max: number | undefined }[]) =>
  criteria.reduce((sum, c) => sum + (Number.isInteger(c.max) ? c.max! : 0), 0);

/** An identifier not used yet: `prefix_1`, `prefix_2`… */
export function freshId(prefix: string, taken: readonly string[]): string {
  let n = 1;
  while (taken.includes(`${prefix}_${n}`)) n += 1;
  return `${prefix}_${n}`;
}
