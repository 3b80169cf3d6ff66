import { zodResolver } from '@hookform/resolvers/zod';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { loginSchema } from '../../../../shared/accounts';
import { z } from '../../../../shared/validation';
import { call } from '../../api';
import { useAuth } from '../../auth';
import { RegisteredInput } from '../../components/fields';
import { Page } from '../../components/Page';
import { fieldId } from '../../forms';

const formSchema = z.object({
  login: loginSchema,
  password: z.string().min(1, { error: 'Le mot de passe est obligatoire.' }).max(200),
});
type Form = z.infer<typeof formSchema>;

/** The only screen of a database with accounts while nobody is signed in on this machine. */
export function SignInPage() {
  const { status, setStatus } = useAuth();
  const { register, handleSubmit, formState } = useForm<Form>({ resolver: zodResolver(formSchema), defaultValues: { login: '', password: '' } });
  const [refusal, setRefusal] = useState<string | null>(null);

  const signIn = async (input: { login?: string; password?: string }) => {
    const result = await call('auth.signIn', input);
    if (result.ok) setStatus(result.value);
    else setRefusal(result.error.message);
  };

  return (
    <Page title="Connexion" lead="Cette base de données a des comptes : connectez-vous avec l'identifiant et le mot de passe que le secrétariat vous a donnés.">
      <div className="fr-grid-row">
        <form
          className="fr-col-12 fr-col-md-6"
          noValidate
          aria-labelledby="sign-in-title"
          onSubmit={(event) => void handleSubmit((values) => signIn(values))(event)}
        >
          <h2 id="sign-in-title" className="fr-h5">
            Se connecter
          </h2>
          <div aria-live="assertive">{refusal && <Alert className="fr-mb-3w" severity="error" small description={refusal} />}</div>
          <RegisteredInput
            id={fieldId('login')}
            label="Identifiant"
            error={formState.errors.login?.message}
            input={{ autoComplete: 'username', ...register('login') }}
          />
          <RegisteredInput
            id={fieldId('password')}
            label="Mot de passe"
            error={formState.errors.password?.message}
            input={{ type: 'password', autoComplete: 'current-password', ...register('password') }}
          />
          <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            <li>
              <Button type="submit" iconId="fr-icon-lock-unlock-line" disabled={formState.isSubmitting}>
                Se connecter
              </Button>
            </li>
            <li>
              <Button type="button" priority="secondary" iconId="fr-icon-computer-line" onClick={() => void signIn({})}>
                {`Avec la session Windows (${status.osUser})`}
              </Button>
            </li>
          </ul>
        </form>
      </div>
    </Page>
  );
}
