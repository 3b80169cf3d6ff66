/**
 * The item on screen in live mode, shared with the projector view. Both run in the same origin,
 * in two windows: the live mode writes it, the projector reads it (and hears of each change).
 */
const key = (sessionId: number) => `commission.seance.${sessionId}.point`;

export function writeCurrentItem(sessionId: number, itemId: number): void {
  localStorage.setItem(key(sessionId), String(itemId));
}

export function readCurrentItem(sessionId: number): number | null {
  const stored = Number(localStorage.getItem(key(sessionId)));
  return Number.isInteger(stored) && stored > 0 ? stored : null;
}

/** Calls `onChange` when another window moves to another item. */
export function onCurrentItemChange(sessionId: number, onChange: () => void): () => void {
  const listener = (event: StorageEvent) => {
    if (event.key === key(sessionId)) onChange();
  };
  window.addEventListener('storage', listener);
  return () => window.removeEventListener('storage', listener);
}

/** The 1-based position of `?point=` in the address, if any. */
export function pointParam(params: URLSearchParams): number | null {
  const point = Number(params.get('point'));
  return Number.isInteger(point) && point > 0 ? point : null;
}
