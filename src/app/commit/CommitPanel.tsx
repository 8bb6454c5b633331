import { useEffect } from 'react';
import { useStore } from 'zustand';
import { draftStore } from '../state/draft';
import { DraftSection } from './DraftSection';
import { HistorySection } from './HistorySection';
import './commit.css';

/** The commit panel (SPEC §8): the draft, then the history of commits with their post-commit runs. */
export function CommitPanel() {
  const pending = useStore(draftStore, (s) => s.ops.length > 0);

  // Leaving with uncommitted changes asks first (the draft survives anyway, but the person may not know).
  useEffect(() => {
    if (!pending) return;
    const guard = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', guard);
    return () => window.removeEventListener('beforeunload', guard);
  }, [pending]);

  return (
    <section className="commit-panel" aria-labelledby="commit-panel-title">
      <h2 id="commit-panel-title" className="cp-title">
        Source control
      </h2>
      <DraftSection />
      <HistorySection />
    </section>
  );
}
