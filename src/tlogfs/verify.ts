import { errorMessage } from '../errors';
import { BLOB_PIECE_BYTES } from '../store/logRules';
import type { LogStore } from '../store/ports';
import { isDirectory, isDynamic, isPhysicalFile } from '../tinyfs';
import { blake3Hex, blake3OfPieces, createBlake3 } from './blake3';
import { type HistoryBase, isRetainedVersion, readBase } from './base';
import { IDENTITY_KEY, type PondIdentity } from './oplog';
import { type OplogEntry, decodeEntries } from './schema';
import { PondState, isBlobVersion } from './state';

export interface VerifyReport {
  /** Every problem found, each naming where (txn, node, version, blob, checkpoint) and what. */
  readonly problems: string[];
  readonly commits: number;
  readonly entries: number;
  readonly blobs: number;
  readonly checkpoints: number;
  /** Blobs no log record references (left by failed commits; `maintain` reclaims them). */
  readonly unreferencedBlobs: number;
  /** Where a pruned log starts (its base checkpoint, checked instead of replaying the dropped history); null when at txn 1. */
  readonly base: HistoryBase | null;
}

/**
 * Walks the whole pond: every commit in sequence, every entry's hash and size, every blob a record
 * references (re-hashed), every directory's children, and every checkpoint against the state replayed
 * from commit 1 (in a pruned log: from its base checkpoint, whose integrity is checked instead). Reports each problem precisely instead of stopping at the first.
 */
export async function verifyPond(store: LogStore): Promise<VerifyReport> {
  const problems: string[] = [];
  const identity = await store.readMeta<PondIdentity>(IDENTITY_KEY);
  if (identity === null) return { problems: ['no pond identity: this store holds no pond'], commits: 0, entries: 0, blobs: 0, checkpoints: 0, unreferencedBlobs: 0, base: null };
  const last = await store.lastTxnSeq();
  const blobsSeen = new Map<string, boolean>(); // hash → verified ok
  // Every blob is hashed through this one buffer, piece by piece: a pass over all blobs allocates nothing per blob.
  const piece = new Uint8Array(BLOB_PIECE_BYTES);
  let base: HistoryBase | null = null;
  try {
    base = await readBase(store);
  } catch (error) {
    problems.push(errorMessage(error));
  }
  // A pruned log starts at its base: the base checkpoint stands for the dropped history, and leftovers of a prune
  // cut short (commits and checkpoints before the base) are not part of the pond any more.
  const first = base?.txnSeq ?? 1;
  const checkpoints = new Set((await store.listCheckpoints()).filter((seq) => seq > first || (base === null && seq >= first)));
  let state = new PondState(identity.pondId);
  let entryCount = 0;
  let replaying = true;
  if (base !== null) {
    const start = await checkBase(store, base, identity.pondId, { seen: blobsSeen, piece }, problems);
    if (start === null) replaying = false;
    else state = start;
  }

  // The next batch is read while this one is checked: reading (IndexedDB, disk) and checking (decoding, hashing)
  // overlap, which is most of what makes a 1,000-commit verify take seconds rather than many.
  const batch = (from: number) => {
    const to = Math.min(last, from + COMMIT_BATCH - 1);
    const commits = store.readCommits(from, to);
    commits.catch(() => undefined); // awaited below; never an unhandled rejection while the previous batch is checked
    return { from, to, commits };
  };
  let next = last >= first ? batch(first) : null;
  while (next !== null) {
    const { from, to } = next;
    const reading = next.commits;
    next = to < last ? batch(to + 1) : null;
    let commits;
    try {
      commits = await reading;
    } catch (error) {
      problems.push(`txns ${from}..${to}: ${errorMessage(error)}`);
      replaying = false;
      continue;
    }
    for (const commit of commits) {
      const seq = commit.meta.txnSeq;
      let entries: OplogEntry[];
      try {
        // Views, not copies: the replayed state lives only as long as this walk.
        entries = decodeEntries(commit.log, `log record of txn ${seq}`, { views: true }).entries;
      } catch (error) {
        problems.push(`txn ${seq}: ${errorMessage(error)}`);
        replaying = false;
        continue;
      }
      entryCount += entries.length;
      for (const entry of entries) await checkEntry(store, seq, entry, { seen: blobsSeen, piece }, problems);
      if (!replaying || (base !== null && seq === base.txnSeq)) continue; // the base checkpoint already holds it
      try {
        state.apply(seq, entries);
      } catch (error) {
        problems.push(`txn ${seq}: ${errorMessage(error)} (replay stops here; later checkpoints are not compared)`);
        replaying = false;
        continue;
      }
      for (const entry of entries) {
        for (const child of state.node(entry.nodeId)?.entries?.values() ?? []) {
          if (!state.nodes.has(child.childNodeId)) {
            problems.push(`txn ${seq}: directory ${entry.nodeId} lists '${child.name}' → ${child.childNodeId}, which has no record`);
          }
        }
      }
      if (checkpoints.has(seq)) await checkCheckpoint(store, seq, state, problems);
    }
  }
  for (const seq of checkpoints) if (seq > last) problems.push(`checkpoint ${seq} is beyond the last commit ${last}`);
  const stored = await store.listBlobs();
  return {
    problems,
    base,
    commits: Math.max(0, last - first + 1),
    entries: entryCount,
    blobs: stored.length,
    checkpoints: checkpoints.size + (base === null ? 0 : 1),
    unreferencedBlobs: stored.filter((hash) => !blobsSeen.has(hash)).length,
  };
}

/** Commits read at once (two batches are in memory): enough for few store round trips, few enough that their log records stay small beside the state. */
const COMMIT_BATCH = 64;

async function checkEntry(store: LogStore, seq: number, e: OplogEntry, blobs: { seen: Map<string, boolean>; piece: Uint8Array }, problems: string[], source = `txn ${seq}`): Promise<void> {
  const where = `${source} node ${e.nodeId} v${e.version}`;
  if (isDynamic(e.fileType)) {
    if (e.factory === null || e.content === null) problems.push(`${where}: a ${e.fileType} record needs a factory and a config`);
    return;
  }
  if (e.factory !== null) problems.push(`${where}: a ${e.fileType} record names factory '${e.factory}'`);
  if (isDirectory(e.fileType) || !isPhysicalFile(e.fileType)) return; // snapshots are checked by replay
  if (e.blake3 === null || e.size === null) {
    problems.push(`${where}: a file record without hash or size`);
    return;
  }
  if (!isBlobVersion(e.fileType, e.size)) {
    if (e.content === null) problems.push(`${where}: inline content is missing`);
    else if (e.content.length !== e.size || blake3Hex(e.content) !== e.blake3) problems.push(`${where}: inline content does not match its size/hash`);
    return;
  }
  if (e.content !== null) problems.push(`${where}: a ${e.size}-byte file should be a blob but is inline`);
  const known = blobs.seen.get(e.blake3);
  if (known === true) return;
  if (known === false) {
    problems.push(`${where}: blob ${e.blake3} is missing or corrupt (see above)`);
    return;
  }
  let ok = false;
  try {
    const { size, blake3: actual } = await blake3OfPieces(store.readBlobPieces(e.blake3, blobs.piece));
    if (actual !== e.blake3) problems.push(`${where}: blob ${e.blake3} holds content hashing to ${actual}`);
    else if (size !== e.size) problems.push(`${where}: blob ${e.blake3} is ${size} bytes, the record says ${e.size}`);
    else ok = true;
  } catch (error) {
    problems.push(`${where}: blob ${e.blake3}: ${errorMessage(error)}`);
  }
  blobs.seen.set(e.blake3, ok);
}

/**
 * Checks a pruned log's base: the checkpoint's bytes against the hash the marker keeps, its pond and txn, and
 * every version whose bytes it keeps (inline bytes re-hashed, blobs read and hashed) — what replaying the dropped
 * commits would have checked. The state to replay the rest on, or null when it cannot be trusted.
 */
async function checkBase(store: LogStore, base: HistoryBase, pondId: string, blobs: { seen: Map<string, boolean>; piece: Uint8Array }, problems: string[]): Promise<PondState | null> {
  const what = `base checkpoint ${base.txnSeq}`;
  try {
    const bytes = await store.readCheckpoint(base.txnSeq);
    const actual = blake3Hex(bytes);
    if (actual !== base.checkpointBlake3) {
      problems.push(`${what} hashes to ${actual}, the base marker says ${base.checkpointBlake3} (replay stops here)`);
      return null;
    }
    const { entries } = decodeEntries(bytes, what, { views: true });
    const latest = new Map<string, number>();
    for (const e of entries) latest.set(e.nodeId, Math.max(latest.get(e.nodeId) ?? 0, e.version));
    for (const e of entries) if (isRetainedVersion(e.fileType, e.version, latest.get(e.nodeId) ?? 0)) await checkEntry(store, base.txnSeq, e, blobs, problems, what);
    const state = PondState.fromCheckpoint(bytes, what);
    if (state.pondId !== pondId || state.txnSeq !== base.txnSeq) {
      problems.push(`${what} is of pond ${state.pondId} at txn ${state.txnSeq}, not of ${pondId} at ${base.txnSeq} (replay stops here)`);
      return null;
    }
    return state;
  } catch (error) {
    problems.push(`${what}: ${errorMessage(error)} (replay stops here)`);
    return null;
  }
}

async function checkCheckpoint(store: LogStore, seq: number, replayed: PondState, problems: string[]): Promise<void> {
  try {
    const checkpoint = await readCheckpointState(store, seq);
    if (checkpoint.txnSeq !== seq) problems.push(`checkpoint ${seq} says it is of txn ${checkpoint.txnSeq}`);
    // Compared by the hash of their digests: two texts of every node of a large pond are not kept side by side
    // (and the checkpoint's state is dropped first). Only a mismatch reads it again, to say where.
    if (checkpoint.hash !== stateDigestHash(replayed)) {
      const a = stateDigest(PondState.fromCheckpoint(await store.readCheckpoint(seq), `checkpoint ${seq}`, { views: true }));
      problems.push(`checkpoint ${seq} differs from the state replayed from txn 1 (${firstDifference(a, stateDigest(replayed))})`);
    }
  } catch (error) {
    problems.push(`checkpoint ${seq}: ${errorMessage(error)}`);
  }
}

/**
 * A checkpoint's txn and digest hash, in a function of its own so that its state (and the checkpoint's bytes,
 * which the state's contents are views of: it is only compared) are garbage before the replayed state is hashed.
 */
async function readCheckpointState(store: LogStore, seq: number): Promise<{ txnSeq: number; hash: string }> {
  const state = PondState.fromCheckpoint(await store.readCheckpoint(seq), `checkpoint ${seq}`, { views: true });
  return { txnSeq: state.txnSeq, hash: stateDigestHash(state) };
}

/** A canonical text of a state: every node and version, with the latest bytes hashed. Equal states, equal text. */
export function stateDigest(state: PondState): string {
  const lines: string[] = [];
  digestLines(state, (line) => lines.push(line));
  return lines.join('\n');
}

/** The BLAKE3 of `stateDigest(state)`, without building the text. */
function stateDigestHash(state: PondState): string {
  const hasher = createBlake3();
  const encoder = new TextEncoder();
  let first = true;
  digestLines(state, (line) => {
    hasher.update(encoder.encode(first ? line : `\n${line}`));
    first = false;
  });
  return hasher.digestHex();
}

function digestLines(state: PondState, line: (text: string) => void): void {
  for (const node of [...state.nodes.values()].sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1))) {
    const latest = node.latest === null ? '-' : blake3Hex(node.latest);
    const entries = node.entries === null ? '' : [...node.entries.values()].map((e) => `${e.name}=${e.childNodeId}`).sort().join(',');
    line(`${node.nodeId} ${node.partId} ${node.entryType} latest=${latest} [${entries}]`);
    for (const v of node.versions) {
      line(`  v${v.version} txn=${v.txnSeq} t=${v.timestamp} size=${v.size} b3=${v.blake3} f=${v.factory} fmt=${v.format} x=${v.extendedAttributes}`);
    }
  }
}

function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `checkpoint has "${la[i] ?? '(nothing)'}", replay has "${lb[i] ?? '(nothing)'}"`;
  }
  return 'no line differs';
}
