import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { MaintainSummary } from '../engine/protocol';
import { formatBytes } from '../shell/format';
import { Modal } from '../shell/Modal';
import { closeDialog } from '../shell/ui';
import { engine } from '../state/engine';
import { pondStore } from '../state/pond';

type Step =
  | { readonly step: 'measuring' | 'reclaiming' }
  | { readonly step: 'ready' | 'done'; readonly summary: MaintainSummary }
  | { readonly step: 'failed'; readonly message: string };

/**
 * "Reclaim Storage…" (palette): first a dry run says what `maintain` would free — blobs no commit references
 * (left by commits that did not land) and intermediate checkpoints — then Reclaim frees it. History is never
 * touched here: every commit and every blob a commit needs stays.
 */
export function MaintainDialog() {
  const name = useStore(pondStore, (s) => s.status?.name ?? 'this pond');
  const [state, setState] = useState<Step>({ step: 'measuring' });
  const call = (dryRun: boolean) =>
    engine()
      .call('maintain', { dryRun })
      .then(
        (summary) => setState({ step: dryRun ? 'ready' : 'done', summary }),
        (error: unknown) => setState({ step: 'failed', message: (error as Error).message }),
      );
  useEffect(() => void call(true), []);
  const nothing = state.step === 'ready' && state.summary.blobs === 0 && state.summary.checkpoints === 0;
  return (
    <Modal title={`Reclaim storage of ${name}`}>
      <div role="status" aria-live="polite">
        {state.step === 'measuring' && <p>Looking for storage no commit needs…</p>}
        {state.step === 'reclaiming' && <p>Reclaiming…</p>}
        {state.step === 'failed' && <p className="field-error">{state.message}</p>}
        {(state.step === 'ready' || state.step === 'done') && <Summary summary={state.summary} />}
        {nothing && <p className="muted">Nothing to reclaim.</p>}
      </div>
      <p className="muted">History is kept: every commit, and every file version you can travel back to.</p>
      <div className="modal-buttons">
        <button type="button" onClick={closeDialog}>
          {state.step === 'done' || nothing ? 'Close' : 'Cancel'}
        </button>
        {state.step === 'ready' && !nothing && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              setState({ step: 'reclaiming' });
              void call(false);
            }}
          >
            Reclaim
          </button>
        )}
      </div>
    </Modal>
  );
}

function Summary({ summary }: { summary: MaintainSummary }) {
  const verb = summary.dryRun ? 'Can free' : 'Freed';
  return (
    <ul>
      <li>
        {verb} {summary.blobs} unreferenced blob{summary.blobs === 1 ? '' : 's'} ({formatBytes(summary.blobBytes)})
      </li>
      <li>
        {verb} {summary.checkpoints} intermediate checkpoint{summary.checkpoints === 1 ? '' : 's'} (keeping {summary.checkpointsKept})
      </li>
    </ul>
  );
}
