import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import type { HTMLAttributes, ReactNode } from 'react';

/** What every form field shares: a label, an id the error summary and tests rely on, an error. */
interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  /** Grid classes, e.g. "fr-col-12 fr-col-md-6". */
  className?: string;
  required?: boolean;
}

const errorState = (error: string | undefined) =>
  error ? ({ state: 'error', stateRelatedMessage: error } as const) : ({ state: 'default' } as const);

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
}: FieldProps & {
  type?: 'text' | 'email' | 'tel';
  autoComplete?: string;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
}) {
  return (
    <Input
      className={className}
      label={label}
      hintText={hint}
      {...errorState(error)}
      nativeInputProps={{
        id,
        name: id,
        type,
        value,
        autoComplete,
        inputMode,
        'aria-required': required,
        'aria-invalid': error ? true : undefined,
        onChange: (event) => onChange(event.target.value),
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
}: FieldProps & { options: readonly Option[]; placeholder: string }) {
  return (
    <Select
      className={className}
      label={label}
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
      <option value="" disabled hidden>
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
