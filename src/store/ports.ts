import type { CommitMeta, CommitWrite, ControlRecord, StoredCommit, StoredControlRecord } from './records';

/**
 * The doors to the environment (SPEC §2). The core only sees these interfaces; `memory/`, `browser/` and
 * `node/` implement them. Every method fails with a typed `PondError` (`NotFound`, `Conflict`,
 * `StorageFull`, `Corrupt`, `PondLocked`), never with a bare string or a silent default.
 */

/** Durable bytes of one pond: commits, blobs, checkpoints, control records, identity. */
export interface LogStore {
  /**
   * Writes a commit atomically: log record, commit metadata, new blobs and control records in one
   * transaction. `Conflict` when `meta.txnSeq` already exists (put-if-absent); `StorageFull` on quota.
   */
  appendCommit(commit: CommitWrite): Promise<void>;
  /** Appends control records on their own (e.g. `begin`, post-commit run records). */
  appendControl(records: readonly ControlRecord[]): Promise<void>;
  /** The highest committed `txn_seq`, 0 for an empty store. */
  lastTxnSeq(): Promise<number>;
  /** Commits `from..to` inclusive, ascending; `NotFound` naming the first missing seq. */
  readCommits(from: number, to: number): Promise<StoredCommit[]>;
  /** Commit metadata only (for history lists), ascending. Missing seqs are skipped (a pruned log). */
  readCommitMetas(from: number, to: number): Promise<CommitMeta[]>;
  /**
   * Drops history (SPEC §4.2 `maintain --prune-before`): every commit before `txnSeq` and the control records
   * of those txns. Idempotent (a prune cut short is finished by running it again); a store that keeps control
   * records in sets may keep a set that also holds records of later txns. Nothing else changes.
   */
  deleteCommitsBefore(txnSeq: number): Promise<void>;
  /** A blob by its BLAKE3 hex; `NotFound` when absent. Bytes are returned as stored (the caller verifies). */
  getBlob(hash: string): Promise<Uint8Array>;
  /**
   * A blob's bytes in pieces, read into `buffer` where the store can (a store that gets whole values from
   * its storage yields the blob whole): hashing or copying a large blob then allocates nothing of its size,
   * so a pass over every blob (export, verify) keeps memory flat. Each piece is valid only until the next
   * one is requested and must not be modified. `NotFound` when absent; bytes as stored (the caller verifies).
   */
  readBlobPieces(hash: string, buffer: Uint8Array): AsyncIterable<Uint8Array>;
  hasBlob(hash: string): Promise<boolean>;
  listBlobs(): Promise<string[]>;
  deleteBlobs(hashes: readonly string[]): Promise<void>;
  /** Control records in append order, optionally only those of one `txnSeq`. */
  readControl(filter?: { txnSeq?: number }): Promise<StoredControlRecord[]>;
  writeCheckpoint(txnSeq: number, bytes: Uint8Array): Promise<void>;
  /** `NotFound` when there is no checkpoint at `txnSeq`. */
  readCheckpoint(txnSeq: number): Promise<Uint8Array>;
  /** A checkpoint's bytes in pieces through `buffer`, as `readBlobPieces`; `NotFound` when absent. */
  readCheckpointPieces(txnSeq: number, buffer: Uint8Array): AsyncIterable<Uint8Array>;
  /** Checkpoint seqs, ascending. */
  listCheckpoints(): Promise<number[]>;
  deleteCheckpoints(txnSeqs: readonly number[]): Promise<void>;
  /** Small JSON values: pond identity, birth metadata. `null` when absent. */
  readMeta<T>(key: string): Promise<T | null>;
  writeMeta(key: string, value: unknown): Promise<void>;
  close(): void;
}

export interface LockHandle {
  release(): Promise<void>;
}

/** The pond's write lock (Web Locks in the browser, a lock file on disk, an in-process queue in memory). */
export interface WriteLock {
  /**
   * Waits in line for the lock. After `timeoutMs` fails with `PondLocked` naming the holder.
   * `onWait` is called once if the lock is not free at once (for "waiting for …" UI).
   */
  acquire(options: { holder: string; timeoutMs: number; onWait?: (holder: string | null) => void }): Promise<LockHandle>;
}

/** A commit landed in some tab/process. `pond` is the local id (a mirror shares its source's pond id). */
export interface ChangeEvent {
  readonly pond: string;
  readonly txnSeq: number;
}

/** Tells other tabs/processes that a commit landed (BroadcastChannel in the browser). */
export interface ChangeNotifier {
  publish(event: ChangeEvent): void;
  /** Returns the unsubscribe function. Own publications are not delivered back. */
  subscribe(listener: (event: ChangeEvent) => void): () => void;
  close(): void;
}

/** Per-browser (or process env) values for `${env:NAME}`; never stored in the pond. */
export interface Secrets {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
  list(): Promise<string[]>;
}

/** Random access to one host file, without loading it whole (pond files can be large). */
export interface HostFileReader {
  readonly size: number;
  /**
   * Exactly `length` bytes at `offset` (the caller stays within `size`): read into `into` and a view of it
   * when given (at least `length` long), so a caller reading piece after piece allocates nothing; otherwise
   * new bytes.
   */
  read(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Files outside the pond: host paths in the CLI; picked, dropped and downloaded files in the app. */
export interface HostFiles {
  read(name: string): Promise<Uint8Array>;
  write(name: string, bytes: Uint8Array): Promise<void>;
  /** Opens a file for random-access reads; `NotFound` when absent. */
  open(name: string): Promise<HostFileReader>;
  /**
   * Writes a file from chunks as they come (memory stays bounded); it appears whole or not at all. A chunk is
   * only valid until the next one is requested (the producer may reuse its buffer): write it or copy it.
   */
  writeChunks(name: string, chunks: AsyncIterable<Uint8Array>): Promise<number>;
  list(dir: string): Promise<string[]>;
  readStdin(): Promise<Uint8Array>;
}

export interface HttpRequest {
  readonly url: string;
  readonly method: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** Outbound HTTP, only for factories a user configures (SPEC §10). */
export interface Http {
  request(request: HttpRequest): Promise<HttpResponse>;
}

/** Which pond a mirror copies: its pond id (the mirror's too) and its local id (for messages and the catalog). */
export interface MirrorSource {
  readonly pondId: string;
  readonly localId: string;
}

/** A mirror opened for replication: its own store and write lock, keyed by its own local id. */
export interface OpenedMirror {
  readonly localId: string;
  readonly store: LogStore;
  readonly lock: WriteLock;
  /** Done with it: closes what the opener opened for this call (a shared test store stays open). */
  close(): void;
}

/** Opens other ponds of this browser/machine by local id: replication mirrors. */
export interface PondOpener {
  openStore(localId: string): Promise<LogStore>;
  /**
   * The mirror of `source` named `target` (a pond name in the browser, a directory in the CLI), created empty
   * and marked as a mirror when absent. `InvalidArgument` when `target` is an ordinary (or promoted) pond, a
   * mirror of another pond, or the source itself: replication never writes into a pond it does not own.
   */
  openMirror(target: string, source: MirrorSource): Promise<OpenedMirror>;
}
