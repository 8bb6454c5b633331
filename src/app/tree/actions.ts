import { notify } from '../shell/ui';
import type { DraftOp } from '../engine/protocol';
import { addOp, addOps } from '../state/draft';
import type { HostItem } from './hostEntries';
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

/** Restores `path` as it was at `txnSeq` (time travel): new versions in the draft, history stays as it is. */
export function restore(path: string, txnSeq: number): DraftOp {
  const op: DraftOp = { op: 'restore', path, txnSeq };
  addOp(op);
  return op;
}

export async function copyPath(path: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(path);
    notify(`Copied ${path}`);
  } catch {
    notify(`Could not copy ${path}: the browser refused clipboard access`);
  }
}

/** How long one batch of a copy may read files before the page gets to render and handle input. */
const SLICE_MS = 12;

/**
 * Copies host files and folders into the draft (`mkdir` and `write` operations) in time-sliced batches:
 * each batch reads files for up to SLICE_MS, adds its operations in one draft update (one render, one
 * save), then yields to the event loop, so the page stays responsive and the progress bar moves even for
 * 10,000 files. The user may cancel; what was added so far stays in the draft.
 */
export async function copyHostItems(dir: string, items: readonly HostItem[]): Promise<number> {
  if (items.length === 0) return 0;
  treeStore.setState({ transfer: { done: 0, total: items.length, cancelled: false } });
  let done = 0;
  let files = 0;
  while (done < items.length && !treeStore.getState().transfer?.cancelled) {
    const batch: DraftOp[] = [];
    const started = performance.now();
    while (done + batch.length < items.length && performance.now() - started < SLICE_MS) {
      const item = items[done + batch.length] as HostItem;
      batch.push(item.op === 'mkdir' ? { op: 'mkdir', path: item.path } : { op: 'write', path: item.path, content: new Uint8Array(await item.file.arrayBuffer()) });
    }
    addOps(batch);
    done += batch.length;
    files += batch.filter((op) => op.op === 'write').length;
    treeStore.setState((s) => ({ transfer: s.transfer && { ...s.transfer, done } }));
    // setTimeout rather than requestAnimationFrame: the copy goes on (slowly) in a background tab.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  treeStore.setState({ transfer: null });
  if (dir !== '/') expand(dir);
  notify(`Added ${files} file${files === 1 ? '' : 's'} to the draft`);
  return done;
}

/** Copies plain host files (picked, or dropped without folders) into `dir`. */
export function copyHostFiles(dir: string, files: readonly File[]): Promise<number> {
  return copyHostItems(dir, files.map((file) => ({ op: 'write', path: joinPath(dir, file.name), file })));
}

export function cancelTransfer(): void {
  treeStore.setState((s) => ({ transfer: s.transfer && { ...s.transfer, cancelled: true } }));
}

/** Shows a newly drafted entry: its folder expanded, the entry selected. */
export function reveal(dir: string, path: string): void {
  if (dir !== '/') expand(dir);
  select(path);
}
