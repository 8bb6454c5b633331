import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { MaintainSummary, PruneSummary } from '../engine/protocol';
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
      <div role="status" aria-live="polite" aria-label="Reclaim">
        {state.step === 'measuring' && <p>Looking for storage no commit needs…</p>}
        {state.step === 'reclaiming' && <p>Reclaiming…</p>}
        {state.step === 'failed' && <p className="field-error">{state.message}</p>}
        {(state.step === 'ready' || state.step === 'done') && <Summary summary={state.summary} />}
        {nothing && <p className="muted">Nothing to reclaim.</p>}
      </div>
      <p className="muted">Reclaim keeps history: every commit, and every file version you can travel back to.</p>
      <PruneSection />
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

type PruneStep =
  | { readonly step: 'idle' | 'checking' | 'pruning' }
  | { readonly step: 'ready' | 'done'; readonly summary: PruneSummary }
  | { readonly step: 'failed'; readonly message: string };

/**
 * Prune history (SPEC §4.2, `maintain --prune-before N`): the one action that drops commits. A dry run first
 * says what would go; the user then types the txn number again to confirm, as the CLI asks for `--yes`.
 */
function PruneSection() {
  const latest = useStore(pondStore, (s) => s.status?.txnSeq ?? 1);
  const [text, setText] = useState('');
  const [confirm, setConfirm] = useState('');
  const [state, setState] = useState<PruneStep>({ step: 'idle' });
  const before = Number(text);
  const call = (dryRun: boolean) => {
    setState({ step: dryRun ? 'checking' : 'pruning' });
    engine()
      .call('prune', { before, dryRun })
      .then(
        (summary) => setState({ step: dryRun ? 'ready' : 'done', summary }),
        (error: unknown) => setState({ step: 'failed', message: (error as Error).message }),
      );
  };
  return (
    <fieldset className="form">
      <legend>Prune history</legend>
      <p className="muted">
        Drops every commit before a txn: the pond then starts at that txn, and time travel before it is gone. This cannot be undone.
      </p>
      <label>
        Drop history before txn
        <input
          inputMode="numeric"
          placeholder={`2 … ${latest}`}
          value={text}
          onChange={(event) => {
            setText(event.target.value.trim());
            setConfirm('');
            setState({ step: 'idle' });
          }}
        />
      </label>
      <div role="status" aria-live="polite" aria-label="Prune">
        {state.step === 'checking' && <p>Looking at what would be dropped…</p>}
        {state.step === 'pruning' && <p>Pruning…</p>}
        {state.step === 'failed' && <p className="field-error">{state.message}</p>}
        {(state.step === 'ready' || state.step === 'done') && (
          <p>
            {state.summary.dryRun ? 'Would drop' : 'Dropped'} {state.summary.commits} commit{state.summary.commits === 1 ? '' : 's'} before txn {state.summary.before},{' '}
            {state.summary.checkpoints} checkpoint{state.summary.checkpoints === 1 ? '' : 's'} and {state.summary.blobs} blob{state.summary.blobs === 1 ? '' : 's'} (
            {formatBytes(state.summary.blobBytes)}).{state.summary.dryRun ? '' : ` The pond now starts at txn ${state.summary.before}.`}
          </p>
        )}
      </div>
      {state.step === 'ready' && (
        <label>
          Type {state.summary.before} to confirm
          <input inputMode="numeric" value={confirm} onChange={(event) => setConfirm(event.target.value.trim())} />
        </label>
      )}
      <div className="modal-buttons">
        {state.step !== 'ready' && state.step !== 'done' && (
          <button type="button" disabled={text === '' || state.step === 'checking' || state.step === 'pruning'} onClick={() => call(true)}>
            Check
          </button>
        )}
        {state.step === 'ready' && (
          <button type="button" className="danger" disabled={confirm !== String(state.summary.before)} onClick={() => call(false)}>
            Prune history
          </button>
        )}
      </div>
    </fieldset>
  );
}
