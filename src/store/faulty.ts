import { PondError } from '../errors';
import type { LogStore } from './ports';
import type { CommitWrite, ControlRecord } from './records';

/**
 * A `LogStore` wrapper that fails a chosen operation at a chosen call, for the reliability tests (issue 11)
 * and the e2e harness; product code never wraps a store in it. It also records every call it passes on, so
 * a test can first trace a clean run and then inject a fault at each step of that trace.
 *
 * A *crash* is modelled as the process stopping: from the crash point on, no call through the wrapper ever
 * settles (the code after it never runs, so it cannot clean up or write a `failed` record), and `crashed`
 * resolves so the test can stop waiting, drop everything it held, and reopen the underlying store.
 */

/** Every operation of the port except `close`. */
export type LogStoreOp = Exclude<keyof LogStore, 'close'>;

/** The operations that change the store: the steps of a commit a fault is injected into. */
export const WRITE_OPS: ReadonlySet<LogStoreOp> = new Set([
  'appendCommit',
  'appendControl',
  'writeCheckpoint',
  'deleteCheckpoints',
  'deleteBlobs',
  'deleteCommitsBefore',
  'writeMeta',
]);

/**
 * What happens at the fault: `throw` fails the call as a broken device would (nothing written), `quota`
 * fails it as every real store reports a full quota (`StorageFull` wrapping a `QuotaExceededError`; nothing
 * written), `crash-before` stops before the call reaches the store, `crash-after` stops right after the store
 * did it, before the caller hears back.
 */
export type FaultAction = 'throw' | 'quota' | 'crash-before' | 'crash-after';

export interface Fault {
  readonly op: LogStoreOp;
  /** Which call of `op` fails, counting from 1 through this wrapper. */
  readonly call: number;
  readonly action: FaultAction;
  /** Keep failing every later call of `op` too (a disk that stays full). `throw` and `quota` only. */
  readonly sticky?: boolean;
}

/** One call the wrapper passed on (or stopped at), in order. */
export interface TracedCall {
  readonly op: LogStoreOp;
  /** The call number of `op` (1-based). */
  readonly call: number;
  /** What it was about: `commit 7 (2 blobs, 3 control)`, `checkpoint 10`, `meta 'settings'`, … */
  readonly detail: string;
}

/** The error of an injected `throw`: a store failure that is none of our kinds (like an I/O error). */
export class InjectedFault extends Error {
  constructor(readonly fault: Fault) {
    super(`injected failure of ${fault.op} (call ${fault.call})`);
    this.name = 'InjectedFault';
  }
}

export class FaultyLogStore implements LogStore {
  /** Every call passed on so far (reads included), in order. */
  readonly trace: TracedCall[] = [];
  /** Resolves when a crash fault fires (or `stop()` is called): the "process" is gone. */
  readonly crashed: Promise<void>;
  private readonly counts = new Map<LogStoreOp, number>();
  private faults: Fault[];
  private stopped = false;
  private markCrashed!: () => void;

  constructor(
    /** The real store; reopen it (or a new store over the same storage) after a crash. */
    readonly inner: LogStore,
    faults: readonly Fault[] = [],
  ) {
    this.faults = [...faults];
    this.crashed = new Promise((resolve) => (this.markCrashed = resolve));
  }

  /** Replaces the faults still to come (counts go on from where they are). */
  inject(faults: readonly Fault[]): void {
    this.faults = [...faults];
  }

  /** From the next call on, every write fails with `action` (a full disk or quota: `quota`) until `inject([])`. */
  failWrites(action: 'throw' | 'quota'): void {
    this.inject([...WRITE_OPS].map((op) => ({ op, call: (this.counts.get(op) ?? 0) + 1, action, sticky: true })));
  }

  /** Whether a crash has happened. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /**
   * Stops the "process" here: marks the crash and returns a promise that never settles. Also for hooks inside
   * a store (the directory store's `onCommitStep`), to crash in the middle of one of its operations.
   */
  stop(): Promise<never> {
    this.stopped = true;
    this.markCrashed();
    return new Promise<never>(() => undefined);
  }

  /** The write calls of the trace, the steps a fault can be injected at. */
  writes(): TracedCall[] {
    return this.trace.filter((call) => WRITE_OPS.has(call.op));
  }

  appendCommit(commit: CommitWrite): Promise<void> {
    const detail = `commit ${commit.meta.txnSeq} (${commit.blobs.size} blobs, ${commit.control.length} control: ${commit.control.map((c) => c.kind).join(', ')})`;
    return this.call('appendCommit', detail, () => this.inner.appendCommit(commit));
  }
  appendControl(records: readonly ControlRecord[]): Promise<void> {
    const detail = `control ${records.map((r) => `${r.kind}@${r.txnSeq}`).join(', ')}`;
    return this.call('appendControl', detail, () => this.inner.appendControl(records));
  }
  lastTxnSeq(): Promise<number> {
    return this.call('lastTxnSeq', '', () => this.inner.lastTxnSeq());
  }
  readCommits(from: number, to: number) {
    return this.call('readCommits', `${from}..${to}`, () => this.inner.readCommits(from, to));
  }
  readCommitMetas(from: number, to: number) {
    return this.call('readCommitMetas', `${from}..${to}`, () => this.inner.readCommitMetas(from, to));
  }
  deleteCommitsBefore(txnSeq: number) {
    return this.call('deleteCommitsBefore', `before ${txnSeq}`, () => this.inner.deleteCommitsBefore(txnSeq));
  }
  getBlob(hash: string) {
    return this.call('getBlob', hash, () => this.inner.getBlob(hash));
  }
  readBlobPieces(hash: string, buffer: Uint8Array): AsyncIterable<Uint8Array> {
    return this.pieces('readBlobPieces', hash, () => this.inner.readBlobPieces(hash, buffer));
  }
  hasBlob(hash: string) {
    return this.call('hasBlob', hash, () => this.inner.hasBlob(hash));
  }
  listBlobs() {
    return this.call('listBlobs', '', () => this.inner.listBlobs());
  }
  deleteBlobs(hashes: readonly string[]) {
    return this.call('deleteBlobs', `${hashes.length} blobs`, () => this.inner.deleteBlobs(hashes));
  }
  readControl(filter?: { txnSeq?: number }) {
    return this.call('readControl', filter?.txnSeq === undefined ? 'all' : `txn ${filter.txnSeq}`, () => this.inner.readControl(filter));
  }
  writeCheckpoint(txnSeq: number, bytes: Uint8Array) {
    return this.call('writeCheckpoint', `checkpoint ${txnSeq}`, () => this.inner.writeCheckpoint(txnSeq, bytes));
  }
  readCheckpoint(txnSeq: number) {
    return this.call('readCheckpoint', `checkpoint ${txnSeq}`, () => this.inner.readCheckpoint(txnSeq));
  }
  readCheckpointPieces(txnSeq: number, buffer: Uint8Array): AsyncIterable<Uint8Array> {
    return this.pieces('readCheckpointPieces', `checkpoint ${txnSeq}`, () => this.inner.readCheckpointPieces(txnSeq, buffer));
  }
  listCheckpoints() {
    return this.call('listCheckpoints', '', () => this.inner.listCheckpoints());
  }
  deleteCheckpoints(txnSeqs: readonly number[]) {
    return this.call('deleteCheckpoints', txnSeqs.join(','), () => this.inner.deleteCheckpoints(txnSeqs));
  }
  readMeta<T>(key: string): Promise<T | null> {
    return this.call('readMeta', `meta '${key}'`, () => this.inner.readMeta<T>(key));
  }
  writeMeta(key: string, value: unknown) {
    return this.call('writeMeta', `meta '${key}'`, () => this.inner.writeMeta(key, value));
  }

  /** Closes the real store, unless the "process" crashed: then nothing of it runs any more. */
  close(): void {
    if (!this.stopped) this.inner.close();
  }

  /** Counts and traces one call, then fails it, stops, or passes it on. */
  private async call<T>(op: LogStoreOp, detail: string, run: () => Promise<T>): Promise<T> {
    if (this.stopped) return this.stop();
    const call = (this.counts.get(op) ?? 0) + 1;
    this.counts.set(op, call);
    this.trace.push({ op, call, detail });
    const fault = this.faults.find((f) => f.op === op && (f.call === call || (f.sticky === true && call > f.call)));
    if (fault === undefined) return run();
    switch (fault.action) {
      case 'throw':
        throw new InjectedFault({ ...fault, call });
      case 'quota':
        throw new PondError('StorageFull', `storage quota exceeded while writing ${detail || op} (injected)`, {
          cause: new DOMException('quota exceeded (injected)', 'QuotaExceededError'),
        });
      case 'crash-before':
        return this.stop();
      case 'crash-after':
        await run();
        return this.stop();
    }
  }

  /** `call` for the streaming reads: the fault applies when the stream starts. */
  private async *pieces(op: LogStoreOp, detail: string, open: () => AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    const stream = await this.call(op, detail, async () => open());
    for await (const piece of stream) {
      if (this.stopped) await this.stop();
      yield piece;
    }
  }
}
