import { notify, openDialog } from '../shell/ui';
import type { ImportMode } from '../engine/protocol';
import { clearPondFile, exportPondFile, importPondFile, offerImport, pondFileStore } from '../state/pondFile';

/** The hidden file input of "Import pond…" (in the header, so every entry point can click it). */
export const POND_PICKER_ID = 'pond-file-picker';

// Each starts the store's step first (the task, or the question), then opens the dialog that shows it, so a
// dialog never renders without a step (which would make it close itself).

/** Exports a pond (default: the open one) as a download, showing progress. */
export async function startExport(localId?: string): Promise<void> {
  const exported = exportPondFile(localId);
  openDialog({ kind: 'task' });
  const name = await exported;
  if (name !== null) notify(`Exported ${name}`);
}

/** Imports a file, showing progress; in mode `new`, a pond that is here already turns into the replace-or-copy question. */
export async function startImport(file: File, mode: ImportMode = 'new', localId?: string): Promise<void> {
  clearPondFile(); // the question, if one was asked, is answered
  const imported = importPondFile(file, mode, localId);
  openDialog({ kind: 'task' });
  if (await imported) notify(`Imported ${file.name}`);
  else if (pondFileStore.getState().current !== null) openDialog({ kind: 'pondFile' });
}

/** A pond file dropped on the window: ask before importing it. */
export function offerDroppedFile(file: File): void {
  offerImport(file);
  openDialog({ kind: 'pondFile' });
}

export function pickPondFile(): void {
  document.getElementById(POND_PICKER_ID)?.click();
}
