import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState, type FormEvent } from 'react';
import type { SessionDetail } from '../../../../shared/session';
import { notYetHeld } from '../../../../shared/session-rules';
import type { AppErrorData } from '../../../../shared/result';
import { call } from '../../api';
import { useConfirm } from '../../components/ConfirmModal';
import { TextAreaField } from '../../components/fields';
import { useFocusRequest } from '../../components/focus';
import { countOf } from '../../format';
import { localToday } from '../documents/labels';
import { DecisionDateField } from './DecisionDateField';
import type { ChangeSession } from './useSession';

type Notice = { severity: 'success' | 'error'; title: string; items?: string[] };
type Step = 'close' | 'reopen' | null;

const REASON_ID = 'reopen-reason';
const CONFIRM_CLOSE_ID = 'confirm-close';
const CANCEL_CLOSE_ID = 'cancel-close';
const DECISION_DATE_ID = 'close-decision-date';

/** The refusal, with each reason the handler gives (an item without an opinion…). */
const refusal = (title: string, error: AppErrorData): Notice => ({
  severity: 'error',
  title,
  items: error.details?.length ? error.details.map((d) => d.message) : [error.message],
});

/**
 * The session's lifecycle: convened, opened on the day, closed once held and every item has an
 * opinion (it is then locked), and reopened only with a reason, which the audit log keeps.
 * Closing dates the decisions it writes on the day the secretary gives, the session's by default.
 */
export function StateActions({ session, change }: { session: SessionDetail; change: ChangeSession }) {
  const [step, setStep] = useState<Step>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [decisionDate, setDecisionDate] = useState(session.date);
  const [decisionDateError, setDecisionDateError] = useState<string | undefined>();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const requestFocus = useFocusRequest();
  const confirm = useConfirm();

  const run = async (action: () => Promise<AppErrorData | null>, done: string, failed: string) => {
    setBusy(true);
    const error = await action();
    setBusy(false);
    setNotice(error ? refusal(failed, error) : { severity: 'success', title: done });
    return error;
  };

  const transition = (to: 'convened' | 'in_progress' | 'draft', done: string) =>
    void run(() => change('sessions.transition', { id: session.id, to }), done, "L'état de la séance n'a pas changé");

  const undecided = session.items.some((item) => !item.decision);
  const notHeld = notYetHeld(session.date, localToday());

  const close = async (event: FormEvent) => {
    event.preventDefault();
    const error = await run(
      () => change('sessions.close', { id: session.id, ...(undecided ? { decisionDate } : {}) }),
      'La séance est clôturée.',
      'La séance ne peut pas être clôturée',
    );
    const onDate = error?.details?.find((d) => d.field === 'decisionDate')?.message;
    setDecisionDateError(onDate);
    if (onDate) {
      setNotice(null);
      requestFocus(DECISION_DATE_ID);
    } else {
      setStep(null);
    }
  };

  const reopen = async (event: FormEvent) => {
    event.preventDefault();
    // Letters already sent stay sent: reopening may make them « à refaire », which the user must know.
    const documents = await call('documents.list', { sessionId: session.id });
    const sent = documents.ok ? documents.value.filter((d) => d.sentAt !== null).length : 0;
    if (
      sent > 0 &&
      !(await confirm({
        title: 'Rouvrir une séance dont des courriers sont envoyés ?',
        body: `${countOf(sent, 'courrier de décision est déjà envoyé', 'courriers de décision sont déjà envoyés')} aux porteurs. Si une décision change, son courrier sera « à refaire » : un nouveau courrier devra être produit et envoyé, l'ancien restant au registre.`,
        confirmLabel: 'Rouvrir la séance',
      }))
    )
      return;
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
        {(session.status === 'draft' || session.status === 'convened') && (
          <li>
            <Button priority="secondary" iconId="fr-icon-file-pdf-line" linkProps={{ to: `/documents/${session.id}/convocations` }}>
              Convocations et ordre du jour
            </Button>
          </li>
        )}
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
                  setDecisionDate(session.date);
                  setDecisionDateError(undefined);
                  requestFocus(notHeld ? CANCEL_CLOSE_ID : undecided ? DECISION_DATE_ID : CONFIRM_CLOSE_ID);
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
        <form noValidate onSubmit={close} className="app-callout fr-mb-3w" aria-labelledby="close-question">
          <p id="close-question" className="fr-text--bold fr-mb-1w">
            Clôturer la séance ?
          </p>
          {notHeld ? (
            <Alert className="fr-mb-2w" severity="warning" small description={notHeld} />
          ) : (
            <>
              <p className="fr-mb-2w">
                {undecided
                  ? "Chaque dossier sans décision reçoit la décision qui suit l'avis de la commission, datée du jour indiqué ci-dessous. "
                  : ''}
                La séance est ensuite verrouillée : la modifier demandera de la rouvrir en indiquant le motif.
              </p>
              {undecided && (
                <DecisionDateField
                  id={DECISION_DATE_ID}
                  className="app-narrow"
                  label="Date des décisions"
                  sessionDate={session.date}
                  value={decisionDate}
                  error={decisionDateError}
                  onChange={setDecisionDate}
                />
              )}
            </>
          )}
          <div className="app-actions">
            {!notHeld && (
              <Button id={CONFIRM_CLOSE_ID} type="submit" iconId="fr-icon-lock-line" disabled={busy}>
                Oui, clôturer
              </Button>
            )}
            <Button id={CANCEL_CLOSE_ID} type="button" priority="secondary" onClick={() => setStep(null)}>
              Annuler
            </Button>
          </div>
        </form>
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
