import { PondError, errorMessage } from '../errors';
import { type FactoryRegistry, registryResolver } from '../factory';
import type { FactoryHttp, HistoryReader, MirrorTarget, ReplicaStore, RunContext, TableWriter } from '../factory';
import type { ChangeNotifier, Http, LogStore, PondOpener, WriteLock } from '../store/ports';
import type { CommitMeta, ControlRecord, StoredControlRecord } from '../store/records';
import type { WD } from '../tinyfs';
import { type CommitResult, IDENTITY_KEY, type MaintainReport, OpLog, type PruneReport, pruneHistory, type OpLogOptions, type PondIdentity, type ReadView, type WriteTransaction, arrowTableWriter, blake3Hex, decodeEntries, prunedError, readBase, reclaimStorage, referencedBlobs } from '../tlogfs';
import { type RunState, runKey, runStates, unfinishedTransactions } from './control';
import { type DraftContext, type DraftOp, applyDraft } from './draft';
import { PondEvents, type PondEvent } from './events';
import { type PlannedRun, discoverRuns } from './postCommit';
import { DEFAULT_RUN_TIMEOUT_MS, SETTINGS_KEY, type Settings, factoryMode, runTimeout } from './settings';

/** SPEC §4.2: besides the latest, a checkpoint every 100 commits is kept (the OpLog's default too). */
const DEFAULT_CHECKPOINT_RETENTION = 100;

// The store's Http adapter is what factories get as their FactoryHttp port: checked here, at compile time.
const httpFitsFactories = (http: Http): FactoryHttp => http;
// And a store is what a replicator writes into.
const storeFitsReplicas = (store: LogStore): ReplicaStore => store;

/** The environment a pond runs in: its store and the adapters of SPEC §2. */
export interface PondEnvironment {
  readonly store: LogStore;
  /** Stable local id: names the lock, the change channel, and the pond in events. */
  readonly localId: string;
  /** The pond's write lock. */
  readonly lock: WriteLock;
  /** Held while this tab/process runs post-commit work, so others can tell live runs from interrupted ones. */
  readonly runnerLock: WriteLock;
  readonly notifier?: ChangeNotifier;
  readonly registry: FactoryRegistry;
  readonly http: Http;
  readonly ponds: PondOpener;
  /**
   * Set when the pond must not be written (a replication mirror until it is promoted): every write is refused
   * with `ReadOnly` and this reason.
   */
  readonly readOnly?: string;
  readonly now?: () => number;
  readonly oplog?: Pick<OpLogOptions, 'checkpointInterval' | 'checkpointRetention' | 'lockTimeoutMs' | 'newId'>;
}

/** A transaction's outcome: the body's value, the commit (null when nothing changed), and its post-commit runs. */
export interface Transacted<T> {
  readonly value: T;
  readonly commit: CommitResult | null;
  /** Settles when every post-commit run of this commit has finished (runs never reject it). */
  readonly runs: Promise<RunState[]>;
}

/**
 * The steward (SPEC §6): a pond's transactions with their control records, post-commit runs after every
 * commit, manual runs, drafts, recovery, settings and change events.
 */
export class Pond {
  readonly events = new PondEvents();
  private readonly active = new Map<string, AbortController>();
  /** Runs of this tab's commits waiting in its queue: pending, not interrupted. */
  private readonly queued = new Set<string>();
  private runQueue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly unsubscribe: (() => void) | undefined;

  private constructor(
    readonly env: PondEnvironment,
    readonly oplog: OpLog,
  ) {
    this.now = env.now ?? Date.now;
    this.unsubscribe = env.notifier?.subscribe(() => void this.caughtUp());
  }

  /** Creates a pond in an empty store (txn 1). */
  static async init(env: PondEnvironment, options: { birthplace?: string; pondId?: string } = {}): Promise<Pond> {
    return new Pond(env, await OpLog.init(env.store, { ...Pond.oplogOptions(env), ...options }));
  }

  /** Opens an existing pond; interrupted runs are reported by `runs()` and resumed by `recover()`. */
  static async open(env: PondEnvironment): Promise<Pond> {
    return new Pond(env, await OpLog.open(env.store, Pond.oplogOptions(env)));
  }

  get identity() {
    return this.oplog.identity;
  }

  /** Listens to commits, runs, log lines and lock waits. */
  on(listener: (event: PondEvent) => void): () => void {
    return this.events.on(listener);
  }

  /**
   * Runs `body` in one write transaction with its control records: `begin`; then `data_committed` and the
   * post-commit plan inside the atomic commit, or `completed` (nothing changed) / `failed`. After the commit,
   * the post-commit runs start (in order, each in its own transaction); `runs` settles when they are done.
   */
  async transact<T>(origin: string, body: (root: WD, tx: WriteTransaction) => Promise<T>, options: { message?: string } = {}): Promise<Transacted<T>> {
    this.checkWritable(origin);
    const tx = await this.oplog.beginWrite(origin, { onWait: (holder) => this.events.emit({ type: 'lock-waiting', holder }) });
    let value: T;
    let plan: PlannedRun[];
    let settings: Settings;
    try {
      await this.control([{ kind: 'begin', txnSeq: tx.txnSeq, txnId: tx.txnId, time: this.now(), origin }]);
      value = await body(tx.root(), tx);
      settings = await this.settings();
      plan = await discoverRuns(tx.root(), this.env.registry, settings);
    } catch (error) {
      await this.fail(tx, origin, error);
      throw error;
    }
    let commit: CommitResult | null;
    try {
      commit = await tx.commit({
        ...(options.message === undefined ? {} : { message: options.message }),
        control: ({ txnSeq, txnId }) => this.commitRecords(txnSeq, txnId, origin, plan, settings),
      });
    } catch (error) {
      await this.control([{ kind: 'failed', txnSeq: tx.txnSeq, txnId: tx.txnId, time: this.now(), origin, errorMessage: errorMessage(error) }]);
      throw error;
    }
    if (commit === null) {
      await this.control([{ kind: 'completed', txnSeq: tx.txnSeq, txnId: tx.txnId, time: this.now(), origin }]);
      return { value, commit, runs: Promise.resolve([]) };
    }
    await this.rememberDefaultModes(plan, settings);
    this.events.emit({ type: 'commit', meta: commit.meta, origin: 'here' });
    return { value, commit, runs: this.startRuns(commit.meta, plan) };
  }

  /** Applies a draft as one transaction; if an operation no longer applies, `Conflict` lists them and nothing is written. */
  applyDraft(ops: readonly DraftOp[], options: { origin?: string; message?: string } = {}): Promise<Transacted<void>> {
    return this.transact(options.origin ?? `draft of ${ops.length} operations`, (root) => applyDraft(this.draftContext(root), ops), options);
  }

  /** A read-only view of the current state, or of `asOf` (time travel). */
  async read(asOf?: number): Promise<ReadView> {
    await this.oplog.refresh();
    return this.oplog.beginRead(asOf);
  }

  /** Runs an executable factory node by hand (mode `manual`) in its own transaction. */
  async run(path: string, args: readonly string[] = []): Promise<RunState> {
    this.checkWritable(`run ${path}`);
    const view = await this.read();
    const meta = await view.root().metadata(path);
    if (meta.factory === undefined) throw new PondError('InvalidArgument', `${path} is not a dynamic node; only executable factory nodes can be run`, { path });
    const factory = this.env.registry.get(meta.factory);
    if (factory.kind !== 'executable') throw new PondError('InvalidArgument', `${path} uses factory '${factory.name}', which is a ${factory.kind} factory, not executable`, { path });
    return this.queue(() => this.execute({ executionSeq: 1, factoryName: factory.name, configPath: path }, null, 'manual', args));
  }

  /** Runs a past run again (new records; the old ones stay as they are). */
  async rerun(txnSeq: number, executionSeq: number): Promise<RunState> {
    this.checkWritable(`rerun of run ${executionSeq} of txn ${txnSeq}`);
    const run = (await this.runs()).find((r) => r.txnSeq === txnSeq && r.executionSeq === executionSeq);
    if (run === undefined) throw new PondError('NotFound', `run ${executionSeq} of txn ${txnSeq}`);
    if (run.status === 'running' || run.status === 'pending') throw new PondError('InvalidArgument', `run ${executionSeq} of txn ${txnSeq} is ${run.status}`);
    const [meta] = run.mode === 'post-commit' ? await this.env.store.readCommitMetas(txnSeq, txnSeq) : [];
    return this.queue(() => this.execute(run, meta ?? null, run.mode, []));
  }

  /** Cancels a running run; it ends as failed with "cancelled". */
  cancel(txnSeq: number, executionSeq: number): boolean {
    const controller = this.active.get(runKey(txnSeq, executionSeq));
    controller?.abort(new PondError('FactoryFailed', 'cancelled'));
    return controller !== undefined;
  }

  /** Every run the control table knows, newest commit last; pending/started runs nobody is running are `interrupted`. */
  async runs(filter: { txnSeq?: number } = {}): Promise<RunState[]> {
    const records = await this.env.store.readControl(filter);
    const othersRunning = await this.runnerBusy();
    return runStates(records, (key) => this.active.has(key) || this.queued.has(key) || othersRunning);
  }

  /** Write transactions that began and never ended (the process died before its commit landed). */
  async incomplete(): Promise<StoredControlRecord[]> {
    const last = await this.env.store.lastTxnSeq();
    const lockFree = !(await this.busy(this.env.lock));
    return unfinishedTransactions(await this.env.store.readControl()).filter((r) => lockFree || r.txnSeq <= last);
  }

  /** Marks incomplete transactions failed, and resumes interrupted runs in order. */
  async recover(): Promise<{ markedFailed: StoredControlRecord[]; resumed: RunState[] }> {
    this.checkWritable('recover');
    const markedFailed = await this.incomplete();
    await this.control(
      markedFailed.map((r) => ({
        kind: 'failed' as const,
        txnSeq: r.txnSeq,
        ...(r.txnId === undefined ? {} : { txnId: r.txnId }),
        time: this.now(),
        ...(r.origin === undefined ? {} : { origin: r.origin }),
        errorMessage: 'incomplete: the process ended before the commit landed (marked by recover)',
      })),
    );
    const interrupted = (await this.runs()).filter((r) => r.status === 'interrupted');
    const resumed: RunState[] = [];
    for (const run of interrupted) {
      const [meta] = run.mode === 'post-commit' ? await this.env.store.readCommitMetas(run.txnSeq, run.txnSeq) : [];
      resumed.push(await this.queue(() => this.execute(run, meta ?? null, run.mode, [])));
    }
    return { markedFailed, resumed };
  }

  /**
   * Reclaims storage (SPEC §7 `maintain`): unreferenced blobs and the checkpoints retention does not keep.
   * Holds the write lock meanwhile, so no commit is half-way (its blobs written, its record not yet).
   */
  async maintain(options: { dryRun?: boolean } = {}): Promise<MaintainReport> {
    const lock = await this.oplog.beginWrite('maintain', { onWait: (holder) => this.events.emit({ type: 'lock-waiting', holder }) });
    try {
      return await reclaimStorage(this.env.store, { checkpointRetention: this.env.oplog?.checkpointRetention ?? DEFAULT_CHECKPOINT_RETENTION, ...options });
    } finally {
      await lock.abort();
    }
  }

  /**
   * Drops the history before txn `before` (SPEC §4.2, `maintain --prune-before`): see `pruneHistory`. Holds the
   * write lock, so no commit lands meanwhile; the live state is unchanged, so the open log stays as it is.
   */
  async prune(before: number, options: { dryRun?: boolean } = {}): Promise<PruneReport> {
    this.checkWritable(`maintain --prune-before ${before}`);
    const lock = await this.oplog.beginWrite(`maintain --prune-before ${before}`, { onWait: (holder) => this.events.emit({ type: 'lock-waiting', holder }) });
    try {
      return await pruneHistory(this.env.store, before, { ...options, now: this.now });
    } finally {
      await lock.abort();
    }
  }

  /** Current settings (factory modes, run timeouts). */
  async settings(): Promise<Settings> {
    return (await this.env.store.readMeta<Settings>(SETTINGS_KEY)) ?? {};
  }

  /** Changes a setting: recorded in the control table (history) and in the settings map (current value). */
  async setSetting(key: string, value: string): Promise<void> {
    this.checkWritable(`config set ${key}`);
    const last = await this.env.store.lastTxnSeq();
    await this.control([{ kind: 'setting', txnSeq: last, time: this.now(), key, value }]);
    await this.env.store.writeMeta(SETTINGS_KEY, { ...(await this.settings()), [key]: value });
  }

  /** Whether writes are refused, and why (a mirror). */
  get readOnly(): string | undefined {
    return this.env.readOnly;
  }

  private checkWritable(what: string): void {
    if (this.env.readOnly !== undefined) throw new PondError('ReadOnly', `${what}: ${this.env.readOnly}`);
  }

  /** Stops listening to other tabs and closes the store. */
  close(): void {
    this.unsubscribe?.();
    this.env.store.close();
  }

  private static oplogOptions(env: PondEnvironment): OpLogOptions {
    return {
      ...env.oplog,
      resolver: registryResolver(env.registry, { tables: tableWriter }),
      lock: env.lock,
      localId: env.localId,
      ...(env.notifier === undefined ? {} : { notifier: env.notifier }),
      ...(env.now === undefined ? {} : { now: env.now }),
    };
  }

  private async caughtUp(): Promise<void> {
    const before = this.oplog.txnSeq;
    await this.oplog.refresh();
    if (this.oplog.txnSeq === before) return;
    for (const meta of await this.env.store.readCommitMetas(before + 1, this.oplog.txnSeq)) this.events.emit({ type: 'commit', meta, origin: 'elsewhere' });
  }

  /** What draft operations need: the transaction's root, the past, and the factories' validation. */
  draftContext(root: WD): DraftContext {
    return { root, readAt: (seq) => this.readAt(seq), validate: (factory, config) => void this.env.registry.validate(factory, config) };
  }

  private readAt(txnSeq: number): Promise<WD> {
    return this.oplog.beginRead(txnSeq).then((view) => view.root());
  }

  private commitRecords(txnSeq: number, txnId: string, origin: string, plan: PlannedRun[], settings: Settings): ControlRecord[] {
    const time = this.now();
    const records: ControlRecord[] = [{ kind: 'data_committed', txnSeq, txnId, time, origin }];
    for (const run of plan) {
      const base = { txnSeq, time, parentTxnSeq: txnSeq, executionSeq: run.executionSeq, factoryName: run.factoryName, configPath: run.configPath, mode: 'post-commit' as const };
      records.push(run.skip === undefined ? { kind: 'post_commit_pending', ...base } : { kind: 'post_commit_skipped', ...base, reason: run.skip });
    }
    for (const name of new Set(plan.filter((r) => r.defaultedMode).map((r) => r.factoryName))) {
      if (settings[`factory_mode:${name}`] === undefined) records.push({ kind: 'setting', txnSeq, time, key: `factory_mode:${name}`, value: 'push' });
    }
    return records;
  }

  /** Unset modes mean `push`, and that default is written down (SPEC §6 step 2). */
  private async rememberDefaultModes(plan: PlannedRun[], settings: Settings): Promise<void> {
    const missing = plan.filter((r) => r.defaultedMode && settings[`factory_mode:${r.factoryName}`] === undefined);
    if (missing.length === 0) return;
    const next = { ...settings };
    for (const run of missing) next[`factory_mode:${run.factoryName}`] = 'push';
    await this.env.store.writeMeta(SETTINGS_KEY, next);
  }

  private startRuns(meta: CommitMeta, plan: PlannedRun[]): Promise<RunState[]> {
    const runnable = plan.filter((r) => r.skip === undefined);
    for (const run of runnable) this.queued.add(runKey(meta.txnSeq, run.executionSeq));
    return this.queue(async () => {
      const done: RunState[] = [];
      for (const run of runnable) {
        try {
          done.push(await this.execute(run, meta, 'post-commit', []));
        } finally {
          this.queued.delete(runKey(meta.txnSeq, run.executionSeq));
        }
      }
      return done;
    });
  }

  /** Post-commit work runs one run at a time, in commit order, holding the runner lock. */
  private queue<T>(work: () => Promise<T>): Promise<T> {
    const result = this.runQueue.then(async () => {
      const handle = await this.env.runnerLock.acquire({ holder: `${this.env.localId}: post-commit runner`, timeoutMs: 24 * 3600_000 });
      try {
        return await work();
      } finally {
        await handle.release();
      }
    });
    this.runQueue = result.catch(() => undefined);
    return result;
  }

  /** One run: `started`, then initialize + execute in its own transaction, then `completed` or `failed`. */
  private async execute(
    run: { executionSeq: number; factoryName: string; configPath: string },
    parent: CommitMeta | null,
    mode: 'manual' | 'post-commit',
    args: readonly string[],
  ): Promise<RunState> {
    const started = this.now();
    const logLines: string[] = [];
    const tx = await this.oplog.beginWrite(`${mode}: ${run.factoryName} ${run.configPath}`);
    const recordSeq = parent?.txnSeq ?? tx.txnSeq;
    const key = runKey(recordSeq, run.executionSeq);
    const controller = new AbortController();
    this.active.set(key, controller);
    const base = {
      txnSeq: recordSeq,
      executionSeq: run.executionSeq,
      factoryName: run.factoryName,
      configPath: run.configPath,
      mode,
      runTxnSeq: tx.txnSeq,
      ...(parent === null ? {} : { parentTxnSeq: parent.txnSeq }),
    };
    const settled = (kind: 'post_commit_completed' | 'post_commit_failed', errorMessageText?: string): ControlRecord => ({
      kind,
      ...base,
      time: this.now(),
      durationMs: this.now() - started,
      log: logLines,
      ...(errorMessageText === undefined ? {} : { errorMessage: errorMessageText }),
    });
    const timeoutMs = runTimeout(await this.settings(), run.factoryName) ?? DEFAULT_RUN_TIMEOUT_MS;
    const timer = setTimeout(() => controller.abort(new PondError('FactoryFailed', `timed out after ${timeoutMs} ms`)), timeoutMs);
    let ending: ControlRecord;
    try {
      await this.control([
        { kind: 'begin', txnSeq: tx.txnSeq, txnId: tx.txnId, time: this.now(), origin: tx.origin },
        { kind: 'post_commit_started', ...base, time: this.now() },
      ]);
      this.events.emit({ type: 'run', run: await this.runState(recordSeq, run.executionSeq) });
      const config = new TextDecoder().decode(await tx.root().readFileVersion(run.configPath, (await tx.root().metadata(run.configPath)).version));
      const context = this.runContext(tx, parent, mode, args, controller.signal, (line) => {
        logLines.push(line);
        this.events.emit({ type: 'run-log', txnSeq: recordSeq, executionSeq: run.executionSeq, line });
      });
      await untilAborted(this.env.registry.initialize(run.factoryName, config, context), controller.signal);
      await untilAborted(this.env.registry.execute(run.factoryName, config, context), controller.signal);
      // Factory transactions never trigger post-commit runs themselves (no recursion).
      const result = await tx.commit({ control: ({ txnSeq, txnId }) => [{ kind: 'data_committed', txnSeq, txnId, time: this.now(), origin: tx.origin }] });
      if (result === null) await this.control([{ kind: 'completed', txnSeq: tx.txnSeq, txnId: tx.txnId, time: this.now(), origin: tx.origin }]);
      else this.events.emit({ type: 'commit', meta: result.meta, origin: 'here' });
      ending = settled('post_commit_completed');
    } catch (error) {
      const reason = controller.signal.aborted ? errorMessage(controller.signal.reason) : errorMessage(error);
      if (!tx.isFinished) await tx.abort();
      await this.control([{ kind: 'failed', txnSeq: tx.txnSeq, txnId: tx.txnId, time: this.now(), origin: tx.origin, errorMessage: reason }]);
      ending = settled('post_commit_failed', reason);
    } finally {
      clearTimeout(timer);
      this.active.delete(key);
    }
    await this.control([ending]);
    const state = await this.runState(recordSeq, run.executionSeq);
    this.events.emit({ type: 'run', run: state });
    return state;
  }

  /** A run as its records now say (with its attempts), for events and results. */
  private async runState(txnSeq: number, executionSeq: number): Promise<RunState> {
    const found = (await this.runs({ txnSeq })).find((r) => r.executionSeq === executionSeq);
    if (found === undefined) throw new PondError('Corrupt', `run ${executionSeq} of txn ${txnSeq} has no records`);
    return found;
  }

  private runContext(
    tx: WriteTransaction,
    parent: CommitMeta | null,
    mode: 'manual' | 'post-commit',
    args: readonly string[],
    signal: AbortSignal,
    log: (line: string) => void,
  ): RunContext {
    const history = historyReader(this.env.store);
    return {
      mode,
      args,
      txnSeq: tx.txnSeq,
      parentTxnSeq: parent?.txnSeq ?? null,
      commit: parent,
      root: tx.root(),
      history,
      http: httpFitsFactories(this.env.http),
      openPond: (localId) => this.env.ponds.openStore(localId),
      openMirror: (target) => this.openMirror(target),
      log,
      signal,
    };
  }

  /** A mirror of this pond for a replicator: its own store and lock (per database, never this pond's). */
  private async openMirror(target: string): Promise<MirrorTarget> {
    const mirror = await this.env.ponds.openMirror(target, { pondId: this.identity.pondId, localId: this.env.localId });
    try {
      // A new mirror gets this pond's identity first; an existing one must already have it.
      const identity = await mirror.store.readMeta<PondIdentity>(IDENTITY_KEY);
      if (identity === null) await mirror.store.writeMeta(IDENTITY_KEY, this.identity);
      else if (identity.pondId !== this.identity.pondId) throw new PondError('InvalidArgument', `mirror '${target}' holds pond ${identity.pondId}, not ${this.identity.pondId}`);
    } catch (error) {
      mirror.close();
      throw error;
    }
    return {
      localId: mirror.localId,
      store: storeFitsReplicas(mirror.store),
      lock: (holder, timeoutMs) => mirror.lock.acquire({ holder, timeoutMs }),
      close: () => mirror.close(),
    };
  }

  private async fail(tx: WriteTransaction, origin: string, error: unknown): Promise<void> {
    await tx.abort();
    await this.control([{ kind: 'failed', txnSeq: tx.txnSeq, txnId: tx.txnId, time: this.now(), origin, errorMessage: errorMessage(error) }]);
  }

  private async control(records: readonly ControlRecord[]): Promise<void> {
    if (records.length > 0) await this.env.store.appendControl(records);
  }

  private async runnerBusy(): Promise<boolean> {
    return this.active.size === 0 && (await this.busy(this.env.runnerLock));
  }

  /** Whether someone holds `lock` right now (we take and drop it when it is free). */
  private async busy(lock: WriteLock): Promise<boolean> {
    try {
      const handle = await lock.acquire({ holder: `${this.env.localId}: probe`, timeoutMs: 1 });
      await handle.release();
      return false;
    } catch (error) {
      if (error instanceof PondError && error.kind === 'PondLocked') return true;
      throw error;
    }
  }
}

/** Read-only access to a store's history for replicators: commits with the blobs they reference, checkpoints. */
function historyReader(store: LogStore): HistoryReader {
  return {
    async identity() {
      const identity = await store.readMeta<PondIdentity>(IDENTITY_KEY);
      if (identity === null) throw new PondError('Corrupt', 'the pond has no identity record');
      return identity;
    },
    lastTxnSeq: () => store.lastTxnSeq(),
    async readCommits(from, to) {
      // A replica behind a prune cannot be caught up from the log: say so, not "txn N not found".
      const base = await readBase(store);
      if (base !== null && from < base.txnSeq) throw prunedError(base, `replicating from txn ${from} (export a pond file and import it as the replica instead)`);
      return (await store.readCommits(from, to)).map((commit) => ({
        meta: commit.meta,
        log: commit.log,
        blobs: referencedBlobs(decodeEntries(commit.log, `log record of txn ${commit.meta.txnSeq}`, { views: true }).entries),
      }));
    },
    async getBlob(hash) {
      // Verified here, so a corrupt blob is never copied to a replica.
      const bytes = await store.getBlob(hash);
      if (blake3Hex(bytes) !== hash) throw new PondError('Corrupt', `blob ${hash}: its content does not match its hash`);
      return bytes;
    },
    listCheckpoints: () => store.listCheckpoints(),
    readCheckpoint: (txnSeq) => store.readCheckpoint(txnSeq),
  };
}

/** Resolves with `work`, or rejects with the signal's reason as soon as it aborts (the factory may keep running, unobserved). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

/** tlogfs's Arrow writer, typed as the port table factories use (a mismatch fails to compile here). */
const tableWriter: TableWriter = arrowTableWriter;
