import { describeOp } from '../engine/protocol';
import { notify, openDialog } from '../shell/ui';
import { downloadPath } from '../state/downloads';
import { openHistory } from '../viewer/intent';
import { copyPath, restore } from './actions';
import type { MenuItem } from './ContextMenu';
import type { Row } from './rows';
import { isDirectory, parentOf, startRename } from './treeStore';

/** The folder new entries and drops go into when `row` is the target: the row itself if it is a folder. */
export function folderOf(row: Row | undefined): string {
  if (row === undefined) return '/';
  return isDirectory(row.entry.entryType) && row.mark?.state !== 'removed' ? row.entry.path : parentOf(row.entry.path);
}

/**
 * The context menu of a row, or of the empty space below the rows (`row` undefined: the pond's root). As
 * of a past commit (`asOf`) the tree is read-only: restore, download and copy path are all it offers. A
 * mirror is read-only too (only its replicator writes): download, history and copy path.
 */
export function menuItems(row: Row | undefined, asOf: number | null, mirror = false): MenuItem[] {
  const path = row?.entry.path ?? '/';
  const folder = row === undefined || isDirectory(row.entry.entryType);
  const download: MenuItem = {
    label: row === undefined ? 'Download Pond as Zip' : folder ? 'Download as Zip' : 'Download',
    run: () => void downloadPath(path, folder ? 'folder' : 'file', asOf ?? undefined),
  };
  if (asOf !== null) {
    if (row === undefined) return [download];
    return [
      { label: 'Restore to Latest', run: () => notify(`Added to the draft: ${describeOp(restore(path, asOf))}`) },
      download,
      { label: 'Copy Path', run: () => void copyPath(path) },
    ];
  }
  if (mirror) {
    if (row === undefined) return [download];
    const folderRow = isDirectory(row.entry.entryType);
    return [download, ...(folderRow ? [] : [{ label: 'History', run: () => openHistory(path) }]), { label: 'Copy Path', run: () => void copyPath(path) }];
  }
  const dir = folderOf(row);
  const create: MenuItem[] = [
    { label: 'New Folder…', run: () => openDialog({ kind: 'newEntry', dir, entry: 'folder' }) },
    { label: 'New File…', run: () => openDialog({ kind: 'newEntry', dir, entry: 'file' }) },
    { label: 'New Dynamic Node…', run: () => openDialog({ kind: 'newDynamic', dir }) },
  ];
  if (row === undefined) return [...create, download];
  const copy: MenuItem = { label: 'Copy Path', run: () => void copyPath(path) };
  // An entry the draft adds is not in the pond yet: there is nothing to download.
  const committed = row.mark?.state === 'added' ? [] : [download];
  if (row.mark?.state === 'removed') return [...committed, copy];
  return [
    ...(folder ? create : []),
    { label: 'Rename', shortcut: 'F2', run: () => startRename(path) },
    { label: 'Delete…', shortcut: 'Del', danger: true, run: () => openDialog({ kind: 'deleteEntry', path, isDir: folder }) },
    ...committed,
    // Every version of a file, compared in the viewer (SPEC §8 "history").
    ...(folder || committed.length === 0 ? [] : [{ label: 'History', run: () => openHistory(path) }]),
    copy,
  ];
}
