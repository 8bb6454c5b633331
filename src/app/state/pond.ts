import { createStore } from 'zustand/vanilla';
import type { CatalogEntry, PondEvent, PondStatus, StorageStatus } from '../engine/protocol';
import { deleteDraft } from './draftStorage';
import { engine } from './engine';

/**
 * The open pond and the catalog (vanilla zustand: no React here; components bind with `useStore`).
 * Everything is driven by engine events — commits from this tab, other tabs and post-commit runs — never polled.
 */
export interface PondState {
  readonly status: PondStatus | null;
  readonly ponds: readonly CatalogEntry[];
  readonly storage: StorageStatus | null;
  /** Bumped on every commit (here or elsewhere): views that show pond content reload when it changes. */
  readonly revision: number;
  /** A problem the whole app must show (storage trouble, a failed start). */
  readonly banner: { readonly kind: string; readonly message: string } | null;
  readonly lastEvent: PondEvent | null;
}

export const pondStore = createStore<PondState>(() => ({ status: null, ponds: [], storage: null, revision: 0, banner: null, lastEvent: null }));

/** Whether the open pond is a replication mirror: read-only everywhere until it is promoted. */
export const isMirror = (s: PondState): boolean => s.status?.mirrorOf !== undefined;

let listening = false;

/** Starts the engine: opens the last pond, or creates the demo pond on the first start. */
export async function startPond(): Promise<void> {
  listen();
  try {
    const status = await engine().call('start', {});
    pondStore.setState({ status, banner: null });
    await refreshCatalog();
  } catch (error) {
    pondStore.setState({ banner: { kind: 'start', message: (error as Error).message } });
  }
}

export async function refreshCatalog(): Promise<void> {
  const [ponds, storage] = await Promise.all([engine().call('listPonds', {}), engine().call('storage', {})]);
  pondStore.setState({ ponds, storage });
}

export async function openPond(localId: string): Promise<void> {
  const status = await engine().call('openPond', { localId });
  pondStore.setState((s) => ({ status, revision: s.revision + 1 }));
  await refreshCatalog();
}

export async function createPond(name: string, birthplace?: string): Promise<void> {
  const status = await engine().call('createPond', { name, ...(birthplace === undefined ? {} : { birthplace }) });
  pondStore.setState((s) => ({ status, revision: s.revision + 1 }));
  await refreshCatalog();
}

/** Makes the mirror `localId` an ordinary, writable pond. */
export async function promotePond(localId: string): Promise<void> {
  const status = await engine().call('promotePond', { localId });
  pondStore.setState((s) => ({ status, revision: s.revision + 1 }));
  await refreshCatalog();
}

export async function renamePond(localId: string, name: string): Promise<void> {
  await engine().call('renamePond', { localId, name });
  const status = pondStore.getState().status;
  if (status?.localId === localId) pondStore.setState({ status: { ...status, name } });
  await refreshCatalog();
}

export async function deletePond(localId: string): Promise<void> {
  const wasOpen = pondStore.getState().status?.localId === localId;
  await engine().call('deletePond', { localId });
  await deleteDraft(localId);
  if (wasOpen) pondStore.setState({ status: null });
  await refreshCatalog();
  if (wasOpen) await startPond();
}

function listen(): void {
  if (listening) return;
  listening = true;
  engine().on((event) => {
    if (event.event === 'storage') {
      pondStore.setState({ banner: { kind: event.kind, message: event.message } });
      return;
    }
    if (event.event !== 'pond') return; // progress events are the pond-file store's
    const status = pondStore.getState().status;
    if (status === null || event.localId !== status.localId) return;
    const detail = event.detail;
    pondStore.setState((s) => ({
      lastEvent: detail,
      ...(detail.type === 'commit'
        ? { revision: s.revision + 1, status: { ...status, txnSeq: Math.max(status.txnSeq, detail.meta.txnSeq) } }
        : {}),
    }));
  });
}
