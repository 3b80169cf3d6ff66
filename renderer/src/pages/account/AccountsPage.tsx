import { zodResolver } from '@hookform/resolvers/zod';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useCallback, useEffect, useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import {
  accountFieldsSchema,
  accountProblems,
  loginSchema,
  passwordSchema,
  roleLabels,
  roles,
  type Account,
} from '../../../../shared/accounts';
import type { RosterMember } from '../../../../shared/session';
import { z } from '../../../../shared/validation';
import { call } from '../../api';
import { useAuth } from '../../auth';
import { DataTable } from '../../components/DataTable';
import { RegisteredInput, RegisteredRadios } from '../../components/fields';
import { Page } from '../../components/Page';
import { sectionRefusal, SaveOutcomeMessage, useSaveOutcome } from '../../components/SaveOutcome';
import { formatInstant } from '../../format';
import { fieldId } from '../../forms';

const roleHints: Record<Account['role'], string> = {
  secretariat: 'Tout : dossiers, séances, documents, paramètres et comptes.',
  instructor: 'Les dossiers de ses départements : les lire, les modifier, les noter.',
  member: 'Les dossiers des séances où il siège : les lire, saisir sa grille, déclarer ses liens d’intérêts.',
  readonly: 'Tout lire, ne rien modifier.',
};

const passwordHint = 'Au moins 10 caractères ; à transmettre à la personne, qui pourra le changer.';

/** The account form as typed: départements as text, the member as the select's value; then the shared schema's rules. */
function formSchemaFor(creating: boolean) {
  return z
    .object({
      login: loginSchema,
      displayName: accountFieldsSchema.shape.displayName,
      role: z.enum(roles),
      departments: z.string().transform((text) => text.split(/[\s,;]+/).filter(Boolean)),
      memberId: z.string().transform((value) => (value ? Number(value) : null)),
      windowsUser: z.string().trim().max(200),
      password: creating ? passwordSchema : z.string(),
    })
    .superRefine((fields, ctx) => {
      for (const problem of accountProblems(fields)) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    });
}
type FormInput = z.input<ReturnType<typeof formSchemaFor>>;
type FormOutput = z.output<ReturnType<typeof formSchemaFor>>;

const blank: FormInput = { login: '', displayName: '', role: 'member', departments: '', memberId: '', windowsUser: '', password: '' };
const toForm = (account: Account): FormInput => ({
  login: account.login,
  displayName: account.displayName,
  role: account.role,
  departments: account.departments.join(', '),
  memberId: account.memberId === null ? '' : String(account.memberId),
  windowsUser: account.windowsUser,
  password: '',
});

const memberName = (m: RosterMember) => `${m.firstName} ${m.lastName}${m.organisation ? ` (${m.organisation})` : ''}`;

/** Paramètres › Comptes: who signs in and with which role; the first account while there is none. */
export function AccountsPage() {
  const { status } = useAuth();
  return (
    <Page
      title="Comptes"
      lead="Chaque personne se connecte avec son identifiant et son mot de passe (ou sa session Windows, si vous la reliez à son compte). Le rôle dit ce qu'elle peut faire ; chaque modification du journal nomme son compte."
    >
      {status.accountsExist ? <Accounts /> : <FirstAccount />}
    </Page>
  );
}

const firstSchema = z.object({ login: loginSchema, displayName: accountFieldsSchema.shape.displayName, password: passwordSchema });
type First = z.infer<typeof firstSchema>;

/** The first account is the secretariat's; from then on, everyone signs in. */
function FirstAccount() {
  const { setStatus } = useAuth();
  const { register, handleSubmit, setError, formState } = useForm<First>({
    resolver: zodResolver(firstSchema),
    defaultValues: { login: '', displayName: '', password: '' },
  });
  const { outcome, setOutcome, outcomeRef } = useSaveOutcome();
  const create = handleSubmit(async (values) => {
    const result = await call('auth.createFirstAccount', values);
    if (result.ok) setStatus(result.value);
    else setOutcome(sectionRefusal('', result.error, (field, message) => setError(field as Path<First>, { message })));
  });
  return (
    <form noValidate onSubmit={(event) => void create(event)} aria-labelledby="first-account-title">
      <h2 id="first-account-title" className="fr-h5">
        Créer le premier compte
      </h2>
      <p>
        Cette base n'a pas encore de compte : chacun y a tous les droits. Le premier compte est celui du secrétariat ; dès qu'il
        existe, chaque poste demande de se connecter.
      </p>
      <SaveOutcomeMessage outcome={outcome} outcomeRef={outcomeRef} saved={null} refusedTitle="Le compte n'a pas été créé" />
      <div className="fr-grid-row fr-grid-row--gutters">
        <RegisteredInput className="fr-col-12 fr-col-md-4" id={fieldId('login')} label="Identifiant" hint="Ex. : cperrin" error={formState.errors.login?.message} input={register('login')} />
        <RegisteredInput className="fr-col-12 fr-col-md-4" id={fieldId('displayName')} label="Nom affiché" hint="Ex. : Claire Perrin" error={formState.errors.displayName?.message} input={register('displayName')} />
        <RegisteredInput
          className="fr-col-12 fr-col-md-4"
          id={fieldId('password')}
          label="Mot de passe"
          hint="Au moins 10 caractères."
          error={formState.errors.password?.message}
          input={{ type: 'password', autoComplete: 'new-password', ...register('password') }}
        />
      </div>
      <Button type="submit" iconId="fr-icon-user-add-line" disabled={formState.isSubmitting}>
        Créer le compte du secrétariat
      </Button>
    </form>
  );
}

function Accounts() {
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [members, setMembers] = useState<RosterMember[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  /** The account being edited; null: a new one. */
  const [editing, setEditing] = useState<Account | null>(null);
  const [notice, setNotice] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);

  const reload = useCallback(async () => {
    const [list, roster] = await Promise.all([call('accounts.list', {}), call('members.list', {})]);
    if (!list.ok) return setFailure(list.error.message);
    setAccounts(list.value);
    if (roster.ok) setMembers(roster.value);
  }, []);
  useEffect(() => void reload(), [reload]);

  if (failure) return <Alert severity="error" title="Les comptes n'ont pas pu être chargés" description={failure} />;
  if (!accounts) return <p aria-live="polite">Chargement des comptes…</p>;

  const toggle = async (account: Account) => {
    const result = await call('accounts.disable', { id: account.id, disabled: !account.disabled });
    setNotice(
      result.ok
        ? { severity: 'success', text: `Le compte « ${account.login} » est ${account.disabled ? 'réactivé' : 'désactivé'}.` }
        : { severity: 'error', text: result.error.message },
    );
    await reload();
  };
  const memberOf = (id: number | null) => members.find((m) => m.id === id);

  return (
    <>
      <div aria-live="polite">{notice && <Alert className="fr-mb-3w" severity={notice.severity} small description={notice.text} />}</div>
      <DataTable
        caption="Comptes de l'agence"
        headers={['Identifiant', 'Nom', 'Rôle', 'Portée', 'Session Windows', 'Dernière connexion', 'Actions']}
        rows={accounts.map((account) => ({
          key: account.id,
          cells: [
            account.login,
            account.displayName,
            <>
              {roleLabels[account.role]}
              {account.disabled && (
                <Badge as="span" small severity="warning" className="fr-ml-1w">
                  Désactivé
                </Badge>
              )}
            </>,
            account.role === 'instructor'
              ? `Départements ${account.departments.join(', ')}`
              : account.role === 'member'
                ? (memberOf(account.memberId) ? memberName(memberOf(account.memberId)!) : `Membre ${account.memberId}`)
                : 'Tous les dossiers',
            account.windowsUser || '—',
            account.lastSignInAt ? formatInstant(account.lastSignInAt) : 'Jamais',
            <ul key="actions" className="fr-btns-group fr-btns-group--sm fr-btns-group--inline">
              <li>
                <Button size="small" priority="secondary" onClick={() => setEditing(account)} title={`Modifier le compte ${account.login}`}>
                  Modifier
                </Button>
              </li>
              <li>
                <Button size="small" priority="tertiary" onClick={() => void toggle(account)} title={`${account.disabled ? 'Réactiver' : 'Désactiver'} le compte ${account.login}`}>
                  {account.disabled ? 'Réactiver' : 'Désactiver'}
                </Button>
              </li>
            </ul>,
          ],
        }))}
      />
      <AccountForm
        key={editing?.id ?? 'new'}
        account={editing}
        members={members}
        onSaved={(text) => {
          setEditing(null);
          setNotice({ severity: 'success', text });
          void reload();
        }}
        onCancel={() => setEditing(null)}
      />
    </>
  );
}

function AccountForm({
  account,
  members,
  onSaved,
  onCancel,
}: {
  account: Account | null;
  members: RosterMember[];
  onSaved: (notice: string) => void;
  onCancel: () => void;
}) {
  const creating = account === null;
  const { register, handleSubmit, setError, watch, formState } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(formSchemaFor(creating)),
    defaultValues: account ? toForm(account) : blank,
  });
  const { outcome, setOutcome, outcomeRef } = useSaveOutcome();
  const role = watch('role');
  const [reset, setReset] = useState('');
  const [resetOutcome, setResetOutcome] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);

  const refused = (error: Parameters<typeof sectionRefusal>[1]) =>
    setOutcome(sectionRefusal('account', error, (field, message) => setError(field as Path<FormInput>, { message })));
  const save = handleSubmit(async ({ password, ...fields }) => {
    const result = account ? await call('accounts.save', { id: account.id, account: fields }) : await call('accounts.save', { account: { ...fields, password } });
    if (result.ok) onSaved(`Le compte « ${result.value.login} » est ${creating ? 'créé' : 'enregistré'}.`);
    else refused(result.error);
  });
  const resetPassword = async () => {
    if (!account) return;
    const result = await call('accounts.resetPassword', { id: account.id, password: reset });
    setResetOutcome(result.ok ? { severity: 'success', text: 'Le nouveau mot de passe est enregistré : transmettez-le à la personne.' } : { severity: 'error', text: result.error.message });
    if (result.ok) setReset('');
  };
  const text = (name: 'login' | 'displayName' | 'windowsUser' | 'departments', label: string, hint: string, className = 'fr-col-12 fr-col-md-4') => (
    <RegisteredInput className={className} id={fieldId(`account.${name}`)} label={label} hint={hint} error={formState.errors[name]?.message} input={register(name)} />
  );

  return (
    <>
    <form className="fr-mt-6w" noValidate onSubmit={(event) => void save(event)} aria-labelledby="account-form-title">
      <h2 id="account-form-title" className="fr-h5">
        {creating ? 'Nouveau compte' : `Modifier le compte « ${account.login} »`}
      </h2>
      <SaveOutcomeMessage outcome={outcome} outcomeRef={outcomeRef} saved={null} refusedTitle="Le compte n'a pas été enregistré" />
      <div className="fr-grid-row fr-grid-row--gutters">
        {text('login', 'Identifiant', 'Lettres, chiffres et . _ @ - ; ex. : imartin')}
        {text('displayName', 'Nom affiché', 'Ex. : Inès Martin')}
        {creating && (
          <RegisteredInput
            className="fr-col-12 fr-col-md-4"
            id={fieldId('account.password')}
            label="Mot de passe"
            hint={passwordHint}
            error={formState.errors.password?.message}
            input={{ type: 'password', autoComplete: 'new-password', ...register('password') }}
          />
        )}
      </div>
      <RegisteredRadios
        id={fieldId('account.role')}
        legend="Rôle"
        error={formState.errors.role?.message}
        options={roles.map((value) => ({
          value,
          label: roleLabels[value].charAt(0).toUpperCase() + roleLabels[value].slice(1),
          hint: roleHints[value],
        }))}
        input={register('role')}
      />
      <div className="fr-grid-row fr-grid-row--gutters">
        {role === 'instructor' && text('departments', 'Départements', 'Leurs codes, séparés par des virgules ; ex. : 59, 62')}
        {role === 'member' && (
          <Select
            className="fr-col-12 fr-col-md-4"
            label="Membre de la commission"
            hint="Ses séances et sa grille de notation"
            state={formState.errors.memberId ? 'error' : 'default'}
            stateRelatedMessage={formState.errors.memberId?.message}
            nativeSelectProps={{ id: fieldId('account.memberId'), ...register('memberId') }}
          >
            <option value="">Choisir un membre</option>
            {members.map((m) => (
              <option key={m.id} value={String(m.id)}>
                {memberName(m)}
              </option>
            ))}
          </Select>
        )}
        {text('windowsUser', 'Session Windows (facultatif)', 'Le nom d’utilisateur Windows qui se connecte sans mot de passe sur ce compte')}
      </div>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <Button type="submit" iconId={creating ? 'fr-icon-user-add-line' : 'fr-icon-save-line'} disabled={formState.isSubmitting}>
            {creating ? 'Créer le compte' : 'Enregistrer le compte'}
          </Button>
        </li>
        {!creating && (
          <li>
            <Button type="button" priority="tertiary" onClick={onCancel}>
              Annuler
            </Button>
          </li>
        )}
      </ul>
    </form>
      {account && (
        <section className="fr-mt-2w" aria-labelledby="account-reset-title">
          <h3 id="account-reset-title" className="fr-h6">Nouveau mot de passe de « {account.login} »</h3>
          <div aria-live="polite">{resetOutcome && <Alert className="fr-mb-2w" severity={resetOutcome.severity} small description={resetOutcome.text} />}</div>
          <div className="fr-grid-row fr-grid-row--gutters">
            <RegisteredInput
              className="fr-col-12 fr-col-md-4"
              id="account-reset-password"
              label="Nouveau mot de passe"
              hint={passwordHint}
              input={{ type: 'password', autoComplete: 'new-password', value: reset, onChange: (event) => setReset(event.target.value) }}
            />
          </div>
          <Button type="button" priority="secondary" iconId="fr-icon-lock-line" onClick={() => void resetPassword()}>
            Réinitialiser le mot de passe
          </Button>
        </section>
      )}
    </>
  );
}
