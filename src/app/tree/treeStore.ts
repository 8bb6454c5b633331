import { createStore } from 'zustand/vanilla';
import type { TreeEntry } from '../engine/protocol';
import { engine } from '../state/engine';

/** One directory's committed entries as last fetched (lazily, when it is first expanded). */
export type Listing =
  | { readonly status: 'loading' }
  | { readonly status: 'ok'; readonly entries: readonly TreeEntry[] }
  | { readonly status: 'error'; readonly message: string };

export interface TreeState {
  readonly listings: ReadonlyMap<string, Listing>;
  /** Expanded directories; '/' is the invisible root and always expanded. */
  readonly expanded: ReadonlySet<string>;
  readonly selected: string | null;
  /** The entry whose name is being edited in place (F2). */
  readonly renaming: string | null;
  readonly filter: string;
  /** Host files being copied into the draft: progress, and whether the user asked to stop. */
  readonly transfer: { readonly done: number; readonly total: number; readonly cancelled: boolean } | null;
}

export const treeStore = createStore<TreeState>(() => ({
  listings: new Map(),
  expanded: new Set(['/']),
  selected: null,
  renaming: null,
  filter: '',
  transfer: null,
}));

/** The newest request per directory: an older response arriving late must not overwrite a newer one. */
const latest = new Map<string, number>();
let requests = 0;

export async function fetchListing(path: string): Promise<void> {
  const id = ++requests;
  latest.set(path, id);
  const known = treeStore.getState().listings.get(path);
  if (known === undefined) setListing(path, { status: 'loading' });
  let listing: Listing;
  try {
    listing = { status: 'ok', entries: await engine().call('entries', { path }) };
  } catch (error) {
    listing = { status: 'error', message: (error as Error).message };
  }
  if (latest.get(path) === id) setListing(path, listing);
}

function setListing(path: string, listing: Listing): void {
  treeStore.setState((s) => ({ listings: new Map(s.listings).set(path, listing) }));
}

/** Another pond was opened: nothing of the old tree applies. */
export function resetTree(): void {
  latest.clear();
  treeStore.setState({ listings: new Map(), expanded: new Set(['/']), selected: null, renaming: null, transfer: null });
  void fetchListing('/');
}

/** After a commit: refetch what is expanded, forget the rest (it is fetched again when opened). */
export function refreshTree(): void {
  const { expanded, listings } = treeStore.getState();
  const kept = new Map([...listings].filter(([path]) => expanded.has(path)));
  treeStore.setState({ listings: kept });
  for (const path of expanded) void fetchListing(path);
}

/** Expands a directory; the tree then lists it if it is committed (see useLazyListings). */
export function expand(path: string): void {
  treeStore.setState((s) => ({ expanded: new Set(s.expanded).add(path) }));
}

export function collapse(path: string): void {
  treeStore.setState((s) => {
    const expanded = new Set(s.expanded);
    expanded.delete(path);
    return { expanded };
  });
}

export function select(path: string | null): void {
  treeStore.setState({ selected: path });
}

export function startRename(path: string | null): void {
  treeStore.setState({ renaming: path });
}

export function setFilter(filter: string): void {
  treeStore.setState({ filter });
}

/** Finds a committed entry among the fetched listings (undefined when its folder was never opened). */
export function knownEntry(listings: ReadonlyMap<string, Listing>, path: string): TreeEntry | undefined {
  const listing = listings.get(parentOf(path));
  return listing?.status === 'ok' ? listing.entries.find((e) => e.path === path) : undefined;
}

export function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

export function isDirectory(entryType: string): boolean {
  return entryType.startsWith('dir:');
}
