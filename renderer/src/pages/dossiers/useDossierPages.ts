import { useCallback, useRef, useState } from 'react';
import type { DossierListQuery, DossierSummary } from '../../../../shared/dossier';
import { call } from '../../api';

export const PAGE_SIZE = 100;

export type ListQuery = Omit<DossierListQuery, 'offset' | 'limit'>;

interface Pages {
  key: string;
  /** Null until the first page answers. */
  total: number | null;
  pages: Partial<Record<number, DossierSummary[]>>;
  failed: string | null;
}

const empty = (key: string): Pages => ({ key, total: null, pages: {}, failed: null });

/**
 * The dossiers of a query, fetched a page at a time as the list scrolls to them: 10,000 dossiers
 * must not travel at once. A new query starts afresh; answers to an older one are dropped.
 */
export function useDossierPages(query: ListQuery) {
  const key = JSON.stringify(query);
  const [state, setState] = useState<Pages>(() => empty(key));
  // The pages asked for the latest query.
  const requested = useRef({ key, pages: new Set<number>() });
  const current = state.key === key ? state : empty(key);

  const load = useCallback(
    (page: number) => {
      if (requested.current.key !== key) requested.current = { key, pages: new Set() };
      const { pages } = requested.current;
      if (pages.has(page)) return;
      pages.add(page);
      const listQuery = JSON.parse(key) as ListQuery;
      void call('dossiers.list', { ...listQuery, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then((result) => {
        if (requested.current.key !== key) return;
        // A failed page may be asked again.
        if (!result.ok) pages.delete(page);
        setState((previous) => {
          const base = previous.key === key ? previous : empty(key);
          if (!result.ok) return { ...base, failed: result.error.message };
          const { total, rows } = result.value;
          return { ...base, failed: null, total, pages: { ...base.pages, [page]: rows } };
        });
      });
    },
    [key],
  );

  /** Every page shown asked again, still shown until its answer: the dossiers changed. */
  const shown = useRef(current);
  shown.current = current;
  const refresh = useCallback(() => {
    requested.current = { key, pages: new Set() };
    for (const page of Object.keys(shown.current.pages)) load(Number(page));
  }, [key, load]);

  const rowAt = (index: number): DossierSummary | undefined =>
    current.pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];

  return { total: current.total, failed: current.failed, rowAt, load, refresh, key };
}
