import { useEffect, useRef, useState } from 'react';
import type { Change } from '../../shared/contract/live';
import { call } from './api';

/**
 * What a screen shows, to hear when another machine (or window) changes it: a kind of record of
 * the audit log (`dossier`, `session`, `member`, `settings`…, `live` for the item a session's live
 * mode shows), one of them by its id, or every one of that kind without.
 */
export interface Watch {
  kind: string;
  id?: number | string;
}

/** Within 2 s of a change elsewhere: a poll each second, and the time its answer takes. */
const POLL_MS = 1000;

interface Subscriber {
  watches: readonly Watch[];
  onChange: () => void;
}

const subscribers = new Set<Subscriber>();
let cursor: number | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
let polling = false;

const concerns = (watches: readonly Watch[], changes: readonly Change[]) =>
  watches.some((w) => changes.some((c) => c.kind === w.kind && (w.id === undefined || String(w.id) === c.id)));

function schedule(): void {
  if (timer !== null) clearTimeout(timer);
  timer = subscribers.size > 0 && !document.hidden ? setTimeout(() => void poll(), POLL_MS) : null;
}

/** One request for every screen open in this window, whatever each one watches. */
async function poll(): Promise<void> {
  if (polling) return;
  polling = true;
  try {
    const result = await call('changes.since', { cursor });
    if (!result.ok) return;
    const first = cursor === null;
    const { changes, complete } = result.value;
    cursor = result.value.cursor;
    if (first) return;
    for (const subscriber of [...subscribers]) {
      if (!complete || concerns(subscriber.watches, changes)) subscriber.onChange();
    }
  } finally {
    polling = false;
    schedule();
  }
}

// A hidden window asks nothing; shown again, it catches up at once.
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && subscribers.size > 0) void poll();
  else schedule();
});

/**
 * Calls `onChange` when a record the screen watches changes, here or on another machine; a screen
 * holding unsaved input should warn rather than reload over it.
 */
export function useChanges(watches: readonly Watch[], onChange: () => void): void {
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  const key = JSON.stringify(watches);
  useEffect(() => {
    const subscriber: Subscriber = { watches: JSON.parse(key) as Watch[], onChange: () => latest.current() };
    subscribers.add(subscriber);
    if (cursor === null) void poll();
    else schedule();
    return () => {
      subscribers.delete(subscriber);
      if (subscribers.size === 0) schedule();
    };
  }, [key]);
}

/** A number that grows at each change the screen watches: put in the dependencies of what loads it. */
export function useChangeCount(watches: readonly Watch[]): number {
  const [count, setCount] = useState(0);
  useChanges(watches, () => setCount((n) => n + 1));
  return count;
}
