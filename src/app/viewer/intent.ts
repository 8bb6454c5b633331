import { createStore } from 'zustand/vanilla';
import { select } from '../tree/treeStore';

/**
 * What the viewer should open a file in, asked from elsewhere (the tree's "History" action): taken once by
 * the file's viewer showing that path, whether it mounts for it or shows it already.
 */
export const viewerIntent = createStore<{ readonly path: string | null; readonly mode: 'compare' | null }>(() => ({ path: null, mode: null }));

/** Opens a file's history: selects it and shows the comparison of its versions. */
export function openHistory(path: string): void {
  viewerIntent.setState({ path, mode: 'compare' });
  select(path);
}

/** Marks the intent for `path` as taken. */
export function clearIntent(): void {
  viewerIntent.setState({ path: null, mode: null });
}
