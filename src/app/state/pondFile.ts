import { createStore } from 'zustand/vanilla';
import { EngineError } from '../engine/client';
import type { ImportMode, PondTask } from '../engine/protocol';
import { engine } from './engine';
import { pondStore, refreshCatalog } from './pond';

/**
 * Pond files in the app (docs/pond-file-format.md): exporting a pond as a download, importing a picked or
 * dropped file. What the pond-file dialog shows is this store's `step`; the engine does the work.
 */
export type PondFileStep =
  /** A dropped file: import it? */
  | { readonly step: 'offer'; readonly file: File }
  /** The file's pond id is in this browser already: replace that pond, or import a copy? */
  | { readonly step: 'exists'; readonly file: File; readonly existing: { readonly localId: string; readonly name: string } }
  | { readonly step: 'running'; readonly task: PondTask; readonly what: string; readonly stage: 'read' | 'scan' | 'verify' | 'write'; readonly done: number; readonly total: number | null }
  | { readonly step: 'failed'; readonly task: PondTask; readonly what: string; readonly message: string };

export const pondFileStore = createStore<{ readonly current: PondFileStep | null }>(() => ({ current: null }));

export const POND_FILE_EXTENSION = '.pond';

/** A cancel the user asked for: the task's rejection is then expected, not an error to show. */
let cancelled = false;
let listening = false;

const set = (current: PondFileStep | null): void => pondFileStore.setState({ current });

/** Exports a pond (default: the open one) and offers the file as a download. Resolves with the file's name. */
export async function exportPondFile(localId?: string): Promise<string | null> {
  const pond = localId === undefined ? pondStore.getState().status : pondStore.getState().ponds.find((p) => p.localId === localId);
  if (pond === undefined || pond === null) return null;
  const name = fileNameFor(pond.name);
  const bytes = await track('export', name, () => engine().call('exportPond', localId === undefined ? {} : { localId }));
  if (bytes === null) return null;
  download(name, bytes);
  return name;
}

/**
 * Imports a pond file in `mode` and opens the imported pond. In mode `new`, a file whose pond is here already
 * turns into the `exists` step, where the user picks replace or copy. Resolves true once the pond is open.
 */
export async function importPondFile(file: File, mode: ImportMode = 'new', localId?: string): Promise<boolean> {
  const name = file.name.endsWith(POND_FILE_EXTENSION) ? file.name.slice(0, -POND_FILE_EXTENSION.length) : file.name;
  const status = await track('import', file.name, async () => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    // Moved, not copied, to the worker; a retry (replace, copy) reads the file again.
    return engine().call('importPond', { bytes, name, mode, ...(localId === undefined ? {} : { localId }) }, [bytes.buffer]);
  }, (error) => {
    const existing = error instanceof EngineError ? error.details?.existing : undefined;
    if (mode !== 'new' || existing === undefined) return false;
    set({ step: 'exists', file, existing });
    return true;
  });
  if (status === null) return false;
  pondStore.setState((s) => ({ status, revision: s.revision + 1 }));
  await refreshCatalog();
  return true;
}

/** A dropped file: offer to import it. */
export function offerImport(file: File): void {
  set({ step: 'offer', file });
}

export function cancelPondFile(): void {
  const current = pondFileStore.getState().current;
  if (current?.step !== 'running') return;
  cancelled = true;
  void engine().call('cancel', { task: current.task });
}

export function clearPondFile(): void {
  set(null);
}

/** Is this drop a single pond file (to import), rather than files to copy into the pond? */
export function droppedPondFile(data: DataTransfer): File | null {
  const files = [...data.files];
  return files.length === 1 && files[0]!.name.toLowerCase().endsWith(POND_FILE_EXTENSION) ? files[0]! : null;
}

/**
 * Runs a task with the `running` step and its progress; a failure becomes the `failed` step unless
 * `handled` dealt with it, a cancel clears the step. Resolves null unless the task succeeded.
 */
async function track<T>(task: PondTask, what: string, work: () => Promise<T>, handled: (error: unknown) => boolean = () => false): Promise<T | null> {
  listen();
  cancelled = false;
  set({ step: 'running', task, what, stage: 'read', done: 0, total: null });
  try {
    const result = await work();
    set(null);
    return result;
  } catch (error) {
    if (cancelled) set(null);
    else if (!handled(error)) set({ step: 'failed', task, what, message: (error as Error).message });
    return null;
  }
}

function listen(): void {
  if (listening) return;
  listening = true;
  engine().on((event) => {
    const current = pondFileStore.getState().current;
    if (event.event !== 'progress' || current?.step !== 'running' || current.task !== event.task) return;
    set({ ...current, stage: event.stage, done: event.done, total: event.total });
  });
}

/** A file name for a pond: its name without characters file systems refuse. */
function fileNameFor(pondName: string): string {
  return `${pondName.replace(/[\\/:*?"<>|\p{Cc}]+/gu, '_').trim() || 'pond'}${POND_FILE_EXTENSION}`;
}

/** Hands bytes to the browser as a download (the one way a page writes a file without asking for a folder). */
export function download(name: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name.slice(name.lastIndexOf('/') + 1);
  link.click();
  // The download has started reading the blob by now; a minute is ample before freeing it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
