import { useEffect } from 'react';
import { useStore } from 'zustand';
import { formatBytes } from '../shell/format';
import { Modal } from '../shell/Modal';
import { closeDialog } from '../shell/ui';
import { type PondFileStep, cancelPondFile, clearPondFile, pondFileStore } from '../state/pondFile';
import { startImport } from './pondFileActions';

const STAGES: Record<Extract<PondFileStep, { step: 'running' }>['stage'], string> = {
  read: 'Reading the file',
  scan: 'Reading the pond',
  verify: 'Verifying',
  write: 'Writing',
};

/** Closes the dialog and forgets the step: Cancel, Close and Escape outside a running task. */
function dismiss(): void {
  clearPondFile();
  closeDialog();
}

/** The pond-file dialog: offer to import a dropped file, ask replace-or-copy, show progress, or the error. */
export function PondFileDialog() {
  const current = useStore(pondFileStore, (s) => s.current);
  // The task finished (or was cancelled): the dialog has nothing left to say.
  useEffect(() => {
    if (current === null) closeDialog();
  }, [current]);
  if (current === null) return null;
  switch (current.step) {
    case 'offer':
      return (
        <Modal title="Import pond file?" onCancel={dismiss}>
          <p>
            Import <strong>{current.file.name}</strong> as a pond of this browser? It is verified before anything is written.
          </p>
          <div className="modal-buttons">
            <button type="button" onClick={dismiss}>
              Cancel
            </button>
            <button type="button" className="primary" autoFocus onClick={() => void startImport(current.file)}>
              Import
            </button>
          </div>
        </Modal>
      );
    case 'exists':
      return (
        <Modal title="This pond is already here" onCancel={dismiss}>
          <p>
            <strong>{current.file.name}</strong> holds the pond <strong>{current.existing.name}</strong>, which this browser already has. Replace it
            with the file's pond (its current history is deleted), or import the file as a copy with a new pond id?
          </p>
          <div className="modal-buttons">
            <button type="button" onClick={dismiss}>
              Cancel
            </button>
            <button type="button" className="danger" onClick={() => void startImport(current.file, 'replace', current.existing.localId)}>
              Replace
            </button>
            <button type="button" className="primary" autoFocus onClick={() => void startImport(current.file, 'copy')}>
              Import as a copy
            </button>
          </div>
        </Modal>
      );
    case 'running': {
      const verb = current.task === 'export' ? 'Exporting' : 'Importing';
      const amount = current.total === null ? formatBytes(current.done) : `${formatBytes(current.done)} of ${formatBytes(current.total)}`;
      return (
        // Escape cancels too: hiding the dialog would leave a task running out of sight.
        <Modal title={`${verb} ${current.what}`} onCancel={cancelPondFile}>
          <progress className="pond-file-progress" aria-label={`${verb} ${current.what}`} max={current.total ?? undefined} value={current.total === null ? undefined : current.done} />
          <p className="muted" aria-live="polite">
            {STAGES[current.stage]} · {amount}
          </p>
          <div className="modal-buttons">
            <button type="button" onClick={cancelPondFile}>
              Cancel
            </button>
          </div>
        </Modal>
      );
    }
    case 'failed':
      return (
        <Modal title={`Could not ${current.task} ${current.what}`} onCancel={dismiss}>
          <p role="alert" className="field-error">
            {current.message}
          </p>
          <p>{current.task === 'import' ? 'Nothing was changed: no pond was created or replaced.' : 'No file was saved.'}</p>
          <div className="modal-buttons">
            <button type="button" className="primary" autoFocus onClick={dismiss}>
              Close
            </button>
          </div>
        </Modal>
      );
  }
}
