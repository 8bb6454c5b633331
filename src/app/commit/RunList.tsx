import { useId, useState } from 'react';
import type { RunState } from '../engine/protocol';
import { rerunFailed } from '../state/runs';
import { RunRow } from './RunRow';

/** A commit's post-commit runs in execution order, with "Re-run failed" when some failed. */
export function RunList({ txnSeq, runs }: { txnSeq: number; runs: readonly RunState[] }) {
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const failed = runs.filter((r) => r.status === 'failed' || r.status === 'interrupted').length;

  async function onRerunFailed(): Promise<void> {
    setBusy(true);
    try {
      await rerunFailed(txnSeq);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="cp-runs" role="group" aria-labelledby={headingId}>
      <div className="cp-runs-head">
        <h4 id={headingId}>Post-commit runs</h4>
        {failed > 0 ? (
          <button type="button" onClick={() => void onRerunFailed()} disabled={busy}>
            Re-run failed
          </button>
        ) : null}
      </div>
      <ol className="cp-run-list" aria-label={`Runs of commit ${txnSeq}`}>
        {runs.map((run) => (
          <RunRow key={run.executionSeq} run={run} />
        ))}
      </ol>
    </div>
  );
}
