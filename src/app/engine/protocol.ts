import type { ErrorKind } from '../../errors';
import type { DraftConflict, DraftOp, PondEvent, RunState } from '../../steward';
import type { CatalogEntry } from '../../store/catalog';
import type { ChangeSummary, CommitMeta } from '../../store/records';
import type { VerifyReport } from '../../tlogfs';

/**
 * The typed message API between the UI thread and the engine worker (SPEC §2). The UI never touches
 * IndexedDB, hashes or encodes: it sends these requests and receives responses and events. The types the
 * UI needs are re-exported here, so `src/app` imports nothing but this folder.
 */
export type { CatalogEntry, ChangeSummary, CommitMeta, DraftConflict, DraftOp, PondEvent, RunState };
/** How the commit panel names a draft operation: the same words as `log` (a pure function, safe on the UI thread). */
export { describeOp } from '../../steward/draft';
export { byFolderThenName } from './order';
/** The pond's glob rules (SPEC §3.4), for filtering rows the UI already holds without asking the engine. */
export { matchesPath, parseGlob } from '../../tinyfs/glob';

/** One entry of a directory, as the tree shows it. */
export interface TreeEntry {
  readonly name: string;
  readonly path: string;
  readonly entryType: string;
  /** The factory of a dynamic node. */
  readonly factory?: string;
  /** A symlink's target. */
  readonly target?: string;
  readonly size: number;
  readonly version: number;
  readonly modified: number | null;
}

export interface EntryPage {
  /** How many entries the directory has. */
  readonly total: number;
  /** Entries `offset` … `offset + limit - 1` (fewer at the end). */
  readonly entries: readonly TreeEntry[];
}

export interface FactoryInfo {
  readonly name: string;
  readonly kind: string;
  readonly description: string;
  readonly configSchema: unknown;
  readonly examples: readonly { readonly title: string; readonly yaml: string }[];
}

/** One problem of a config as the editor lists it: 1-based line (and column), key path, text. */
export interface ConfigProblem {
  readonly line: number;
  readonly column?: number;
  /** `entries[2].config.content`; absent for problems of the whole document (syntax). */
  readonly path?: string;
  /** The same place as keys and indexes, for the form view to find its field; absent with `path`. */
  readonly keyPath?: readonly (string | number)[];
  readonly message: string;
  readonly kind: 'syntax' | 'schema' | 'check' | 'limit';
}

export interface StorageStatus {
  readonly usage: number | null;
  readonly quota: number | null;
  readonly persisted: boolean | null;
}

export interface PondStatus {
  readonly localId: string;
  readonly name: string;
  readonly pondId: string;
  readonly txnSeq: number;
  /**
   * Set when the pond is a replication mirror (read-only until promoted): the source's local id, and its name
   * when the source is still in this browser.
   */
  readonly mirrorOf?: { readonly localId: string; readonly name: string | null };
}

/** The long tasks: they report progress and can be cancelled while they run (`download`: a folder as a zip). */
export type PondTask = 'export' | 'import' | 'download';

/** Everything the viewer shows in its header about one node, as of the latest commit or `asOf`. */
export interface NodeInfo {
  readonly path: string;
  readonly entryType: string;
  /** Latest version (of the content; of the config for a dynamic node). */
  readonly version: number;
  readonly size: number;
  readonly modified: number | null;
  /**
   * Dynamic nodes: the factory, its kind, and the raw YAML config as the user wrote it. `producedIn` is set for
   * a child of a dynamic directory: its config comes from that directory's, it has no versions of its own and
   * it cannot be edited by itself.
   */
  readonly dynamic?: { readonly factory: string; readonly kind: string; readonly config: string; readonly producedIn?: string };
  readonly target?: string;
}

/** One stored version of a file (or of a dynamic node's config). */
export interface VersionEntry {
  readonly version: number;
  /** The commit that wrote it. */
  readonly txnSeq: number;
  /** ms since the epoch. */
  readonly timestamp: number;
  readonly size: number;
}

/** Where a table comes from: a file (a version of it, as of a past commit), or CSV text parsed on demand. */
export interface TableSource {
  readonly path: string;
  readonly asOf?: number;
  readonly version?: number;
  /** Parse the file as CSV (header row, inferred types) rather than as Arrow IPC. */
  readonly csv?: boolean;
}

/** How the grid and the chart treat a column. */
export type ColumnKind = 'number' | 'timestamp' | 'string' | 'boolean' | 'other';

export interface ColumnInfo {
  readonly name: string;
  /** The Arrow type as Arrow prints it, e.g. `Float64`, `Timestamp<MICROSECOND, UTC>`. */
  readonly type: string;
  readonly kind: ColumnKind;
}

/** An opened table, kept decoded in the engine under `handle` until it is evicted or closed. */
export interface TableInfo {
  readonly handle: string;
  readonly columns: readonly ColumnInfo[];
  readonly rows: number;
  /** The first timestamp column, when there is one and at least one numeric column: the table can be charted. */
  readonly timeColumn: string | null;
}

/** A cell as it crosses to the UI: timestamps as ms since the epoch, 64-bit integers as numbers or strings when too big. */
export type Cell = string | number | boolean | null;

export interface TableSort {
  readonly column: string;
  readonly descending: boolean;
}

/** A time series for the chart: at most about `maxPoints` points per column between `from` and `to` (min/max decimated). */
export interface SeriesData {
  /** ms since the epoch, ascending. */
  readonly time: Float64Array;
  /** One array per requested column, aligned with `time`; NaN where a value is null. */
  readonly values: readonly Float64Array[];
  /** The whole table's time range, for the range picker. */
  readonly extent: readonly [number, number];
}

/** How two tables differ: columns by name, rows as multisets (a row is its cells in the common columns). */
export interface TableDiff {
  readonly rowsA: number;
  readonly rowsB: number;
  readonly columnsAdded: readonly ColumnInfo[];
  readonly columnsRemoved: readonly ColumnInfo[];
  /** Common columns whose type changed. */
  readonly columnsRetyped: readonly { readonly name: string; readonly from: string; readonly to: string }[];
  /** The columns rows are compared on: the common ones, in B's order, with B's types. */
  readonly compared: readonly ColumnInfo[];
  readonly removedCount: number;
  readonly addedCount: number;
  /** The first `limit` removed / added rows (cells of `compared`), with their row numbers in A / B. */
  readonly removed: readonly { readonly row: number; readonly cells: readonly Cell[] }[];
  readonly added: readonly { readonly row: number; readonly cells: readonly Cell[] }[];
}

/**
 * How an import treats the file's pond id: `new` keeps it and refuses when a pond of this browser has it
 * already; `copy` gives the pond a new id; `replace` swaps the pond `localId` for the file's.
 */
export type ImportMode = 'new' | 'copy' | 'replace';

/** A host file a console command wrote (e.g. `export backup.pond`): the app offers it as a download. */
export interface HostDownload {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Requests and the response each one gets. */
export interface EngineCalls {
  /** Every pond of this browser. */
  listPonds: { request: Record<string, never>; response: CatalogEntry[] };
  /** Creates a pond (txn 1) and opens it. */
  createPond: { request: { name: string; birthplace?: string }; response: PondStatus };
  /** Opens an existing pond by local id. */
  openPond: { request: { localId: string }; response: PondStatus };
  renamePond: { request: { localId: string; name: string }; response: CatalogEntry };
  /** Makes a mirror an ordinary, writable pond (its replicator refuses to write into it from then on). */
  promotePond: { request: { localId: string }; response: PondStatus };
  /** Deletes a pond and its storage; if it is the open one, it is closed first. */
  deletePond: { request: { localId: string }; response: null };
  /** First start: creates and opens the demo pond when this browser has no pond; else opens the last one used. */
  start: { request: Record<string, never>; response: PondStatus & { createdDemo: boolean } };
  status: { request: Record<string, never>; response: PondStatus };
  /**
   * One page of a directory's entries in tree order (`byFolderThenName`), optionally as of a past txn, with
   * the directory's entry count: the tree lists a 100,000-entry folder page by page as rows scroll into view.
   */
  entries: { request: { path: string; asOf?: number; offset: number; limit: number }; response: EntryPage };
  /** Which of `paths` exist in the latest commit (the commit panel marks drafted paths that are gone). */
  exists: { request: { paths: string[] }; response: boolean[] };
  read: { request: { path: string; asOf?: number; version?: number }; response: Uint8Array };
  /** The viewer's header: type, size, version, and a dynamic node's factory and config. */
  describe: { request: { path: string; asOf?: number }; response: NodeInfo };
  /** Every stored version of a file, oldest first, with the commit that wrote it. */
  versions: { request: { path: string; asOf?: number }; response: VersionEntry[] };
  /** Decodes a table in the engine (Arrow IPC, or CSV on demand) and keeps it for paging, sorting and charting. */
  openTable: { request: TableSource; response: TableInfo };
  /** Rows `offset` … `offset + limit - 1` of an opened table, optionally sorted by one column (nulls last). */
  tableRows: { request: { handle: string; offset: number; limit: number; sort?: TableSort }; response: Cell[][] };
  /** The chart's data: `columns` against `timeColumn`, decimated to about `maxPoints`, between `from` and `to` (ms). */
  tableSeries: { request: { handle: string; timeColumn: string; columns: string[]; from?: number; to?: number; maxPoints: number }; response: SeriesData };
  /** Row and column changes between two tables (e.g. two versions of one file); `limit` rows of each side listed. */
  tableDiff: { request: { a: TableSource; b: TableSource; limit: number }; response: TableDiff };
  /** A folder (as of `asOf`) as a zip, built file by file with `progress` events (task `download`); cancellable. */
  zipFolder: { request: { path: string; asOf?: number }; response: Blob };
  /** Applies operations as one transaction; `Conflict` (with `details.conflicts`) when some no longer apply. */
  apply: { request: { origin: string; ops: DraftOp[]; message?: string }; response: CommitMeta | null };
  /** Commits newest first: `limit` of them at or below `before` (default: the latest). */
  history: { request: { before?: number; limit: number }; response: CommitMeta[] };
  runs: { request: { txnSeq?: number }; response: RunState[] };
  cancelRun: { request: { txnSeq: number; executionSeq: number }; response: boolean };
  rerun: { request: { txnSeq: number; executionSeq: number }; response: RunState };
  /** One console command (SPEC §7); `input` is the text for `--config -` / `--content -`. */
  exec: { request: { line: string; input?: string }; response: { output: string; downloads: HostDownload[] } };
  /** Tab completion: commands, pond paths and factory names. */
  complete: { request: { line: string }; response: string[] };
  factories: { request: Record<string, never>; response: FactoryInfo[] };
  /** The factory's own validation of a raw config (syntax, schema, its checks), as problems; none when valid. */
  validateConfig: { request: { factory: string; config: string }; response: { problems: ConfigProblem[] } };
  settings: { request: Record<string, never>; response: Record<string, string> };
  setSetting: { request: { key: string; value: string }; response: null };
  secrets: { request: Record<string, never>; response: string[] };
  setSecret: { request: { name: string; value: string }; response: null };
  deleteSecret: { request: { name: string }; response: null };
  storage: { request: Record<string, never>; response: StorageStatus };
  persist: { request: Record<string, never>; response: boolean };
  /** The pond file of a pond (default: the open one), as bytes; `progress` events while it runs. */
  exportPond: { request: { localId?: string }; response: Uint8Array };
  /**
   * Verifies a pond file and writes it into a new pond, which is then opened; `progress` events while it
   * runs. `AlreadyExists` with `details.existing` when mode `new` finds the pond id in this browser.
   */
  importPond: { request: { bytes: Uint8Array; name: string; mode: ImportMode; localId?: string }; response: PondStatus };
  /** Stops a running export or import (handled out of turn, while the task runs); false if none runs. */
  cancel: { request: { task: PondTask }; response: boolean };
  /** `verify` of the open pond (SPEC §7): every problem, what was checked, and how long it took. */
  verify: { request: Record<string, never>; response: VerifySummary };
  /** `maintain` of the open pond: reclaims unreferenced blobs and intermediate checkpoints (or, dry, says what it would). */
  maintain: { request: { dryRun: boolean }; response: MaintainSummary };
  /** `maintain --prune-before N`: drops the history before txn `before` (or, dry, says what it would drop). */
  prune: { request: { before: number; dryRun: boolean }; response: PruneSummary };
}

export type EngineMethod = keyof EngineCalls;

export interface RequestMessage<M extends EngineMethod = EngineMethod> {
  readonly id: number;
  readonly method: M;
  readonly params: EngineCalls[M]['request'];
}

/** An error crossing the worker boundary keeps its kind, its message and structured details. */
export interface WireError {
  readonly kind: ErrorKind | 'Internal';
  readonly message: string;
  readonly details?: {
    readonly conflicts?: readonly DraftConflict[];
    /** The pond of this browser that already has an imported file's pond id. */
    readonly existing?: { readonly localId: string; readonly name: string };
  };
}

export type ResponseMessage =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: WireError };

/** What `verify` checked and found (`problems` empty means the pond is sound), and how long it took. */
export interface VerifySummary extends VerifyReport {
  readonly durationMs: number;
}

/** What `maintain` reclaimed (or would, in a dry run). History is never touched. */
export interface MaintainSummary {
  readonly dryRun: boolean;
  readonly blobs: number;
  readonly blobBytes: number;
  readonly checkpoints: number;
  readonly checkpointsKept: number;
}

/** What a prune dropped (or would, in a dry run). */
export interface PruneSummary {
  readonly dryRun: boolean;
  readonly before: number;
  readonly commits: number;
  readonly checkpoints: number;
  readonly blobs: number;
  readonly blobBytes: number;
}

/** Pushed by the engine without a request: the open pond's events, and storage trouble. */
export type EngineEvent =
  | { readonly event: 'pond'; readonly localId: string; readonly detail: PondEvent }
  | { readonly event: 'storage'; readonly kind: 'versionchange' | 'blocked' | 'StorageFull'; readonly message: string }
  /** A pond-file task's progress in bytes; `total` is null while an export still measures the pond. */
  | { readonly event: 'progress'; readonly task: PondTask; readonly stage: 'scan' | 'verify' | 'write'; readonly done: number; readonly total: number | null };

export type WorkerMessage = ResponseMessage | EngineEvent;
