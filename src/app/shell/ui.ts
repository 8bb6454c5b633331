import { createStore } from 'zustand/vanilla';

/** The one modal dialog (or palette) that is open, with what it acts on. */
export type Dialog =
  | { readonly kind: 'palette' }
  | { readonly kind: 'ponds' }
  | { readonly kind: 'newPond' }
  | { readonly kind: 'renamePond'; readonly localId: string }
  | { readonly kind: 'deletePond'; readonly localId: string }
  | { readonly kind: 'settings' }
  /** A question about a pond file (import it? replace or copy?): what it shows is the pond-file store's. */
  | { readonly kind: 'pondFile' }
  /** A long task (export, import, folder download) running or failed: what it shows is the task store's. */
  | { readonly kind: 'task' }
  /** "Time travel to…": asks for a txn number. */
  | { readonly kind: 'timeTravel' }
  /** "Verify Pond": checks the open pond and shows the report. */
  | { readonly kind: 'verify' }
  /** "Reclaim Storage": what `maintain` would free, then frees it on request. */
  | { readonly kind: 'maintain' }
  | { readonly kind: 'newEntry'; readonly dir: string; readonly entry: 'folder' | 'file' }
  /** "New Dynamic Node…" in folder `dir`. */
  | { readonly kind: 'newDynamic'; readonly dir: string }
  | { readonly kind: 'deleteEntry'; readonly path: string; readonly isDir: boolean };

export interface UiState {
  readonly dialog: Dialog | null;
  /** The last short message for screen readers and the status line ("Copied /docs"). */
  readonly notice: string;
}

export const uiStore = createStore<UiState>(() => ({ dialog: null, notice: '' }));

/** Where focus was before a dialog opened: it goes back there when the dialog closes. */
let returnFocus: HTMLElement | null = null;

export function openDialog(dialog: Dialog): void {
  if (uiStore.getState().dialog === null) returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  uiStore.setState({ dialog });
}

export function closeDialog(): void {
  uiStore.setState({ dialog: null });
  const target = returnFocus;
  returnFocus = null;
  // After React removed the dialog: focusing earlier would be undone by the closing <dialog>.
  if (target?.isConnected) requestAnimationFrame(() => target.focus());
}

export function notify(notice: string): void {
  uiStore.setState({ notice });
}
