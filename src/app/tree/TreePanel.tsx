import { useRef } from 'react';
import { useStore } from 'zustand';
import { isMirror, pondStore } from '../state/pond';
import { openDialog } from '../shell/ui';
import { cancelTransfer, copyHostFiles } from './actions';
import { Tree } from './Tree';
import { draftStore } from '../state/draft';
import { timeTravelStore } from '../state/timeTravel';
import { draftMarks } from './marks';
import { isDirectory, knownEntry, parentOf, setFilter, treeStore } from './treeStore';
import { useMarks } from './useTreeData';

/** The folder toolbar actions apply to: the selected folder, or the selected file's folder. */
export function targetFolder(): string {
  const { selected, listings } = treeStore.getState();
  if (selected === null) return '/';
  // The draft has the last word: it may have added, replaced or removed the selected entry.
  const mark = draftMarks(draftStore.getState().ops, (path) => knownEntry(listings, path)).get(selected);
  const entryType = mark?.entryType ?? knownEntry(listings, selected)?.entryType;
  const folder = entryType !== undefined && isDirectory(entryType) && mark?.state !== 'removed';
  return folder ? selected : parentOf(selected);
}

export const FILE_PICKER_ID = 'tree-file-picker';

/** The explorer pane: toolbar, glob filter, transfer progress and the tree. */
export function TreePanel() {
  const filter = useStore(treeStore, (s) => s.filter);
  const transfer = useStore(treeStore, (s) => s.transfer);
  const empty = useStore(treeStore, (s) => {
    const root = s.listings.get('/');
    return root?.status === 'ok' && root.total === 0;
  });
  const drafted = useMarks().size > 0;
  const asOf = useStore(timeTravelStore, (s) => s.asOf);
  const mirror = useStore(pondStore, isMirror);
  const picker = useRef<HTMLInputElement>(null);
  return (
    <section className={`pane-body tree-panel${asOf === null ? '' : ' past'}`} aria-label="Explorer">
      <div className="pane-toolbar">
        <h2 className="pane-title">Explorer</h2>
        {asOf !== null ? (
          <ReadOnlyNote asOf={asOf} />
        ) : mirror ? (
          <span className="readonly-note" title="Only its replicator writes into a mirror. Promote it to make it an ordinary pond.">
            read-only · mirror
          </span>
        ) : (
          <CreateButtons onAddFiles={() => picker.current?.click()} />
        )}
        <input
          ref={picker}
          id={FILE_PICKER_ID}
          type="file"
          multiple
          hidden
          aria-label="Files to add"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = '';
            void copyHostFiles(targetFolder(), files);
          }}
        />
      </div>
      <div className="tree-filter">
        <input type="search" aria-label="Filter files" placeholder="Filter (e.g. *.csv, /data/**)" value={filter} onChange={(event) => setFilter(event.target.value)} />
      </div>
      {transfer !== null && (
        <div className="transfer">
          <progress aria-label="Adding files" max={transfer.total} value={transfer.done} />
          <span>
            {transfer.done} / {transfer.total}
          </span>
          <button type="button" className="link-button" onClick={cancelTransfer}>
            Cancel
          </button>
        </div>
      )}
      <Tree />
      {empty && !drafted && <p className="tree-empty">{asOf === null ? 'This pond is empty. Create a folder or drop files here.' : `The pond was empty at txn ${asOf}.`}</p>}
    </section>
  );
}

/** The toolbar's drafting actions (the latest commit only: the past is read-only). */
function CreateButtons({ onAddFiles }: { onAddFiles: () => void }) {
  return (
    <>
      <button type="button" className="icon-button" aria-label="New folder" title="New folder" onClick={() => openDialog({ kind: 'newEntry', dir: targetFolder(), entry: 'folder' })}>
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <path d="M1.5 3.5h4.5l1.5 1.5h7v8.5h-13zM8 7.5v4M6 9.5h4" fill="none" stroke="currentColor" strokeWidth="1.1" strokeLinejoin="round" />
        </svg>
      </button>
      <button type="button" className="icon-button" aria-label="New file" title="New file" onClick={() => openDialog({ kind: 'newEntry', dir: targetFolder(), entry: 'file' })}>
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <path d="M3.5 1.5h6l3 3v10h-9zM9.5 1.5v3h3M8 7.5v4M6 9.5h4" fill="none" stroke="currentColor" strokeWidth="1.1" strokeLinejoin="round" />
        </svg>
      </button>
      <button type="button" className="icon-button" aria-label="Add files" title="Copy files from this computer into the selected folder" onClick={onAddFiles}>
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <path d="M8 10.5v-8M5 5.5l3-3 3 3M2.5 10v3.5h11V10" fill="none" stroke="currentColor" strokeWidth="1.1" strokeLinejoin="round" strokeLinecap="round" />
        </svg>
      </button>
    </>
  );
}

/** In place of the drafting actions while time travelling: why they are gone. */
function ReadOnlyNote({ asOf }: { asOf: number }) {
  return (
    <span className="readonly-note" title="Changes go to the latest commit: go back to it to create, rename, move or delete. Restore brings an entry of this commit into the draft.">
      read-only · txn {asOf}
    </span>
  );
}
