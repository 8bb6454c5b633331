import { useCallback, useRef, useState } from 'react';
import type { Cell, TableInfo, TableSort } from '../../engine/protocol';
import { engine } from '../../state/engine';
import { isClosedTable } from './useTable';

/** Rows per request: a few screens, small enough to arrive within a frame or two. */
export const PAGE_ROWS = 200;
/** Pages kept on the UI side (10,000 rows); the farthest from what is in view go first. */
const KEPT_PAGES = 50;

export interface RowPages {
  /** The cells of row `index` (in the current sort), or undefined while its page is on its way. */
  row(index: number): readonly Cell[] | undefined;
  /** Asks for the pages holding rows `first` … `last` (the rows in view). */
  want(first: number, last: number): void;
  /** Pages are on their way (a new sort of a big table takes a moment). */
  readonly busy: boolean;
  readonly error: string | null;
}

/** The pages of one table in one sort order. */
interface PageSet {
  readonly key: string;
  readonly pages: Map<number, Cell[][]>;
  readonly inFlight: Set<number>;
  error: string | null;
}

/**
 * The grid's rows, fetched page by page from the engine as they scroll into view: the UI never holds more
 * than `KEPT_PAGES` pages, whatever the table's size. A new sort starts over. `onLost` is called when the
 * engine no longer has the table open (evicted by newer ones), so the caller can open it again.
 */
export function useRowPages(info: TableInfo, sort: TableSort | null, onLost: () => void): RowPages {
  const key = `${info.handle}\n${sort === null ? '' : `${sort.column}\n${sort.descending}`}`;
  const set = useRef<PageSet>({ key, pages: new Map(), inFlight: new Set(), error: null });
  // Another table or sort: its pages replace the old ones before anything renders from them.
  if (set.current.key !== key) set.current = { key, pages: new Map(), inFlight: new Set(), error: null };
  const current = set.current;
  const [, rerender] = useState(0);

  const fetchPage = useCallback(
    (into: PageSet, page: number) => {
      into.inFlight.add(page);
      const request = { handle: info.handle, offset: page * PAGE_ROWS, limit: PAGE_ROWS, ...(sort === null ? {} : { sort }) };
      engine()
        .call('tableRows', request)
        .then(
          (rows) => void into.pages.set(page, rows),
          (failure: unknown) => {
            if (isClosedTable(failure, request.handle)) onLost();
            else into.error = (failure as Error).message;
          },
        )
        .finally(() => {
          into.inFlight.delete(page);
          // Only the pages of what is on screen now cause a render.
          if (set.current === into) rerender((n) => n + 1);
        });
    },
    [info.handle, sort, onLost],
  );

  const want = useCallback(
    (first: number, last: number) => {
      if (info.rows === 0) return;
      const from = Math.floor(Math.max(0, first) / PAGE_ROWS);
      const to = Math.floor(Math.min(info.rows - 1, last) / PAGE_ROWS);
      let started = false;
      for (let page = from; page <= to; page++) {
        if (current.pages.has(page) || current.inFlight.has(page) || current.error !== null) continue;
        fetchPage(current, page);
        started = true;
      }
      evictFarFrom(current.pages, from, to);
      // `busy` shows from the first request on (a sort of a million rows takes a moment).
      if (started) rerender((n) => n + 1);
    },
    [current, info.rows, fetchPage],
  );

  const row = useCallback((index: number) => current.pages.get(Math.floor(index / PAGE_ROWS))?.[index % PAGE_ROWS], [current]);
  return { row, want, busy: current.inFlight.size > 0, error: current.error };
}

/** Drops the pages farthest from `from` … `to` until `KEPT_PAGES` remain. */
function evictFarFrom(pages: Map<number, unknown>, from: number, to: number): void {
  if (pages.size <= KEPT_PAGES) return;
  const distance = (page: number) => (page < from ? from - page : page > to ? page - to : 0);
  const far = [...pages.keys()].sort((a, b) => distance(b) - distance(a));
  for (const page of far.slice(0, pages.size - KEPT_PAGES)) pages.delete(page);
}
