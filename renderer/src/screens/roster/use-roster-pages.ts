/**
 * The roster as a scrolling table sees it: a total and any row by its index, fetched a page
 * at a time as rows come near the view. Pages already read are kept (a bounded number, those
 * farthest from the view dropped first), so scrolling back costs nothing.
 *
 * Decision: the next page is asked for while half a page of rows is still to scroll before
 * it, so an operator scrolling down (or up) never sees "Loading" rows, only one who jumps
 * does; and a page that arrives for rows not in view draws nothing (the screen is drawn
 * again only when rows in view were waiting for it).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Params, Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError, type DeskClient } from '../../rpc/client.ts';

export type RosterRow = Result<'roster.page'>['rows'][number];
export type RosterFilters = NonNullable<Params<'roster.page'>['filters']>;

/** Rows per call: a few screens' worth, one round trip of ~1 ms in the core. */
export const PAGE_ROWS = 200;
/** Pages kept: 10,000 rows, a few MB, far more than anyone scrolls back through. */
const KEPT_PAGES = 50;
/** Rows beyond the view whose pages are asked for ahead. */
const AHEAD_ROWS = PAGE_ROWS / 2;

export interface RosterPages {
  /** Undefined until the first page has answered. */
  total: number | undefined;
  rowAt(index: number): RosterRow | undefined;
  /**
   * Rows first..last are in view: fetches their pages and those within AHEAD_ROWS of them,
   * those not already kept or on their way.
   */
  need(first: number, last: number): void;
  error: string | undefined;
}

/** `revision`: a new one reads the roster afresh (after an import). */
export function useRosterPages(client: DeskClient, filters: RosterFilters, revision = 0): RosterPages {
  const key = JSON.stringify(filters);
  const pages = useRef(new Map<number, RosterRow[]>());
  const asked = useRef(new Set<number>());
  const generation = useRef(0);
  /** The rows in view, as last told by need(). */
  const inView = useRef({ first: 0, last: 0 });
  /** The listing's length once known: no page is asked for beyond it. */
  const length = useRef<number | undefined>(undefined);
  const [total, setTotal] = useState<number | undefined>();
  const [error, setError] = useState<string | undefined>();
  // Bumped when a page for rows in view arrives: rowAt is new, so the table draws them.
  const [arrived, setArrived] = useState(0);

  const fetchPage = useCallback(
    (page: number, forKey: string, forGeneration: number) => {
      asked.current.add(page);
      client
        .call('roster.page', { offset: page * PAGE_ROWS, limit: PAGE_ROWS, filters: JSON.parse(forKey) as RosterFilters })
        .then((answer) => {
          if (generation.current !== forGeneration) return;
          pages.current.set(page, answer.rows);
          length.current = answer.total;
          setTotal(answer.total);
          setError(undefined);
          const { first, last } = inView.current;
          if (page * PAGE_ROWS <= last && (page + 1) * PAGE_ROWS > first) setArrived((n) => n + 1);
        })
        .catch((failure: unknown) => {
          if (generation.current !== forGeneration) return;
          asked.current.delete(page);
          setError(failure instanceof CallError ? failure.message : String(failure));
        });
    },
    [client],
  );

  // New filters, or the roster changed under them (revision): a new listing from its first page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: revision is the reason to run, not a value read.
  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    asked.current = new Set();
    inView.current = { first: 0, last: 0 };
    length.current = undefined;
    setTotal(undefined);
    fetchPage(0, key, generation.current);
  }, [key, revision, fetchPage]);

  const need = useCallback(
    (first: number, last: number) => {
      inView.current = { first, last };
      const from = Math.floor(Math.max(0, first - AHEAD_ROWS) / PAGE_ROWS);
      const to = Math.floor(Math.max(0, Math.min(last + AHEAD_ROWS, (length.current ?? Infinity) - 1)) / PAGE_ROWS);
      for (let page = from; page <= to; page += 1) {
        if (!asked.current.has(page)) fetchPage(page, key, generation.current);
      }
      if (pages.current.size > KEPT_PAGES) {
        const farthest = [...pages.current.keys()].sort((a, b) => distance(b, from, to) - distance(a, from, to));
        for (const page of farthest.slice(0, pages.current.size - KEPT_PAGES)) {
          pages.current.delete(page);
          asked.current.delete(page);
        }
      }
    },
    [key, fetchPage],
  );

  // A new function when rows in view arrive: the table (memoised) is drawn again for them.
  // biome-ignore lint/correctness/useExhaustiveDependencies: arrived is the reason for a new function, not a value read.
  const rowAt = useCallback((index: number) => pages.current.get(Math.floor(index / PAGE_ROWS))?.[index % PAGE_ROWS], [arrived]);
  return { total, rowAt, need, error };
}

function distance(page: number, from: number, to: number): number {
  return page < from ? from - page : page > to ? page - to : 0;
}
