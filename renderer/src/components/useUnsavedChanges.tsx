import { useCallback, useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { useBlocker } from 'react-router';
import { leaveUnsaved } from '../../../shared/unsaved';
import { useConfirm } from './ConfirmModal';

/**
 * Asks before leaving the screen for another one while `dirty` (a tab of the same screen, in the
 * query string, keeps its draft), and before closing or reloading the window. Returns the guard
 * to render, and a function to call just before a navigation the form itself makes after saving
 * (`release(false)` if the save was refused).
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
    void confirm({ title: leaveUnsaved.title, body: leaveUnsaved.body, confirmLabel: leaveUnsaved.leave, cancelLabel: leaveUnsaved.stay }).then((leave) =>
      leave ? proceed?.() : reset?.(),
    );
  }, [state, proceed, reset, confirm]);
  // Closing or reloading the window: held here, asked by the main process (will-prevent-unload).
  useEffect(() => {
    const hold = (event: BeforeUnloadEvent) => {
      if (released.current) return;
      event.preventDefault();
      // What older engines read instead of preventDefault().
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', hold);
    return () => window.removeEventListener('beforeunload', hold);
  }, [released]);
  return null;
}
