import { useCallback, useEffect, useState, type DependencyList } from 'react';
import type { Result } from '../../../../shared/result';

type Loaded<T> = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; value: T };

const loadedOf = <T>(result: Result<T>): Loaded<T> =>
  result.ok ? { status: 'ready', value: result.value } : { status: 'failed', message: result.error.message };

/**
 * What a screen shows from the handlers: loaded when `deps` change, a late answer for earlier
 * deps ignored; `reload` reads again after a change without going back to « Chargement… ».
 */
export function useLoad<T>(load: () => Promise<Result<T>>, deps: DependencyList) {
  const [loaded, setLoaded] = useState<Loaded<T>>({ status: 'loading' });

  useEffect(() => {
    let current = true;
    setLoaded({ status: 'loading' });
    void load().then((result) => {
      if (current) setLoaded(loadedOf(result));
    });
    return () => {
      current = false;
    };
    // The caller names what `load` depends on.
  }, deps);

  const reload = useCallback(async () => setLoaded(loadedOf(await load())), deps);
  return { loaded, reload };
}

/** Two answers as one: the first failure, or both values. */
export function both<A, B>(a: Result<A>, b: Result<B>): Result<[A, B]> {
  if (!a.ok) return a;
  if (!b.ok) return b;
  return { ok: true, value: [a.value, b.value] };
}
