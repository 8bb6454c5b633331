import { Modal } from '../shell/Modal';
import { closeDialog } from '../shell/ui';
import { useStep } from '../shell/useStep';
import { clearPondFile, pondFileStore } from '../state/pondFile';
import { startImport } from './pondFileActions';

/** Closes the dialog and forgets the question: Cancel and Escape. */
function dismiss(): void {
  clearPondFile();
  closeDialog();
}

/** The pond-file questions: import a dropped file? Replace the pond that is here already, or import a copy? */
export function PondFileDialog() {
  // Closed once answered (the import then runs in the task dialog) or dismissed.
  const current = useStep(pondFileStore);
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
  }
}
