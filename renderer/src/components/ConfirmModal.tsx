import { createContext, useCallback, useContext, useEffect, useId, useRef, useState, type ReactNode } from 'react';

export interface ConfirmRequest {
  title: string;
  /** What will happen, in a sentence or two: what is lost, what changes (« le quorum passe de 5 à 4 »). */
  body: ReactNode;
  /** The confirming button says the action: « Retirer le point », never « OK ». */
  confirmLabel: string;
  cancelLabel?: string;
}

type Confirm = (request: ConfirmRequest) => Promise<boolean>;

const ConfirmContext = createContext<Confirm | null>(null);

/** Asks before a destructive action; resolves to true when the user confirms. */
export function useConfirm(): Confirm {
  const confirm = useContext(ConfirmContext);
  if (!confirm) throw new Error('useConfirm needs a <ConfirmProvider> above it.');
  return confirm;
}

/**
 * One confirmation dialog for the whole app. A native modal <dialog> with the DSFR modal's
 * layout: the page behind is inert, so the focus stays inside; Escape cancels; the focus goes
 * back to the control that asked once the dialog closes. It opens on « Annuler », the harmless
 * answer.
 */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [pending, setPending] = useState<{ request: ConfirmRequest; resolve: (ok: boolean) => void } | null>(null);
  const confirm = useCallback<Confirm>(
    (request) =>
      new Promise<boolean>((resolve) => {
        setPending({ request, resolve });
      }),
    [],
  );
  const answer = (ok: boolean) => {
    pending?.resolve(ok);
    setPending(null);
  };
  return (
    <ConfirmContext.Provider value={confirm}>
      {children}
      {pending && <ConfirmDialog request={pending.request} onAnswer={answer} />}
    </ConfirmContext.Provider>
  );
}

function ConfirmDialog({ request, onAnswer }: { request: ConfirmRequest; onAnswer: (ok: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    // showModal focuses the first control, the close button: the harmless answer is better.
    cancelRef.current?.focus();
    return () => {
      dialog.close();
      // The control that asked may have been removed by the action (a row deleted): then nothing to restore.
      if (previous?.isConnected) previous.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="app-modal"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        event.preventDefault();
        onAnswer(false);
      }}
    >
      <div className="fr-modal__body">
        <div className="fr-modal__header">
          <button type="button" className="fr-btn--close fr-btn" title="Fermer la fenêtre" onClick={() => onAnswer(false)}>
            Fermer
          </button>
        </div>
        <div className="fr-modal__content">
          <h2 id={`${id}-title`} className="fr-modal__title">
            <span className="fr-icon-warning-line fr-icon--lg" aria-hidden="true" /> {request.title}
          </h2>
          <div id={`${id}-body`}>{typeof request.body === 'string' ? <p>{request.body}</p> : request.body}</div>
        </div>
        <div className="fr-modal__footer">
          <ul className="fr-btns-group fr-btns-group--right fr-btns-group--inline-reverse fr-btns-group--inline-lg">
            <li>
              <button type="button" className="fr-btn" onClick={() => onAnswer(true)}>
                {request.confirmLabel}
              </button>
            </li>
            <li>
              <button ref={cancelRef} type="button" className="fr-btn fr-btn--secondary" onClick={() => onAnswer(false)}>
                {request.cancelLabel ?? 'Annuler'}
              </button>
            </li>
          </ul>
        </div>
      </div>
    </dialog>
  );
}
