/**
 * Names of every browser resource. Ponds are keyed by their stable local id, never by their name (which
 * can change) nor by their pond id (which a mirror shares with its source) — SPEC §4.2.
 */

export const CATALOG_DATABASE = 'duckpond:catalog';
export const SECRETS_DATABASE = 'duckpond:secrets';

export const pondDatabaseName = (localId: string): string => `duckpond:pond:${localId}`;
export const lockName = (localId: string): string => `duckpond:lock:${localId}`;
export const changeChannelName = (localId: string): string => `duckpond:changes:${localId}`;

/**
 * Prefix of the lock whose name carries the current holder's label (see `WebLockWriteLock`). The local id
 * is encoded so that one pond's prefix can never be the start of another's.
 */
export const holderLockPrefix = (localId: string): string => `duckpond:lock-holder:${encodeURIComponent(localId)}:`;
