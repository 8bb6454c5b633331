import type { PondTask } from '../engine/protocol';
import { type TaskStep, cancelTask, clearTask, taskStore } from '../state/tasks';
import { formatBytes } from './format';
import { Modal } from './Modal';
import { closeDialog } from './ui';
import { useStep } from './useStep';

type Stage = Extract<TaskStep, { step: 'running' }>['stage'];

/** What each task is doing, in words: its title's verb and the name of each stage. */
const WORDS: Record<PondTask, { readonly verb: string; readonly stages: Record<Stage, string>; readonly nothingDone: string }> = {
  export: {
    verb: 'Exporting',
    stages: { read: 'Starting', scan: 'Reading the pond', verify: 'Verifying', write: 'Writing' },
    nothingDone: 'No file was saved.',
  },
  import: {
    verb: 'Importing',
    stages: { read: 'Reading the file', scan: 'Reading the file', verify: 'Verifying', write: 'Writing' },
    nothingDone: 'Nothing was changed: no pond was created or replaced.',
  },
  download: {
    verb: 'Downloading',
    stages: { read: 'Starting', scan: 'Listing the folder', verify: 'Verifying', write: 'Zipping' },
    nothingDone: 'No file was saved.',
  },
};

/** Closes the dialog and forgets the failure. */
function dismiss(): void {
  clearTask();
  closeDialog();
}

/** A long task's progress with Cancel (export, import, folder download), or why it failed. */
export function TaskDialog() {
  const current = useStep(taskStore);
  if (current === null) return null;
  const words = WORDS[current.task];
  if (current.step === 'failed') {
    return (
      <Modal title={`Could not ${current.task} ${current.what}`} onCancel={dismiss}>
        <p role="alert" className="field-error">
          {current.message}
        </p>
        <p>{words.nothingDone}</p>
        <div className="modal-buttons">
          <button type="button" className="primary" autoFocus onClick={dismiss}>
            Close
          </button>
        </div>
      </Modal>
    );
  }
  const title = `${words.verb} ${current.what}`;
  const amount = current.total === null ? formatBytes(current.done) : `${formatBytes(current.done)} of ${formatBytes(current.total)}`;
  return (
    // Escape cancels too: hiding the dialog would leave a task running out of sight.
    <Modal title={title} onCancel={cancelTask}>
      <progress className="task-progress" aria-label={title} max={current.total ?? undefined} value={current.total === null ? undefined : current.done} />
      <p className="muted" aria-live="polite">
        {words.stages[current.stage]} · {amount}
      </p>
      <div className="modal-buttons">
        <button type="button" onClick={cancelTask}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
