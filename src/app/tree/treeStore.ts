import { createStore } from 'zustand/vanilla';
import type { EntryPage, TreeEntry } from '../engine/protocol';
import { engine } from '../state/engine';
import { timeTravelStore } from '../state/timeTravel';

/** Entries per `entries` request: a screenful or a few, so a page costs a few ms of metadata in the engine. */
export const PAGE_SIZE = 200;

/**
 * One directory's committed entries, fetched page by page as rows scroll into view (a folder may hold
 * 100,000 entries). `pages` maps a page number to its entries; `byPath` indexes every loaded entry for the
 * draft marks. `byPath` is shared by the listing objects of one generation and only grows (rebuilding it on
 * each page would copy up to 100,000 entries); a refresh starts a new generation with a new map.
 */
export type Listing =
  | { readonly status: 'loading' }
  | {
      readonly status: 'ok';
      readonly generation: number;
      readonly total: number;
      readonly pages: ReadonlyMap<number, readonly TreeEntry[]>;
      readonly byPath: ReadonlyMap<string, TreeEntry>;
    }
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

/** The newest whole-listing request per directory: an older response arriving late must not overwrite a newer one. */
const latest = new Map<string, number>();
let requests = 0;
let generations = 0;
/** Pages being fetched, as `generation:path:page`, so scrolling asks for each page once. */
const inFlight = new Set<string>();

/** Lists a directory afresh: the pages given (the first one when none), replacing the listing at once. */
export async function fetchListing(path: string, pages: readonly number[] = [0]): Promise<void> {
  const id = ++requests;
  latest.set(path, id);
  if (treeStore.getState().listings.get(path) === undefined) setListing(path, { status: 'loading' });
  let listing: Listing;
  try {
    const got = await Promise.all(pages.map((page) => fetchPage(path, page)));
    const byPath = new Map<string, TreeEntry>();
    for (const { entries } of got) for (const entry of entries) byPath.set(entry.path, entry);
    const total = got[got.length - 1]?.total ?? 0;
    listing = { status: 'ok', generation: ++generations, total, pages: new Map(pages.map((page, i) => [page, got[i]?.entries ?? []])), byPath };
  } catch (error) {
    listing = { status: 'error', message: (error as Error).message };
  }
  if (latest.get(path) !== id) return;
  setListing(path, listing);
  if (listing.status === 'ok') for (const [page, entries] of listing.pages) selectLoaded(path, page, entries);
}

/** Fetches one more page of a listed directory (a placeholder row scrolled into view). */
export async function requestPage(path: string, page: number): Promise<void> {
  const listing = treeStore.getState().listings.get(path);
  if (listing?.status !== 'ok' || listing.pages.has(page)) return;
  const key = `${listing.generation}:${path}:${page}`;
  if (inFlight.has(key)) return;
  inFlight.add(key);
  try {
    const { entries } = await fetchPage(path, page);
    const now = treeStore.getState().listings.get(path);
    // A refresh replaced the listing meanwhile: this page may be out of date, and is asked again if still in view.
    if (now?.status !== 'ok' || now.generation !== listing.generation) return;
    for (const entry of entries) (now.byPath as Map<string, TreeEntry>).set(entry.path, entry);
    setListing(path, { ...now, pages: new Map(now.pages).set(page, entries) });
    selectLoaded(path, page, entries);
  } catch {
    // Left as placeholders; the next scroll asks again. A folder that vanished is refreshed by its commit.
  } finally {
    inFlight.delete(key);
  }
}

/** One page as of the commit being viewed (time travel), or of the latest. */
function fetchPage(path: string, page: number): Promise<EntryPage> {
  const { asOf } = timeTravelStore.getState();
  return engine().call('entries', { path, offset: page * PAGE_SIZE, limit: PAGE_SIZE, ...(asOf === null ? {} : { asOf }) });
}

function setListing(path: string, listing: Listing): void {
  treeStore.setState((s) => ({ listings: new Map(s.listings).set(path, listing) }));
}

/** Keyboard navigation can select a row still loading (End in a big folder): once it loads, select its entry. */
function selectLoaded(dir: string, page: number, entries: readonly TreeEntry[]): void {
  const pending = pendingOf(treeStore.getState().selected);
  if (pending === null || pending.dir !== dir) return;
  const entry = entries[pending.index - page * PAGE_SIZE];
  if (entry !== undefined) select(entry.path);
}

/**
 * The path of a row not loaded yet: the `index`th entry of `dir`. NUL never occurs in a pond name, so it
 * cannot clash with a real path, and `parentOf` still gives the folder.
 */
export function pendingPath(dir: string, index: number): string {
  return joinPath(dir, `\u0000${index}`);
}

export function pendingOf(path: string | null): { readonly dir: string; readonly index: number } | null {
  const cut = path?.lastIndexOf('/\u0000') ?? -1;
  if (path === null || cut < 0) return null;
  return { dir: cut === 0 ? '/' : path.slice(0, cut), index: Number(path.slice(cut + 2)) };
}

/** Another pond was opened: nothing of the old tree applies. */
export function resetTree(): void {
  latest.clear();
  inFlight.clear();
  treeStore.setState({ listings: new Map(), expanded: new Set(['/']), selected: null, renaming: null, transfer: null });
  void fetchListing('/');
}

/** Pages a refresh fetches again besides the first: the last ones fetched, which are likely in view. */
const REFRESHED_PAGES = 4;

/**
 * After a commit, or when time travel changes the commit shown: refetch what is expanded, forget the rest (fetched again when opened). Of a big folder only
 * the first and the latest pages are fetched again; rows of other pages turn into placeholders and are
 * fetched when they come into view, so a commit costs a few pages, not the 100,000 entries scrolled through.
 */
export function refreshTree(): void {
  const { expanded, listings } = treeStore.getState();
  const kept = new Map([...listings].filter(([path]) => expanded.has(path)));
  treeStore.setState({ listings: kept });
  for (const path of expanded) {
    const listing = kept.get(path);
    // `pages` keeps the order pages were fetched in.
    const recent = listing?.status === 'ok' ? [...listing.pages.keys()].slice(-REFRESHED_PAGES) : [];
    void fetchListing(path, [...new Set([0, ...recent])]);
  }
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

/** Finds a committed entry among the fetched pages (undefined when its folder or its page was never fetched). */
export function knownEntry(listings: ReadonlyMap<string, Listing>, path: string): TreeEntry | undefined {
  const listing = listings.get(parentOf(path));
  return listing?.status === 'ok' ? listing.byPath.get(path) : undefined;
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
