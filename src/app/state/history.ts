import { createStore } from 'zustand/vanilla';
import type { CommitMeta } from '../engine/protocol';
import { engine } from './engine';

/** The open pond's commits, newest first, loaded a page at a time. */
export interface HistoryState {
  readonly localId: string | null;
  readonly commits: readonly CommitMeta[];
  readonly loading: boolean;
  /** False once the oldest commit (txn 1) is loaded. */
  readonly hasMore: boolean;
  readonly error: string | null;
}

const PAGE_SIZE = 50;

export const historyStore = createStore<HistoryState>(() => ({ localId: null, commits: [], loading: false, hasMore: false, error: null }));

/**
 * Reloads the newest commits after a commit landed (here or in another tab). Keeps as many as were shown,
 * so a refresh never collapses what the user scrolled to.
 */
export async function refreshHistory(localId: string): Promise<void> {
  const before = historyStore.getState();
  const limit = before.localId === localId ? Math.max(PAGE_SIZE, before.commits.length) : PAGE_SIZE;
  if (before.localId !== localId) historyStore.setState({ localId, commits: [], hasMore: false });
  historyStore.setState({ loading: true, error: null });
  try {
    const commits = await engine().call('history', { limit });
    // A pond switch while this was in flight makes the answer stale.
    if (historyStore.getState().localId !== localId) return;
    historyStore.setState({ commits, loading: false, hasMore: hasOlder(commits) });
  } catch (error) {
    historyStore.setState({ loading: false, error: (error as Error).message });
  }
}

/** Appends the next page of older commits. */
export async function loadMoreHistory(): Promise<void> {
  const { localId, commits, loading, hasMore } = historyStore.getState();
  const oldest = commits[commits.length - 1];
  if (loading || !hasMore || oldest === undefined) return;
  historyStore.setState({ loading: true, error: null });
  try {
    const older = await engine().call('history', { before: oldest.txnSeq - 1, limit: PAGE_SIZE });
    if (historyStore.getState().localId !== localId) return;
    historyStore.setState((s) => {
      const all = [...s.commits, ...older.filter((c) => c.txnSeq < oldest.txnSeq)];
      return { commits: all, loading: false, hasMore: hasOlder(all) };
    });
  } catch (error) {
    historyStore.setState({ loading: false, error: (error as Error).message });
  }
}

/** Commit sequence numbers are dense from 1, so the oldest loaded one tells whether more exist. */
function hasOlder(commits: readonly CommitMeta[]): boolean {
  const oldest = commits[commits.length - 1];
  return oldest !== undefined && oldest.txnSeq > 1;
}
