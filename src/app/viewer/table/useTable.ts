import { useCallback, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { EngineError } from '../../engine/client';
import type { TableInfo, TableSource } from '../../engine/protocol';
import { engine } from '../../state/engine';
import { pondStore } from '../../state/pond';

export type TableState = { readonly status: 'loading' } | { readonly status: 'error'; readonly message: string } | { readonly status: 'open'; readonly info: TableInfo };

/**
 * Opens `source` in the engine and keeps it open: again after each commit when it follows the latest
 * state (the engine answers with the same handle when the file did not change, so the grid keeps its
 * pages and sort), and on `reopen()` when the engine closed it to make room.
 */
export function useTable(source: TableSource): { state: TableState; reopen: () => void } {
  const revision = useStore(pondStore, (s) => s.revision);
  const live = source.asOf === undefined && source.version === undefined;
  const [state, setState] = useState<TableState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const key = JSON.stringify([source.path, source.asOf, source.version, source.csv === true]);

  // A different table: nothing of the old one may show while the new one opens.
  useEffect(() => setState({ status: 'loading' }), [key]);

  useEffect(() => {
    let current = true;
    engine()
      .call('openTable', source)
      .then(
        (info) => current && setState((old) => (old.status === 'open' && old.info.handle === info.handle ? old : { status: 'open', info })),
        (error: unknown) => current && setState({ status: 'error', message: (error as Error).message }),
      );
    return () => {
      current = false;
    };
    // `source` is named by `key`; `revision` matters only for a table that follows the latest commit.
  }, [key, live ? revision : -1, attempt]);

  const reopen = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reopen };
}

/** True when `error` says the engine closed the table `handle` (to make room for others): open it again. */
export function isClosedTable(error: unknown, handle: string): boolean {
  return error instanceof EngineError && error.kind === 'NotFound' && error.message.includes(`table ${handle} is not open`);
}
