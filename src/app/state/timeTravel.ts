import { createStore } from 'zustand/vanilla';
import { PondError } from '../../errors';
import type { CommitMeta } from '../engine/protocol';
import { engine } from './engine';

/**
 * Time travel (SPEC §4.2, §8): when `asOf` is set, the tree and the viewer show the pond as of that commit,
 * read-only; the only change they offer is a `restore` into the draft. null: the latest commit. This store
 * is the single source of truth: every view that reads pond content asks it which state to read.
 */
export interface TimeTravelState {
  readonly asOf: number | null;
  /** The commit being viewed (for the banner). */
  readonly commit: CommitMeta | null;
}

export const timeTravelStore = createStore<TimeTravelState>(() => ({ asOf: null, commit: null }));

/** Shows the pond as of `commit`, read-only. */
export function travelTo(commit: CommitMeta): void {
  timeTravelStore.setState({ asOf: commit.txnSeq, commit });
}

/** Back to the latest commit (and to making changes). */
export function backToLatest(): void {
  timeTravelStore.setState({ asOf: null, commit: null });
}

/** The open pond's commit `txnSeq`; `NotFound` when the pond has no such commit (not yet, or pruned). */
export async function commitAt(txnSeq: number): Promise<CommitMeta> {
  const [meta] = await engine().call('history', { before: txnSeq, limit: 1 });
  if (meta?.txnSeq !== txnSeq) throw new PondError('NotFound', `this pond has no txn ${txnSeq}`);
  return meta;
}
