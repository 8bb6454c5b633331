import { useState } from 'react';
import { PondError } from '../../errors';
import { Modal, ModalButtons } from '../shell/Modal';
import { useAction } from '../shell/useAction';
import { pondStore } from '../state/pond';
import { commitAt, travelTo } from '../state/timeTravel';

/** "Time travel to…": asks for a txn number and shows the pond as of that commit. */
export function TimeTravelDialog() {
  const latest = pondStore.getState().status?.txnSeq ?? 1;
  const [text, setText] = useState('');
  const { busy, error, run } = useAction();
  return (
    <Modal title="Time travel">
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          run(async () => {
            const txn = Number(text);
            if (text === '' || !Number.isSafeInteger(txn) || txn < 1) throw new PondError('InvalidArgument', `enter a txn number from 1 to ${latest}`);
            travelTo(await commitAt(txn));
          });
        }}
      >
        <p className="muted">Browse the whole pond, read-only, as it was after a commit; restore files from there into the draft.</p>
        <label>
          Txn number
          <input
            autoFocus
            inputMode="numeric"
            placeholder={`1 … ${latest}`}
            value={text}
            aria-invalid={error !== null}
            aria-describedby={error === null ? undefined : 'travel-problem'}
            onChange={(event) => setText(event.target.value.trim())}
          />
        </label>
        {error !== null && (
          <p id="travel-problem" className="field-error">
            {error}
          </p>
        )}
        <ModalButtons submit="Travel" disabled={busy} />
      </form>
    </Modal>
  );
}
