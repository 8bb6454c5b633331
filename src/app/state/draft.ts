import { createStore } from 'zustand/vanilla';
import type { CommitMeta, DraftConflict, DraftOp } from '../engine/protocol';
import { EngineError } from '../engine/client';
import { engine } from './engine';
import { type SavedDraft, readDraft, writeMessage, writeOps } from './draftStorage';

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
  /** Why the draft is not saved in the browser (quota, a failed read): it lives only until the page is closed. */
  readonly unsaved: string | null;
}

export const draftStore = createStore<DraftState>(() => ({ localId: null, ops: [], message: '', committing: false, conflicts: [], error: null, unsaved: null }));

/** The pond whose saved draft has been read (nothing is written for a pond before that). */
let loadedFor: string | null = null;

/**
 * Loads the saved draft of a pond (when the open pond changes). Operations added while it loads are kept,
 * after the saved ones.
 */
export async function loadDraft(localId: string): Promise<void> {
  loadedFor = null;
  draftStore.setState({ localId, ops: [], message: '', conflicts: [], error: null, committing: false, unsaved: null });
  let saved: SavedDraft;
  try {
    saved = await readDraft(localId);
  } catch (error) {
    if (draftStore.getState().localId !== localId) return;
    // Nothing is written over a draft that could not be read: it may still be there for the next load.
    draftStore.setState({ unsaved: `The saved draft of this pond could not be read (${describe(error)}); changes made now are kept only until the page is closed.` });
    return;
  }
  const current = draftStore.getState();
  if (current.localId !== localId) return;
  loadedFor = localId;
  draftStore.setState({ ops: [...saved.ops, ...current.ops], message: current.message === '' ? saved.message : current.message });
  if (current.ops.length > 0) persist('ops');
  if (current.message !== '') persist('message');
}

type Part = 'ops' | 'message';
const pending = new Set<Part>();
let writing = false;

/**
 * Saves a part of the draft in the background. Writes never overlap and coalesce: while one runs, later
 * changes wait and the newest state is written once. A failure (quota) keeps the draft in memory and says so.
 */
function persist(part: Part): void {
  pending.add(part);
  if (!writing) void flush();
}

async function flush(): Promise<void> {
  writing = true;
  while (pending.size > 0) {
    const parts = [...pending];
    pending.clear();
    const { localId, ops, message } = draftStore.getState();
    if (localId === null || loadedFor !== localId) break;
    let unsaved: string | null = null;
    try {
      for (const part of parts) await (part === 'ops' ? writeOps(localId, ops) : writeMessage(localId, message));
    } catch (error) {
      unsaved = `This draft could not be saved in the browser (${describe(error)}); it is kept only until the page is closed: commit it to keep it.`;
    }
    if (draftStore.getState().localId === localId && draftStore.getState().unsaved !== unsaved) draftStore.setState({ unsaved });
  }
  writing = false;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export function addOp(op: DraftOp): void {
  addOps([op]);
}

/** Adds many operations as one change: one render and one save for a whole batch of copied-in files. */
export function addOps(ops: readonly DraftOp[]): void {
  draftStore.setState((s) => ({ ops: [...s.ops, ...ops], conflicts: [], error: null }));
  persist('ops');
}

export function removeOp(index: number): void {
  draftStore.setState((s) => ({ ops: s.ops.filter((_, i) => i !== index), conflicts: [] }));
  persist('ops');
}

export function setMessage(message: string): void {
  draftStore.setState({ message });
  persist('message');
}

export function discardDraft(): void {
  draftStore.setState({ ops: [], message: '', conflicts: [], error: null });
  persist('ops');
  persist('message');
}

/** Commits the draft as one transaction; on conflict the draft stays, with the operations that no longer apply. */
export async function commitDraft(): Promise<CommitMeta | null> {
  const { ops, message } = draftStore.getState();
  if (ops.length === 0) return null;
  draftStore.setState({ committing: true, conflicts: [], error: null });
  try {
    const meta = await engine().call('apply', { origin: `app: commit of ${ops.length} change${ops.length === 1 ? '' : 's'}`, ops: [...ops], ...(message.trim() === '' ? {} : { message: message.trim() }) });
    draftStore.setState({ ops: [], message: '', committing: false });
    persist('ops');
    persist('message');
    return meta;
  } catch (error) {
    const conflicts = error instanceof EngineError ? (error.details?.conflicts ?? []) : [];
    draftStore.setState({ committing: false, conflicts, error: (error as Error).message });
    return null;
  }
}
