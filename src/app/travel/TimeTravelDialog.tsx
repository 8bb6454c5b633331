import { useState } from 'react';
import { Modal, ModalButtons } from '../shell/Modal';
import { closeDialog } from '../shell/ui';
import { pondStore } from '../state/pond';
import { commitAt, travelTo } from '../state/timeTravel';

/** "Time travel to…": asks for a txn number and shows the pond as of that commit. */
export function TimeTravelDialog() {
  const latest = pondStore.getState().status?.txnSeq ?? 1;
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Modal title="Time travel">
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          const txn = Number(text);
          if (!Number.isSafeInteger(txn) || txn < 1) {
            setProblem(`Enter a txn number from 1 to ${latest}`);
            return;
          }
          setBusy(true);
          commitAt(txn).then(
            (commit) => {
              travelTo(commit);
              closeDialog();
            },
            (error: unknown) => {
              setBusy(false);
              setProblem((error as Error).message);
            },
          );
        }}
      >
        <p className="muted">Browse the whole pond, read-only, as it was after a commit. Restore files from there into the draft.</p>
        <label>
          Txn number
          <input
            autoFocus
            inputMode="numeric"
            placeholder={`1 … ${latest}`}
            value={text}
            aria-invalid={problem !== null}
            aria-describedby={problem === null ? undefined : 'travel-problem'}
            onChange={(event) => {
              setText(event.target.value.trim());
              setProblem(null);
            }}
          />
        </label>
        {problem !== null && (
          <p id="travel-problem" className="field-error">
            {problem}
          </p>
        )}
        <ModalButtons submit="Travel" disabled={busy} />
      </form>
    </Modal>
  );
}
