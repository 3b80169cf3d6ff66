import { zodResolver } from '@hookform/resolvers/zod';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useState, type ReactNode } from 'react';
import { useFieldArray, useForm, type FieldValues, type Path, type UseFormSetError } from 'react-hook-form';
import type { Output } from '../../../../shared/contract';
import { agreementFieldsSchema, defaultReports, instalmentsText, paymentFieldsSchema, withdrawalFieldsSchema, type AgreementFields, type PaymentFields, type ReportState, type WithdrawalFields } from '../../../../shared/followup';
import { dsStateLabels, type DsState } from '../../../../shared/dossier';
import { dsWithdrawalOptionsSchema, withdrawalMotivation } from '../../../../shared/ds-push';
import type { AppErrorData } from '../../../../shared/result';
import { z } from '../../../../shared/validation';
import { call } from '../../api';
import { Can } from '../../auth';
import { useConfirm } from '../../components/ConfirmModal';
import { DataTable } from '../../components/DataTable';
import { RegisteredInput } from '../../components/fields';
import { SaveOutcomeMessage, sectionRefusal, useSaveOutcome } from '../../components/SaveOutcome';
import { StaleVersionAlert, staleVersionMessage } from '../../components/StaleVersion';
import { readChosenFile } from '../../files';
import { formatDay, formatEuros } from '../../format';
import { fieldId, parseDecimal } from '../../forms';
import { InstructeurEmailField } from '../documents/InstructeurEmailField';
import { localToday } from '../documents/labels';
import { useLoad } from '../documents/useLoad';

type FollowUp = Output<'followup.get'>;
type Grant = FollowUp['grants'][number];
type Agreement = NonNullable<Grant['agreement']>;

const reportLabels: Record<ReportState, string> = { to_receive: 'À recevoir', due_soon: 'Échéance proche', late: 'En retard', received: 'Reçu' };
const reportSeverity = { to_receive: 'info', due_soon: 'warning', late: 'error', received: 'success' } as const satisfies Record<ReportState, string>;

/** A refused save: each detail on its field, as the handler names it. */
const refusal = <T extends FieldValues>(error: AppErrorData, setError: UseFormSetError<T>) =>
  sectionRefusal('', error, (field, message) => setError(field as Path<T>, { message }));

/**
 * The dossier after the decision: for each grant decided, the agreement signed (its date, the
 * signed scan, the payments and reports it provides), the payments, the reports received; and
 * the applicants' withdrawal (désistement).
 */
export function FollowUpSection({ dossierId, ds, onChanged }: { dossierId: number; ds: PlatformDossier; onChanged: () => void }) {
  const { loaded, reload } = useLoad(() => call('followup.get', { dossierId }), [dossierId]);
  const changed = async () => {
    await reload();
    onChanged();
  };
  return (
    <section className="fr-mb-6w" aria-labelledby="followup-title">
      <h2 id="followup-title" className="fr-h4">
        Convention et versement de l'aide
      </h2>
      {loaded.status === 'loading' && <p aria-live="polite">Chargement du suivi…</p>}
      {loaded.status === 'failed' && <Alert severity="error" small description={loaded.message} />}
      {loaded.status === 'ready' && (
        <>
          {loaded.value.withdrawal && (
            <Alert
              className="fr-mb-3w"
              severity="warning"
              title={`Désistement des porteurs le ${formatDay(loaded.value.withdrawal.date)}`}
              description={`Motif : ${loaded.value.withdrawal.reason}. Le dossier ne peut plus être inscrit à l'ordre du jour ; il reste au registre.`}
            />
          )}
          {loaded.value.withdrawal && ds.number !== null && (
            <Can method="ds.withdrawal.push">
              <WithdrawalOnPlatform dossierId={dossierId} ds={{ ...ds, number: ds.number }} withdrawal={loaded.value.withdrawal} onChanged={changed} />
            </Can>
          )}
          {loaded.value.grants.length === 0 && <p className="app-empty">Aucune aide n'a été décidée pour ce dossier.</p>}
          {loaded.value.grants.map((grant) => (
            <GrantFollowUp key={grant.itemId} grant={grant} terms={loaded.value.terms} withdrawn={loaded.value.withdrawal !== null} onChanged={changed} />
          ))}
          {!loaded.value.withdrawal && <WithdrawalForm dossierId={dossierId} onChanged={changed} />}
        </>
      )}
    </section>
  );
}

function GrantFollowUp({ grant, terms, withdrawn, onChanged }: { grant: Grant; terms: FollowUp['terms']; withdrawn: boolean; onChanged: () => Promise<void> }) {
  const title = `Aide de ${formatEuros(grant.granted)} décidée le ${formatDay(grant.decisionDate)} (séance n° ${grant.sessionNumber})`;
  const { agreement } = grant;
  return (
    <div className="app-section fr-mb-4w">
      <h3 className="fr-h5">{title}</h3>
      {!agreement && !grant.sessionClosed && (
        <p>La séance n'est pas clôturée : la convention se signe une fois la décision définitive.</p>
      )}
      {!agreement && grant.sessionClosed && !withdrawn && <AgreementForm grant={grant} terms={terms} onChanged={onChanged} />}
      {agreement && <AgreementView agreement={agreement} granted={grant.granted} withdrawn={withdrawn} onChanged={onChanged} />}
    </div>
  );
}

const agreementFormSchema = agreementFieldsSchema.extend({
  instalments: z.string().trim().regex(/^\d{1,2}$/, { error: 'Indiquez un nombre entier de versements.' }).transform(Number).pipe(agreementFieldsSchema.shape.instalments),
});
type AgreementForm = z.input<typeof agreementFormSchema>;

function AgreementForm({ grant, terms, onChanged }: { grant: Grant; terms: FollowUp['terms']; onChanged: () => Promise<void> }) {
  const today = localToday();
  const { register, control, handleSubmit, setError, setValue, watch, getFieldState, formState } = useForm<AgreementForm, unknown, AgreementFields>({
    resolver: zodResolver(agreementFormSchema),
    defaultValues: { signedOn: today, instalments: '1', reports: defaultReports(today) },
  });
  const { fields, append, remove } = useFieldArray({ control, name: 'reports' });
  const { outcome, setOutcome, outcomeRef } = useSaveOutcome();
  const [scan, setScan] = useState<File | null>(null);
  const [scanError, setScanError] = useState<string | undefined>();
  const signedOn = watch('signedOn');

  // The default due dates follow the signature date until the user changes them.
  useEffect(() => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(signedOn) && !getFieldState('reports').isDirty) {
      setValue('reports', defaultReports(signedOn));
    }
  }, [signedOn, getFieldState, setValue]);

  const save = handleSubmit(async (values) => {
    if (!scan) {
      setScanError('Joignez le scan de la convention signée par les deux parties.');
      return;
    }
    const read = await readChosenFile(scan);
    if (!read.ok) {
      setScanError(read.error.message);
      return;
    }
    setScanError(undefined);
    const result = await call('followup.recordAgreement', { itemId: grant.itemId, ...values, scan: read.value.upload });
    if (result.ok) {
      await onChanged();
      return;
    }
    if (result.error.details?.some((d) => d.field.startsWith('scan'))) setScanError(result.error.message);
    setOutcome(refusal(result.error, setError));
  });

  const error = (name: Path<AgreementForm>) => getFieldState(name, formState).error?.message;
  return (
    <form noValidate onSubmit={(event) => void save(event)} aria-label="Enregistrer la convention signée">
      <p>
        La convention est signée par les deux parties au plus tôt le jour de la décision. Article 4 : « {terms.payment} »
      </p>
      <SaveOutcomeMessage outcome={outcome} outcomeRef={outcomeRef} saved={null} refusedTitle="La convention n'a pas été enregistrée" />
      <div className="fr-grid-row fr-grid-row--gutters">
        <RegisteredInput id={fieldId('signedOn')} className="fr-col-12 fr-col-md-4" label="Signée le" error={error('signedOn')} input={{ type: 'date', max: today, ...register('signedOn') }} />
        <RegisteredInput
          id={fieldId('instalments')}
          className="fr-col-12 fr-col-md-4"
          label="Nombre de versements"
          hint="Ce que prévoit l'article 4 : 1 pour un versement unique."
          error={error('instalments')}
          input={{ inputMode: 'numeric', ...register('instalments') }}
        />
        <div className="fr-col-12 fr-col-md-4">
          <div className={scanError ? 'fr-upload-group fr-input-group--error' : 'fr-upload-group'}>
            <label className="fr-label" htmlFor="scan">
              Convention signée (scan)
              <span className="fr-hint-text">PDF ou image, 50 Mo au plus.</span>
            </label>
            <input
              className="fr-upload"
              type="file"
              id="scan"
              accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff"
              aria-invalid={scanError ? true : undefined}
              aria-describedby={scanError ? 'scan-error' : undefined}
              onChange={(event) => setScan(event.target.files?.[0] ?? null)}
            />
            {scanError && (
              <p id="scan-error" className="fr-error-text">
                {scanError}
              </p>
            )}
          </div>
        </div>
      </div>
      <fieldset className="fr-fieldset fr-mt-2w">
        <legend className="fr-fieldset__legend fr-text--regular">
          Justificatifs demandés (article 6)
          <span className="fr-hint-text">« {terms.justification} »</span>
        </legend>
        {fields.map((field, i) => (
          <div key={field.id} className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-col-12">
            <RegisteredInput id={fieldId(`reports.${i}.label`)} className="fr-col-12 fr-col-md-6" label={`Justificatif ${i + 1}`} error={error(`reports.${i}.label`)} input={register(`reports.${i}.label`)} />
            <RegisteredInput id={fieldId(`reports.${i}.dueOn`)} className="fr-col-12 fr-col-md-4" label="À recevoir avant le" error={error(`reports.${i}.dueOn`)} input={{ type: 'date', ...register(`reports.${i}.dueOn`) }} />
            <div className="fr-col-12 fr-col-md-2 fr-mb-3w">
              <Button type="button" size="small" priority="tertiary" iconId="fr-icon-delete-line" onClick={() => remove(i)}>
                Retirer le justificatif {i + 1}
              </Button>
            </div>
          </div>
        ))}
        <Button type="button" size="small" priority="secondary" iconId="fr-icon-add-line" onClick={() => append({ label: '', dueOn: signedOn })}>
          Ajouter un justificatif
        </Button>
      </fieldset>
      <Button type="submit" iconId="fr-icon-save-line" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? 'Enregistrement…' : 'Enregistrer la convention signée'}
      </Button>
    </form>
  );
}

function AgreementView({ agreement, granted, withdrawn, onChanged }: { agreement: Agreement; granted: number; withdrawn: boolean; onChanged: () => Promise<void> }) {
  const [opened, setOpened] = useState<string | null>(null);
  const open = async (id: number) => {
    const result = await call('attachments.open', { id });
    setOpened(result.ok ? `Copie de la convention signée : ${result.value.path}` : result.error.message);
  };
  const [stale, setStale] = useState<string | null>(null);
  const received = async (report: Agreement['reports'][number], receivedOn: string | null) => {
    const result = await call('followup.recordReport', { reportId: report.id, receivedOn, expectedVersion: report.version });
    const staleMessage = result.ok ? null : staleVersionMessage(result.error);
    setStale(staleMessage);
    if (staleMessage) return;
    if (!result.ok) setOpened(result.error.message);
    await onChanged();
  };
  const reload = async () => {
    setStale(null);
    await onChanged();
  };
  const facts: [string, ReactNode][] = [
    ['Convention signée le', formatDay(agreement.signedOn)],
    ['Versements prévus', instalmentsText(agreement.instalments)],
    ['Versé', `${formatEuros(agreement.paid)} sur ${formatEuros(granted)}`],
    ['Reste à verser', formatEuros(agreement.remaining)],
  ];
  return (
    <>
      <ul>
        {facts.map(([label, value]) => (
          <li key={label}>
            {label} : <strong>{value}</strong>
          </li>
        ))}
      </ul>
      {agreement.scan && (
        <p>
          <Button size="small" priority="secondary" iconId="fr-icon-file-pdf-line" onClick={() => void open(agreement.scan!.id)}>
            Ouvrir la convention signée ({agreement.scan.originalName})
          </Button>
        </p>
      )}
      {opened && <p aria-live="polite" className="fr-hint-text">{opened}</p>}
      {agreement.payments.length > 0 && (
        <DataTable
          caption="Versements de l'aide"
          headers={['Versé le', 'Montant', 'Référence du paiement']}
          rows={agreement.payments.map((p) => ({ key: p.id, cells: [formatDay(p.paidOn), formatEuros(p.amount), p.reference] }))}
        />
      )}
      {agreement.remaining > 0 && !withdrawn && <PaymentForm agreement={agreement} onChanged={onChanged} onStale={setStale} />}
      {stale && <StaleVersionAlert message={stale} onReload={() => void reload()} />}
      {agreement.reports.length > 0 && (
        <DataTable
          caption="Justificatifs demandés par la convention"
          headers={['Justificatif', 'À recevoir avant le', 'État', <span className="fr-sr-only">Actions</span>]}
          rows={agreement.reports.map((r) => ({
            key: r.id,
            cells: [
              r.label,
              formatDay(r.dueOn),
              <Badge as="span" small severity={reportSeverity[r.state]}>
                {r.receivedOn ? `Reçu le ${formatDay(r.receivedOn)}` : reportLabels[r.state]}
              </Badge>,
              r.receivedOn ? (
                <Button size="small" priority="tertiary" onClick={() => void received(r, null)}>
                  Remettre en attente
                </Button>
              ) : (
                <Button size="small" priority="secondary" nativeButtonProps={{ 'aria-label': `${r.label} : reçu aujourd'hui` }} onClick={() => void received(r, localToday())}>
                  Reçu aujourd'hui
                </Button>
              ),
            ],
          }))}
        />
      )}
    </>
  );
}

const paymentFormSchema = paymentFieldsSchema.extend({
  amount: z
    .string()
    .transform((v, ctx) => parseDecimal(v) ?? (ctx.addIssue({ code: 'custom', message: 'Indiquez un montant en euros, ex. : 20 000.' }), z.NEVER))
    .pipe(paymentFieldsSchema.shape.amount),
});
type PaymentForm = z.input<typeof paymentFormSchema>;

/** `onStale` says that another payment was recorded since the view was read: the typed one stays, to be checked against it. */
function PaymentForm({ agreement, onChanged, onStale }: { agreement: Agreement; onChanged: () => Promise<void>; onStale: (message: string | null) => void }) {
  const today = localToday();
  const last = agreement.payments.length === agreement.instalments - 1;
  const { register, handleSubmit, setError, formState } = useForm<PaymentForm, unknown, PaymentFields>({
    resolver: zodResolver(paymentFormSchema),
    // The last payment is what is left; the others are the user's to say.
    defaultValues: { paidOn: today, amount: last ? String(agreement.remaining).replace('.', ',') : '', reference: '' },
  });
  const { outcome, setOutcome, outcomeRef } = useSaveOutcome();
  const save = handleSubmit(async (values) => {
    // The payments on screen are the agreement's version: a payment recorded meanwhile elsewhere refuses this one.
    const result = await call('followup.recordPayment', { agreementId: agreement.id, ...values, expectedVersion: agreement.payments.length });
    const staleMessage = result.ok ? null : staleVersionMessage(result.error);
    onStale(staleMessage);
    if (result.ok) await onChanged();
    else if (!staleMessage) setOutcome(refusal(result.error, setError));
  });
  const number = agreement.payments.length + 1;
  return (
    <form noValidate onSubmit={(event) => void save(event)} aria-labelledby={`payment-${agreement.id}`} className="fr-mt-3w">
      <h4 id={`payment-${agreement.id}`} className="fr-h6">
        {agreement.instalments === 1 ? 'Enregistrer le versement' : `Enregistrer le versement ${number} sur ${agreement.instalments}`}
      </h4>
      <SaveOutcomeMessage outcome={outcome} outcomeRef={outcomeRef} saved={null} refusedTitle="Le versement n'a pas été enregistré" />
      <div className="fr-grid-row fr-grid-row--gutters">
        <RegisteredInput id={fieldId('paidOn')} className="fr-col-12 fr-col-md-3" label="Versé le" error={formState.errors.paidOn?.message} input={{ type: 'date', max: today, ...register('paidOn') }} />
        <RegisteredInput id={fieldId('amount')} className="fr-col-12 fr-col-md-3" label="Montant (€)" hint={`Reste à verser : ${formatEuros(agreement.remaining)}`} error={formState.errors.amount?.message} input={{ inputMode: 'decimal', ...register('amount') }} />
        <RegisteredInput id={fieldId('reference')} className="fr-col-12 fr-col-md-6" label="Référence du paiement" hint="N° de mandat ou d'ordre de paiement" error={formState.errors.reference?.message} input={register('reference')} />
      </div>
      <Button type="submit" iconId="fr-icon-money-euro-circle-line" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? 'Enregistrement…' : 'Enregistrer le versement'}
      </Button>
    </form>
  );
}

/** The dossier as Démarches Simplifiées has it, when it was filed there. */
interface PlatformDossier {
  number: number | null;
  state: DsState | null;
}

/**
 * A withdrawn dossier closed on the platform (« classé sans suite »), once confirmed: the
 * applicants are told by the platform, with the withdrawal as the motivation.
 */
function WithdrawalOnPlatform({ dossierId, ds, withdrawal, onChanged }: { dossierId: number; ds: PlatformDossier & { number: number }; withdrawal: NonNullable<FollowUp['withdrawal']>; onChanged: () => Promise<void> }) {
  const confirm = useConfirm();
  const [said, setSaid] = useState<{ ok: boolean; message: string } | null>(null);
  const { register, handleSubmit, formState } = useForm<z.input<typeof dsWithdrawalOptionsSchema>, unknown, z.output<typeof dsWithdrawalOptionsSchema>>({
    resolver: zodResolver(dsWithdrawalOptionsSchema),
    defaultValues: { instructeurEmail: '' },
  });
  const motivation = withdrawalMotivation(withdrawal.date, withdrawal.reason);
  const submit = handleSubmit(async (options) => {
    setSaid(null);
    const ok = await confirm({
      title: 'Classer le dossier sans suite sur Démarches Simplifiées ?',
      body: `Le dossier n° ${ds.number} sera classé sans suite sur la plateforme, qui en avertit les porteurs, avec ce motif : « ${motivation} »`,
      confirmLabel: 'Classer sans suite',
    });
    if (!ok) return;
    const result = await call('ds.withdrawal.push', { dossierId, ...options });
    setSaid(result.ok ? { ok: true, message: result.value.message } : { ok: false, message: result.error.message });
    if (result.ok) await onChanged();
  });
  // Closed already (by this screen, or decided on the platform): the dossier's facts say its state.
  const open = ds.state === null || ds.state === 'en_construction' || ds.state === 'en_instruction';
  if (!open && !said) return null;
  return (
    <form noValidate onSubmit={(event) => void submit(event)} aria-label="Classer sans suite sur Démarches Simplifiées" className="fr-mb-3w">
      {open && (
        <>
          <p>
            Sur Démarches Simplifiées, le dossier n° {ds.number} est {ds.state ? `« ${dsStateLabels[ds.state].toLowerCase()} »` : 'dans un état inconnu ici'} : classez-le sans
            suite pour que les porteurs sachent qu'il n'est plus instruit.
          </p>
          <div className="fr-grid-row fr-mb-3w">
            <InstructeurEmailField className="fr-col-12 fr-col-md-8" error={formState.errors.instructeurEmail?.message} input={register('instructeurEmail')} />
          </div>
          <Button type="submit" priority="secondary" iconId="fr-icon-close-circle-line" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? 'Envoi…' : 'Classer sans suite sur Démarches Simplifiées'}
          </Button>
        </>
      )}
      <div aria-live="polite" className="fr-mt-2w">
        {said && <Alert severity={said.ok ? 'success' : 'error'} small description={said.message} />}
      </div>
    </form>
  );
}

function WithdrawalForm({ dossierId, onChanged }: { dossierId: number; onChanged: () => Promise<void> }) {
  const today = localToday();
  const { register, handleSubmit, setError, formState } = useForm<WithdrawalFields>({
    resolver: zodResolver(withdrawalFieldsSchema),
    defaultValues: { date: today, reason: '' },
  });
  const { outcome, setOutcome, outcomeRef } = useSaveOutcome();
  const save = handleSubmit(async (values) => {
    const result = await call('dossiers.withdraw', { dossierId, ...values });
    if (result.ok) await onChanged();
    else setOutcome(refusal(result.error, setError));
  });
  return (
    <details className="fr-mt-2w">
      <summary>Enregistrer un désistement des porteurs</summary>
      <form noValidate onSubmit={(event) => void save(event)} aria-label="Enregistrer le désistement" className="fr-mt-2w">
        <p className="fr-hint-text">Le dossier quitte l'ordre du jour des séances non clôturées et reste au registre, avec son historique.</p>
        <SaveOutcomeMessage outcome={outcome} outcomeRef={outcomeRef} saved={null} refusedTitle="Le désistement n'a pas été enregistré" />
        <div className="fr-grid-row fr-grid-row--gutters">
          <RegisteredInput id={fieldId('date')} className="fr-col-12 fr-col-md-4" label="Date du désistement" error={formState.errors.date?.message} input={{ type: 'date', max: today, ...register('date') }} />
          <RegisteredInput id={fieldId('reason')} className="fr-col-12 fr-col-md-8" label="Motif" error={formState.errors.reason?.message} input={register('reason')} />
        </div>
        <Button type="submit" priority="secondary" disabled={formState.isSubmitting}>
          Enregistrer le désistement
        </Button>
      </form>
    </details>
  );
}
