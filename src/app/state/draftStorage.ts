import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { DraftOp } from '../engine/protocol';

/**
 * Where a pond's draft is kept between page loads: its own IndexedDB database beside the ponds'.
 * IndexedDB stores bytes as they are (structured clone) and has the pond's quota, where localStorage held a
 * few MB of base64 text: a draft with big copied-in files now survives a reload. Operations and the message
 * are separate records, so typing a commit message does not rewrite a draft's file contents.
 */
export interface SavedDraft {
  readonly ops: readonly DraftOp[];
  readonly message: string;
}

interface DraftDB extends DBSchema {
  ops: { key: string; value: readonly DraftOp[] };
  messages: { key: string; value: string };
}

const DATABASE = 'duckpond-drafts';
/** Where drafts were kept before (read once, moved here, then removed). */
const LEGACY_KEY = (localId: string): string => `duckpond:draft:${localId}`;

let database: Promise<IDBPDatabase<DraftDB>> | null = null;

function db(): Promise<IDBPDatabase<DraftDB>> {
  database ??= openDB<DraftDB>(DATABASE, 1, {
    upgrade(upgrading) {
      upgrading.createObjectStore('ops');
      upgrading.createObjectStore('messages');
    },
  });
  return database;
}

/** The saved draft of a pond (empty when there is none), moving one saved by an older version out of localStorage. */
export async function readDraft(localId: string): Promise<SavedDraft> {
  const legacy = readLegacy(localId);
  if (legacy !== null) {
    await writeOps(localId, legacy.ops);
    await writeMessage(localId, legacy.message);
    localStorage.removeItem(LEGACY_KEY(localId));
    return legacy;
  }
  const tx = (await db()).transaction(['ops', 'messages']);
  const [ops, message] = await Promise.all([tx.objectStore('ops').get(localId), tx.objectStore('messages').get(localId), tx.done]);
  return { ops: ops ?? [], message: message ?? '' };
}

/** Saves a pond's draft operations (none: the record is removed). */
export async function writeOps(localId: string, ops: readonly DraftOp[]): Promise<void> {
  const store = (await db()).transaction('ops', 'readwrite').objectStore('ops');
  await (ops.length === 0 ? store.delete(localId) : store.put([...ops], localId));
}

/** Saves a pond's draft commit message (empty: the record is removed). */
export async function writeMessage(localId: string, message: string): Promise<void> {
  const store = (await db()).transaction('messages', 'readwrite').objectStore('messages');
  await (message === '' ? store.delete(localId) : store.put(message, localId));
}

/** Forgets a deleted pond's draft. */
export async function deleteDraft(localId: string): Promise<void> {
  localStorage.removeItem(LEGACY_KEY(localId));
  await writeOps(localId, []);
  await writeMessage(localId, '');
}

/** A draft as localStorage held it: JSON, with file bytes as base64. */
type LegacyOp = DraftOp | (Omit<Extract<DraftOp, { op: 'write' }>, 'content'> & { readonly base64: string });

function readLegacy(localId: string): SavedDraft | null {
  const saved = localStorage.getItem(LEGACY_KEY(localId));
  if (saved === null) return null;
  const parsed = JSON.parse(saved) as { ops: LegacyOp[]; message: string };
  const ops = parsed.ops.map((op): DraftOp => {
    if (!('base64' in op)) return op;
    const { base64, ...rest } = op;
    return { ...rest, content: Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)) };
  });
  return { ops, message: parsed.message };
}
