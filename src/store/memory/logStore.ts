import { closedError } from '../closed';
import {
  blobNotFound,
  checkRange,
  checkTxnSeq,
  checkpointNotFound,
  commitExists,
  commitNotFound,
  controlRecordToStore,
  copyBytes,
  firstMissingSeq,
  toMetaValue,
} from '../logRules';
import type { LogStore } from '../ports';
import type { CommitMeta, CommitWrite, ControlRecord, StoredCommit, StoredControlRecord } from '../records';

/**
 * The reference `LogStore`: everything in Maps. Bytes and records are copied in and out, as IndexedDB's
 * structured clone would, so a caller mutating a buffer can never change what is stored.
 */
export class MemoryLogStore implements LogStore {
  private readonly commits = new Map<number, StoredCommit>();
  private readonly blobs = new Map<string, Uint8Array>();
  private readonly checkpoints = new Map<number, Uint8Array>();
  private readonly control: StoredControlRecord[] = [];
  private readonly meta = new Map<string, unknown>();
  private nextControlSeq = 1;
  private closed = false;

  async appendCommit(commit: CommitWrite): Promise<void> {
    this.checkOpen();
    const { txnSeq } = commit.meta;
    checkTxnSeq(txnSeq);
    if (this.commits.has(txnSeq)) throw commitExists(txnSeq);
    // All-or-nothing: checks and copies (cloning can throw) first, then mutations, which cannot fail.
    const stored: StoredCommit = { meta: structuredClone(commit.meta), log: copyBytes(commit.log) };
    const control = commit.control.map(controlRecordToStore);
    this.commits.set(txnSeq, stored);
    for (const [hash, bytes] of commit.blobs) {
      if (!this.blobs.has(hash)) this.blobs.set(hash, copyBytes(bytes));
    }
    this.pushControl(control);
  }

  async appendControl(records: readonly ControlRecord[]): Promise<void> {
    this.checkOpen();
    this.pushControl(records.map(controlRecordToStore));
  }

  async lastTxnSeq(): Promise<number> {
    this.checkOpen();
    let last = 0;
    for (const seq of this.commits.keys()) last = Math.max(last, seq);
    return last;
  }

  async readCommits(from: number, to: number): Promise<StoredCommit[]> {
    this.checkOpen();
    const found = this.inRange(from, to);
    const missing = firstMissingSeq(found.map((commit) => commit.meta.txnSeq), from, to);
    if (missing !== null) throw commitNotFound(missing);
    return found.map((commit) => ({ meta: structuredClone(commit.meta), log: copyBytes(commit.log) }));
  }

  async readCommitMetas(from: number, to: number): Promise<CommitMeta[]> {
    this.checkOpen();
    return this.inRange(from, to).map((commit) => structuredClone(commit.meta));
  }

  async deleteCommitsBefore(txnSeq: number): Promise<void> {
    this.checkOpen();
    checkTxnSeq(txnSeq);
    for (const seq of [...this.commits.keys()]) if (seq < txnSeq) this.commits.delete(seq);
    const kept = this.control.filter((record) => record.txnSeq >= txnSeq);
    this.control.splice(0, this.control.length, ...kept);
  }

  async getBlob(hash: string): Promise<Uint8Array> {
    this.checkOpen();
    const bytes = this.blobs.get(hash);
    if (bytes === undefined) throw blobNotFound(hash);
    return copyBytes(bytes);
  }

  async *readBlobPieces(hash: string, _buffer: Uint8Array): AsyncIterable<Uint8Array> {
    this.checkOpen();
    const bytes = this.blobs.get(hash);
    if (bytes === undefined) throw blobNotFound(hash);
    // Already in memory: the stored bytes themselves, read-only by the port's contract (no copy to make).
    yield bytes;
  }

  async *readCheckpointPieces(txnSeq: number, _buffer: Uint8Array): AsyncIterable<Uint8Array> {
    this.checkOpen();
    checkTxnSeq(txnSeq);
    const bytes = this.checkpoints.get(txnSeq);
    if (bytes === undefined) throw checkpointNotFound(txnSeq);
    yield bytes; // as readBlobPieces
  }

  async hasBlob(hash: string): Promise<boolean> {
    this.checkOpen();
    return this.blobs.has(hash);
  }

  async listBlobs(): Promise<string[]> {
    this.checkOpen();
    // Sorted like IndexedDB's key order, so both stores list the same way.
    return [...this.blobs.keys()].sort();
  }

  async deleteBlobs(hashes: readonly string[]): Promise<void> {
    this.checkOpen();
    for (const hash of hashes) this.blobs.delete(hash);
  }

  async readControl(filter: { txnSeq?: number } = {}): Promise<StoredControlRecord[]> {
    this.checkOpen();
    const { txnSeq } = filter;
    if (txnSeq !== undefined) checkTxnSeq(txnSeq);
    const records = txnSeq === undefined ? this.control : this.control.filter((r) => r.txnSeq === txnSeq);
    return records.map((record) => structuredClone(record));
  }

  async writeCheckpoint(txnSeq: number, bytes: Uint8Array): Promise<void> {
    this.checkOpen();
    checkTxnSeq(txnSeq);
    this.checkpoints.set(txnSeq, copyBytes(bytes));
  }

  async readCheckpoint(txnSeq: number): Promise<Uint8Array> {
    this.checkOpen();
    checkTxnSeq(txnSeq);
    const bytes = this.checkpoints.get(txnSeq);
    if (bytes === undefined) throw checkpointNotFound(txnSeq);
    return copyBytes(bytes);
  }

  async listCheckpoints(): Promise<number[]> {
    this.checkOpen();
    return [...this.checkpoints.keys()].sort((a, b) => a - b);
  }

  async deleteCheckpoints(txnSeqs: readonly number[]): Promise<void> {
    this.checkOpen();
    txnSeqs.forEach(checkTxnSeq);
    for (const seq of txnSeqs) this.checkpoints.delete(seq);
  }

  async readMeta<T>(key: string): Promise<T | null> {
    this.checkOpen();
    return this.meta.has(key) ? (structuredClone(this.meta.get(key)) as T) : null;
  }

  async writeMeta(key: string, value: unknown): Promise<void> {
    this.checkOpen();
    this.meta.set(key, toMetaValue(key, value));
  }

  close(): void {
    this.closed = true;
  }

  /** Stored commits of `from..to` (which are validated), ascending. */
  private inRange(from: number, to: number): StoredCommit[] {
    if (!checkRange(from, to)) return [];
    const found: StoredCommit[] = [];
    // Walk the smaller side: a wide range over a small store, or a narrow range over a long history.
    if (to - from + 1 <= this.commits.size) {
      for (let seq = from; seq <= to; seq++) {
        const commit = this.commits.get(seq);
        if (commit !== undefined) found.push(commit);
      }
    } else {
      for (const commit of this.commits.values()) {
        if (commit.meta.txnSeq >= from && commit.meta.txnSeq <= to) found.push(commit);
      }
      found.sort((a, b) => a.meta.txnSeq - b.meta.txnSeq);
    }
    return found;
  }

  private pushControl(records: readonly ControlRecord[]): void {
    for (const record of records) this.control.push({ ...record, seq: this.nextControlSeq++ });
  }

  private checkOpen(): void {
    if (this.closed) throw closedError('memory log store');
  }
}
