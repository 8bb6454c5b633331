import type { ChangeEvent } from './ports';

/**
 * True when `value` is a well-formed change event. Messages arrive from other tabs, which may run another
 * version of the app, so they are checked before listeners see them.
 */
export function isChangeEvent(value: unknown): value is ChangeEvent {
  if (typeof value !== 'object' || value === null) return false;
  const { pond, txnSeq } = value as Record<string, unknown>;
  return typeof pond === 'string' && pond !== '' && Number.isSafeInteger(txnSeq) && (txnSeq as number) >= 1;
}

/** A change event with exactly its own fields, as a new object (never shared between tabs or listeners). */
export function copyChangeEvent(event: ChangeEvent): ChangeEvent {
  return { pond: event.pond, txnSeq: event.txnSeq };
}
