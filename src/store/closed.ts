import { PondError } from '../errors';

/**
 * Use of a store, notifier or catalog after `close()` (or after another tab deleted its database). No error
 * kind says "closed"; `Unsupported` is the nearest: the operation cannot be done on this object any more.
 */
export function closedError(what: string): PondError {
  return new PondError('Unsupported', `${what} is closed`);
}
