import type { DBSchema, IDBPDatabase } from 'idb';
import type { CommitMeta, StoredControlRecord } from '../records';

/** The object stores of one pond's database, declared once: a wrong store name or value is a type error. */
export interface PondSchema extends DBSchema {
  /** txn_seq → commit metadata (in-line key `txnSeq`). */
  commits: { key: number; value: CommitMeta };
  /** txn_seq → the commit's log record (Arrow IPC). */
  logs: { key: number; value: Uint8Array };
  /** BLAKE3 hex → content. */
  blobs: { key: string; value: Uint8Array };
  /** txn_seq → checkpoint (Arrow IPC). */
  checkpoints: { key: number; value: Uint8Array };
  /** Append order (key generator, in-line key `seq`) → control record. */
  control: { key: number; value: StoredControlRecord; indexes: { txnSeq: number } };
  /** Small JSON values: identity, birth metadata. */
  meta: { key: string; value: unknown };
}

export const POND_SCHEMA_VERSION = 1;

/** Creates the stores of a new pond database (the only schema version so far). */
export function upgradePond(db: IDBPDatabase<PondSchema>, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore('commits', { keyPath: 'txnSeq' });
    db.createObjectStore('logs');
    db.createObjectStore('blobs');
    db.createObjectStore('checkpoints');
    db.createObjectStore('control', { keyPath: 'seq', autoIncrement: true }).createIndex('txnSeq', 'txnSeq');
    db.createObjectStore('meta');
  }
}
