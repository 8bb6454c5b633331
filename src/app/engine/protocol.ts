import type { ErrorKind } from '../../errors';
import type { CommitMeta } from '../../store/records';
import type { DraftOp, PondEvent, RunState } from '../../steward';

/**
 * The typed message API between the UI thread and the engine worker. The UI never touches IndexedDB,
 * hashes or encodes: it sends these requests and receives responses and change events.
 */

export interface ListedEntry {
  readonly path: string;
  readonly entryType: string;
}

/** Requests and the response each one gets. */
export interface EngineCalls {
  /** Opens (or creates) the pond with this local id in this browser. */
  open: { request: { localId: string; create: boolean; birthplace?: string }; response: { pondId: string; txnSeq: number } };
  /** Applies the operations as one write transaction (a draft); null when nothing changed. */
  apply: { request: { origin: string; ops: DraftOp[]; message?: string }; response: CommitMeta | null };
  /** Post-commit and manual runs, as the control table says. */
  runs: { request: { txnSeq?: number }; response: RunState[] };
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
export type EngineEvent = { readonly event: 'pond'; readonly detail: PondEvent };

export type WorkerMessage = ResponseMessage | EngineEvent;
