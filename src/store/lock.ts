import { PondError } from '../errors';

/** The `PondLocked` error of a lock wait that timed out; `holder` null when it cannot be named. */
export function lockTimeoutError(holder: string | null, waitedMs: number): PondError {
  const by = holder === null ? 'another tab or process' : `'${holder}'`;
  return new PondError('PondLocked', `pond is locked by ${by} (waited ${waitedMs} ms)`);
}

/** Throws `InvalidArgument` unless `timeoutMs` is a non-negative finite number. */
export function checkTimeout(timeoutMs: number): void {
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
    throw new PondError('InvalidArgument', `lock timeout must be a non-negative number of ms, got ${timeoutMs}`);
  }
}
