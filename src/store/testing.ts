import { PondError } from '../errors';
import type { CommitMeta, CommitWrite, ControlKind, ControlRecord } from './records';

/** Test helpers shared by the store tests (imported by tests only). */

/** The PondError `promise` rejects with; fails the test when it resolves or rejects with something else. */
export async function rejection(promise: Promise<unknown>): Promise<PondError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PondError) return error;
    throw new Error(`expected a PondError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a rejection, but the promise resolved');
}

export const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

export function control(kind: ControlKind, txnSeq: number, extra: Partial<ControlRecord> = {}): ControlRecord {
  return { kind, txnSeq, time: 1_700_000_000_000 + txnSeq, ...extra };
}

export function commitMeta(txnSeq: number, extra: Partial<CommitMeta> = {}): CommitMeta {
  return {
    txnSeq,
    txnId: `0190a000-0000-7000-8000-${String(txnSeq).padStart(12, '0')}`,
    time: 1_700_000_000_000 + txnSeq,
    origin: `mkdir /d${txnSeq}`,
    summary: { added: [{ path: `/d${txnSeq}`, entryType: 'dir:physical', version: 1 }], modified: [], removed: [] },
    ...extra,
  };
}

/** A commit of `txnSeq` with a distinct log record, and the given blobs and control records. */
export function commitWrite(
  txnSeq: number,
  options: { blobs?: Record<string, Uint8Array>; control?: ControlRecord[]; log?: Uint8Array; meta?: Partial<CommitMeta> } = {},
): CommitWrite {
  return {
    meta: commitMeta(txnSeq, options.meta),
    log: options.log ?? bytes(txnSeq, txnSeq + 1, txnSeq + 2),
    blobs: new Map(Object.entries(options.blobs ?? {})),
    control: options.control ?? [control('data_committed', txnSeq)],
  };
}
