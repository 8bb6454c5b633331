import { PondError } from '../errors';
import type { ControlRecord, StoredControlRecord } from './records';

/**
 * The rules every `LogStore` implementation shares (memory, IndexedDB, directory): argument checks, the
 * shape of its errors and its copying conventions, so the implementations cannot drift apart.
 */

/** Throws `InvalidArgument` unless `txnSeq` is a positive safe integer (`init` is 1). */
export function checkTxnSeq(txnSeq: number): void {
  if (!Number.isSafeInteger(txnSeq) || txnSeq < 1) {
    throw new PondError('InvalidArgument', `txn_seq must be a positive integer, got ${txnSeq}`);
  }
}

/**
 * Checks an inclusive range of txn seqs; false when it is empty. `from > to` is empty rather than an error
 * because "the commits after the latest checkpoint" is naturally `last + 1 .. last`. `to` may be 0 (an
 * empty store's `lastTxnSeq`).
 */
export function checkRange(from: number, to: number): boolean {
  checkTxnSeq(from);
  if (!Number.isSafeInteger(to) || to < 0) {
    throw new PondError('InvalidArgument', `txn_seq range end must be a non-negative integer, got ${to}`);
  }
  return from <= to;
}

/** The first seq of `from..to` that is not in `found` (ascending, within the range), or null. */
export function firstMissingSeq(found: readonly number[], from: number, to: number): number | null {
  if (found.length === to - from + 1) return null;
  let expected = from;
  for (const seq of found) {
    if (seq !== expected) return expected;
    expected++;
  }
  return expected;
}

export function commitExists(txnSeq: number): PondError {
  return new PondError('Conflict', `txn_seq ${txnSeq} already exists`);
}

export function commitNotFound(txnSeq: number): PondError {
  return new PondError('NotFound', `commit ${txnSeq}`);
}

export function blobNotFound(hash: string): PondError {
  return new PondError('NotFound', `blob ${hash}`);
}

export function checkpointNotFound(txnSeq: number): PondError {
  return new PondError('NotFound', `checkpoint ${txnSeq}`);
}

/**
 * A control record as it is handed to storage: a deep copy without any `seq` it carried (a record read from
 * another pond still has one), because the store numbers records in its own append order.
 */
export function controlRecordToStore(record: ControlRecord): ControlRecord {
  const { seq: _ignored, ...rest } = record as ControlRecord & Partial<Pick<StoredControlRecord, 'seq'>>;
  return structuredClone(rest);
}

/**
 * The JSON value a meta entry stores, as a fresh copy. Both stores keep exactly what JSON can carry, so a
 * value reads back the same from memory and from IndexedDB (which would otherwise keep Dates, Maps, …).
 */
export function toMetaValue(key: string, value: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new PondError('InvalidArgument', `meta '${key}' is not JSON-serializable`, { cause });
  }
  if (text === undefined) throw new PondError('InvalidArgument', `meta '${key}' is not JSON-serializable`);
  return JSON.parse(text);
}

/**
 * The size of the buffer a pass over every blob reads them through (`LogStore.readBlobPieces`; the pond
 * file's blob members too): large enough that a piece costs few system calls, small beside a memory budget.
 */
export const BLOB_PIECE_BYTES = 256 * 1024;

/**
 * A compact copy of `bytes`. Also used before IndexedDB writes: structured clone of a view clones its
 * whole underlying buffer, so storing a small `subarray` of a large buffer would store the large buffer.
 */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  return bytes.slice();
}
