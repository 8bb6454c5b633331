import { useEffect, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import { draftStore } from '../state/draft';
import { pondStore } from '../state/pond';
import { timeTravelStore } from '../state/timeTravel';
import { type Mark, draftMarks } from './marks';
import { type Row, visibleRows } from './rows';
import { fetchListing, knownEntry, refreshTree, resetTree, treeStore } from './treeStore';

const NO_MARKS: Map<string, Mark> = new Map();

/** The draft's marks over what the tree has loaded; none in the past (the draft changes the latest commit). */
export function useMarks(): Map<string, Mark> {
  const ops = useStore(draftStore, (s) => s.ops);
  const listings = useStore(treeStore, (s) => s.listings);
  const past = useStore(timeTravelStore, (s) => s.asOf !== null);
  return useMemo(() => (past ? NO_MARKS : draftMarks(ops, (path) => knownEntry(listings, path))), [ops, listings, past]);
}

/**
 * Keeps the tree in step with the pond: a fresh tree for another pond, a refetch of what is open after
 * every commit (here or in another tab) and when time travel changes the commit shown, and lazy listing of
 * folders as they are expanded.
 */
export function useTreeRows(): Row[] {
  const localId = useStore(pondStore, (s) => s.status?.localId ?? null);
  const revision = useStore(pondStore, (s) => s.revision);
  const asOf = useStore(timeTravelStore, (s) => s.asOf);
  const { listings, expanded, filter } = useStore(treeStore);
  const marks = useMarks();
  const travelled = useRef(asOf);

  useEffect(() => {
    if (localId !== null) resetTree();
  }, [localId]);

  useEffect(() => {
    if (revision > 0) refreshTree();
  }, [revision]);

  // Another commit shown: the same folders stay open, listed as of it.
  useEffect(() => {
    if (travelled.current === asOf) return;
    travelled.current = asOf;
    refreshTree();
  }, [asOf]);

  useEffect(() => {
    if (localId === null) return;
    // Folders that exist only in the draft have nothing committed to list yet.
    for (const path of expanded) if (!listings.has(path) && marks.get(path)?.state !== 'added') void fetchListing(path);
  }, [localId, expanded, listings, marks]);

  return useMemo(() => visibleRows({ listings, expanded, marks, filter }), [listings, expanded, marks, filter]);
}
