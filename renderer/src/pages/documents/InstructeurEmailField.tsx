import type { UseFormRegisterReturn } from 'react-hook-form';
import { RegisteredInput } from '../../components/fields';
import { fieldId } from '../../forms';

/** The instructor the Démarches Simplifiées token belongs to, asked wherever the app decides on the platform. */
export function InstructeurEmailField({ className, error, input }: { className?: string; error?: string; input: UseFormRegisterReturn<'instructeurEmail'> }) {
  return (
    <RegisteredInput
      id={fieldId('instructeurEmail')}
      className={className}
      label="Adresse électronique de l'instructeur (facultatif)"
      hint="Celle du compte à qui appartient le jeton, quand le groupe instructeur du dossier en compte plusieurs."
      error={error}
      input={{ type: 'email', ...input }}
    />
  );
}
