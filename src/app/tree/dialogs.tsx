import { useState } from 'react';
import { Modal, ModalButtons } from '../shell/Modal';
import { closeDialog } from '../shell/ui';
import { nameProblem, newFile, newFolder, remove } from './actions';
import { joinPath } from './treeStore';

/** New folder, or new text file with its content; both go into the draft. */
export function NewEntryDialog({ dir, entry }: { dir: string; entry: 'folder' | 'file' }) {
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const problem = nameProblem(name);
  const title = entry === 'folder' ? 'New folder' : 'New file';
  return (
    <Modal title={title}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (problem !== null) return;
          if (entry === 'folder') newFolder(dir, name);
          else newFile(dir, name, text);
          closeDialog();
        }}
      >
        <p className="muted">
          In <code>{dir}</code>. The change goes into the draft until you commit it.
        </p>
        <label>
          Name
          <input autoFocus value={name} placeholder={entry === 'folder' ? 'folder name' : 'notes.txt'} onChange={(event) => setName(event.target.value)} aria-invalid={touched && problem !== null} />
        </label>
        {touched && problem !== null && <p className="field-error">{problem}</p>}
        {entry === 'file' && (
          <label>
            Content
            <textarea rows={8} value={text} spellCheck={false} onChange={(event) => setText(event.target.value)} />
          </label>
        )}
        {name !== '' && problem === null && (
          <p className="muted">
            Creates <code>{joinPath(dir, name)}</code>
          </p>
        )}
        <ModalButtons submit="Create" />
      </form>
    </Modal>
  );
}

export function DeleteEntryDialog({ path, isDir }: { path: string; isDir: boolean }) {
  return (
    <Modal title={`Delete ${isDir ? 'folder' : 'file'}?`}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          remove(path, isDir);
          closeDialog();
        }}
      >
        <p>
          <code>{path}</code>
          {isDir ? ' and everything in it' : ''} will be removed when you commit the draft. Its history stays in the pond.
        </p>
        <ModalButtons submit="Delete" danger />
      </form>
    </Modal>
  );
}
