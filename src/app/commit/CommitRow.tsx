import { useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import type { CommitMeta } from '../engine/protocol';
import { ensureRuns, runsStore } from '../state/runs';
import { backToLatest, timeTravelStore, travelTo } from '../state/timeTravel';
import { ChangeSummaryView } from './ChangeSummaryView';
import { absoluteTime, relativeTime } from './format';
import { RunList } from './RunList';
import { RunBadges } from './RunBadges';
import { useNow } from './useNow';

/** One commit: a summary line that expands into what it changed and its post-commit runs, and a way to browse the pond as of it. */
export function CommitRow({ localId, meta }: { localId: string; meta: CommitMeta }) {
  const [open, setOpen] = useState(false);
  const runs = useStore(runsStore, (s) => s.byTxn[meta.txnSeq]);
  const viewing = useStore(timeTravelStore, (s) => s.asOf === meta.txnSeq);
  const detailId = useId();
  const now = useNow();
  const { added, modified, removed } = meta.summary;

  useEffect(() => {
    void ensureRuns(localId, meta.txnSeq);
  }, [localId, meta.txnSeq]);

  return (
    // Commits made by factory runs are shown quieter than the person's own.
    <li
      className={`cp-commit${meta.origin.startsWith('post-commit:') || meta.origin.startsWith('manual:') ? ' cp-commit--auto' : ''}${viewing ? ' cp-commit--viewing' : ''}`}
      aria-current={viewing ? 'true' : undefined}
    >
      <div className="cp-commit-head">
        <button type="button" className="cp-commit-line" aria-expanded={open} aria-controls={detailId} onClick={() => setOpen(!open)}>
          <span className="cp-chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          <span className="cp-seq">#{meta.txnSeq}</span>
          <span className="cp-commit-title">{meta.message ?? meta.origin}</span>
          {runs === undefined ? null : <RunBadges runs={runs} />}
          <span className="cp-counts">
            {added.length > 0 ? <span className="cp-added">+{added.length}<span className="sr-only"> added</span></span> : null}
            {modified.length > 0 ? <span className="cp-modified">~{modified.length}<span className="sr-only"> modified</span></span> : null}
            {removed.length > 0 ? <span className="cp-removed">−{removed.length}<span className="sr-only"> removed</span></span> : null}
          </span>
          <time className="cp-time" dateTime={new Date(meta.time).toISOString()} title={absoluteTime(meta.time)}>
            {relativeTime(meta.time, now)}
          </time>
        </button>
        {/* Time travel: the whole pond, read-only, as this commit left it. */}
        <button
          type="button"
          className="cp-browse"
          aria-label={`Browse the pond as of txn ${meta.txnSeq}`}
          aria-pressed={viewing}
          title={viewing ? `Viewing txn ${meta.txnSeq}: press again to go back to the latest commit` : `Browse the pond as it was after txn ${meta.txnSeq} (read-only)`}
          onClick={() => (viewing ? backToLatest() : travelTo(meta))}
        >
          <span aria-hidden="true">⟲</span>
        </button>
      </div>
      {open ? (
        <div id={detailId} className="cp-commit-detail">
          <p className="cp-commit-meta">
            {meta.message === undefined ? null : <span className="cp-origin">{meta.origin} · </span>}
            <span>{absoluteTime(meta.time)}</span>
          </p>
          <ChangeSummaryView summary={meta.summary} />
          {runs === undefined || runs.length === 0 ? null : <RunList txnSeq={meta.txnSeq} runs={runs} />}
        </div>
      ) : null}
    </li>
  );
}
