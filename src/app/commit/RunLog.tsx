import { useEffect, useRef, useState } from 'react';
import type { RunState } from '../engine/protocol';

/** A run's captured log, growing line by line while it runs; a completed run's log starts folded. */
export function RunLog({ run }: { run: RunState }) {
  const pre = useRef<HTMLPreElement>(null);
  // Decided once: afterwards the person's own folding wins, also when the run finishes while watched.
  const [openAtFirst] = useState(run.status !== 'completed');

  // Follow new lines as they arrive, like a CI log view.
  useEffect(() => {
    const el = pre.current;
    if (el !== null) el.scrollTop = el.scrollHeight;
  }, [run.log.length]);

  if (run.log.length === 0) return null;
  return (
    <details className="cp-run-log" open={openAtFirst}>
      <summary>
        Log <span className="cp-count">{run.log.length}</span>
      </summary>
      <pre ref={pre} aria-label={`Log of ${run.factoryName} ${run.configPath}`}>
        {run.log.map((line, i) => (
          <span key={i} className="cp-log-line">
            <span className="cp-log-number" aria-hidden="true">
              {i + 1}
            </span>
            {line}
            {'\n'}
          </span>
        ))}
      </pre>
    </details>
  );
}
