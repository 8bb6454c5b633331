import { errorMessage } from '../errors';
import type { LogStore } from '../store/ports';
import { isDirectory, isDynamic, isPhysicalFile } from '../tinyfs';
import { blake3Hex } from './blake3';
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
}

/**
 * Walks the whole pond: every commit in sequence, every entry's hash and size, every blob a record
 * references (re-hashed), every directory's children, and every checkpoint against the state replayed
 * from commit 1. Reports each problem precisely instead of stopping at the first.
 */
export async function verifyPond(store: LogStore): Promise<VerifyReport> {
  const problems: string[] = [];
  const identity = await store.readMeta<PondIdentity>(IDENTITY_KEY);
  if (identity === null) return { problems: ['no pond identity: this store holds no pond'], commits: 0, entries: 0, blobs: 0, checkpoints: 0, unreferencedBlobs: 0 };
  const last = await store.lastTxnSeq();
  const checkpoints = new Set(await store.listCheckpoints());
  const state = new PondState(identity.pondId);
  const blobsSeen = new Map<string, boolean>(); // hash → verified ok
  let entryCount = 0;
  let replaying = true;

  for (let from = 1; from <= last; from += 100) {
    const to = Math.min(last, from + 99);
    let commits;
    try {
      commits = await store.readCommits(from, to);
    } catch (error) {
      problems.push(`txns ${from}..${to}: ${errorMessage(error)}`);
      replaying = false;
      continue;
    }
    for (const commit of commits) {
      const seq = commit.meta.txnSeq;
      let entries: OplogEntry[];
      try {
        entries = decodeEntries(commit.log, `log record of txn ${seq}`).entries;
      } catch (error) {
        problems.push(`txn ${seq}: ${errorMessage(error)}`);
        replaying = false;
        continue;
      }
      entryCount += entries.length;
      for (const entry of entries) await checkEntry(store, seq, entry, blobsSeen, problems);
      if (!replaying) continue;
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
    commits: last,
    entries: entryCount,
    blobs: stored.length,
    checkpoints: checkpoints.size,
    unreferencedBlobs: stored.filter((hash) => !blobsSeen.has(hash)).length,
  };
}

async function checkEntry(store: LogStore, seq: number, e: OplogEntry, blobs: Map<string, boolean>, problems: string[]): Promise<void> {
  const where = `txn ${seq} node ${e.nodeId} v${e.version}`;
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
  const known = blobs.get(e.blake3);
  if (known === true) return;
  if (known === false) {
    problems.push(`${where}: blob ${e.blake3} is missing or corrupt (see above)`);
    return;
  }
  let ok = false;
  try {
    const bytes = await store.getBlob(e.blake3);
    const actual = blake3Hex(bytes);
    if (actual !== e.blake3) problems.push(`${where}: blob ${e.blake3} holds content hashing to ${actual}`);
    else if (bytes.length !== e.size) problems.push(`${where}: blob ${e.blake3} is ${bytes.length} bytes, the record says ${e.size}`);
    else ok = true;
  } catch (error) {
    problems.push(`${where}: blob ${e.blake3}: ${errorMessage(error)}`);
  }
  blobs.set(e.blake3, ok);
}

async function checkCheckpoint(store: LogStore, seq: number, replayed: PondState, problems: string[]): Promise<void> {
  try {
    const fromCheckpoint = PondState.fromCheckpoint(await store.readCheckpoint(seq), `checkpoint ${seq}`);
    const a = stateDigest(fromCheckpoint);
    const b = stateDigest(replayed);
    if (fromCheckpoint.txnSeq !== seq) problems.push(`checkpoint ${seq} says it is of txn ${fromCheckpoint.txnSeq}`);
    if (a !== b) problems.push(`checkpoint ${seq} differs from the state replayed from txn 1 (${firstDifference(a, b)})`);
  } catch (error) {
    problems.push(`checkpoint ${seq}: ${errorMessage(error)}`);
  }
}

/** A canonical text of a state: every node and version, with the latest bytes hashed. Equal states, equal text. */
export function stateDigest(state: PondState): string {
  const lines: string[] = [];
  for (const node of [...state.nodes.values()].sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1))) {
    const latest = node.latest === null ? '-' : blake3Hex(node.latest);
    const entries = node.entries === null ? '' : [...node.entries.values()].map((e) => `${e.name}=${e.childNodeId}`).sort().join(',');
    lines.push(`${node.nodeId} ${node.partId} ${node.entryType} latest=${latest} [${entries}]`);
    for (const v of node.versions) {
      lines.push(`  v${v.version} txn=${v.txnSeq} t=${v.timestamp} size=${v.size} b3=${v.blake3} f=${v.factory} fmt=${v.format} x=${v.extendedAttributes}`);
    }
  }
  return lines.join('\n');
}

function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `checkpoint has "${la[i] ?? '(nothing)'}", replay has "${lb[i] ?? '(nothing)'}"`;
  }
  return 'no line differs';
}
