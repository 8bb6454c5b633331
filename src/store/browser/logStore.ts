import type { IDBPTransaction, StoreNames } from 'idb';
import { PondError } from '../../errors';
import {
  blobNotFound,
  checkRange,
  checkTxnSeq,
  checkpointNotFound,
  commitExists,
  commitNotFound,
  controlRecordToStore,
  firstMissingSeq,
  toMetaValue,
} from '../logRules';
import type { LogStore } from '../ports';
import type { CommitMeta, CommitWrite, ControlRecord, StoredCommit, StoredControlRecord } from '../records';
import { Connection, type ConnectionEvents } from './connection';
import { settleWrite } from './idbWrite';
import { pondDatabaseName } from './names';
import { POND_SCHEMA_VERSION, type PondSchema, upgradePond } from './pondSchema';

type Store = StoreNames<PondSchema>;

/** One pond's durable bytes in its own IndexedDB database (SPEC §4.2). */
export class BrowserLogStore implements LogStore {
  private constructor(
    private readonly connection: Connection<PondSchema>,
    readonly localId: string,
  ) {}

  /** Opens (creating if new) the database of the pond with this local id. */
  static async open(localId: string, events: ConnectionEvents = {}): Promise<BrowserLogStore> {
    const connection = await Connection.open<PondSchema>(pondDatabaseName(localId), POND_SCHEMA_VERSION, upgradePond, events);
    return new BrowserLogStore(connection, localId);
  }

  async appendCommit(commit: CommitWrite): Promise<void> {
    const { txnSeq } = commit.meta;
    checkTxnSeq(txnSeq);
    // Everything that is not an IndexedDB request happens before the transaction opens: awaiting anything
    // else inside it would let it auto-commit half-written (SPEC §4.2).
    const log = compact(commit.log);
    const blobs = [...commit.blobs].map(([hash, bytes]) => [hash, compact(bytes)] as const);
    const control = commit.control.map(toStore);
    await this.write(
      ['commits', 'logs', 'blobs', 'control'],
      `commit ${txnSeq}`,
      (tx) => [
        // `add`, not `put`: a second writer that got past the lock still cannot overwrite a commit.
        tx.objectStore('commits').add(commit.meta),
        tx.objectStore('logs').add(log, txnSeq),
        ...blobs.map(async ([hash, bytes]) => {
          const store = tx.objectStore('blobs');
          if ((await store.getKey(hash)) === undefined) await store.put(bytes, hash);
        }),
        ...control.map((record) => tx.objectStore('control').add(record)),
      ],
      // `strict`: a commit reported done must survive a crash or power loss, not sit in an OS buffer.
      { conflict: () => commitExists(txnSeq), durability: 'strict' },
    );
  }

  async appendControl(records: readonly ControlRecord[]): Promise<void> {
    const control = records.map(toStore);
    await this.write(['control'], 'control records', (tx) => control.map((record) => tx.store.add(record)));
  }

  async lastTxnSeq(): Promise<number> {
    const cursor = await this.transaction(['commits'], 'readonly').store.openKeyCursor(null, 'prev');
    return cursor === null ? 0 : cursor.key;
  }

  async readCommits(from: number, to: number): Promise<StoredCommit[]> {
    this.checkOpen();
    if (!checkRange(from, to)) return [];
    const range = IDBKeyRange.bound(from, to);
    const tx = this.transaction(['commits', 'logs'], 'readonly');
    const [metas, logs] = await Promise.all([
      tx.objectStore('commits').getAll(range),
      tx.objectStore('logs').getAll(range),
      tx.done,
    ]);
    const missing = firstMissingSeq(metas.map((meta) => meta.txnSeq), from, to);
    if (missing !== null) throw commitNotFound(missing);
    // Both stores are written by the same transaction, so equal counts over a full range mean equal keys.
    if (logs.length !== metas.length) {
      throw new PondError('Corrupt', `commits ${from}..${to}: ${metas.length} metadata but ${logs.length} log records`);
    }
    return metas.map((meta, i) => ({ meta, log: logs[i] as Uint8Array }));
  }

  async readCommitMetas(from: number, to: number): Promise<CommitMeta[]> {
    this.checkOpen();
    if (!checkRange(from, to)) return [];
    return this.transaction(['commits'], 'readonly').store.getAll(IDBKeyRange.bound(from, to));
  }

  async deleteCommitsBefore(txnSeq: number): Promise<void> {
    checkTxnSeq(txnSeq);
    const before = IDBKeyRange.upperBound(txnSeq, true);
    // One transaction: the commits, their log records and their control records go together or not at all.
    await this.write(['commits', 'logs', 'control'], `history before txn ${txnSeq}`, (tx) => [
      tx.objectStore('commits').delete(before),
      tx.objectStore('logs').delete(before),
      (async () => {
        const control = tx.objectStore('control');
        const keys = await control.index('txnSeq').getAllKeys(before);
        await Promise.all(keys.map((key) => control.delete(key)));
      })(),
    ]);
  }

  async getBlob(hash: string): Promise<Uint8Array> {
    const bytes = await this.transaction(['blobs'], 'readonly').store.get(hash);
    if (bytes === undefined) throw blobNotFound(hash);
    return bytes;
  }

  async *readBlobPieces(hash: string, _buffer: Uint8Array): AsyncIterable<Uint8Array> {
    // IndexedDB has no partial reads: a value comes back whole, so it is the one piece.
    yield await this.getBlob(hash);
  }

  async *readCheckpointPieces(txnSeq: number, _buffer: Uint8Array): AsyncIterable<Uint8Array> {
    yield await this.readCheckpoint(txnSeq); // whole, as readBlobPieces
  }

  async hasBlob(hash: string): Promise<boolean> {
    return (await this.transaction(['blobs'], 'readonly').store.getKey(hash)) !== undefined;
  }

  async listBlobs(): Promise<string[]> {
    return this.transaction(['blobs'], 'readonly').store.getAllKeys();
  }

  async deleteBlobs(hashes: readonly string[]): Promise<void> {
    await this.write(['blobs'], 'blob deletions', (tx) => hashes.map((hash) => tx.store.delete(hash)));
  }

  async readControl(filter: { txnSeq?: number } = {}): Promise<StoredControlRecord[]> {
    const { txnSeq } = filter;
    if (txnSeq !== undefined) checkTxnSeq(txnSeq);
    const store = this.transaction(['control'], 'readonly').store;
    // Index order is (txnSeq, primary key), so one txn's records also come back in append order.
    return txnSeq === undefined ? store.getAll() : store.index('txnSeq').getAll(txnSeq);
  }

  async writeCheckpoint(txnSeq: number, bytes: Uint8Array): Promise<void> {
    checkTxnSeq(txnSeq);
    const stored = compact(bytes);
    await this.write(['checkpoints'], `checkpoint ${txnSeq}`, (tx) => [tx.store.put(stored, txnSeq)]);
  }

  async readCheckpoint(txnSeq: number): Promise<Uint8Array> {
    checkTxnSeq(txnSeq);
    const bytes = await this.transaction(['checkpoints'], 'readonly').store.get(txnSeq);
    if (bytes === undefined) throw checkpointNotFound(txnSeq);
    return bytes;
  }

  async listCheckpoints(): Promise<number[]> {
    return this.transaction(['checkpoints'], 'readonly').store.getAllKeys();
  }

  async deleteCheckpoints(txnSeqs: readonly number[]): Promise<void> {
    txnSeqs.forEach(checkTxnSeq);
    await this.write(['checkpoints'], 'checkpoint deletions', (tx) => txnSeqs.map((seq) => tx.store.delete(seq)));
  }

  async readMeta<T>(key: string): Promise<T | null> {
    const value: unknown = await this.transaction(['meta'], 'readonly').store.get(key);
    return value === undefined ? null : (value as T);
  }

  async writeMeta(key: string, value: unknown): Promise<void> {
    const stored = toMetaValue(key, value);
    await this.write(['meta'], `meta '${key}'`, (tx) => [tx.store.put(stored, key)]);
  }

  close(): void {
    this.connection.close();
  }

  /** One readwrite transaction over `stores`, made of `requests`, settled by `settleWrite`. */
  private async write<const S extends Store[]>(
    stores: S,
    what: string,
    requests: (tx: IDBPTransaction<PondSchema, S, 'readwrite'>) => Promise<unknown>[],
    options: { conflict?: () => PondError; durability?: 'strict' } = {},
  ): Promise<void> {
    const tx = this.connection.database().transaction(stores, 'readwrite', { durability: options.durability ?? 'default' });
    await settleWrite(tx, () => requests(tx), what, options.conflict);
  }

  private transaction<const S extends Store[]>(stores: S, mode: 'readonly'): IDBPTransaction<PondSchema, S, 'readonly'> {
    return this.connection.database().transaction(stores, mode);
  }

  /** Fails like every other call once closed, also where a call would otherwise return without a transaction. */
  private checkOpen(): void {
    this.connection.database();
  }
}

/**
 * A control record for `add`. The cast is the key generator's doing: the store's key path is `seq`, which
 * IndexedDB fills in on `add`, so what is read back is a StoredControlRecord.
 */
function toStore(record: ControlRecord): StoredControlRecord {
  return controlRecordToStore(record) as StoredControlRecord;
}

/**
 * `bytes` itself when it spans its whole buffer, else a copy of the view: structured clone stores a view's
 * entire underlying buffer. (No defensive copy otherwise: IndexedDB copies on write and on read.)
 */
function compact(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}
