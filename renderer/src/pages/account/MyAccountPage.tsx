import { zodResolver } from '@hookform/resolvers/zod';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { changePasswordSchema, roleLabels } from '../../../../shared/accounts';
import type { z } from '../../../../shared/validation';
import { call } from '../../api';
import { useAuth } from '../../auth';
import { RegisteredInput } from '../../components/fields';
import { Page } from '../../components/Page';
import { sectionRefusal, SaveOutcomeMessage, useSaveOutcome } from '../../components/SaveOutcome';
import { fieldId } from '../../forms';

type Form = z.infer<typeof changePasswordSchema>;

/** The signed-in account: its role, and its password to change. */
export function MyAccountPage() {
  const { status, setStatus } = useAuth();
  const { register, handleSubmit, setError, reset, formState } = useForm<Form>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: { current: '', next: '' },
  });
  const { outcome, setOutcome, outcomeRef } = useSaveOutcome();
  const [saved, setSaved] = useState(false);
  const account = status.account;
  const change = handleSubmit(async (values) => {
    const result = await call('auth.changePassword', values);
    if (!result.ok) return setOutcome(sectionRefusal('', result.error, (field, message) => setError(field as Path<Form>, { message })));
    setStatus(result.value);
    reset();
    setSaved(true);
    setOutcome({ kind: 'saved' });
  });
  if (!account) return <Page title="Mon compte" lead="Cette base n'a pas de compte : chacun y a tous les droits." />;
  return (
    <Page title="Mon compte" lead={`${account.displayName} (${account.login}), rôle : ${roleLabels[account.role]}.`}>
      <form noValidate onSubmit={(event) => void change(event)} aria-labelledby="password-title">
        <h2 id="password-title" className="fr-h5">
          Changer de mot de passe
        </h2>
        <SaveOutcomeMessage
          outcome={outcome}
          outcomeRef={outcomeRef}
          saved={saved ? { description: 'Le nouveau mot de passe est enregistré.' } : null}
          refusedTitle="Le mot de passe n'a pas été changé"
        />
        <div className="fr-grid-row fr-grid-row--gutters">
          <RegisteredInput
            className="fr-col-12 fr-col-md-6"
            id={fieldId('current')}
            label="Mot de passe actuel"
            error={formState.errors.current?.message}
            input={{ type: 'password', autoComplete: 'current-password', ...register('current') }}
          />
          <RegisteredInput
            className="fr-col-12 fr-col-md-6"
            id={fieldId('next')}
            label="Nouveau mot de passe"
            hint="Au moins 10 caractères."
            error={formState.errors.next?.message}
            input={{ type: 'password', autoComplete: 'new-password', ...register('next') }}
          />
        </div>
        <Button type="submit" iconId="fr-icon-lock-line" disabled={formState.isSubmitting}>
          Changer de mot de passe
        </Button>
      </form>
    </Page>
  );
}
