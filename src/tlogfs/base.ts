import { PondError } from '../errors';
import type { LogStore } from '../store/ports';
import { isSeries } from '../tinyfs';
import { type OplogEntry, decodeEntries } from './schema';
import { isBlobVersion } from './state';

/**
 * The base of a pruned log (SPEC §4.2 `maintain --prune-before N`): the log starts at commit N, whose state is
 * the base checkpoint at N. Kept in the store's meta under `base`; retention and `maintain` never delete the
 * checkpoint it names. Written before anything is deleted, so it is the point at which a prune takes effect.
 */
export interface HistoryBase {
  /** The first commit kept; the base checkpoint is the state after it. */
  readonly txnSeq: number;
  /** When the history before it was dropped, ms since the epoch. */
  readonly prunedAt: number;
  /** BLAKE3 of the base checkpoint's bytes: verify and import check it instead of replaying the dropped commits. */
  readonly checkpointBlake3: string;
}

export const BASE_KEY = 'base';

/** The pond's base, or null when its log starts at txn 1. `Corrupt` when the stored value is not a base. */
export async function readBase(store: LogStore): Promise<HistoryBase | null> {
  const value = await store.readMeta<unknown>(BASE_KEY);
  if (value === null) return null;
  return parseBase(value, `meta '${BASE_KEY}'`);
}

/** Checks a base value read from a store or a pond file. */
export function parseBase(value: unknown, what: string): HistoryBase {
  const v = value as Partial<Record<keyof HistoryBase, unknown>> | null;
  const valid =
    typeof v === 'object' &&
    v !== null &&
    Number.isSafeInteger(v.txnSeq) &&
    (v.txnSeq as number) >= 1 &&
    Number.isFinite(v.prunedAt) &&
    typeof v.checkpointBlake3 === 'string' &&
    /^[0-9a-f]{64}$/.test(v.checkpointBlake3);
  if (!valid) throw new PondError('Corrupt', `${what} is not a history base ({txnSeq, prunedAt, checkpointBlake3})`);
  return { txnSeq: v.txnSeq as number, prunedAt: v.prunedAt as number, checkpointBlake3: v.checkpointBlake3 as string };
}

/** The typed error for anything asked of the dropped history: it is gone, and says since when. */
export function prunedError(base: HistoryBase, what: string): PondError {
  const day = new Date(base.prunedAt).toISOString().slice(0, 10);
  return new PondError('Pruned', `${what}: history before txn ${base.txnSeq} was pruned on ${day}`);
}

/**
 * Whether a version's bytes are kept across a prune: the latest version of every node (the current state)
 * and every version of a series (which reads as all its versions together). Older versions of other files go.
 */
export function isRetainedVersion(entryType: OplogEntry['fileType'], version: number, latestVersion: number): boolean {
  return version === latestVersion || isSeries(entryType);
}

/** The rows of a base checkpoint whose bytes are kept, by `nodeId/version`, and the blobs they reference. */
export function retainedOfCheckpoint(entries: readonly OplogEntry[]): { blobs: Set<string> } {
  const latest = new Map<string, number>();
  for (const e of entries) latest.set(e.nodeId, Math.max(latest.get(e.nodeId) ?? 0, e.version));
  const blobs = new Set<string>();
  for (const e of entries) {
    if (e.blake3 !== null && isBlobVersion(e.fileType, e.size) && isRetainedVersion(e.fileType, e.version, latest.get(e.nodeId) ?? 0)) blobs.add(e.blake3);
  }
  return { blobs };
}

/** The blobs a base keeps alive (those of the retained versions of its checkpoint); empty without a base. */
export async function baseBlobs(store: LogStore, base: HistoryBase | null): Promise<Set<string>> {
  if (base === null) return new Set();
  const { entries } = decodeEntries(await store.readCheckpoint(base.txnSeq), `base checkpoint ${base.txnSeq}`, { views: true });
  return retainedOfCheckpoint(entries).blobs;
}
