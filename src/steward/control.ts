import type { ControlRecord, StoredControlRecord } from '../store/records';

/**
 * Reading the control table (SPEC §6): which transactions never ended, and where each post-commit run
 * stands. Records are only ever appended; the state of a transaction or run is derived from them.
 */

export type RunStatus = 'pending' | 'running' | 'completed' | 'failed' | 'skipped' | 'interrupted';

/** A finished earlier attempt of a run that was re-run or resumed. */
export interface RunAttempt {
  readonly status: RunStatus;
  readonly time: number;
  readonly durationMs?: number;
  readonly errorMessage?: string;
  readonly log: readonly string[];
}

/** One post-commit (or manual) run, as the latest of its records says. */
export interface RunState {
  /** The triggering commit (post-commit) or the run's own transaction (manual). */
  readonly txnSeq: number;
  readonly executionSeq: number;
  readonly factoryName: string;
  readonly configPath: string;
  readonly mode: 'manual' | 'post-commit';
  readonly status: RunStatus;
  readonly runTxnSeq?: number;
  readonly durationMs?: number;
  readonly errorMessage?: string;
  readonly reason?: string;
  readonly log: readonly string[];
  readonly time: number;
  /** How many times it has started (re-runs and resumes count); 0 while only pending or skipped. */
  readonly attempt: number;
  /** Earlier attempts that finished before the current one started, oldest first. */
  readonly previous: readonly RunAttempt[];
}

const RUN_KINDS = new Set(['post_commit_pending', 'post_commit_started', 'post_commit_completed', 'post_commit_failed', 'post_commit_skipped']);
const ENDINGS = new Set(['data_committed', 'completed', 'failed']);

/** Key of a run: its commit and its place in that commit's order. */
export const runKey = (txnSeq: number, executionSeq: number): string => `${txnSeq}:${executionSeq}`;

/**
 * The state of every run in `records` (append order). `pending`/`started` runs count as interrupted
 * unless `live` says a runner is working on them.
 */
export function runStates(records: readonly ControlRecord[], live: (key: string) => boolean): RunState[] {
  const runs = new Map<string, RunState>();
  for (const r of records) {
    if (!RUN_KINDS.has(r.kind) || r.executionSeq === undefined) continue;
    const key = runKey(r.txnSeq, r.executionSeq);
    const before = runs.get(key);
    const restarted = r.kind === 'post_commit_started' && before !== undefined && (before.status === 'completed' || before.status === 'failed');
    const previous = before === undefined ? [] : restarted ? [...before.previous, attemptOf(before)] : before.previous;
    const attempt = (before?.attempt ?? 0) + (r.kind === 'post_commit_started' ? 1 : 0);
    const status: RunStatus =
      r.kind === 'post_commit_pending' ? 'pending'
      : r.kind === 'post_commit_started' ? 'running'
      : r.kind === 'post_commit_completed' ? 'completed'
      : r.kind === 'post_commit_failed' ? 'failed'
      : 'skipped';
    runs.set(key, {
      txnSeq: r.txnSeq,
      executionSeq: r.executionSeq,
      factoryName: r.factoryName ?? before?.factoryName ?? '',
      configPath: r.configPath ?? before?.configPath ?? '',
      mode: r.mode ?? before?.mode ?? 'post-commit',
      status,
      ...(r.runTxnSeq === undefined ? {} : { runTxnSeq: r.runTxnSeq }),
      ...(r.durationMs === undefined ? {} : { durationMs: r.durationMs }),
      ...(r.errorMessage === undefined ? {} : { errorMessage: r.errorMessage }),
      ...(r.reason === undefined ? {} : { reason: r.reason }),
      log: r.log ?? [],
      time: r.time,
      attempt,
      previous,
    });
  }
  return [...runs.entries()].map(([key, run]) =>
    (run.status === 'pending' || run.status === 'running') && !live(key) ? { ...run, status: 'interrupted' } : run,
  );
}

function attemptOf(run: RunState): RunAttempt {
  return {
    status: run.status,
    time: run.time,
    log: run.log,
    ...(run.durationMs === undefined ? {} : { durationMs: run.durationMs }),
    ...(run.errorMessage === undefined ? {} : { errorMessage: run.errorMessage }),
  };
}

/** `begin` records with no ending (`data_committed`, `completed`, `failed`) of the same transaction id. */
export function unfinishedTransactions(records: readonly StoredControlRecord[]): StoredControlRecord[] {
  const ended = new Set(records.filter((r) => ENDINGS.has(r.kind)).map((r) => r.txnId));
  return records.filter((r) => r.kind === 'begin' && !ended.has(r.txnId));
}

/** The latest value of every `setting` record. */
export function settingsOf(records: readonly ControlRecord[]): Map<string, string> {
  const settings = new Map<string, string>();
  for (const r of records) if (r.kind === 'setting' && r.key !== undefined && r.value !== undefined) settings.set(r.key, r.value);
  return settings;
}
