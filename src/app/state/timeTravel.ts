import { createStore } from 'zustand/vanilla';
import type { CommitMeta } from '../engine/protocol';

/**
 * Time travel (SPEC §4.2, §8): when `asOf` is set, the tree and the viewer show the pond as of that commit,
 * read-only; the only change they offer is a `restore` into the draft. null: the latest commit.
 */
export interface TimeTravelState {
  readonly asOf: number | null;
  /** The commit being viewed (for the banner). */
  readonly commit: CommitMeta | null;
}

export const timeTravelStore = createStore<TimeTravelState>(() => ({ asOf: null, commit: null }));
