import { notify, openDialog } from '../shell/ui';
import { engine } from './engine';
import { pondStore } from './pond';
import { download, safeFileName, showFailure, track } from './tasks';

/**
 * Out of the pond (SPEC §8): a file as a download, a folder as a zip built in the engine (with progress and
 * Cancel in the task dialog). `asOf` downloads what the path held at that commit (time travel). The one
 * entry point for the tree's context menu and the viewer's header.
 */
export async function downloadPath(path: string, kind: 'file' | 'folder', asOf?: number): Promise<void> {
  const at = asOf === undefined ? {} : { asOf };
  const name = downloadName(path, kind, asOf);
  if (kind === 'folder') {
    const zipped = track('download', name, () => engine().call('zipFolder', { path, ...at }));
    openDialog({ kind: 'task' });
    const blob = await zipped;
    if (blob === null) return;
    download(name, blob);
  } else {
    try {
      download(name, await engine().call('read', { path, ...at }));
    } catch (error) {
      // Reading one file shows no progress; its failure still gets the task dialog, not a passing notice.
      showFailure('download', name, error);
      openDialog({ kind: 'task' });
      return;
    }
  }
  notify(`Downloaded ${name}`);
}

/**
 * The saved file's name: the entry's name (a folder's with `.zip`, the root's after the pond), marked with
 * the commit when it comes from the past (or the version, for an older version of a file), so it is not
 * mistaken for the latest content.
 */
export function downloadName(path: string, kind: 'file' | 'folder', asOf?: number, version?: number): string {
  const last = path.slice(path.lastIndexOf('/') + 1);
  const base = safeFileName(last === '' ? (pondStore.getState().status?.name ?? '') : last, 'pond');
  const marks = [asOf === undefined ? '' : `txn ${asOf}`, version === undefined ? '' : `v${version}`].filter((mark) => mark !== '');
  const past = marks.length === 0 ? '' : ` (${marks.join(', ')})`;
  if (kind === 'folder') return `${base}${past}.zip`;
  // Before the extension, so the file still opens with the right program.
  const dot = base.lastIndexOf('.');
  return dot > 0 ? `${base.slice(0, dot)}${past}${base.slice(dot)}` : `${base}${past}`;
}
