import { useState } from 'react';
import type { RunState } from '../engine/protocol';
import { cancelRun, rerun } from '../state/runs';
import { absoluteTime, duration } from './format';
import { RunLog } from './RunLog';
import { STATUS_ICON, isFinished } from './runStatus';

/** One run, CI-style: status icon and word, factory, config path, duration, error or skip reason, and its log. */
export function RunRow({ run }: { run: RunState }) {
  const [error, setError] = useState<string | null>(null);
  const finished = isFinished(run.status);
  const attempt = Math.max(run.attempt, 1);

  function act(action: () => Promise<unknown>): void {
    setError(null);
    action().catch((e: unknown) => setError((e as Error).message));
  }

  return (
    <li className={`cp-run cp-status--${run.status}`} aria-busy={run.status === 'running'}>
      <div className="cp-run-line">
        <span className={`cp-run-icon${run.status === 'running' ? ' cp-spin' : ''}`} aria-hidden="true">
          {STATUS_ICON[run.status]}
        </span>
        <span className="cp-run-status">{run.status}</span>
        <span className="cp-run-factory">{run.factoryName}</span>
        <span className="cp-run-duration" title={absoluteTime(run.time)}>
          {run.durationMs === undefined ? '' : duration(run.durationMs)}
        </span>
        {run.status === 'running' ? (
          <button type="button" onClick={() => act(() => cancelRun(run))} aria-label={`Cancel ${run.factoryName} ${run.configPath}`}>
            Cancel
          </button>
        ) : null}
        {finished && run.status !== 'skipped' ? (
          <button type="button" onClick={() => act(() => rerun(run))} aria-label={`Re-run ${run.factoryName} ${run.configPath}`}>
            Re-run
          </button>
        ) : null}
      </div>
      <div className="cp-run-sub">
        <span className="cp-run-config cp-path" title={run.configPath}>
          {run.configPath}
        </span>
        {attempt > 1 ? <span className="cp-run-attempt">attempt {attempt}</span> : null}
      </div>
      {run.status === 'skipped' && run.reason !== undefined ? <p className="cp-run-reason">Skipped: {run.reason}</p> : null}
      {run.status === 'interrupted' ? <p className="cp-run-reason">Interrupted: the tab that ran it closed before it finished. Re-run it to finish.</p> : null}
      {run.errorMessage === undefined ? null : <p className="cp-run-error">{run.errorMessage}</p>}
      {error === null ? null : <p className="cp-run-error" role="alert">{error}</p>}
      <RunLog run={run} />
    </li>
  );
}
