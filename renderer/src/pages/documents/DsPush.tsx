import { zodResolver } from '@hookform/resolvers/zod';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { dsPushActionLabels, dsPushOptionsSchema, type DsPushEntry, type DsPushPreview, type DsPushRun } from '../../../../shared/ds-push';
import type { AppErrorData } from '../../../../shared/result';
import { itemLabel } from '../../../../shared/session';
import type { z } from '../../../../shared/validation';
import { call } from '../../api';
import { useConfirm } from '../../components/ConfirmModal';
import { countOf } from '../../format';
import { InstructeurEmailField } from './InstructeurEmailField';

type Options = z.output<typeof dsPushOptionsSchema>;

const labelOf = (e: { dsNumber: number | null; dossierName: string }) => itemLabel({ dsNumber: e.dsNumber, name: e.dossierName });

/** What the confirmation lists: each decision to send with its letter, then what is left out and why. */
function PushList({ preview }: { preview: DsPushPreview }) {
  const toSend = preview.entries.filter((e) => !e.skip);
  const skipped = preview.entries.filter((e) => e.skip);
  return (
    <>
      <p>
        {countOf(toSend.length, 'décision sera transmise', 'décisions seront transmises')} sur la plateforme, chacune avec
        sa motivation et le courrier de décision en justificatif ; l'usager en est averti par la plateforme. Un dossier
        ajourné reste en instruction et son courrier est envoyé dans la messagerie du dossier.
      </p>
      <ul className="app-ds-push-list">
        {toSend.map((e) => (
          <li key={e.itemId}>
            <span className="fr-text--bold">{labelOf(e)}</span> : {dsPushActionLabels[e.action!].toLowerCase()}
            {e.platformState === 'en_construction' && ' (passé en instruction d’abord)'} — courrier {e.letter!.reference} ({e.letter!.fileName})
            <br />
            <span className="fr-hint-text">« {e.motivationExcerpt} »</span>
            {e.resumes && <span className="fr-hint-text">{e.resumes}</span>}
          </li>
        ))}
      </ul>
      {skipped.length > 0 && <SkippedList entries={skipped} />}
    </>
  );
}

function SkippedList({ entries }: { entries: DsPushEntry[] }) {
  return (
    <>
      <p className="fr-mb-1w">{countOf(entries.length, 'dossier écarté', 'dossiers écartés')} :</p>
      <ul className="app-ds-push-list">
        {entries.map((e) => (
          <li key={e.itemId}>
            <span className="fr-text--bold">{labelOf(e)}</span> : {e.skip!.message}
          </li>
        ))}
      </ul>
    </>
  );
}

const statusBadge = { sent: ['success', 'Transmis'], skipped: ['info', 'Écarté'], failed: ['error', 'Échec'] } as const;

/** The outcome per dossier, read by screen readers once it arrives. */
function RunOutcome({ run }: { run: DsPushRun }) {
  const severity = run.failed ? 'error' : run.sent ? 'success' : 'info';
  return (
    <Alert
      className="fr-mb-3w"
      severity={severity}
      title={`${countOf(run.sent, 'décision transmise', 'décisions transmises')}, ${countOf(run.failed, 'échec')}, ${countOf(run.skipped, 'dossier écarté', 'dossiers écartés')}`}
      description={
        <ul className="app-ds-push-list">
          {run.results.map((r) => (
            <li key={r.itemId}>
              <Badge as="span" small severity={statusBadge[r.status][0]}>
                {statusBadge[r.status][1]}
              </Badge>{' '}
              <span className="fr-text--bold">{labelOf(r)}</span> : {r.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/**
 * « Transmettre les décisions »: each decision of the closed session sent to Démarches
 * Simplifiées with its letter, after a confirmation listing what will be sent and what is not.
 */
export function DsPush({ sessionId, onSent }: { sessionId: number; onSent: () => Promise<void> }) {
  const confirm = useConfirm();
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const [nothing, setNothing] = useState<DsPushPreview | null>(null);
  const [run, setRun] = useState<DsPushRun | null>(null);
  const { register, handleSubmit, formState } = useForm<z.input<typeof dsPushOptionsSchema>, unknown, Options>({
    resolver: zodResolver(dsPushOptionsSchema),
    defaultValues: { sendMessage: false, instructeurEmail: '' },
  });
  const submit = handleSubmit(async (options) => {
    setFailure(null);
    setNothing(null);
    setRun(null);
    const preview = await call('ds.push.preview', { sessionId });
    if (!preview.ok) return setFailure(preview.error);
    if (preview.value.toSend === 0) return setNothing(preview.value);
    const ok = await confirm({
      title: 'Transmettre les décisions à Démarches Simplifiées',
      body: <PushList preview={preview.value} />,
      confirmLabel: `Transmettre ${countOf(preview.value.toSend, 'décision', 'décisions')}`,
    });
    if (!ok) return;
    const result = await call('ds.push.run', { sessionId, ...options });
    if (!result.ok) return setFailure(result.error);
    setRun(result.value);
    await onSent();
  });
  return (
    <form noValidate onSubmit={(event) => void submit(event)} aria-labelledby="ds-push-title">
      <p>
        Chaque décision est enregistrée sur le dossier de la plateforme (acceptation ou refus), avec sa motivation et le
        courrier en justificatif ; un dossier ajourné reste en instruction et reçoit son courrier dans sa messagerie. Une
        même version d'un courrier n'est jamais transmise deux fois, et un courrier à refaire ne l'est pas.
      </p>
      <Checkbox
        id="ds-push-message"
        options={[{ label: 'Envoyer aussi le courrier dans la messagerie du dossier', nativeInputProps: register('sendMessage') }]}
      />
      <InstructeurEmailField className="app-ds-push-email" error={formState.errors.instructeurEmail?.message} input={register('instructeurEmail')} />
      <Button type="submit" iconId="fr-icon-mail-send-line" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? 'Transmission…' : 'Transmettre les décisions'}
      </Button>
      <div aria-live="polite" className="fr-mt-3w">
        {failure && <Alert className="fr-mb-3w" severity="error" title="Les décisions n'ont pas été transmises" description={failure.message} />}
        {nothing && (
          <Alert
            className="fr-mb-3w"
            severity="info"
            title="Aucune décision à transmettre"
            description={<SkippedList entries={nothing.entries} />}
          />
        )}
        {run && <RunOutcome run={run} />}
      </div>
    </form>
  );
}
