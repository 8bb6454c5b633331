/**
 * The durable records every layer shares (SPEC §4.2, §6), typed once. The store keeps them; tlogfs writes
 * commits; the steward writes control records; the app, `log`, `show` and the tests read them.
 */

/** One path a commit touched. `version` is the node's version after (added) or before (removed) the commit. */
export interface ChangedPath {
  readonly path: string;
  readonly entryType: string;
  readonly version: number;
}

export interface ModifiedPath {
  readonly path: string;
  readonly entryType: string;
  readonly from: number;
  readonly to: number;
}

/** What one commit changed (SPEC §6): one type for `log`/`show`, the commit panel, replication and tests. */
export interface ChangeSummary {
  readonly added: readonly ChangedPath[];
  readonly modified: readonly ModifiedPath[];
  readonly removed: readonly ChangedPath[];
}

/** Metadata stored with each commit. */
export interface CommitMeta {
  readonly txnSeq: number;
  /** UUIDv7 of the transaction. */
  readonly txnId: string;
  /** Commit time, ms since the epoch. */
  readonly time: number;
  /** The command or UI action that made the commit, e.g. `mkdir -p /a` or `app: commit draft`. */
  readonly origin: string;
  readonly message?: string;
  readonly summary: ChangeSummary;
}

export type ControlKind =
  | 'begin'
  | 'data_committed'
  | 'completed'
  | 'failed'
  | 'post_commit_pending'
  | 'post_commit_started'
  | 'post_commit_completed'
  | 'post_commit_failed'
  | 'post_commit_skipped'
  | 'setting';

/** One row of the control table. Fields beyond `kind`, `txnSeq`, `time` depend on the kind. */
export interface ControlRecord {
  readonly kind: ControlKind;
  readonly txnSeq: number;
  readonly time: number;
  readonly txnId?: string;
  readonly origin?: string;
  readonly parentTxnSeq?: number;
  readonly executionSeq?: number;
  readonly factoryName?: string;
  readonly configPath?: string;
  readonly durationMs?: number;
  readonly errorMessage?: string;
  readonly reason?: string;
  readonly log?: readonly string[];
  /** Run records: how the run was started, and the run's own write transaction once it has one. */
  readonly mode?: 'manual' | 'post-commit';
  readonly runTxnSeq?: number;
  /** For `setting` records. */
  readonly key?: string;
  readonly value?: string;
}

/** A control record as stored, with its position in the table (append order). */
export interface StoredControlRecord extends ControlRecord {
  readonly seq: number;
}

/** A commit as read back. */
export interface StoredCommit {
  readonly meta: CommitMeta;
  /** The commit's log record: every OplogEntry of the transaction as one Arrow IPC stream. */
  readonly log: Uint8Array;
}

/** Everything one commit writes, in one atomic store write (SPEC §4.2). */
export interface CommitWrite {
  readonly meta: CommitMeta;
  readonly log: Uint8Array;
  /** New content-addressed blobs (BLAKE3 hex → bytes); an existing blob is kept as is. */
  readonly blobs: ReadonlyMap<string, Uint8Array>;
  /** Control records that belong to the commit (`data_committed`, `post_commit_pending`, …). */
  readonly control: readonly ControlRecord[];
}
