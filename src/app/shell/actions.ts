import { pickPondFile, startExport } from '../ponds/pondFileActions';
import { promoteMirror } from '../ponds/promote';
import { commitDraft } from '../state/draft';
import { isMirror, pondStore } from '../state/pond';
import { backToLatest, timeTravelStore } from '../state/timeTravel';
import { FILE_PICKER_ID, targetFolder } from '../tree/TreePanel';
import { type Pane, togglePane } from './layout';
import { requestPersistence } from './StorageStatus';
import { openDialog } from './ui';

export interface Action {
  readonly id: string;
  readonly label: string;
  readonly shortcut?: string;
  readonly run: () => void;
}

/** Focuses a pane's main control, showing the pane first if it was collapsed. */
function focusPane(pane: Pane | 'preview', selector: string): void {
  if (pane !== 'preview') togglePane(pane, false);
  // After React has rendered the pane again.
  requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus());
}

/** Every action of the app, for the command palette (SPEC §8: every action reachable by keyboard). */
export function allActions(): Action[] {
  const open = pondStore.getState().status;
  const pondActions: Action[] =
    open === null
      ? []
      : [
          { id: 'pond.export', label: 'Export Pond…', run: () => void startExport() },
          { id: 'pond.verify', label: 'Verify Pond', run: () => openDialog({ kind: 'verify' }) },
          { id: 'pond.maintain', label: 'Reclaim Storage…', run: () => openDialog({ kind: 'maintain' }) },
          { id: 'pond.rename', label: 'Rename Pond…', run: () => openDialog({ kind: 'renamePond', localId: open.localId }) },
          { id: 'pond.delete', label: 'Delete Pond…', run: () => openDialog({ kind: 'deletePond', localId: open.localId }) },
        ];
  const past = timeTravelStore.getState().asOf !== null;
  const mirror = isMirror(pondStore.getState());
  // The past and a mirror are read-only: the tree's drafting actions (and Commit) are not offered there.
  const treeActions: Action[] = past
    ? [{ id: 'travel.back', label: 'Back to Latest Commit', shortcut: 'Esc', run: backToLatest }]
    : mirror && open !== null
      ? [{ id: 'pond.promote', label: 'Promote Mirror to a Writable Pond', run: () => void promoteMirror(open.localId, open.name) }]
      : [
        { id: 'tree.newFolder', label: 'New Folder…', run: () => openDialog({ kind: 'newEntry', dir: targetFolder(), entry: 'folder' }) },
        { id: 'tree.newFile', label: 'New File…', run: () => openDialog({ kind: 'newEntry', dir: targetFolder(), entry: 'file' }) },
        { id: 'tree.newDynamic', label: 'New Dynamic Node…', run: () => openDialog({ kind: 'newDynamic', dir: targetFolder() }) },
        { id: 'tree.addFiles', label: 'Add Files from This Computer…', run: () => document.getElementById(FILE_PICKER_ID)?.click() },
      ];
  return [
    ...treeActions,
    ...(open === null ? [] : [{ id: 'travel.to', label: 'Time Travel to…', run: () => openDialog({ kind: 'timeTravel' }) }]),
    ...(mirror ? [] : [{ id: 'draft.commit', label: 'Commit Draft', run: () => void commitDraft() }]),
    { id: 'pond.new', label: 'New Pond…', run: () => openDialog({ kind: 'newPond' }) },
    { id: 'pond.open', label: 'Open Pond…', run: () => openDialog({ kind: 'ponds' }) },
    { id: 'pond.import', label: 'Import Pond…', run: pickPondFile },
    ...pondActions,
    { id: 'settings', label: 'Settings…', run: () => openDialog({ kind: 'settings' }) },
    { id: 'storage.persist', label: 'Make Storage Persistent', run: () => void requestPersistence() },
    { id: 'focus.tree', label: 'Focus Tree', run: () => focusPane('tree', '#tree') },
    { id: 'focus.preview', label: 'Focus Preview', run: () => focusPane('preview', '#preview') },
    { id: 'focus.console', label: 'Focus Console', run: () => focusPane('console', '[aria-label="Command"], #pane-console') },
    { id: 'focus.commit', label: 'Focus Commit Panel', run: () => focusPane('commit', '#pane-commit') },
    { id: 'toggle.tree', label: 'Toggle Tree', run: () => togglePane('tree') },
    { id: 'toggle.console', label: 'Toggle Console', run: () => togglePane('console') },
    { id: 'toggle.commit', label: 'Toggle Commit Panel', run: () => togglePane('commit') },
  ];
}
