import type { TreeEntry } from '../engine/protocol';
import { byFolderThenName } from '../engine/protocol';
import { globMatcher } from './glob';
import { type Mark, addedChildren } from './marks';
import { type Listing, PAGE_SIZE, isDirectory, pendingPath } from './treeStore';

/** One visible line of the tree. */
export interface Row {
  readonly entry: TreeEntry;
  readonly level: number;
  readonly expanded: boolean;
  readonly mark: Mark | undefined;
  /** Position among its siblings, for aria-posinset / aria-setsize. */
  readonly position: number;
  readonly siblings: number;
  /** Why the folder shows nothing when expanded: still loading, or the listing failed. */
  readonly note?: string;
  /** A placeholder for an entry of `dir` whose page is not fetched yet (fetched when the row comes into view). */
  readonly pending?: { readonly dir: string; readonly page: number };
}

interface Input {
  readonly listings: ReadonlyMap<string, Listing>;
  readonly expanded: ReadonlySet<string>;
  readonly marks: ReadonlyMap<string, Mark>;
  readonly filter: string;
}

type Child = { readonly entry: TreeEntry; readonly page?: number };
type MutableRow = { -readonly [K in keyof Row]: Row[K] };

/**
 * Flattens the expanded part of the tree into rows (what the virtualizer renders). Entries of pages not
 * fetched yet are placeholder rows, so a 100,000-entry folder has its full height at once. With a filter,
 * a row is kept when it or anything loaded below it matches, so matches keep their folders for context;
 * placeholders are left out then (they match nothing yet).
 */
export function visibleRows({ listings, expanded, marks, filter }: Input): Row[] {
  const matches = globMatcher(filter);
  const filtering = filter.trim() !== '';
  const out: Row[] = [];

  // Appends the rows of `dir`'s subtree to `out`; returns how many.
  const walk = (dir: string, level: number): number => {
    const start = out.length;
    const heads: MutableRow[] = [];
    for (const { entry, page } of children(listings.get(dir), addedChildren(marks, dir), dir)) {
      if (page !== undefined) {
        if (filtering) continue;
        const row: MutableRow = { entry, level, expanded: false, mark: undefined, position: 0, siblings: 0, pending: { dir, page } };
        heads.push(row);
        out.push(row);
        continue;
      }
      const open = isDirectory(entry.entryType) && (expanded.has(entry.path) || (filtering && listings.has(entry.path)));
      const at = out.length;
      const row: MutableRow = { entry, level, expanded: open, mark: marks.get(entry.path), position: 0, siblings: 0, ...note(listings.get(entry.path), open) };
      out.push(row);
      const below = open ? walk(entry.path, level + 1) : 0;
      if (filtering && below === 0 && !matches(entry.path, entry.name)) {
        out.length = at;
        continue;
      }
      heads.push(row);
    }
    heads.forEach((row, i) => {
      row.position = i + 1;
      row.siblings = heads.length;
    });
    return out.length - start;
  };
  walk('/', 1);
  return out;
}

/**
 * The children of `dir` in tree order: committed entries (placeholders where a page is missing) and the
 * entries the draft adds. When the whole folder is loaded, added entries are merged into their sorted
 * places; while pages are missing their places may be in a missing page, so they come first, in view.
 */
function children(listing: Listing | undefined, added: readonly TreeEntry[], dir: string): Child[] {
  const committed: Child[] = [];
  let complete = true;
  if (listing?.status === 'ok') {
    for (let index = 0; index < listing.total; index++) {
      const page = Math.floor(index / PAGE_SIZE);
      const entry = listing.pages.get(page)?.[index - page * PAGE_SIZE];
      if (entry !== undefined) committed.push({ entry });
      else {
        complete = false;
        committed.push({ entry: placeholder(dir, index), page });
      }
    }
  }
  const fresh = added.filter((e) => listing?.status !== 'ok' || !listing.byPath.has(e.path)).sort(byFolderThenName);
  if (fresh.length === 0) return committed;
  if (!complete) return [...fresh.map((entry) => ({ entry })), ...committed];
  // Both lists are sorted: merge them (sorting a 100,000-entry folder again on every render would not do).
  const merged: Child[] = [];
  let a = 0;
  for (const child of committed) {
    while (a < fresh.length && byFolderThenName(fresh[a] as TreeEntry, child.entry) < 0) merged.push({ entry: fresh[a++] as TreeEntry });
    merged.push(child);
  }
  for (; a < fresh.length; a++) merged.push({ entry: fresh[a] as TreeEntry });
  return merged;
}

// Placeholders are the same objects on every rebuild: a 100,000-entry folder rebuilds its rows each time a
// page arrives, and making 100,000 new placeholder objects (and path strings) each time was most of it.
const placeholders = new Map<string, TreeEntry[]>();

function placeholder(dir: string, index: number): TreeEntry {
  let list = placeholders.get(dir);
  if (list === undefined) placeholders.set(dir, (list = []));
  return (list[index] ??= { name: '', path: pendingPath(dir, index), entryType: 'pending', size: 0, version: 0, modified: null });
}

function note(listing: Listing | undefined, open: boolean): { note?: string } {
  if (!open || listing === undefined) return {};
  if (listing.status === 'loading') return { note: 'loading…' };
  if (listing.status === 'error') return { note: listing.message };
  return {};
}
