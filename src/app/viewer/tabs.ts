import { createStore } from 'zustand/vanilla';
import { draftStore } from '../state/draft';
import { isDirectory, knownEntry, treeStore } from '../tree/treeStore';

/**
 * The files open in the centre, as tabs (SPEC §8 "content tabs centre"). Selecting a file in the explorer
 * opens (or activates) its tab; the active tab is the explorer's selection, so the two never disagree.
 */
export interface TabsState {
  readonly open: readonly string[];
}

export const tabsStore = createStore<TabsState>(() => ({ open: [] }));

let following = false;

/** Starts opening a tab for every file selected in the explorer (idempotent). */
export function followSelection(): void {
  if (following) return;
  following = true;
  treeStore.subscribe((state, before) => {
    const path = state.selected;
    if (path === null || path === before.selected || tabsStore.getState().open.includes(path)) return;
    const entry = knownEntry(state.listings, path);
    // A file the draft writes has no committed entry yet ("New File…" opens it here, to be edited).
    const drafted = draftStore.getState().ops.some((op) => op.op === 'write' && op.path === path);
    if (entry === undefined ? !drafted : isDirectory(entry.entryType)) return;
    tabsStore.setState((s) => ({ open: [...s.open, path] }));
  });
}

export function activateTab(path: string): void {
  treeStore.setState({ selected: path });
}

/** Closes a tab; closing the active one activates its neighbour (or nothing when it was the last). */
export function closeTab(path: string): void {
  const { open } = tabsStore.getState();
  const index = open.indexOf(path);
  if (index < 0) return;
  const rest = open.filter((p) => p !== path);
  tabsStore.setState({ open: rest });
  if (treeStore.getState().selected === path) treeStore.setState({ selected: rest[Math.min(index, rest.length - 1)] ?? null });
}

/** Drops every tab (another pond was opened). */
export function closeAllTabs(): void {
  tabsStore.setState({ open: [] });
}
