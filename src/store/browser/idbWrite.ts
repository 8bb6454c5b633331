import { PondError } from '../../errors';

/** True when `error` is a DOMException (or anything shaped like one) named `name`. */
export function isNamedError(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}

interface WriteTransaction {
  readonly error: DOMException | null;
  readonly done: Promise<void>;
  abort(): void;
}

/**
 * Waits for a readwrite transaction and the requests issued on it, and turns failure into our kinds. On any
 * failure it first waits for the abort to finish, so the database is back as it was when the caller sees
 * the error. `requests` must issue its requests synchronously, and may await only this transaction's own
 * requests: awaiting anything else lets the transaction auto-commit half-written (SPEC §4.2).
 */
export async function settleWrite(
  tx: WriteTransaction,
  requests: () => Promise<unknown>[],
  what: string,
  conflict?: () => PondError,
): Promise<void> {
  try {
    await Promise.all([...requests(), tx.done]);
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // InvalidStateError: a failed request has already aborted it (or it committed); `done` settles either way.
    }
    await tx.done.catch(() => undefined);
    throw writeError(error, tx, what, conflict);
  }
}

/**
 * Our kind for what a failed write threw. Quota can surface on a request or only on the transaction's abort
 * (browsers often fail at commit time), so the transaction's error is checked too. `conflict` maps a
 * `ConstraintError` (an `add` over an existing key). Anything else (our own PondErrors from inside the
 * transaction, or a browser failure) is returned as it is: a guessed kind would hide what happened.
 */
function writeError(error: unknown, tx: WriteTransaction, what: string, conflict?: () => PondError): unknown {
  const causes = [tx.error, error];
  const quota = causes.find((cause) => isNamedError(cause, 'QuotaExceededError'));
  if (quota !== undefined) {
    return new PondError('StorageFull', `browser storage quota exceeded while writing ${what}`, { cause: quota });
  }
  if (conflict !== undefined && causes.some((cause) => isNamedError(cause, 'ConstraintError'))) return conflict();
  return error;
}
