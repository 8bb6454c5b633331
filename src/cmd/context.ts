import type { FactoryRegistry } from '../factory';
import { type DraftOp, type Pond, type RunState, applyOp } from '../steward';
import type { HostFiles, LogStore } from '../store/ports';

/** What a command runs against; the CLI and the app's console each provide one. */
export interface CmdContext {
  /** The pond; `NotFound` (with how to create one) when there is none yet. */
  pond(): Promise<Pond>;
  /**
   * The pond's store, without opening the pond (no state loaded: a whole-pond copy such as `export` reads
   * records, and the state of a large pond would sit in memory for nothing). `NotFound` like `pond()`.
   */
  pondStore(): Promise<LogStore>;
  /** Creates the pond (`init`); `AlreadyExists`, changing nothing, when there is one. */
  createPond(options: { birthplace?: string }): Promise<Pond>;
  /**
   * Creates the pond from records that `fill` writes into a fresh, empty store (`import`): the store
   * becomes the pond only if `fill` succeeds, and is discarded otherwise. `AlreadyExists` when a pond
   * exists and `replace` is false. Absent where the front end cannot do it (yet).
   */
  createPondFrom?(fill: (store: LogStore) => Promise<void>, options: { replace: boolean }): Promise<void>;
  /** The factories, for validating configs before the pond is opened. */
  readonly registry: FactoryRegistry;
  /** `host://` files: the host file system in the CLI; picked, dropped and downloaded files in the app. */
  readonly host: HostFiles;
  /** The text for `--config -` / `--content -`: stdin in the CLI, the open editor's text in the app. */
  readInput(): Promise<string>;
  /**
   * Makes the pond, a replication mirror, an ordinary writable pond (its replicator refuses to write into it
   * from then on); returns what was done. `InvalidArgument` when it is not a mirror.
   */
  promote(): Promise<string>;
}

/** The result of a command that committed: its own line and one line per post-commit run. */
export async function commit(ctx: CmdContext, origin: string, ops: readonly DraftOp[]): Promise<string> {
  const pond = await ctx.pond();
  // One transaction; each operation fails as itself (the real error, not a draft conflict list).
  const done = await pond.transact(origin, async (root) => {
    const draft = pond.draftContext(root);
    for (const op of ops) await applyOp(draft, op);
  });
  if (done.commit === null) return 'nothing changed';
  await done.runs;
  const { txnSeq, summary } = done.commit.meta;
  const lines = [`committed txn ${txnSeq} (+${summary.added.length} ~${summary.modified.length} -${summary.removed.length})`];
  for (const warning of done.commit.warnings) lines.push(`warning: ${warning}`);
  for (const run of await pond.runs({ txnSeq })) lines.push(runLine(run));
  return lines.join('\n');
}

/** One run as `log`, `run` and committing commands print it. */
export function runLine(run: RunState): string {
  const what = `run ${run.executionSeq} ${run.factoryName || '(no factory)'} ${run.configPath}`;
  switch (run.status) {
    case 'completed':
      return `  ${what}: completed in ${run.durationMs ?? 0} ms`;
    case 'failed':
      return `  ${what}: failed in ${run.durationMs ?? 0} ms: ${run.errorMessage ?? 'unknown error'}`;
    case 'skipped':
      return `  ${what}: skipped (${run.reason ?? 'no reason recorded'})`;
    default:
      return `  ${what}: ${run.status}`;
  }
}

/** ISO time without milliseconds, UTC. */
export function isoTime(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
