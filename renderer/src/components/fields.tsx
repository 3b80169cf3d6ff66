import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { Upload } from '@codegouvfr/react-dsfr/Upload';
import type { HTMLAttributes, InputHTMLAttributes, KeyboardEventHandler, ReactNode } from 'react';

/** What every form field shares: a label, an id the error summary and tests rely on, an error. */
interface FieldProps {
  id: string;
  label: string;
  hint?: ReactNode;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  /** Grid classes, e.g. "fr-col-12 fr-col-md-6". */
  className?: string;
  required?: boolean;
  /** In a table row the column header says what the field is: the label stays for screen readers. */
  hideLabel?: boolean;
}

const labelOf = (label: string, hideLabel: boolean | undefined) =>
  hideLabel ? <span className="fr-sr-only">{label}</span> : label;

const errorState = (error: string | undefined) =>
  error ? ({ state: 'error', stateRelatedMessage: error } as const) : ({ state: 'default' } as const);

/**
 * An input a react-hook-form registers (`input` carries its props): the DSFR input with its
 * error, said to screen readers, and no autocompletion.
 */
export function RegisteredInput({ id, label, hint, error, className, input }: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  className?: string;
  input: InputHTMLAttributes<HTMLInputElement>;
}) {
  return (
    <Input
      className={className}
      label={label}
      hintText={hint}
      {...errorState(error)}
      nativeInputProps={{ id, autoComplete: 'off', 'aria-invalid': error ? true : undefined, ...input }}
    />
  );
}

/** Radio buttons a react-hook-form registers (`input`): one choice among `options`, its error beside the legend. */
export function RegisteredRadios({ id, legend, error, options, input }: {
  id: string;
  legend: string;
  error?: string;
  options: { value: string; label: string; hint?: string }[];
  input: InputHTMLAttributes<HTMLInputElement>;
}) {
  return (
    <RadioButtons
      id={id}
      legend={legend}
      {...errorState(error)}
      options={options.map(({ value, label, hint }) => ({ label, hintText: hint, nativeInputProps: { ...input, value } }))}
    />
  );
}

/** An error wins; otherwise a live note below the input (what the app makes of the value). */
const messageState = (error: string | undefined, note: ReactNode) =>
  !error && note ? ({ state: 'info', stateRelatedMessage: note } as const) : errorState(error);

export function TextField({
  id,
  label,
  hint,
  value,
  error,
  onChange,
  className,
  required,
  type = 'text',
  autoComplete,
  inputMode,
  list,
  note,
  hideLabel,
  onKeyDown,
}: FieldProps & {
  type?: 'text' | 'email' | 'tel' | 'search' | 'date' | 'time' | 'datetime-local';
  autoComplete?: string;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  /** The id of a <datalist> of suggestions. */
  list?: string;
  note?: ReactNode;
  onKeyDown?: KeyboardEventHandler<HTMLInputElement>;
}) {
  return (
    <Input
      className={className}
      label={labelOf(label, hideLabel)}
      hintText={hint}
      {...messageState(error, note)}
      nativeInputProps={{
        id,
        name: id,
        type,
        value,
        autoComplete,
        inputMode,
        list,
        'aria-required': required,
        'aria-invalid': error ? true : undefined,
        onChange: (event) => onChange(event.target.value),
        onKeyDown,
      }}
    />
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  id,
  label,
  hint,
  value,
  error,
  onChange,
  className,
  required,
  options,
  placeholder,
  allowEmpty,
  hideLabel,
}: FieldProps & {
  options: readonly Option[];
  placeholder: string;
  /** The placeholder is a choice too ("Non renseigné", "Tous les types"), not only a prompt. */
  allowEmpty?: boolean;
}) {
  return (
    <Select
      className={className}
      label={labelOf(label, hideLabel)}
      hint={hint}
      {...errorState(error)}
      nativeSelectProps={{
        id,
        name: id,
        value,
        'aria-required': required,
        'aria-invalid': error ? true : undefined,
        onChange: (event) => onChange(event.target.value),
      }}
    >
      <option value="" disabled={!allowEmpty} hidden={!allowEmpty}>
        {placeholder}
      </option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </Select>
  );
}

export function TextAreaField({
  id,
  label,
  hint,
  value,
  error,
  onChange,
  className,
  required,
  rows = 4,
}: FieldProps & { rows?: number }) {
  return (
    <Input
      className={className}
      label={label}
      hintText={hint}
      textArea
      {...errorState(error)}
      nativeTextAreaProps={{
        id,
        name: id,
        rows,
        value,
        'aria-required': required,
        'aria-invalid': error ? true : undefined,
        onChange: (event) => onChange(event.target.value),
      }}
    />
  );
}

const answers = [
  { value: 'true', label: 'Oui' },
  { value: 'false', label: 'Non' },
  { value: '', label: 'Non renseigné' },
] as const;

/** A yes / no question the dossier may leave unanswered; the value is 'true', 'false' or ''. */
export function AnswerField({ id, label, hint, value, error, onChange, className }: FieldProps) {
  return (
    <RadioButtons
      id={id}
      className={className}
      legend={label}
      hintText={hint}
      orientation="horizontal"
      {...errorState(error)}
      options={answers.map((answer) => ({
        label: answer.label,
        nativeInputProps: {
          name: id,
          value: answer.value,
          checked: value === answer.value,
          onChange: () => onChange(answer.value),
        },
      }))}
    />
  );
}

/** A file input; the parent reads the chosen file (the input itself stays uncontrolled). */
export function FileField({
  id,
  label,
  hint,
  error,
  accept,
  onChange,
  className,
}: Omit<FieldProps, 'value' | 'onChange' | 'required'> & { accept?: string; onChange: (file: File | null) => void }) {
  return (
    <Upload
      className={className}
      label={label}
      // Without a hint the design system writes its own, about images and 500 Mo.
      hint={hint ?? ''}
      {...errorState(error)}
      nativeInputProps={{
        id,
        accept,
        'aria-invalid': error ? true : undefined,
        onChange: (event) => onChange(event.target.files?.[0] ?? null),
      }}
    />
  );
}

/** A titled group of fields laid out on the DSFR grid. */
export function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <fieldset className="fr-fieldset app-section">
      <legend className="fr-fieldset__legend">
        <h2 className="fr-h5 fr-mb-1v">{title}</h2>
        {hint && <span className="fr-hint-text">{hint}</span>}
      </legend>
      <div className="fr-fieldset__element">
        <div className="fr-grid-row fr-grid-row--gutters">{children}</div>
      </div>
    </fieldset>
  );
}
