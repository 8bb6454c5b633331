import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { formatTime } from '../shell/format';
import { notify, uiStore } from '../shell/ui';
import { pondStore } from '../state/pond';
import { backToLatest, commitAt, timeTravelStore, travelTo } from '../state/timeTravel';

/**
 * The banner under the header while the pond is shown as of a past commit: which commit, that it is
 * read-only, and the way back (the button, or Escape anywhere outside a dialog or a text field).
 */
export function TimeTravelBanner() {
  const commit = useStore(timeTravelStore, (s) => s.commit);
  useBackOnEscape(commit !== null);
  useFollowPond();
  if (commit === null) return null;
  return (
    <section className="banner travel-banner" aria-label="Time travel">
      <span className="travel-icon" aria-hidden="true">
        ⟲
      </span>
      <p className="travel-text" role="status">
        <strong>Viewing txn {commit.txnSeq}</strong> — {formatTime(commit.time)} — {commit.message === undefined ? commit.origin : `“${commit.message}”`} ·{' '}
        <em>read-only</em>
      </p>
      <button type="button" className="primary" aria-keyshortcuts="Escape" title="Back to the latest commit (Escape)" onClick={backToLatest}>
        Back to latest
      </button>
    </section>
  );
}

/** Escape returns to the latest commit, unless something nearer handles it: a dialog, a menu, a text field. */
function useBackOnEscape(travelling: boolean): void {
  useEffect(() => {
    if (!travelling) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || dialogOpen() || isEditable(event.target)) return;
      event.preventDefault();
      backToLatest();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [travelling]);
}

/** Any dialog: the app's (ui store) and the panels' own confirmations (a native <dialog>). */
function dialogOpen(): boolean {
  return uiStore.getState().dialog !== null || document.querySelector('dialog[open]') !== null;
}

function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || target.matches('input, textarea, select'));
}

/**
 * Opening another pond does not silently leave time travel: the same txn of the new pond is shown (the
 * banner names its commit), or, when that pond has no such commit, the latest one with a notice saying so.
 */
function useFollowPond(): void {
  const localId = useStore(pondStore, (s) => s.status?.localId ?? null);
  const shown = useRef(localId);
  useEffect(() => {
    if (localId === null || localId === shown.current) return;
    shown.current = localId;
    const { asOf } = timeTravelStore.getState();
    if (asOf === null) return;
    commitAt(asOf).then(
      (commit) => {
        if (timeTravelStore.getState().asOf === asOf) travelTo(commit);
      },
      (error: unknown) => {
        backToLatest();
        notify(`Back to the latest commit: ${(error as Error).message}`);
      },
    );
  }, [localId]);
}
