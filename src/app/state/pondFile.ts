import { createStore } from 'zustand/vanilla';
import { EngineError } from '../engine/client';
import type { ImportMode } from '../engine/protocol';
import { engine } from './engine';
import { pondStore, refreshCatalog } from './pond';
import { download, safeFileName, track } from './tasks';

/**
 * Pond files in the app (docs/pond-file-format.md): exporting a pond as a download, importing a picked or
 * dropped file. The engine does the work, shown as a task (state/tasks.ts); this store holds the questions
 * the pond-file dialog asks before or between tasks.
 */
export type PondFileQuestion =
  /** A dropped file: import it? */
  | { readonly step: 'offer'; readonly file: File }
  /** The file's pond id is in this browser already: replace that pond, or import a copy? */
  | { readonly step: 'exists'; readonly file: File; readonly existing: { readonly localId: string; readonly name: string } };

export const pondFileStore = createStore<{ readonly current: PondFileQuestion | null }>(() => ({ current: null }));

export const POND_FILE_EXTENSION = '.pond';

const set = (current: PondFileQuestion | null): void => pondFileStore.setState({ current });

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

export function clearPondFile(): void {
  set(null);
}

/** Is this drop a single pond file (to import), rather than files to copy into the pond? */
export function droppedPondFile(data: DataTransfer): File | null {
  const files = [...data.files];
  return files.length === 1 && files[0]!.name.toLowerCase().endsWith(POND_FILE_EXTENSION) ? files[0]! : null;
}

/** A file name for a pond: its name without characters file systems refuse. */
function fileNameFor(pondName: string): string {
  return `${safeFileName(pondName, 'pond')}${POND_FILE_EXTENSION}`;
}
