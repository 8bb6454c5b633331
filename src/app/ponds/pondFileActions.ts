import { notify, openDialog } from '../shell/ui';
import type { ImportMode } from '../engine/protocol';
import { exportPondFile, importPondFile, offerImport } from '../state/pondFile';

/** The hidden file input of "Import pond…" (in the header, so every entry point can click it). */
export const POND_PICKER_ID = 'pond-file-picker';

// Each starts the pond-file store's step first, then opens the dialog that shows it, so the dialog never
// renders without a step (which would make it close itself).

/** Exports a pond (default: the open one) as a download, showing progress. */
export async function startExport(localId?: string): Promise<void> {
  const exported = exportPondFile(localId);
  openDialog({ kind: 'pondFile' });
  const name = await exported;
  if (name !== null) notify(`Exported ${name}`);
}

/** Imports a file, showing progress (and asking, in mode `new`, when its pond is here already). */
export async function startImport(file: File, mode: ImportMode = 'new', localId?: string): Promise<void> {
  const imported = importPondFile(file, mode, localId);
  openDialog({ kind: 'pondFile' });
  if (await imported) notify(`Imported ${file.name}`);
}

/** A pond file dropped on the window: ask before importing it. */
export function offerDroppedFile(file: File): void {
  offerImport(file);
  openDialog({ kind: 'pondFile' });
}

export function pickPondFile(): void {
  document.getElementById(POND_PICKER_ID)?.click();
}
