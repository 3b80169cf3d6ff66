import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveItem } from '../../../../shared/contract/live';
import { call } from '../../api';
import { useChanges } from '../../useChanges';

/** The 1-based position of `?point=` in the address, if any. */
export function pointParam(params: URLSearchParams): number | null {
  const point = Number(params.get('point'));
  return Number.isInteger(point) && point > 0 ? point : null;
}

/**
 * The item the session's live mode shows, kept in the database: every machine's live mode and
 * projector follow it, read again at each move made elsewhere. null until read.
 */
export function useLiveItem(sessionId: number) {
  const [live, setLive] = useState<LiveItem | null>(null);
  // Moves made here since a read began: its answer may predate them.
  const moves = useRef(0);
  const read = useCallback(async () => {
    const before = moves.current;
    const result = await call('live.get', { sessionId });
    if (moves.current !== before) return;
    // A session that cannot be read has no item shown; its screen says why.
    setLive(result.ok ? result.value : { sessionId, itemId: null, setAt: null, setBy: null });
  }, [sessionId]);
  useEffect(() => {
    void read();
  }, [read]);
  useChanges([{ kind: 'live', id: sessionId }], () => void read());

  /** Shows another item, here and on every machine. */
  const show = useCallback(
    async (itemId: number) => {
      const move = ++moves.current;
      setLive((l) => l && { ...l, itemId });
      const result = await call('live.set', { sessionId, itemId });
      if (result.ok && moves.current === move) setLive(result.value);
    },
    [sessionId],
  );
  return { live, show };
}
