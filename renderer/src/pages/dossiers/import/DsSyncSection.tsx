import { zodResolver } from '@hookform/resolvers/zod';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { useEffect, useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import type { z } from 'zod';
import type { Output } from '../../../../../shared/contract';
import { dsConnectionInputSchema, NATIONAL_INSTANCE } from '../../../../../shared/ds';
import { attachmentKindLabels } from '../../../../../shared/eligibility';
import type { AppErrorData } from '../../../../../shared/result';
import { call } from '../../../api';
import { RegisteredInput } from '../../../components/fields';
import { countOf } from '../../../format';
import { ChangeList, ConflictChoices, Counts, countsText, plannedImport, type Choices } from './Changes';
import { problemsTitle } from './PreviewStep';

type Form = z.input<typeof dsConnectionInputSchema>;
type Connections = Output<'ds.connection.get'>;
type SyncPreview = Output<'ds.sync.preview'>;
type SyncJob = Output<'ds.sync.job'>;

const blankToNull = (value: unknown) => (value === '' || value === null || value === undefined ? null : Number(value));
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

function Problem({ error }: { error: AppErrorData }) {
  return <Alert className="fr-mb-2w" severity="error" small description={error.message} />;
}

/**
 * « Synchroniser avec Démarches Simplifiées »: the procedure's connection (tested before it is
 * kept), then the same preview as a file, then the sync in the background with its progress.
 */
export function DsSyncSection() {
  const [connections, setConnections] = useState<Connections | null>(null);
  const [editing, setEditing] = useState(false);
  const [test, setTest] = useState<Output<'ds.connection.test'> | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [preview, setPreview] = useState<SyncPreview | null>(null);
  const [choices, setChoices] = useState<Choices>({});
  const [confirmDecided, setConfirmDecided] = useState(false);
  const [job, setJob] = useState<SyncJob | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<Form, unknown, z.output<typeof dsConnectionInputSchema>>({
    resolver: zodResolver(dsConnectionInputSchema),
    defaultValues: { connection: { instanceUrl: NATIONAL_INSTANCE, instructorGroup: null } },
  });
  const { register, handleSubmit, formState, reset, setError: setFieldError } = form;

  const load = async () => {
    const answer = await call('ds.connection.get', {});
    if (!answer.ok) return;
    setConnections(answer.value);
    const current = answer.value.connections[0];
    if (current) reset({ connection: { instanceUrl: current.instanceUrl, procedureNumber: current.procedureNumber, instructorGroup: current.instructorGroup } });
    else setEditing(true);
  };
  useEffect(() => {
    void load();
  }, []);

  // A running sync is followed until it ends.
  useEffect(() => {
    if (job?.state !== 'running') return;
    const timer = setTimeout(async () => {
      const answer = await call('ds.sync.job', { jobId: job.id });
      if (answer.ok) setJob(answer.value);
    }, 500);
    return () => clearTimeout(timer);
  }, [job]);

  const refused = (answer: AppErrorData) => {
    for (const detail of answer.details ?? []) setFieldError(detail.field as Path<Form>, { message: detail.message });
    setError(answer);
  };

  const testConnection = handleSubmit(async (values) => {
    setError(null);
    const answer = await call('ds.connection.test', values);
    if (!answer.ok) return refused(answer.error);
    setTest(answer.value);
  });

  const save = handleSubmit(async (values) => {
    setError(null);
    const answer = await call('ds.connection.save', values);
    if (!answer.ok) return refused(answer.error);
    setConnections(answer.value);
    setEditing(false);
    setTest(null);
  });

  const connection = connections?.connections[0];

  const previewSync = async () => {
    setBusy(true);
    setError(null);
    setJob(null);
    const answer = await call('ds.sync.preview', { procedureNumber: connection?.procedureNumber });
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    setPreview(answer.value);
    setChoices({});
    setConfirmDecided(false);
  };

  const plan = preview && plannedImport(preview, choices);
  const run = async () => {
    if (!plan) return;
    setError(null);
    const answer = await call('ds.sync.start', { procedureNumber: connection?.procedureNumber, resolutions: plan.resolutions, confirmDecided });
    if (!answer.ok) return setError(answer.error);
    setJob(answer.value);
    setPreview(null);
  };
  useEffect(() => {
    if (job?.state === 'done') void load();
  }, [job?.state]);

  const awaitsConfirmation = plan !== null && plan.decided.length > 0 && !confirmDecided;

  return (
    <section className="fr-mt-6w app-narrow" aria-labelledby="ds-sync-title">
      <h2 id="ds-sync-title" className="fr-h4">
        Synchroniser avec Démarches Simplifiées
      </h2>
      <p className="fr-hint-text">
        Les dossiers de la démarche sont lus directement sur la plateforme, avec leurs pièces jointes, puis importés comme un
        fichier : même correspondance, même aperçu, rien n'est écrit avant votre confirmation.
      </p>
      {error && <Problem error={error} />}

      {connection && !editing ? (
        <div className="fr-mb-2w">
          <p className="fr-mb-1w">
            Démarche n° {connection.procedureNumber} sur {connection.instanceUrl}
            {connection.instructorGroup !== null && <>, groupe instructeur n° {connection.instructorGroup}</>}.{' '}
            {connection.lastSyncAt
              ? `Dernière synchronisation : ${new Date(connection.lastSyncAt).toLocaleString('fr-FR')}.`
              : 'Jamais synchronisée.'}
          </p>
          <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            <li>
              <Button iconId="fr-icon-refresh-line" disabled={busy || job?.state === 'running'} onClick={() => void previewSync()}>
                {busy ? 'Lecture des dossiers…' : 'Synchroniser avec Démarches Simplifiées'}
              </Button>
            </li>
            <li>
              <Button priority="secondary" iconId="fr-icon-settings-5-line" onClick={() => setEditing(true)}>
                Modifier la connexion
              </Button>
            </li>
          </ul>
        </div>
      ) : (
        <form noValidate onSubmit={(event) => void save(event)} aria-label="Connexion à Démarches Simplifiées">
          <RegisteredInput
            id="ds-instance"
            label="Adresse de l'instance"
            hint="La plateforme nationale, ou l'instance régionale de votre agence."
            error={formState.errors.connection?.instanceUrl?.message}
            input={register('connection.instanceUrl')}
          />
          <RegisteredInput
            id="ds-procedure"
            label="Numéro de la démarche"
            hint="Le nombre dans l'adresse de la démarche (…/procedures/12345)."
            error={formState.errors.connection?.procedureNumber?.message}
            input={{ inputMode: 'numeric', ...register('connection.procedureNumber', { setValueAs: blankToNull }) }}
          />
          <RegisteredInput
            id="ds-group"
            label="Groupe instructeur (facultatif)"
            hint="Son numéro, pour ne lire que les dossiers de ce groupe."
            error={formState.errors.connection?.instructorGroup?.message}
            input={{ inputMode: 'numeric', ...register('connection.instructorGroup', { setValueAs: blankToNull }) }}
          />
          <RegisteredInput
            id="ds-token"
            label="Jeton d'accès à l'API"
            hint={
              connection?.tokenStored
                ? 'Un jeton est gardé sur ce poste ; laissez vide pour le garder.'
                : 'Créé dans votre profil sur la plateforme ; gardé par le trousseau de ce poste.'
            }
            error={formState.errors.token?.message}
            input={{ type: 'password', ...register('token', { setValueAs: blankToUndefined }) }}
          />
          {test && (
            <Alert className="fr-mb-2w" severity={test.ok ? 'success' : 'error'} small description={test.message} />
          )}
          <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            <li>
              <Button type="button" priority="secondary" iconId="fr-icon-question-line" disabled={formState.isSubmitting} onClick={() => void testConnection()}>
                Tester la connexion
              </Button>
            </li>
            <li>
              <Button type="submit" iconId="fr-icon-save-line" disabled={formState.isSubmitting}>
                Enregistrer la connexion
              </Button>
            </li>
          </ul>
        </form>
      )}

      {preview && plan && (
        <div className="fr-mt-2w">
          <p>
            {preview.since
              ? `Dossiers changés depuis le ${new Date(preview.since).toLocaleString('fr-FR')}`
              : 'Tous les dossiers de la démarche'}{' '}
            : {countOf(preview.dossierCount, 'dossier lisible', 'dossiers lisibles')},{' '}
            {countOf(preview.files.length, 'pièce jointe à télécharger', 'pièces jointes à télécharger')}
            {preview.filesAlreadyKept > 0 &&
              ` (${countOf(preview.filesAlreadyKept, 'autre déjà jointe à son dossier', 'autres déjà jointes à leur dossier')})`}
            .
          </p>
          {preview.problems.length > 0 ? (
            <Alert
              className="fr-mb-2w"
              severity="error"
              title={problemsTitle(preview.problems.length)}
              description={
                <ul>
                  {preview.problems.slice(0, 50).map((problem, i) => (
                    <li key={i}>{problem.message}</li>
                  ))}
                </ul>
              }
            />
          ) : (
            <>
              <Counts {...plan} />
              <ChangeList changes={preview.changes} action="create" linked={false} />
              <ChangeList changes={preview.changes} action="update" linked={false} />
              <ConflictChoices changes={preview.changes} choices={choices} onChange={setChoices} source="ds" />
              {preview.files.length > 0 && (
                <details className="fr-mb-2w">
                  <summary>Pièces jointes à télécharger</summary>
                  <ul>
                    {preview.files.map((file, i) => (
                      <li key={i}>
                        Dossier n° {file.dsNumber} : « {file.fileName} » ({attachmentKindLabels[file.kind]})
                      </li>
                    ))}
                  </ul>
                </details>
              )}
              {plan.decided.length > 0 && (
                <Checkbox
                  id="ds-confirm-decided"
                  options={[
                    {
                      label: `Je confirme la modification de ${countOf(plan.decided.length, 'dossier qui a', 'dossiers qui ont')} déjà un avis, une décision ou une notification`,
                      nativeInputProps: { checked: confirmDecided, onChange: (event) => setConfirmDecided(event.target.checked) },
                    },
                  ]}
                />
              )}
              <Button iconId="fr-icon-check-line" disabled={awaitsConfirmation} onClick={() => void run()}>
                Importer les dossiers synchronisés
              </Button>
            </>
          )}
        </div>
      )}

      {job && (
        <div className="fr-mt-2w" role="status">
          {job.state === 'running' && (
            <>
              <p className="fr-mb-1v">{job.current || 'Synchronisation en cours…'}</p>
              <progress max={Math.max(job.total, 1)} value={job.done} aria-label="Synchronisation" />
            </>
          )}
          {job.state === 'done' && job.result && (
            <Alert
              severity="success"
              title="Synchronisation terminée"
              description={`${countsText(job.result).join(', ')} ; ${countOf(job.result.files.kept, 'pièce jointe ajoutée', 'pièces jointes ajoutées')}.`}
            />
          )}
          {job.state === 'failed' && job.error && <Problem error={job.error as AppErrorData} />}
        </div>
      )}
    </section>
  );
}
