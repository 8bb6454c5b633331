import { createStore } from 'zustand/vanilla';
import type { CommitMeta, DraftConflict, DraftOp } from '../engine/protocol';
import { EngineError } from '../engine/client';
import { engine } from './engine';

/**
 * Pending changes of the open pond (SPEC §6): an ordered list of operations kept in the browser, so it
 * survives a reload; Commit applies it as one transaction. The UI never holds a transaction open.
 */
export interface DraftState {
  readonly localId: string | null;
  readonly ops: readonly DraftOp[];
  readonly message: string;
  readonly committing: boolean;
  /** Operations that no longer applied at the last commit attempt (the draft is kept). */
  readonly conflicts: readonly DraftConflict[];
  readonly error: string | null;
  /** Why the draft is not saved in the browser (too big for localStorage): it lives only until a reload. */
  readonly unsaved: string | null;
}

const KEY = (localId: string): string => `duckpond:draft:${localId}`;

export const draftStore = createStore<DraftState>(() => ({ localId: null, ops: [], message: '', committing: false, conflicts: [], error: null, unsaved: null }));

/** Loads the saved draft of a pond (when the open pond changes). */
export function loadDraft(localId: string): void {
  const saved = localStorage.getItem(KEY(localId));
  const parsed = saved === null ? { ops: [], message: '' } : (JSON.parse(saved) as { ops: SavedOp[]; message: string });
  draftStore.setState({ localId, ops: parsed.ops.map(restored), message: parsed.message, conflicts: [], error: null, committing: false });
}

function save(): void {
  const { localId, ops, message } = draftStore.getState();
  if (localId === null) return;
  let unsaved: string | null = null;
  if (ops.length === 0 && message === '') localStorage.removeItem(KEY(localId));
  else {
    const json = JSON.stringify({ ops: ops.map(serializable), message });
    try {
      localStorage.setItem(KEY(localId), json);
    } catch (error) {
      // localStorage holds a few MB: a draft with big copied-in files does not fit. The draft stays usable
      // in memory and the user is told it will not survive a reload, with the browser's own reason.
      localStorage.removeItem(KEY(localId));
      unsaved = `This draft (${(json.length / 1024 / 1024).toFixed(1)} MB) is too large to keep across a reload (${(error as Error).name}); commit it to keep it.`;
    }
  }
  if (draftStore.getState().unsaved !== unsaved) draftStore.setState({ unsaved });
}

/** A draft op as saved: file bytes (dropped or copied-in files) as base64, since JSON has no bytes. */
type SavedOp = DraftOp | (Omit<Extract<DraftOp, { op: 'write' }>, 'content'> & { readonly base64: string });

function serializable(op: DraftOp): SavedOp {
  if (op.op !== 'write' || typeof op.content === 'string') return op;
  let binary = '';
  for (let i = 0; i < op.content.length; i += 0x8000) binary += String.fromCharCode(...op.content.subarray(i, i + 0x8000));
  const { content: _bytes, ...rest } = op;
  return { ...rest, base64: btoa(binary) };
}

function restored(op: SavedOp): DraftOp {
  if (!('base64' in op)) return op;
  const { base64, ...rest } = op;
  return { ...rest, content: Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)) };
}

export function addOp(op: DraftOp): void {
  addOps([op]);
}

/** Adds many operations as one change: one render and one save for a whole batch of copied-in files. */
export function addOps(ops: readonly DraftOp[]): void {
  draftStore.setState((s) => ({ ops: [...s.ops, ...ops], conflicts: [], error: null }));
  save();
}

export function removeOp(index: number): void {
  draftStore.setState((s) => ({ ops: s.ops.filter((_, i) => i !== index), conflicts: [] }));
  save();
}

export function setMessage(message: string): void {
  draftStore.setState({ message });
  save();
}

export function discardDraft(): void {
  draftStore.setState({ ops: [], message: '', conflicts: [], error: null });
  save();
}

/** Commits the draft as one transaction; on conflict the draft stays, with the operations that no longer apply. */
export async function commitDraft(): Promise<CommitMeta | null> {
  const { ops, message } = draftStore.getState();
  if (ops.length === 0) return null;
  draftStore.setState({ committing: true, conflicts: [], error: null });
  try {
    const meta = await engine().call('apply', { origin: `app: commit of ${ops.length} change${ops.length === 1 ? '' : 's'}`, ops: [...ops], ...(message.trim() === '' ? {} : { message: message.trim() }) });
    draftStore.setState({ ops: [], message: '', committing: false });
    save();
    return meta;
  } catch (error) {
    const conflicts = error instanceof EngineError ? (error.details?.conflicts ?? []) : [];
    draftStore.setState({ committing: false, conflicts, error: (error as Error).message });
    return null;
  }
}
