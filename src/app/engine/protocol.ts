import type { ErrorKind } from '../../errors';
import type { CommitMeta } from '../../store/records';

/**
 * The typed message API between the UI thread and the engine worker. The UI never touches IndexedDB,
 * hashes or encodes: it sends these requests and receives responses and change events.
 */

/** One operation of a write transaction (the draft operations grow with the steward). */
export type EngineStep =
  | { readonly op: 'mkdir'; readonly path: string; readonly parents?: boolean }
  /** Creates the file, or appends a version when it exists. */
  | { readonly op: 'write'; readonly path: string; readonly content: Uint8Array | string; readonly entryType?: 'file:physical:version' | 'file:physical:series' }
  | { readonly op: 'symlink'; readonly path: string; readonly target: string }
  | { readonly op: 'rm'; readonly path: string; readonly recursive?: boolean }
  | { readonly op: 'mv'; readonly from: string; readonly to: string };

export interface ListedEntry {
  readonly path: string;
  readonly entryType: string;
}

/** Requests and the response each one gets. */
export interface EngineCalls {
  /** Opens (or creates) the pond with this local id in this browser. */
  open: { request: { localId: string; create: boolean; birthplace?: string }; response: { pondId: string; txnSeq: number } };
  /** Runs the steps as one write transaction; null when nothing changed. */
  apply: { request: { origin: string; steps: EngineStep[]; message?: string }; response: CommitMeta | null };
  read: { request: { path: string; asOf?: number }; response: Uint8Array };
  list: { request: { pattern: string; asOf?: number }; response: ListedEntry[] };
  status: { request: Record<string, never>; response: { pondId: string; txnSeq: number } };
  history: { request: { from: number; to: number }; response: CommitMeta[] };
  verify: { request: Record<string, never>; response: { problems: string[]; commits: number; blobs: number; checkpoints: number } };
}

export type EngineMethod = keyof EngineCalls;

export interface RequestMessage<M extends EngineMethod = EngineMethod> {
  readonly id: number;
  readonly method: M;
  readonly params: EngineCalls[M]['request'];
}

/** An error crossing the worker boundary keeps its kind and message. */
export interface WireError {
  readonly kind: ErrorKind | 'Internal';
  readonly message: string;
}

export type ResponseMessage =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: WireError };

/** Pushed by the engine without a request. */
export type EngineEvent = { readonly event: 'commit'; readonly txnSeq: number; readonly origin: 'here' | 'elsewhere' };

export type WorkerMessage = ResponseMessage | EngineEvent;
