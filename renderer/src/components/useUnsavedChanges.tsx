import { useCallback, useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { useBlocker } from 'react-router';
import { useConfirm } from './ConfirmModal';

/**
 * Asks before leaving the screen for another one while `dirty` (a tab of the same screen, in the
 * query string, keeps its draft). Returns the guard to render, and a function to call just before
 * a navigation the form itself makes after saving (`release(false)` if the save was refused).
 */
export function useUnsavedChanges(dirty: boolean): [ReactNode, (released?: boolean) => void] {
  const released = useRef(false);
  useEffect(() => {
    if (!dirty) released.current = false;
  }, [dirty]);
  const release = useCallback((on = true) => {
    released.current = on;
  }, []);
  // Mounted only while there is something to lose: a blocker left in place would also watch the
  // navigations the router did not make.
  return [dirty ? <LeaveGuard released={released} /> : null, release];
}

function LeaveGuard({ released }: { released: RefObject<boolean> }) {
  const confirm = useConfirm();
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => !released.current && currentLocation.pathname !== nextLocation.pathname,
  );
  // Once per blocked navigation: the blocker object is new at every render, its proceed and reset are not.
  const { state, proceed, reset } = blocker;
  useEffect(() => {
    if (state !== 'blocked') return;
    void confirm({
      title: 'Quitter sans enregistrer ?',
      body: 'Les modifications de cette page ne sont pas enregistrées : elles seront perdues.',
      confirmLabel: 'Quitter sans enregistrer',
      cancelLabel: 'Rester sur la page',
    }).then((leave) => (leave ? proceed?.() : reset?.()));
  }, [state, proceed, reset, confirm]);
  return null;
}
