import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState, type FormEvent } from 'react';
import type { SessionDetail } from '../../../../shared/session';
import type { AppErrorData } from '../../../../shared/result';
import { TextAreaField } from '../../components/fields';
import { useFocusRequest } from '../../components/focus';
import type { ChangeSession } from './useSession';

type Notice = { severity: 'success' | 'error'; title: string; items?: string[] };
type Step = 'close' | 'reopen' | null;

const REASON_ID = 'reopen-reason';
const CONFIRM_CLOSE_ID = 'confirm-close';

/** The refusal, with each reason the handler gives (an item without an opinion…). */
const refusal = (title: string, error: AppErrorData): Notice => ({
  severity: 'error',
  title,
  items: error.details?.length ? error.details.map((d) => d.message) : [error.message],
});

/**
 * The session's lifecycle: convened, opened on the day, closed once every item has an opinion
 * (it is then locked), and reopened only with a reason, which the audit log keeps.
 */
export function StateActions({ session, change }: { session: SessionDetail; change: ChangeSession }) {
  const [step, setStep] = useState<Step>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const requestFocus = useFocusRequest();

  const run = async (action: () => Promise<AppErrorData | null>, done: string, failed: string) => {
    setBusy(true);
    const error = await action();
    setBusy(false);
    setNotice(error ? refusal(failed, error) : { severity: 'success', title: done });
    return error;
  };

  const transition = (to: 'convened' | 'in_progress' | 'draft', done: string) =>
    void run(() => change('sessions.transition', { id: session.id, to }), done, "L'état de la séance n'a pas changé");

  const close = async () => {
    setStep(null);
    await run(() => change('sessions.close', { id: session.id }), 'La séance est clôturée.', 'La séance ne peut pas être clôturée');
  };

  const reopen = async (event: FormEvent) => {
    event.preventDefault();
    const error = await run(
      () => change('sessions.reopen', { id: session.id, reason }),
      'La séance est rouverte : les modifications sont de nouveau possibles.',
      "La séance n'a pas été rouverte",
    );
    const onReason = error?.details?.find((d) => d.field === 'reason')?.message;
    setReasonError(onReason);
    if (onReason) {
      setNotice(null);
      requestFocus(REASON_ID);
    }
    if (!error) {
      setStep(null);
      setReason('');
    }
  };

  const live = (
    <Button iconId="fr-icon-slideshow-line" linkProps={{ to: `/seances/${session.id}/direct` }}>
      Mode séance
    </Button>
  );

  return (
    <div className="app-state-actions">
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        {session.status === 'draft' && (
          <li>
            <Button iconId="fr-icon-mail-send-line" disabled={busy} onClick={() => transition('convened', 'La séance est convoquée.')}>
              Convoquer la séance
            </Button>
          </li>
        )}
        {session.status === 'convened' && (
          <>
            <li>
              <Button iconId="fr-icon-play-line" disabled={busy} onClick={() => transition('in_progress', 'La séance est ouverte.')}>
                Ouvrir la séance
              </Button>
            </li>
            <li>
              <Button
                priority="secondary"
                iconId="fr-icon-arrow-go-back-line"
                disabled={busy}
                onClick={() => transition('draft', 'La séance est remise en préparation.')}
              >
                Remettre en préparation
              </Button>
            </li>
          </>
        )}
        {session.status === 'in_progress' && (
          <>
            <li>{live}</li>
            <li>
              <Button
                priority="secondary"
                iconId="fr-icon-lock-line"
                disabled={busy}
                onClick={() => {
                  setStep('close');
                  setNotice(null);
                  requestFocus(CONFIRM_CLOSE_ID);
                }}
              >
                Clôturer la séance
              </Button>
            </li>
          </>
        )}
        {session.status === 'closed' && step !== 'reopen' && (
          <li>
            <Button
              priority="secondary"
              iconId="fr-icon-lock-unlock-line"
              onClick={() => {
                setStep('reopen');
                setNotice(null);
                requestFocus(REASON_ID);
              }}
            >
              Rouvrir la séance
            </Button>
          </li>
        )}
      </ul>

      {step === 'close' && (
        <div className="app-callout fr-mb-3w" role="group" aria-labelledby="close-question">
          <p id="close-question" className="fr-text--bold fr-mb-1w">
            Clôturer la séance ?
          </p>
          <p className="fr-mb-2w">
            Chaque dossier sans décision reçoit la décision qui suit l'avis de la commission. La séance est ensuite
            verrouillée : la modifier demandera de la rouvrir en indiquant le motif.
          </p>
          <div className="app-actions">
            <Button id={CONFIRM_CLOSE_ID} iconId="fr-icon-lock-line" disabled={busy} onClick={() => void close()}>
              Oui, clôturer
            </Button>
            <Button priority="secondary" onClick={() => setStep(null)}>
              Annuler
            </Button>
          </div>
        </div>
      )}

      {step === 'reopen' && (
        <form noValidate onSubmit={reopen} className="app-callout fr-mb-3w" aria-labelledby="reopen-title">
          <p id="reopen-title" className="fr-text--bold fr-mb-1w">
            Rouvrir la séance
          </p>
          <TextAreaField
            id={REASON_ID}
            label="Motif de la réouverture"
            hint="Il est conservé dans l'historique de la séance. Ex. : erreur de saisie du vote sur le point 2."
            rows={3}
            value={reason}
            error={reasonError}
            onChange={setReason}
            required
          />
          <div className="app-actions">
            <Button type="submit" iconId="fr-icon-lock-unlock-line" disabled={busy}>
              Rouvrir la séance
            </Button>
            <Button type="button" priority="secondary" onClick={() => setStep(null)}>
              Annuler
            </Button>
          </div>
        </form>
      )}

      <div aria-live="polite">
        {notice?.severity === 'success' && (
          <Alert className="fr-mb-3w" small severity="success" description={notice.title} />
        )}
        {notice?.severity === 'error' && (
          <Alert
            className="fr-mb-3w"
            severity="error"
            title={notice.title}
            description={
              <ul>
                {notice.items?.map((item, i) => (
                  <li key={i}>{item}</li>
                ))}
              </ul>
            }
          />
        )}
      </div>
    </div>
  );
}
