import { PondError } from '../errors';
import type { LogStore } from '../store/ports';
import { baseBlobs, readBase } from './base';
import { decodeEntries } from './schema';
import { isBlobVersion } from './state';

/** What `maintain` found and (unless a dry run) reclaimed. */
export interface MaintainReport {
  readonly dryRun: boolean;
  /** Blobs no log record references (left by commits that failed or were cut short), deleted. */
  readonly blobsDeleted: readonly string[];
  /** Their bytes. */
  readonly blobBytes: number;
  /** Intermediate checkpoints retention does not keep, deleted. */
  readonly checkpointsDeleted: readonly number[];
  /** Checkpoints kept: the latest and every multiple of the retention. */
  readonly checkpointsKept: readonly number[];
}

export interface MaintainOptions {
  /** Besides the latest, keep the checkpoints at multiples of this (SPEC §4.2: 100). */
  readonly checkpointRetention: number;
  /** Report only; delete nothing. */
  readonly dryRun?: boolean;
}

/**
 * Reclaims storage (SPEC §7 `maintain`): deletes blobs no log record references and the intermediate
 * checkpoints retention does not keep. History is untouched: every commit, and every blob a commit needs,
 * stays. The caller must hold the pond's write lock, so that no commit is between writing its blobs and
 * landing (those blobs would look unreferenced for a moment).
 */
export async function reclaimStorage(store: LogStore, options: MaintainOptions): Promise<MaintainReport> {
  const { checkpointRetention: retention } = options;
  if (!Number.isSafeInteger(retention) || retention < 1) throw new PondError('InvalidArgument', `checkpoint retention must be a positive integer, got ${retention}`);
  const referenced = await keptBlobs(store);
  const unreferenced = (await store.listBlobs()).filter((hash) => !referenced.has(hash));
  let blobBytes = 0;
  for (const hash of unreferenced) blobBytes += (await store.getBlob(hash)).byteLength;
  const checkpoints = await store.listCheckpoints();
  const latest = checkpoints[checkpoints.length - 1];
  const base = (await readBase(store))?.txnSeq;
  // The base checkpoint of a pruned log is where its history starts: never dropped.
  const drop = checkpoints.filter((seq) => seq !== latest && seq !== base && seq % retention !== 0);
  if (options.dryRun !== true) {
    if (unreferenced.length > 0) await store.deleteBlobs(unreferenced);
    if (drop.length > 0) await store.deleteCheckpoints(drop);
  }
  return {
    dryRun: options.dryRun === true,
    blobsDeleted: unreferenced,
    blobBytes,
    checkpointsDeleted: drop,
    checkpointsKept: checkpoints.filter((seq) => !drop.includes(seq)),
  };
}

/** Every blob the pond still needs: those the log records name, and in a pruned log those its base keeps. */
export async function keptBlobs(store: LogStore): Promise<Set<string>> {
  const base = await readBase(store);
  const found = await baseBlobs(store, base);
  await addBlobsOfCommits(store, base?.txnSeq ?? 1, await store.lastTxnSeq(), found);
  return found;
}

/** Adds to `found` every blob hash the log records of `from..to` name as a version's content. */
export async function addBlobsOfCommits(store: LogStore, from: number, to: number, found: Set<string>): Promise<void> {
  for (let start = from; start <= to; start += BATCH) {
    for (const commit of await store.readCommits(start, Math.min(to, start + BATCH - 1))) {
      for (const entry of decodeEntries(commit.log, `log record of txn ${commit.meta.txnSeq}`, { views: true }).entries) {
        if (entry.blake3 !== null && isBlobVersion(entry.fileType, entry.size)) found.add(entry.blake3);
      }
    }
  }
}

const BATCH = 64;
