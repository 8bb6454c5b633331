import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { formatBytes, formatTime } from '../shell/format';
import { Modal, ModalButtons } from '../shell/Modal';
import { closeDialog, openDialog } from '../shell/ui';
import { useAction } from '../shell/useAction';
import { pickPondFile, startExport } from './pondFileActions';
import { createPond, deletePond, openPond, pondStore, refreshCatalog, renamePond } from '../state/pond';

/** The catalog: every pond of this browser with its size and when it was last opened. */
export function PondListDialog() {
  const ponds = useStore(pondStore, (s) => s.ponds);
  const openId = useStore(pondStore, (s) => s.status?.localId);
  const { busy, error, run } = useAction();
  const sorted = [...ponds].sort((a, b) => b.lastOpened - a.lastOpened);
  // Ponds appear without this tab asking (a replicator creating its mirror, another tab): list them afresh.
  useEffect(() => void refreshCatalog(), []);
  return (
    <Modal title="Ponds" className="wide">
      <table className="pond-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Size</th>
            <th scope="col">Last opened</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((pond) => (
            <tr key={pond.localId} className={pond.localId === openId ? 'current' : undefined}>
              <th scope="row">
                {pond.name}
                {pond.localId === openId && <span className="pill">open</span>}
                {pond.mirrorOf !== undefined && <span className="pill">mirror</span>}
              </th>
              {/* The catalog keeps the size last measured; 0 means it has not been measured yet. */}
              <td>{pond.size > 0 ? formatBytes(pond.size) : '—'}</td>
              <td>{formatTime(pond.lastOpened)}</td>
              <td className="row-actions">
                <button type="button" disabled={busy || pond.localId === openId} aria-label={`Open ${pond.name}`} onClick={() => run(() => openPond(pond.localId))}>
                  Open
                </button>
                {pond.localId === openId && (
                  <button type="button" aria-label={`Verify ${pond.name}`} onClick={() => openDialog({ kind: 'verify' })}>
                    Verify
                  </button>
                )}
                <button type="button" aria-label={`Export ${pond.name}`} onClick={() => void startExport(pond.localId === openId ? undefined : pond.localId)}>
                  Export…
                </button>
                <button type="button" aria-label={`Rename ${pond.name}`} onClick={() => openDialog({ kind: 'renamePond', localId: pond.localId })}>
                  Rename
                </button>
                <button type="button" className="danger" aria-label={`Delete ${pond.name}`} onClick={() => openDialog({ kind: 'deletePond', localId: pond.localId })}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error !== null && <p className="field-error">{error}</p>}
      <div className="modal-buttons">
        <button type="button" onClick={closeDialog}>
          Close
        </button>
        <button type="button" onClick={pickPondFile}>
          Import pond…
        </button>
        <button type="button" className="primary" onClick={() => openDialog({ kind: 'newPond' })}>
          New pond…
        </button>
      </div>
    </Modal>
  );
}

export function NewPondDialog() {
  const [name, setName] = useState('');
  const [birthplace, setBirthplace] = useState('');
  const { busy, error, run } = useAction();
  return (
    <Modal title="New pond">
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim() !== '') run(() => createPond(name.trim(), birthplace.trim() === '' ? undefined : birthplace.trim()));
        }}
      >
        <label>
          Name
          <input autoFocus required value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label>
          Birthplace <span className="muted">(optional: where this pond was made, kept in its identity)</span>
          <input value={birthplace} placeholder="browser" onChange={(event) => setBirthplace(event.target.value)} />
        </label>
        {error !== null && <p className="field-error">{error}</p>}
        <ModalButtons submit="Create pond" disabled={busy || name.trim() === ''} />
      </form>
    </Modal>
  );
}

export function RenamePondDialog({ localId }: { localId: string }) {
  const current = useStore(pondStore, (s) => s.ponds.find((p) => p.localId === localId));
  const [name, setName] = useState(current?.name ?? '');
  const { busy, error, run } = useAction();
  return (
    <Modal title="Rename pond">
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim() !== '') run(() => renamePond(localId, name.trim()));
        }}
      >
        <label>
          New name
          <input autoFocus required value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        {error !== null && <p className="field-error">{error}</p>}
        <ModalButtons submit="Rename" disabled={busy || name.trim() === ''} />
      </form>
    </Modal>
  );
}

export function DeletePondDialog({ localId }: { localId: string }) {
  const pond = useStore(pondStore, (s) => s.ponds.find((p) => p.localId === localId));
  const { busy, error, run } = useAction();
  return (
    <Modal title="Delete pond?">
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          run(() => deletePond(localId));
        }}
      >
        <p>
          <strong>{pond?.name ?? localId}</strong> and its whole history will be deleted from this browser. This cannot be undone.
        </p>
        {error !== null && <p className="field-error">{error}</p>}
        <ModalButtons submit="Delete pond" danger disabled={busy} />
      </form>
    </Modal>
  );
}
