import type { RunState } from '../engine/protocol';
import { STATUS_ICON } from './runStatus';

/** A collapsed commit's runs at a glance: one icon per status with its count, e.g. "✓ 2 ✕ 1". */
export function RunBadges({ runs }: { runs: readonly RunState[] }) {
  const counts = new Map<RunState['status'], number>();
  for (const run of runs) counts.set(run.status, (counts.get(run.status) ?? 0) + 1);
  if (counts.size === 0) return null;
  return (
    <span className="cp-run-badges">
      {[...counts].map(([status, count]) => (
        <span key={status} className={`cp-run-badge cp-status--${status}`} title={`${count} ${status}`}>
          <span aria-hidden="true">{STATUS_ICON[status]}</span>
          <span className="sr-only">{status}</span> {count}
        </span>
      ))}
    </span>
  );
}
