import type { Field } from 'apache-arrow';
import type { EntryType, FileID, WD } from '../tinyfs';

/**
 * What a factory is and what it receives (SPEC §5). The factory layer may import only TinyFS, so the
 * environment services a run uses are declared here as the ports factories consume; the steward passes
 * the store's adapters, which satisfy them structurally (checked at compile time in src/steward).
 */

export type FactoryKind = 'file' | 'table' | 'directory' | 'executable';

/** A JSON Schema (draft 2020-12 subset) describing a factory's config; drives validation, completion and the form view. */
export type JsonSchema = { readonly [key: string]: unknown };

/** A worked example shown in docs and used as the starting config in the editor. */
export interface FactoryExample {
  readonly title: string;
  readonly yaml: string;
}

/** One child produced by a directory factory: made by a factory from its own config, or content made directly. */
export type DirectoryChild =
  | { readonly name: string; readonly factory: string; readonly config: string; readonly entryType?: 'file:dynamic' | 'dir:dynamic' | 'table:dynamic' }
  | { readonly name: string; readonly content: Uint8Array; readonly table?: boolean };

/**
 * Writes Arrow IPC tables for table factories. Arrow columns must be assembled without apache-arrow's
 * builders (they compile code with `new Function`, which the CSP forbids); the helper that does it lives in
 * tlogfs, which this layer may not import, so the steward hands it in (SPEC §2: services are injected).
 */
export interface TableWriter {
  /** An Arrow IPC stream of one batch: `values[i]` is field i's column (`length` values, in the field's unit). */
  fromColumns(fields: readonly Field[], values: readonly (readonly unknown[])[], length: number): Uint8Array;
}

/** Passed to `createFile` / `createDirectory`: read-only access to the pond as it is being read. */
export interface ReadContext {
  readonly nodeId: FileID;
  readonly path: string;
  /**
   * The node's config exactly as stored, placeholders unexpanded: for factories that hand parts of it on
   * (`dynamic-dir` gives each child its nested config, which the child expands itself, once).
   */
  readonly rawConfig: string;
  readonly tables: TableWriter;
  /** Read-only root of the state being read (the time-travel state when browsing history). */
  readonly root: WD;
  readonly registry: FactoryRegistryView;
  log(line: string): void;
}

/** The commit that triggered a post-commit run. */
export interface CommitInfo {
  readonly txnSeq: number;
  readonly txnId: string;
  readonly time: number;
  readonly origin: string;
  readonly message?: string;
  readonly summary: {
    readonly added: readonly { readonly path: string; readonly entryType: string; readonly version: number }[];
    readonly modified: readonly { readonly path: string; readonly entryType: string; readonly from: number; readonly to: number }[];
    readonly removed: readonly { readonly path: string; readonly entryType: string; readonly version: number }[];
  };
}

/** Who the pond is (its identity record): a mirror is created with the same one. */
export interface PondIdentityInfo {
  readonly pondId: string;
  readonly created: number;
  readonly birthplace: string;
}

/** One commit as replication reads it: metadata, the log record's bytes, and the blobs its entries reference. */
export interface HistoryCommit {
  readonly meta: CommitInfo;
  /** The commit's log record (one Arrow IPC stream), as stored. */
  readonly log: Uint8Array;
  /** BLAKE3 hex of every blob the commit's entries reference (each once, in first-use order). */
  readonly blobs: readonly string[];
}

/** Read-only access to the pond's commit records, blobs and checkpoints (for replication). */
export interface HistoryReader {
  identity(): Promise<PondIdentityInfo>;
  lastTxnSeq(): Promise<number>;
  readCommits(from: number, to: number): Promise<readonly HistoryCommit[]>;
  getBlob(hash: string): Promise<Uint8Array>;
  listCheckpoints(): Promise<readonly number[]>;
  readCheckpoint(txnSeq: number): Promise<Uint8Array>;
}

/**
 * The part of another pond's store a replicator writes (the store's `LogStore` satisfies it; checked in
 * src/steward at compile time). Commits are put-if-absent: a commit seq that exists is a `Conflict`.
 */
export interface ReplicaStore {
  lastTxnSeq(): Promise<number>;
  readCommitMetas(from: number, to: number): Promise<readonly CommitInfo[]>;
  appendCommit(commit: { readonly meta: CommitInfo; readonly log: Uint8Array; readonly blobs: ReadonlyMap<string, Uint8Array>; readonly control: readonly never[] }): Promise<void>;
  hasBlob(hash: string): Promise<boolean>;
  listCheckpoints(): Promise<number[]>;
  writeCheckpoint(txnSeq: number, bytes: Uint8Array): Promise<void>;
}

/**
 * A mirror opened for replication: its store (holding this pond's identity) and its own write lock (per
 * database, so never the source's).
 */
export interface MirrorTarget {
  /** The mirror's local id (browser) or directory (CLI). */
  readonly localId: string;
  readonly store: ReplicaStore;
  /** Takes the mirror's write lock; `PondLocked` after `timeoutMs`. */
  lock(holder: string, timeoutMs: number): Promise<{ release(): Promise<void> }>;
  close(): void;
}

export interface FactoryHttpRequest {
  readonly url: string;
  readonly method: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  readonly signal?: AbortSignal;
}

export interface FactoryHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** Outbound HTTP for factories a user configures (SPEC §10). */
export interface FactoryHttp {
  request(request: FactoryHttpRequest): Promise<FactoryHttpResponse>;
}

/** Passed to `initialize` and `execute`. */
export interface RunContext {
  readonly mode: 'manual' | 'post-commit';
  readonly args: readonly string[];
  /** The run's own write transaction. */
  readonly txnSeq: number;
  /** The commit that triggered a post-commit run (null for manual runs). */
  readonly parentTxnSeq: number | null;
  readonly commit: CommitInfo | null;
  /** Writable root inside the run's own transaction. */
  readonly root: WD;
  readonly history: HistoryReader;
  readonly http: FactoryHttp;
  /** Opens another pond of this browser/machine by local id; the steward supplies it. */
  readonly openPond: (localId: string) => Promise<unknown>;
  /**
   * Opens (creating when absent, empty and marked as a mirror) the mirror of this pond named `target`: a pond
   * name in the browser, a directory in the CLI. Refuses a pond that is not a mirror of this pond, and the
   * pond itself.
   */
  readonly openMirror: (target: string) => Promise<MirrorTarget>;
  log(line: string): void;
  /** Aborted on cancel or timeout. */
  readonly signal: AbortSignal;
}

/** A factory: a plain object registered by name (SPEC §5). `C` is its validated config type. */
export interface Factory<C = unknown> {
  readonly name: string;
  readonly description: string;
  readonly kind: FactoryKind;
  readonly configSchema: JsonSchema;
  /**
   * Parses and checks raw YAML: line-numbered errors (`InvalidConfig`), the typed config on success.
   * `registry` is given by `FactoryRegistry.validate`; factories with nested configs need it.
   */
  validate(rawYaml: string, registry?: FactoryRegistryView): C;
  createFile?(config: C, context: ReadContext): Promise<Uint8Array>;
  createDirectory?(config: C, context: ReadContext): Promise<DirectoryChild[]>;
  /** Prepares what `execute` needs; called before every execute, so it must be idempotent. */
  initialize?(config: C, context: RunContext): Promise<void>;
  execute?(config: C, context: RunContext): Promise<void>;
  readonly examples: readonly FactoryExample[];
}

/** What factories may ask of the registry (e.g. `dynamic-dir` validating its nested configs). */
export interface FactoryRegistryView {
  get(name: string): Factory;
  list(): Factory[];
  /** Validates raw YAML for the named factory (after nothing is expanded: placeholders stay raw). */
  validate(name: string, rawYaml: string, keyPath?: readonly (string | number)[]): unknown;
}

/** The dynamic entry type a factory's nodes get for `dynamic-file` / `dynamic-dir`. */
export function entryTypeForKind(kind: FactoryKind): EntryType | null {
  switch (kind) {
    case 'file':
      return 'file:dynamic';
    case 'table':
      return 'table:dynamic';
    case 'directory':
      return 'dir:dynamic';
    case 'executable':
      return 'file:dynamic';
  }
}
