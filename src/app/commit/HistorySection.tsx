import { useEffect, useId, useRef } from 'react';
import { useStore } from 'zustand';
import { historyStore, loadMoreHistory, refreshHistory } from '../state/history';
import { pondStore } from '../state/pond';
import { CommitRow } from './CommitRow';

/** Commits newest first, 50 at a time; reloaded when a commit lands here or in another tab (never polled). */
export function HistorySection() {
  const localId = useStore(pondStore, (s) => s.status?.localId ?? null);
  const revision = useStore(pondStore, (s) => s.revision);
  const { commits, loading, hasMore, error } = useStore(historyStore);
  const headingId = useId();
  const more = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (localId !== null) void refreshHistory(localId);
  }, [localId, revision]);

  // Scrolling the "Load more" button into view loads the next page; the button stays for keyboards.
  useEffect(() => {
    const el = more.current;
    if (el === null) return;
    const observer = new IntersectionObserver((seen) => {
      if (seen.some((e) => e.isIntersecting)) void loadMoreHistory();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasMore]);

  return (
    <section className="cp-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="cp-heading">
        History
      </h3>
      {error === null ? null : <p className="cp-error" role="alert">{error}</p>}
      {commits.length === 0 && !loading ? <p className="cp-empty">No commits yet.</p> : null}
      <ul className="cp-commits" aria-label="Commits">
        {localId === null ? null : commits.map((meta) => <CommitRow key={meta.txnSeq} localId={localId} meta={meta} />)}
      </ul>
      {hasMore ? (
        <button ref={more} type="button" className="cp-more" onClick={() => void loadMoreHistory()} disabled={loading}>
          {loading ? 'Loading…' : 'Load older commits'}
        </button>
      ) : null}
    </section>
  );
}
