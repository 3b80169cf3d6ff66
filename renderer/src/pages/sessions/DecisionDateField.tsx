import { Input } from '@codegouvfr/react-dsfr/Input';
import { formatDay } from '../../format';
import { localToday } from '../documents/labels';

/**
 * The date of an ARS decision, bounded as the handler checks it: from the session's day to today
 * on this computer's calendar. The handler has the last word; its message comes back as `error`.
 */
export function DecisionDateField({
  id,
  label,
  sessionDate,
  value,
  error,
  onChange,
  className,
}: {
  id: string;
  label: string;
  sessionDate: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  className?: string;
}) {
  const today = localToday();
  const hint =
    sessionDate <= today
      ? `Du ${formatDay(sessionDate)}, jour de la séance, à aujourd'hui (${formatDay(today)}).`
      : `À partir du ${formatDay(sessionDate)}, jour de la séance.`;
  return (
    <Input
      className={className}
      label={label}
      hintText={hint}
      {...(error ? ({ state: 'error', stateRelatedMessage: error } as const) : ({ state: 'default' } as const))}
      nativeInputProps={{
        id,
        name: id,
        type: 'date',
        value,
        min: sessionDate,
        max: today,
        'aria-invalid': error ? true : undefined,
        onChange: (event) => onChange(event.target.value),
      }}
    />
  );
}
