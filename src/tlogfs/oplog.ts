import { PondError } from '../errors';
import type { ChangeNotifier, LockHandle, LogStore, WriteLock } from '../store/ports';
import type { CommitMeta, ControlRecord, StoredCommit } from '../store/records';
import { MemoryWriteLock } from '../store/memory';
import { type EntryType, FS, type FactoryResolver, type NodeId, ROOT_ID, type WD, newUuidV7 } from '../tinyfs';
import { decodeEntries, encodeEntries, encodeSnapshot, newEntry } from './schema';
import { type HistoryBase, prunedError, readBase } from './base';
import { LogContent } from './content';
import { PondState } from './state';
import { arrowTables } from './tables';
import { OpLogTransaction } from './transaction';

/** Who a pond is: minted at `init`, never changed (a copy made by import gets a new one). */
export interface PondIdentity {
  readonly pondId: string;
  /** ms since the epoch. */
  readonly created: number;
  readonly birthplace: string;
}

export interface OpLogOptions {
  /** Loads dynamic nodes (the factory registry). */
  resolver?: FactoryResolver;
  /** The pond's write lock; an in-process queue when omitted. */
  lock?: WriteLock;
  lockTimeoutMs?: number;
  /** Told about every commit; `localId` names the pond in the events. */
  notifier?: ChangeNotifier;
  localId?: string;
  /** A checkpoint every N commits (SPEC §4.2: 10). */
  checkpointInterval?: number;
  /** Besides the latest, keep the checkpoints at multiples of this (SPEC §4.2: 100). */
  checkpointRetention?: number;
  now?: () => number;
  newId?: (type: EntryType) => NodeId;
}

export const IDENTITY_KEY = 'pond';

/** The result of a commit that wrote something. */
export interface CommitResult {
  readonly meta: CommitMeta;
  /** Problems after the data landed (e.g. a checkpoint that could not be written): the commit stands. */
  readonly warnings: readonly string[];
}

export interface CommitOptions {
  message?: string;
  /** Control records written atomically with the data (the steward's `data_committed`, pending runs). */
  control?: (commit: { txnSeq: number; txnId: string; summary: CommitMeta['summary'] }) => ControlRecord[];
}

/**
 * A pond's operation log over a `LogStore` (SPEC §4): opens from the latest checkpoint plus the commits
 * after it, runs one write transaction at a time under the write lock, and serves read-only views of
 * any earlier `txn_seq`.
 */
export class OpLog {
  private readonly content: LogContent;
  private stateQueue: Promise<void> = Promise.resolve();

  private constructor(
    readonly store: LogStore,
    readonly identity: PondIdentity,
    private state: PondState,
    private readonly options: Required<Pick<OpLogOptions, 'checkpointInterval' | 'checkpointRetention' | 'lockTimeoutMs' | 'now'>> &
      OpLogOptions & { lock: WriteLock },
  ) {
    this.content = new LogContent(store);
  }

  /** Creates a pond in an empty store: identity, then txn 1 with the empty root directory. */
  static async init(store: LogStore, options: OpLogOptions & { pondId?: string; birthplace?: string } = {}): Promise<OpLog> {
    if ((await store.lastTxnSeq()) !== 0 || (await store.readMeta(IDENTITY_KEY)) !== null) {
      throw new PondError('AlreadyExists', 'a pond already exists in this store; init changes nothing');
    }
    const full = withDefaults(options);
    const identity: PondIdentity = { pondId: options.pondId ?? newUuidV7(), created: full.now(), birthplace: options.birthplace ?? 'unknown' };
    const root = newEntry(
      { id: { nodeId: ROOT_ID, partId: ROOT_ID }, fileType: 'dir:physical', timestamp: full.now() * 1000, version: 1, txnSeq: 1, pondId: identity.pondId },
      { content: encodeSnapshot([]), format: 'fulldir' },
    );
    const meta: CommitMeta = {
      txnSeq: 1,
      txnId: newUuidV7(),
      time: full.now(),
      origin: 'init',
      summary: { added: [{ path: '/', entryType: 'dir:physical', version: 1 }], modified: [], removed: [] },
    };
    await store.writeMeta(IDENTITY_KEY, identity);
    await store.appendCommit({ meta, log: encodeEntries([root]), blobs: new Map(), control: [] });
    const state = new PondState(identity.pondId);
    state.apply(1, [root]);
    return new OpLog(store, identity, state, full);
  }

  /** Opens an existing pond from its latest checkpoint plus the commits after it. */
  static async open(store: LogStore, options: OpLogOptions = {}): Promise<OpLog> {
    const identity = await store.readMeta<PondIdentity>(IDENTITY_KEY);
    if (identity === null) throw new PondError('NotFound', 'no pond in this store (run init first)');
    const last = await store.lastTxnSeq();
    const state = await buildState(store, identity.pondId, last);
    return new OpLog(store, identity, state, withDefaults(options));
  }

  /** The last commit this log has applied. */
  get txnSeq(): number {
    return this.state.txnSeq;
  }

  /** Applies commits other writers made since this log last looked. */
  refresh(): Promise<void> {
    return this.serially(async () => {
      const last = await this.store.lastTxnSeq();
      if (last === this.state.txnSeq) return;
      if (last < this.state.txnSeq) throw new PondError('Corrupt', `the store went back from txn ${this.state.txnSeq} to ${last}`);
      const base = await readBase(this.store);
      if (base !== null && base.txnSeq > this.state.txnSeq + 1) {
        // Another writer pruned past where this log stood: the commits in between are gone; start over from the base.
        this.state = await buildState(this.store, this.identity.pondId, last, base);
        return;
      }
      for (const commit of await this.store.readCommits(this.state.txnSeq + 1, last)) applyCommit(this.state, commit);
    });
  }

  /**
   * Runs state changes one at a time: a refresh prompted by another tab's broadcast must not interleave
   * with another refresh or with our own commit between its append and its apply.
   */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.stateQueue.then(work);
    this.stateQueue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Starts the one write transaction: waits for the write lock, then sees the latest committed state. */
  async beginWrite(origin: string, options: { onWait?: (holder: string | null) => void } = {}): Promise<WriteTransaction> {
    const holder = `${this.options.localId ?? this.identity.pondId}: ${origin}`;
    const handle = await this.options.lock.acquire({ holder, timeoutMs: this.options.lockTimeoutMs, ...(options.onWait === undefined ? {} : { onWait: options.onWait }) });
    try {
      await this.refresh();
    } catch (error) {
      await handle.release();
      throw error;
    }
    return new WriteTransaction(this, handle, this.state.txnSeq + 1, origin);
  }

  /** A read-only view of the current state, or of the state as of `asOf` (time travel). */
  async beginRead(asOf?: number): Promise<ReadView> {
    if (asOf === undefined || asOf === this.state.txnSeq) {
      const live = this.state;
      const seq = live.txnSeq;
      let frozen: Promise<PondState> | undefined;
      // The live state while nothing newer has landed; after that, this txn's state rebuilt once.
      const stateOf = (): Promise<PondState> =>
        live.txnSeq === seq ? Promise.resolve(live) : (frozen ??= buildState(this.store, this.identity.pondId, seq));
      return new ReadView(seq, this.fsOver(live, null, false, stateOf));
    }
    if (!Number.isInteger(asOf) || asOf < 1 || asOf > this.state.txnSeq) {
      throw new PondError('NotFound', `txn ${asOf} (this pond has txns 1..${this.state.txnSeq})`);
    }
    const state = await buildState(this.store, this.identity.pondId, asOf);
    return new ReadView(asOf, this.fsOver(state, null, false));
  }

  /** The committed state (for verify and tests); treat as read-only. */
  currentState(): PondState {
    return this.state;
  }

  /** @internal a file system over `state` (+ a transaction's changes when writable). */
  fsOver(state: PondState, txnSeq: number | null, writable: boolean, stateOf?: () => Promise<PondState>): { fs: FS; tx: OpLogTransaction } {
    const tx = new OpLogTransaction(state, this.content, {
      txnSeq: txnSeq ?? state.txnSeq,
      writable,
      now: this.options.now,
      ...(stateOf === undefined ? {} : { stateOf }),
    });
    const fs = new FS(tx, {
      resolver: this.options.resolver,
      tables: arrowTables,
      readOnly: !writable,
      ...(this.options.newId === undefined ? {} : { newId: this.options.newId }),
    });
    return { fs, tx };
  }

  /** @internal writes the commit atomically, then applies it; the caller holds the lock. */
  async land(tx: OpLogTransaction, txnSeq: number, txnId: string, origin: string, options: CommitOptions): Promise<CommitResult | null> {
    const prepared = await tx.prepare(this.identity.pondId);
    if (prepared.entries.length === 0) return null;
    const meta: CommitMeta = {
      txnSeq,
      txnId,
      time: this.options.now(),
      origin,
      ...(options.message === undefined ? {} : { message: options.message }),
      summary: prepared.summary,
    };
    const control = options.control?.({ txnSeq, txnId, summary: prepared.summary }) ?? [];
    // Everything above is computed before the store opens its (IndexedDB) transaction.
    const log = encodeEntries(prepared.entries);
    await this.serially(async () => {
      await this.store.appendCommit({ meta, log, blobs: prepared.blobs, control });
      this.state.apply(txnSeq, prepared.entries, prepared.snapshots);
    });
    const warnings = await this.checkpoint();
    this.options.notifier?.publish({ pond: this.options.localId ?? this.identity.pondId, txnSeq });
    return { meta, warnings };
  }

  /** Writes a checkpoint every N commits and drops the ones retention does not keep. */
  private async checkpoint(): Promise<string[]> {
    const seq = this.state.txnSeq;
    if (seq % this.options.checkpointInterval !== 0) return [];
    try {
      await this.store.writeCheckpoint(seq, this.state.toCheckpoint());
      const base = (await readBase(this.store))?.txnSeq;
      // The base checkpoint of a pruned log is its history's start: never dropped.
      const drop = (await this.store.listCheckpoints()).filter((s) => s !== seq && s !== base && s % this.options.checkpointRetention !== 0);
      if (drop.length > 0) await this.store.deleteCheckpoints(drop);
      return [];
    } catch (error) {
      // The commit has landed; a missing checkpoint only means the next open replays a little more.
      return [`checkpoint at txn ${seq} not written: ${(error as Error).message}`];
    }
  }
}

/** The open write transaction. Commit or abort exactly once; both release the write lock. */
export class WriteTransaction {
  readonly fs: FS;
  /** UUIDv7 of this transaction, known from its start so a `begin` record can name it. */
  readonly txnId = newUuidV7();
  private readonly tx: OpLogTransaction;
  private finished = false;

  constructor(
    private readonly log: OpLog,
    private readonly handle: LockHandle,
    readonly txnSeq: number,
    readonly origin: string,
  ) {
    ({ fs: this.fs, tx: this.tx } = log.fsOver(log.currentState(), txnSeq, true));
  }

  root(): WD {
    return this.fs.root();
  }

  /** Lands the changes as one atomic commit; null (and nothing written) when nothing changed. */
  async commit(options: CommitOptions = {}): Promise<CommitResult | null> {
    this.finish();
    try {
      return await this.log.land(this.tx, this.txnSeq, this.txnId, this.origin, options);
    } finally {
      await this.handle.release();
    }
  }

  /** Whether commit or abort has been called. */
  get isFinished(): boolean {
    return this.finished;
  }

  /** Drops every change; nothing was written. */
  async abort(): Promise<void> {
    this.finish();
    await this.handle.release();
  }

  private finish(): void {
    if (this.finished) throw new PondError('InvalidArgument', `transaction ${this.txnSeq} is already finished`);
    this.finished = true;
  }
}

/** A read-only view of one `txn_seq`. */
export class ReadView {
  constructor(
    readonly txnSeq: number,
    private readonly view: { fs: FS },
  ) {}

  root(): WD {
    return this.view.fs.root();
  }
}

/** The state as of `txnSeq`: the latest checkpoint at or before it, plus the commits after it. */
export async function buildState(store: LogStore, pondId: string, txnSeq: number, base?: HistoryBase | null): Promise<PondState> {
  const from0 = base === undefined ? await readBase(store) : base;
  if (from0 !== null && txnSeq < from0.txnSeq) throw prunedError(from0, `txn ${txnSeq}`);
  const checkpoint = (await store.listCheckpoints()).filter((s) => s <= txnSeq).pop();
  const state =
    checkpoint === undefined ? new PondState(pondId) : PondState.fromCheckpoint(await store.readCheckpoint(checkpoint), `checkpoint ${checkpoint}`);
  if (state.pondId !== pondId) throw new PondError('Corrupt', `checkpoint ${checkpoint} belongs to pond ${state.pondId}`);
  const from = state.txnSeq + 1;
  if (from <= txnSeq) for (const commit of await store.readCommits(from, txnSeq)) applyCommit(state, commit);
  return state;
}

function applyCommit(state: PondState, commit: StoredCommit): void {
  const what = `log record of txn ${commit.meta.txnSeq}`;
  state.apply(commit.meta.txnSeq, decodeEntries(commit.log, what).entries);
}

function withDefaults(options: OpLogOptions): OpLog['options'] {
  return {
    ...options,
    checkpointInterval: options.checkpointInterval ?? 10,
    checkpointRetention: options.checkpointRetention ?? 100,
    lockTimeoutMs: options.lockTimeoutMs ?? 30_000,
    now: options.now ?? Date.now,
    lock: options.lock ?? new MemoryWriteLock(),
  };
}
