import type { TreeEntry } from '../engine/protocol';
import { globMatcher } from './glob';
import { type Mark, addedChildren, byFolderThenName } from './marks';
import { type Listing, isDirectory } from './treeStore';

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
}

interface Input {
  readonly listings: ReadonlyMap<string, Listing>;
  readonly expanded: ReadonlySet<string>;
  readonly marks: ReadonlyMap<string, Mark>;
  readonly filter: string;
}

/**
 * Flattens the expanded part of the tree into rows (what the virtualizer renders). With a filter, a row is
 * kept when it or anything loaded below it matches, so matches keep their folders for context.
 */
export function visibleRows({ listings, expanded, marks, filter }: Input): Row[] {
  const matches = globMatcher(filter);
  const filtering = filter.trim() !== '';

  const children = (dir: string): TreeEntry[] => {
    const listing = listings.get(dir);
    const committed = listing?.status === 'ok' ? listing.entries : [];
    const names = new Set(committed.map((e) => e.name));
    return [...committed, ...addedChildren(marks, dir).filter((e) => !names.has(e.name))].sort(byFolderThenName);
  };

  // The rows of `dir`'s subtree; empty when filtering and nothing in it matches.
  const walk = (dir: string, level: number): Row[] => {
    const groups: Row[][] = [];
    for (const entry of children(dir)) {
      const open = isDirectory(entry.entryType) && (expanded.has(entry.path) || (filtering && listings.has(entry.path)));
      const below = open ? walk(entry.path, level + 1) : [];
      if (filtering && below.length === 0 && !matches(entry.path, entry.name)) continue;
      const row: Row = { entry, level, expanded: open, mark: marks.get(entry.path), position: 0, siblings: 0, ...note(listings.get(entry.path), open) };
      groups.push([row, ...below]);
    }
    return groups.flatMap(([row, ...below], i) => [{ ...(row as Row), position: i + 1, siblings: groups.length }, ...below]);
  };
  return walk('/', 1);
}

function note(listing: Listing | undefined, open: boolean): { note?: string } {
  if (!open || listing === undefined) return {};
  if (listing.status === 'loading') return { note: 'loading…' };
  if (listing.status === 'error') return { note: listing.message };
  return {};
}
