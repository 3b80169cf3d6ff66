import { zodResolver } from '@hookform/resolvers/zod';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { fileStoreKinds, sharedDatabaseSchema, tlsModes, type FileStoreKind, type SharedDatabase, type TlsMode } from '../../../../shared/connection';
import type { Output } from '../../../../shared/contract';
import { z } from '../../../../shared/validation';
import { call } from '../../api';
import { RegisteredInput, RegisteredRadios } from '../../components/fields';
import { LoadState } from '../../components/LoadState';
import { Page } from '../../components/Page';
import { sectionRefusal, SaveOutcomeMessage, useSaveOutcome } from '../../components/SaveOutcome';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { fieldId } from '../../forms';

type View = Output<'connection.get'>;
type Tested = Output<'connection.test'>;

/** The form as typed: the port as text, the password empty when unchanged; then the shared schema's own bounds and messages. */
const formSchema = z.object({
  ...sharedDatabaseSchema.shape,
  port: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, { error: 'Le port est un nombre, 5432 le plus souvent.' })
    .transform(Number)
    .pipe(sharedDatabaseSchema.shape.port),
  password: z.string().max(200, { error: 'Le mot de passe ne doit pas dépasser 200 caractères.' }),
  // Left empty when the files go in the database.
  filesFolder: z
    .string()
    .trim()
    .transform((folder) => folder || undefined)
    .pipe(sharedDatabaseSchema.shape.filesFolder),
}).refine((c) => c.files === 'database' || c.filesFolder !== undefined, {
  path: ['filesFolder'],
  error: 'Indiquer le dossier partagé où garder les pièces et les documents.',
});
type FormInput = z.input<typeof formSchema>;
type FormOutput = z.output<typeof formSchema>;
type TextName = Exclude<keyof FormInput, 'tls' | 'files'>;

const blank: FormInput = { host: '', port: '5432', database: 'commission', user: '', password: '', tls: 'verify-full', caFile: '', files: 'database', filesFolder: '' };

const toForm = (connection: SharedDatabase | null): FormInput =>
  connection ? { ...blank, ...connection, port: String(connection.port), password: '', filesFolder: connection.filesFolder ?? '' } : blank;

const fileChoices: Record<FileStoreKind, { label: string; hint: string }> = {
  database: {
    label: 'Dans la base partagée',
    hint: 'Les pièces jointes et les documents produits sont gardés dans la base PostgreSQL, avec leur empreinte ; chaque poste en garde une copie pour les ouvrir et les imprimer.',
  },
  folder: {
    label: 'Dans un dossier partagé',
    hint: 'Un dossier réseau que tous les postes ouvrent, indiqué ci-dessous.',
  },
};

const tlsChoices: Record<TlsMode, { label: string; hint: string }> = {
  'verify-full': {
    label: 'Chiffrée, serveur vérifié (verify-full)',
    hint: "Le certificat du serveur doit être signé par une autorité publique, ou par celle du fichier indiqué plus bas, et porter le nom indiqué dans « Adresse du serveur ». Le choix recommandé.",
  },
  require: {
    label: 'Chiffrée, serveur non vérifié (require)',
    hint: "La connexion est chiffrée, mais un autre serveur pourrait se faire passer pour celui de l'agence. À réserver à un réseau interne de confiance.",
  },
  disable: {
    label: 'Non chiffrée (disable)',
    hint: 'Le mot de passe et les données passent en clair sur le réseau : seulement pour un serveur sur ce poste ou un essai.',
  },
};

const labels: Record<TextName, { label: string; hint: string }> = {
  host: { label: 'Adresse du serveur', hint: 'Nom ou adresse IP du serveur PostgreSQL, ex. : pg.ars-hdf.fr' },
  port: { label: 'Port', hint: 'Ex. : 5432' },
  database: { label: 'Nom de la base', hint: 'Ex. : commission' },
  user: { label: 'Utilisateur', hint: 'Le compte PostgreSQL donné par votre service informatique' },
  password: { label: 'Mot de passe', hint: '' },
  caFile: {
    label: "Certificat de l'autorité de certification (facultatif)",
    hint: "Chemin complet du fichier .crt (PEM) de l'autorité qui a signé le certificat du serveur, quand c'est celle de l'agence ; vide : les autorités publiques.",
  },
  filesFolder: {
    label: 'Dossier partagé des pièces et des documents (s’ils y sont gardés)',
    hint: 'Chemin complet d’un dossier que tous les postes ouvrent, ex. : \\\\serveur\\partage\\Commission',
  },
};

const severityOf = (tested: Tested) => (!tested.ok ? 'error' : tested.schema === 'older' ? 'warning' : 'success');

/** Paramètres › Base partagée: which database this machine opens at its next start, tested before it is kept. */
export function SharedDatabasePage() {
  const [view, setView] = useState<View | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    void call('connection.get', {}).then((result) => (result.ok ? setView(result.value) : setFailure(result.error.message)));
  }, []);

  return (
    <Page
      title="Base partagée"
      lead="En équipe, tous les postes du secrétariat ouvrent la même base PostgreSQL, installée par le service informatique de l'agence, et gardent les pièces et les documents dans un même dossier partagé. Le choix vaut pour ce poste ; il s'applique au prochain démarrage."
    >
      {view ? (
        <SharedDatabaseForm view={view} onChanged={setView} />
      ) : (
        <LoadState failure={failure} loading="Chargement de la base partagée…" failedTitle="Le choix de la base n'a pas pu être lu" back={{ to: '/parametres', label: 'Retour aux paramètres' }} />
      )}
    </Page>
  );
}

function CurrentBase({ view }: { view: View }) {
  const open = view.current.engine === 'postgres' ? `la base partagée ${view.current.location}` : `la base de ce poste, ${view.current.location}`;
  const next = view.connection
    ? `la base partagée « ${view.connection.database} » sur ${view.connection.host}:${view.connection.port}`
    : 'la base de ce poste';
  return (
    <section className="app-section" aria-labelledby="current-base-title">
      <h2 id="current-base-title" className="fr-h5">
        Base ouverte
      </h2>
      <p>
        Ouverte maintenant : <span className="app-path">{open}</span>.
        <br />
        Au prochain démarrage : {next}.
      </p>
    </section>
  );
}

function SharedDatabaseForm({ view, onChanged }: { view: View; onChanged: (view: View) => void }) {
  const { register, handleSubmit, setError, reset, formState } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(formSchema),
    defaultValues: toForm(view.connection),
  });
  const [leaveGuard] = useUnsavedChanges(formState.isDirty);
  const { outcome, setOutcome, outcomeRef } = useSaveOutcome();
  const [tested, setTested] = useState<Tested | null>(null);
  const [testing, setTesting] = useState(false);
  /** What the last save or the way back said. */
  const [saved, setSaved] = useState<{ title: string; description: string } | null>(null);
  const [restartRefused, setRestartRefused] = useState<string | null>(null);

  const input = ({ password, ...connection }: FormOutput) => ({ connection, ...(password ? { password } : {}) });

  const test = handleSubmit(async (values) => {
    setTesting(true);
    setTested(null);
    const result = await call('connection.test', input(values));
    setTesting(false);
    if (result.ok) setTested(result.value);
    else setOutcome(sectionRefusal('connection', result.error, (field, message) => setError(field as Path<FormInput>, { message })));
  });

  const save = handleSubmit(async (values) => {
    // Without a keychain the password serves the test only: the service would refuse to keep it.
    const { password, connection } = input(values);
    const result = await call('connection.save', { connection, ...(view.keychain && password ? { password } : {}) });
    if (!result.ok) {
      setOutcome(sectionRefusal('connection', result.error, (field, message) => setError(field as Path<FormInput>, { message })));
      return;
    }
    onChanged(result.value);
    reset(toForm(result.value.connection));
    setSaved({
      title: 'Base partagée enregistrée',
      description: `Commission ouvrira la base « ${connection.database} » sur ${connection.host} au prochain démarrage de ce poste.`,
    });
    setOutcome({ kind: 'saved' });
  });

  const backToLocal = async () => {
    const result = await call('connection.save', { connection: null });
    if (!result.ok) {
      setOutcome({ kind: 'failed', message: result.error.message });
      return;
    }
    onChanged(result.value);
    reset(blank);
    setTested(null);
    setSaved({ title: 'Retour à la base de ce poste', description: 'Commission ouvrira la base de ce poste au prochain démarrage.' });
    setOutcome({ kind: 'saved' });
  };

  const restart = async () => {
    const result = await call('connection.restart', {});
    if (!result.ok) setRestartRefused(result.error.message);
  };

  const field = (name: TextName, className: string) => {
    const error = formState.errors[name]?.message;
    const hint =
      name === 'password'
        ? view.passwordStored
          ? 'Un mot de passe est enregistré : laissez vide pour le garder.'
          : view.keychain
            ? 'Gardé chiffré par le trousseau du système, jamais en clair.'
            : 'Pour le test seulement : il ne peut pas être gardé ici.'
        : labels[name].hint;
    return (
      <RegisteredInput
        id={fieldId(`connection.${name}`)}
        className={className}
        label={labels[name].label}
        hint={hint}
        error={error}
        input={{
          ...(name === 'port' ? { inputMode: 'numeric' } : {}),
          ...(name === 'password' ? { type: 'password', autoComplete: 'new-password' } : {}),
          ...register(name),
        }}
      />
    );
  };

  return (
    <>
      <CurrentBase view={view} />
      {leaveGuard}
      {!view.keychain && (
        <Alert
          className="fr-mb-4w"
          severity="warning"
          title="Le mot de passe ne peut pas être gardé sur ce poste"
          description="Le système n'offre pas ici de trousseau (le coffre de Windows, le trousseau de macOS ou celui du bureau sous Linux) pour chiffrer le mot de passe, et Commission ne l'écrit jamais en clair. Au démarrage, il est lu dans la variable d'environnement PGPASSWORD : demandez à votre service informatique de la définir pour ce poste."
        />
      )}
      <form noValidate onSubmit={(event) => void save(event)} aria-labelledby="shared-base-title">
        <h2 id="shared-base-title" className="fr-h5">
          Serveur PostgreSQL
        </h2>
        <SaveOutcomeMessage
          outcome={outcome}
          outcomeRef={outcomeRef}
          saved={saved}
          refusedTitle="La base partagée n'a pas été enregistrée"
        />
        {outcome?.kind === 'saved' && saved && (
          <div className="fr-mb-3w">
            {view.canRestart ? (
              <Button type="button" iconId="fr-icon-restart-line" onClick={() => void restart()}>
                Redémarrer maintenant
              </Button>
            ) : (
              <p>Fermez puis rouvrez Commission pour ouvrir la base choisie.</p>
            )}
            {restartRefused && <Alert className="fr-mt-2w" severity="error" small description={restartRefused} />}
          </div>
        )}
        <div className="fr-grid-row fr-grid-row--gutters">
          {field('host', 'fr-col-12 fr-col-md-8')}
          {field('port', 'fr-col-12 fr-col-md-4')}
          {field('database', 'fr-col-12 fr-col-md-4')}
          {field('user', 'fr-col-12 fr-col-md-4')}
          {field('password', 'fr-col-12 fr-col-md-4')}
        </div>
        <RegisteredRadios
          id={fieldId('connection.tls')}
          legend="Chiffrement de la connexion"
          error={formState.errors.tls?.message}
          options={tlsModes.map((mode) => ({ value: mode, ...tlsChoices[mode] }))}
          input={register('tls')}
        />
        <div className="fr-grid-row fr-grid-row--gutters">{field('caFile', 'fr-col-12')}</div>
        <RegisteredRadios
          id={fieldId('connection.files')}
          legend="Où garder les pièces jointes et les documents"
          error={formState.errors.files?.message}
          options={fileStoreKinds.map((kind) => ({ value: kind, ...fileChoices[kind] }))}
          input={register('files')}
        />
        <div className="fr-grid-row fr-grid-row--gutters">{field('filesFolder', 'fr-col-12')}</div>
        <div className="fr-mb-3w" aria-live="polite">
          {tested && (
            <Alert
              severity={severityOf(tested)}
              title={tested.ok ? 'La base partagée répond' : "La base partagée ne peut pas être ouverte"}
              description={tested.message}
            />
          )}
        </div>
        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <li>
            <Button type="button" priority="secondary" iconId="fr-icon-links-line" disabled={testing} onClick={() => void test()}>
              {testing ? 'Test en cours…' : 'Tester la connexion'}
            </Button>
          </li>
          <li>
            <Button type="submit" iconId="fr-icon-save-line" disabled={formState.isSubmitting}>
              Enregistrer
            </Button>
          </li>
          {view.connection && (
            <li>
              <Button type="button" priority="tertiary" iconId="fr-icon-arrow-go-back-line" onClick={() => void backToLocal()}>
                Revenir à la base locale
              </Button>
            </li>
          )}
        </ul>
      </form>
    </>
  );
}
