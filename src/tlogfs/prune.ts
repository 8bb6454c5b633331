import { PondError } from '../errors';
import type { LogStore } from '../store/ports';
import { isSeries } from '../tinyfs';
import { BASE_KEY, type HistoryBase, readBase, retainedOfCheckpoint } from './base';
import { blake3Hex } from './blake3';
import { LogContent } from './content';
import { addBlobsOfCommits } from './maintain';
import { IDENTITY_KEY, type PondIdentity, buildState } from './oplog';
import { decodeEntries } from './schema';
import { isBlobVersion } from './state';

/** What `maintain --prune-before N` drops (or, in a dry run, would drop). */
export interface PruneReport {
  readonly dryRun: boolean;
  /** N: the first commit kept, and the txn of the base checkpoint. */
  readonly before: number;
  /** Commits before N (still) in the store. */
  readonly commitsDropped: number;
  /** Blobs no kept version needs any more (versions of dropped commits, and unreferenced garbage). */
  readonly blobsDeleted: readonly string[];
  readonly blobBytes: number;
  /** Checkpoints before N. */
  readonly checkpointsDeleted: readonly number[];
  /** The pond's base after the prune (its current one in a dry run, null when it has none). */
  readonly base: HistoryBase | null;
}

export interface PruneOptions {
  /** Report only; change nothing. */
  readonly dryRun?: boolean;
  readonly now?: () => number;
}

/**
 * Drops the history before txn `before` (SPEC §4.2): writes the base checkpoint at `before` (the state after it,
 * with the bytes of every version the current state still reads: latest versions and all of a series), then
 * the base marker — from here on the prune has happened — and only then deletes the commits before it, their
 * control records and checkpoints, and the blobs no kept version needs. A crash anywhere leaves a pond that
 * opens and verifies: before the marker, as it was; after it, pruned, with leftovers the next prune at the same
 * txn (or `maintain`) clears. The live state and time travel to `before` and later are unchanged. The caller
 * holds the write lock.
 */
export async function pruneHistory(store: LogStore, before: number, options: PruneOptions = {}): Promise<PruneReport> {
  const identity = await store.readMeta<PondIdentity>(IDENTITY_KEY);
  if (identity === null) throw new PondError('NotFound', 'no pond in this store: nothing to prune');
  const last = await store.lastTxnSeq();
  if (!Number.isSafeInteger(before) || before < 2 || before > last) {
    throw new PondError('InvalidArgument', `--prune-before ${before}: give a txn of this pond after the first, 2..${last}; nothing was changed`);
  }
  const current = await readBase(store);
  if (current !== null && before < current.txnSeq) {
    throw new PondError('InvalidArgument', `--prune-before ${before}: the history before txn ${current.txnSeq} is already pruned; nothing was changed`);
  }
  // Pruning again at the base finishes a prune that was cut short; its checkpoint and marker are already there.
  const finishing = current !== null && before === current.txnSeq;
  const baseBytes = finishing ? await store.readCheckpoint(before) : await baseCheckpoint(store, identity.pondId, before, current);
  const kept = retainedOfCheckpoint(decodeEntries(baseBytes, `base checkpoint ${before}`, { views: true }).entries).blobs;
  await addBlobsOfCommits(store, before, last, kept);
  const blobsDeleted = (await store.listBlobs()).filter((hash) => !kept.has(hash));
  let blobBytes = 0;
  for (const hash of blobsDeleted) blobBytes += (await store.getBlob(hash)).byteLength;
  const commitsDropped = (await store.readCommitMetas(1, before - 1)).length;
  const checkpointsDeleted = (await store.listCheckpoints()).filter((seq) => seq < before);
  let base = current;
  if (options.dryRun !== true) {
    if (!finishing) {
      await store.writeCheckpoint(before, baseBytes);
      base = { txnSeq: before, prunedAt: (options.now ?? Date.now)(), checkpointBlake3: blake3Hex(baseBytes) };
      await store.writeMeta(BASE_KEY, base);
    }
    await store.deleteCommitsBefore(before);
    if (checkpointsDeleted.length > 0) await store.deleteCheckpoints(checkpointsDeleted);
    if (blobsDeleted.length > 0) await store.deleteBlobs(blobsDeleted);
  }
  return { dryRun: options.dryRun === true, before, commitsDropped, blobsDeleted, blobBytes, checkpointsDeleted, base };
}

/** The state after txn `before`, with the bytes of older series versions (read while their commits still exist). */
async function baseCheckpoint(store: LogStore, pondId: string, before: number, current: HistoryBase | null): Promise<Uint8Array> {
  const state = await buildState(store, pondId, before, current);
  const content = new LogContent(store);
  const older = new Map<string, Uint8Array>();
  for (const node of state.nodes.values()) {
    if (!isSeries(node.entryType)) continue;
    for (const v of node.versions.slice(0, -1)) {
      if (!isBlobVersion(node.entryType, v.size)) older.set(`${node.nodeId}/${v.version}`, await content.readVersion(node, v));
    }
  }
  return state.toCheckpoint(older);
}
