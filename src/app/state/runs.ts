import { createStore } from 'zustand/vanilla';
import type { EngineEvent, RunState } from '../engine/protocol';
import { engine } from './engine';

/** Post-commit runs per commit (`txnSeq`), in execution order, loaded when a commit is shown. */
export interface RunsState {
  readonly localId: string | null;
  readonly byTxn: Readonly<Record<number, readonly RunState[]>>;
}

export const runsStore = createStore<RunsState>(() => ({ localId: null, byTxn: {} }));

const loading = new Set<string>();
let listening = false;

/** Loads a commit's runs unless they are loaded; engine events keep them current afterwards. */
export async function ensureRuns(localId: string, txnSeq: number): Promise<void> {
  listen();
  // Another pond was opened: its runs share nothing with the last one's.
  if (runsStore.getState().localId !== localId) runsStore.setState({ localId, byTxn: {} });
  const key = `${localId}:${txnSeq}`;
  if (txnSeq in runsStore.getState().byTxn || loading.has(key)) return;
  loading.add(key);
  try {
    const runs = await engine().call('runs', { txnSeq });
    if (runsStore.getState().localId !== localId) return;
    runsStore.setState((s) => ({ byTxn: { ...s.byTxn, [txnSeq]: merge(s.byTxn[txnSeq] ?? [], runs) } }));
  } finally {
    loading.delete(key);
  }
}

/** Subscribed once, from the first load on, so runs stay live even while the panel is collapsed. */
function listen(): void {
  if (listening) return;
  listening = true;
  engine().on(applyRunEvent);
}

export function cancelRun(run: RunState): Promise<boolean> {
  return engine().call('cancelRun', { txnSeq: run.txnSeq, executionSeq: run.executionSeq });
}

export function rerun(run: RunState): Promise<RunState> {
  return engine().call('rerun', { txnSeq: run.txnSeq, executionSeq: run.executionSeq });
}

/** Re-runs a commit's failed (and interrupted) runs one after the other, in execution order. */
export async function rerunFailed(txnSeq: number): Promise<void> {
  const runs = runsStore.getState().byTxn[txnSeq] ?? [];
  for (const run of runs) if (run.status === 'failed' || run.status === 'interrupted') await rerun(run);
}

/** Keeps loaded runs live: status changes replace a run in place, log lines are appended as they come. */
function applyRunEvent(event: EngineEvent): void {
  if (event.event !== 'pond' || event.localId !== runsStore.getState().localId) return;
  const detail = event.detail;
  if (detail.type === 'run') {
    const run = detail.run;
    runsStore.setState((s) => ({ byTxn: { ...s.byTxn, [run.txnSeq]: merge(s.byTxn[run.txnSeq] ?? [], [run]) } }));
  } else if (detail.type === 'run-log') {
    runsStore.setState((s) => {
      const runs = s.byTxn[detail.txnSeq];
      if (runs === undefined) return s;
      return {
        byTxn: {
          ...s.byTxn,
          [detail.txnSeq]: runs.map((r) => (r.executionSeq === detail.executionSeq ? { ...r, log: [...r.log, detail.line] } : r)),
        },
      };
    });
  }
}

/** Upserts runs by execution seq. Earlier attempts come with each run (`previous`), from the control table. */
function merge(current: readonly RunState[], incoming: readonly RunState[]): RunState[] {
  const bySeq = new Map(current.map((r) => [r.executionSeq, r]));
  for (const run of incoming) {
    const before = bySeq.get(run.executionSeq);
    // A load that was in flight while events arrived may bring an older state: never go back in time.
    if (before !== undefined && (before.attempt > run.attempt || (before.attempt === run.attempt && before.time > run.time))) continue;
    bySeq.set(run.executionSeq, run);
  }
  return [...bySeq.values()].sort((a, b) => a.executionSeq - b.executionSeq);
}
