import { PondError } from '../errors';
import { blake3Hex } from './blake3';
import { type EntryType, ROOT_ID, isPhysicalFile } from '../tinyfs';
import { type OplogEntry, type SnapshotEntry, type StorageFormat, decodeEntries, decodeSnapshot, encodeEntries } from './schema';

/** Files of this size or more are stored once as content-addressed blobs (SPEC §4.1). */
export const BLOB_THRESHOLD = 64 * 1024;

/** Everything about one version of a node except its bytes. */
export interface VersionRecord {
  readonly version: number;
  readonly txnSeq: number;
  /** µs since the epoch. */
  readonly timestamp: number;
  readonly size: number | null;
  readonly blake3: string | null;
  readonly factory: string | null;
  readonly extendedAttributes: string | null;
  readonly minEventTime: number | null;
  readonly maxEventTime: number | null;
  readonly format: StorageFormat;
}

/** The current state of one node: all its versions' metadata, and the bytes of the latest one only. */
export interface NodeState {
  readonly nodeId: string;
  readonly partId: string;
  readonly entryType: EntryType;
  readonly versions: readonly VersionRecord[];
  /** Inline content of the latest version (null when it is a blob). Older versions are read from the log. */
  readonly latest: Uint8Array | null;
  /** Directories: the entries of the latest snapshot, by name. */
  readonly entries: ReadonlyMap<string, SnapshotEntry> | null;
}

/** Where a node is linked: its directory and name. */
export interface ParentLink {
  readonly dir: string;
  readonly name: string;
}

/** True when a version's bytes live in a blob rather than inline (decided by type and size alone). */
export function isBlobVersion(entryType: EntryType, size: number | null): boolean {
  return isPhysicalFile(entryType) && size !== null && size >= BLOB_THRESHOLD;
}

/**
 * The state of a pond as of one `txn_seq`: built by applying log records in order — the live state
 * after each commit, a checkpoint's content, and time travel all go through `apply`, so they agree.
 */
export class PondState {
  readonly nodes = new Map<string, NodeState>();
  readonly parents = new Map<string, ParentLink>();
  txnSeq = 0;

  constructor(readonly pondId: string) {}

  /**
   * Applies one commit's entries; versions must continue each node's history exactly. `snapshots` may give
   * directory snapshots already decoded (by node id), so a live commit does not decode what it just encoded.
   */
  apply(txnSeq: number, entries: readonly OplogEntry[], snapshots?: ReadonlyMap<string, readonly SnapshotEntry[]>): void {
    if (txnSeq !== this.txnSeq + 1) {
      throw new PondError('Corrupt', `commit ${txnSeq} applied to the state at ${this.txnSeq} (txn_seq must be contiguous)`);
    }
    for (const entry of entries) {
      if (entry.txnSeq !== txnSeq) throw new PondError('Corrupt', `commit ${txnSeq} holds a record of txn ${entry.txnSeq} (node ${entry.nodeId})`);
      if (entry.pondId !== this.pondId) throw new PondError('Corrupt', `commit ${txnSeq} holds a record of pond ${entry.pondId}, not ${this.pondId}`);
      this.applyEntry(entry, true, snapshots?.get(entry.nodeId));
    }
    this.txnSeq = txnSeq;
  }

  /** The path of a linked node, or null when it (or an ancestor) is not linked any more. */
  pathOf(nodeId: string): string | null {
    const names: string[] = [];
    let current = nodeId;
    while (current !== ROOT_ID) {
      const link = this.parents.get(current);
      if (link === undefined) return null;
      names.push(link.name);
      current = link.dir;
      if (names.length > 10_000) throw new PondError('Corrupt', `directory cycle above node ${nodeId}`);
    }
    return `/${names.reverse().join('/')}`;
  }

  node(nodeId: string): NodeState | undefined {
    return this.nodes.get(nodeId);
  }

  /**
   * The state as one Arrow IPC value: every version's record, with the bytes of latest versions only — and of
   * the older versions in `older` (by `nodeId/version`, with their hash), which a base checkpoint keeps.
   */
  toCheckpoint(older?: ReadonlyMap<string, Uint8Array>): Uint8Array {
    const rows: OplogEntry[] = [];
    for (const node of this.nodes.values()) {
      node.versions.forEach((v, i) => {
        if (i === node.versions.length - 1) rows.push(toEntry(node, v, node.latest, this.pondId));
        else {
          const kept = older?.get(`${node.nodeId}/${v.version}`);
          rows.push(kept === undefined ? toEntry(node, v, null, this.pondId) : toEntry(node, { ...v, blake3: blake3Hex(kept) }, kept, this.pondId));
        }
      });
    }
    return encodeEntries(rows, new Map([['duckpond.checkpoint_txn_seq', String(this.txnSeq)], ['duckpond.pond_id', this.pondId]]));
  }

  /**
   * Rebuilds a state from a checkpoint written by `toCheckpoint`. `views`: file contents stay views of `bytes`
   * instead of copies, for a state that is only compared and dropped (it keeps `bytes` alive while it lives).
   */
  static fromCheckpoint(bytes: Uint8Array, what: string, options: { views?: boolean } = {}): PondState {
    const { entries, metadata } = decodeEntries(bytes, what, options);
    const pondId = metadata.get('duckpond.pond_id');
    const txnSeq = Number(metadata.get('duckpond.checkpoint_txn_seq'));
    if (pondId === undefined || !Number.isInteger(txnSeq)) throw new PondError('Corrupt', `${what}: missing checkpoint metadata`);
    const state = new PondState(pondId);
    for (const entry of entries) state.applyEntry(entry, false);
    state.txnSeq = txnSeq;
    return state;
  }

  /** Adds one version. Checkpoint rows of older versions carry no bytes, so content is only taken when present. */
  private applyEntry(entry: OplogEntry, fromLog: boolean, decoded?: readonly SnapshotEntry[]): void {
    const previous = this.nodes.get(entry.nodeId);
    const expected = (previous?.versions.length ?? 0) + 1;
    if (entry.version !== expected) {
      throw new PondError('Corrupt', `node ${entry.nodeId}: version ${entry.version} follows version ${expected - 1}`);
    }
    if (previous !== undefined && previous.entryType !== entry.fileType) {
      throw new PondError('Corrupt', `node ${entry.nodeId} changed type from ${previous.entryType} to ${entry.fileType}`);
    }
    if ((entry.factory !== null) !== (entry.fileType === 'dir:dynamic' || entry.fileType === 'file:dynamic' || entry.fileType === 'table:dynamic')) {
      throw new PondError('Corrupt', `node ${entry.nodeId} version ${entry.version}: factory set on a ${entry.fileType} record (or missing)`);
    }
    const version: VersionRecord = {
      version: entry.version,
      txnSeq: entry.txnSeq,
      timestamp: entry.timestamp,
      size: entry.size,
      blake3: entry.blake3,
      factory: entry.factory,
      extendedAttributes: entry.extendedAttributes,
      minEventTime: entry.minEventTime,
      maxEventTime: entry.maxEventTime,
      format: entry.format,
    };
    let entries = previous?.entries ?? null;
    if (entry.format === 'fulldir' && (fromLog || entry.content !== null)) {
      if (entry.content === null) throw new PondError('Corrupt', `directory ${entry.nodeId} version ${entry.version} has no snapshot`);
      entries = this.relink(entry.nodeId, previous?.entries ?? null, decoded ?? decodeSnapshot(entry.content, `directory ${entry.nodeId} v${entry.version}`));
    }
    // Appended in place: a state owns its arrays (transactions copy before changing), and copying would
    // make a long series quadratic.
    const versions = (previous?.versions as VersionRecord[] | undefined) ?? [];
    // The version that stops being the latest sheds its hash unless it is a blob (whose key it is): nothing
    // reads an old inline version's hash from memory (verify reads the log), and it was most of the bytes
    // a version costs, which made memory after open grow with history.
    const last = versions[versions.length - 1];
    if (last !== undefined && last.blake3 !== null && !isBlobVersion(entry.fileType, last.size)) versions[versions.length - 1] = { ...last, blake3: null };
    versions.push(version);
    this.nodes.set(entry.nodeId, {
      nodeId: entry.nodeId,
      partId: entry.partId,
      entryType: entry.fileType,
      versions,
      latest: entry.content,
      entries,
    });
  }

  /** Replaces a directory's entries and keeps the child → parent index in step. */
  private relink(dir: string, before: ReadonlyMap<string, SnapshotEntry> | null, after: readonly SnapshotEntry[]): Map<string, SnapshotEntry> {
    for (const old of before?.values() ?? []) {
      const link = this.parents.get(old.childNodeId);
      if (link?.dir === dir && link.name === old.name) this.parents.delete(old.childNodeId);
    }
    const map = new Map<string, SnapshotEntry>();
    for (const entry of after) {
      map.set(entry.name, entry);
      this.parents.set(entry.childNodeId, { dir, name: entry.name });
    }
    return map;
  }
}

/** Rebuilds the OplogEntry of one version (for checkpoints and re-encoding). */
export function toEntry(node: NodeState, v: VersionRecord, content: Uint8Array | null, pondId: string): OplogEntry {
  return {
    partId: node.partId,
    nodeId: node.nodeId,
    fileType: node.entryType,
    timestamp: v.timestamp,
    version: v.version,
    content,
    blake3: v.blake3,
    size: v.size,
    minEventTime: v.minEventTime,
    maxEventTime: v.maxEventTime,
    extendedAttributes: v.extendedAttributes,
    factory: v.factory,
    format: v.format,
    txnSeq: v.txnSeq,
    pondId,
  };
}

/** The blobs a log record's entries reference (BLAKE3 hex), each once, in first-use order. */
export function referencedBlobs(entries: readonly OplogEntry[]): string[] {
  const hashes = new Set<string>();
  for (const entry of entries) if (entry.blake3 !== null && isBlobVersion(entry.fileType, entry.size)) hashes.add(entry.blake3);
  return [...hashes];
}
