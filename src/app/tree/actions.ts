import { notify } from '../shell/ui';
import { addOp } from '../state/draft';
import { expand, joinPath, parentOf, select, treeStore } from './treeStore';

/**
 * What the tree does to the pond. Every change becomes a DRAFT operation (SPEC §6), committed later from
 * the commit panel; nothing here writes to the pond directly.
 */

/** A name for one path segment, or the reason it cannot be one. */
export function nameProblem(name: string): string | null {
  if (name.trim() === '') return 'A name is required';
  if (name.includes('/')) return "A name cannot contain '/'";
  if (name === '.' || name === '..') return `'${name}' is not a valid name`;
  return null;
}

export function newFolder(dir: string, name: string): void {
  const path = joinPath(dir, name);
  addOp({ op: 'mkdir', path });
  reveal(dir, path);
}

export function newFile(dir: string, name: string, text: string): void {
  const path = joinPath(dir, name);
  addOp({ op: 'write', path, content: text });
  reveal(dir, path);
}

export function rename(path: string, name: string): void {
  const to = joinPath(parentOf(path), name);
  if (to === path) return;
  addOp({ op: 'mv', from: path, to });
  select(to);
}

/** Moves `path` into folder `dir` (drag and drop); refuses moving a folder into itself. */
export function moveInto(path: string, dir: string): boolean {
  const to = joinPath(dir, path.slice(path.lastIndexOf('/') + 1));
  if (to === path || dir === path || dir.startsWith(`${path}/`)) return false;
  addOp({ op: 'mv', from: path, to });
  reveal(dir, to);
  return true;
}

export function remove(path: string, isDir: boolean): void {
  addOp({ op: 'rm', path, ...(isDir ? { recursive: true } : {}) });
}

export async function copyPath(path: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(path);
    notify(`Copied ${path}`);
  } catch {
    notify(`Could not copy ${path}: the browser refused clipboard access`);
  }
}

/**
 * Copies host files into `dir` as write operations, a few at a time so the page stays responsive and the
 * progress bar moves; the user may cancel, and what was added so far stays in the draft.
 */
export async function copyHostFiles(dir: string, files: readonly File[]): Promise<number> {
  if (files.length === 0) return 0;
  treeStore.setState({ transfer: { done: 0, total: files.length, cancelled: false } });
  let done = 0;
  for (const file of files) {
    if (treeStore.getState().transfer?.cancelled) break;
    addOp({ op: 'write', path: joinPath(dir, file.name), content: new Uint8Array(await file.arrayBuffer()) });
    done++;
    treeStore.setState((s) => ({ transfer: s.transfer && { ...s.transfer, done } }));
  }
  treeStore.setState({ transfer: null });
  if (dir !== '/') expand(dir);
  notify(`Added ${done} file${done === 1 ? '' : 's'} to the draft`);
  return done;
}

export function cancelTransfer(): void {
  treeStore.setState((s) => ({ transfer: s.transfer && { ...s.transfer, cancelled: true } }));
}

/** Shows a newly drafted entry: its folder expanded, the entry selected. */
function reveal(dir: string, path: string): void {
  if (dir !== '/') expand(dir);
  select(path);
}
