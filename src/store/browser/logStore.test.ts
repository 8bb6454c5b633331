import 'fake-indexeddb/auto';
import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logStoreContract } from '../logStore.contract';
import { bytes, commitWrite, control, rejection } from '../testing';
import { BrowserLogStore } from './logStore';
import { pondDatabaseName } from './names';

let next = 0;
/** A fresh pond database per test (fake-indexeddb keeps databases for the whole file). */
const freshId = (): string => `test-${++next}`;

logStoreContract('BrowserLogStore', () => BrowserLogStore.open(freshId()));

/** Shape of fake-indexeddb's transaction internals that `injectQuotaError` reaches into. */
interface FakeTransaction {
  _state: string;
  _requests: { request: unknown; operation: () => unknown }[];
  _start(): void;
  _abort(errorName: string | null): void;
}

const restores: (() => void)[] = [];
afterEach(() => {
  for (const restore of restores.splice(0)) restore();
});

/**
 * Makes the next write to `storeName` fail with QuotaExceededError the two ways browsers report it: the
 * write request itself fails (`request`), or every request succeeds and the transaction aborts when it
 * commits (`commit`). There is no public way to make fake-indexeddb run out of space, so this reaches into
 * its internals (`_requests`, `_start`, `_abort`); a fake-indexeddb upgrade may need this adjusted.
 */
function injectQuotaError(where: 'request' | 'commit', storeName: string): void {
  const proto = IDBObjectStore.prototype;
  const originals = { put: proto.put, add: proto.add };
  const restore = () => Object.assign(proto, originals);
  restores.push(restore);
  for (const method of ['put', 'add'] as const) {
    proto[method] = function (this: IDBObjectStore, ...args: [unknown, IDBValidKey?]) {
      const request = originals[method].apply(this, args);
      if (this.name !== storeName) return request;
      restore();
      const tx = this.transaction as unknown as FakeTransaction;
      if (where === 'request') {
        const entry = tx._requests.find((r) => r.request === request);
        if (entry === undefined) throw new Error('injectQuotaError: request not queued');
        entry.operation = () => {
          throw new DOMException('quota exceeded (injected)', 'QuotaExceededError');
        };
      } else {
        const start = tx._start.bind(tx);
        tx._start = () => {
          if (tx._requests.length === 0 && tx._state !== 'finished') tx._abort('QuotaExceededError');
          else start();
        };
      }
      return request;
    };
  }
}

describe('BrowserLogStore on IndexedDB', () => {
  it('keeps one database per pond, named by its local id', async () => {
    const a = await BrowserLogStore.open('pond-a');
    const b = await BrowserLogStore.open('pond-b');
    await a.appendCommit(commitWrite(1));
    expect(await b.lastTxnSeq()).toBe(0);
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['duckpond:pond:pond-a', 'duckpond:pond:pond-b']));
    a.close();
    b.close();
    // Reopening finds what was written.
    const again = await BrowserLogStore.open('pond-a');
    expect(await again.lastTxnSeq()).toBe(1);
    again.close();
  });

  it('declares the object stores of SPEC §4.2', async () => {
    const store = await BrowserLogStore.open('layout');
    store.close();
    const db = await openDB(pondDatabaseName('layout'));
    expect([...db.objectStoreNames]).toEqual(['blobs', 'checkpoints', 'commits', 'control', 'logs', 'meta']);
    const control = db.transaction('control').store;
    expect([control.keyPath, control.autoIncrement, [...control.indexNames]]).toEqual(['seq', true, ['txnSeq']]);
    db.close();
  });

  it('never overwrites a commit, even when a blob would have been new', async () => {
    const store = await BrowserLogStore.open(freshId());
    await store.appendCommit(commitWrite(1, { log: bytes(1) }));
    // `add` is the safety net: the refused commit's own writes are rolled back with it.
    const error = await rejection(store.appendCommit(commitWrite(1, { log: bytes(2), blobs: { new: bytes(3) } })));
    expect(error.kind).toBe('Conflict');
    expect([...((await store.readCommits(1, 1))[0]?.log ?? [])]).toEqual([1]);
    expect(await store.listBlobs()).toEqual([]);
    store.close();
  });

  it('refuses a commit when either its metadata or its log record already exists', async () => {
    // Not reachable through the port (both are written together); emulates a damaged or half-pruned pond,
    // to show that each of the two writes is put-if-absent on its own.
    for (const orphan of ['commits', 'logs'] as const) {
      const localId = freshId();
      const store = await BrowserLogStore.open(localId);
      await store.appendCommit(commitWrite(1, { log: bytes(1) }));
      const raw = await openDB(pondDatabaseName(localId));
      await raw.delete(orphan === 'commits' ? 'logs' : 'commits', 1);
      raw.close();
      const error = await rejection(store.appendCommit(commitWrite(1, { log: bytes(2), meta: { origin: 'other' } })));
      expect([orphan, error.kind]).toEqual([orphan, 'Conflict']);
      const check = await openDB(pondDatabaseName(localId));
      expect([orphan, await check.count('commits'), await check.count('logs')]).toEqual(
        orphan === 'commits' ? [orphan, 1, 0] : [orphan, 0, 1],
      );
      expect(await check.get(orphan, 1)).toEqual(orphan === 'commits' ? commitWrite(1).meta : bytes(1));
      check.close();
      store.close();
    }
  });

  it('reports a commit whose log record is missing as Corrupt', async () => {
    const localId = freshId();
    const store = await BrowserLogStore.open(localId);
    for (const seq of [1, 2]) await store.appendCommit(commitWrite(seq));
    const raw = await openDB(pondDatabaseName(localId));
    await raw.delete('logs', 2);
    raw.close();
    const error = await rejection(store.readCommits(1, 2));
    expect([error.kind, error.message]).toEqual(['Corrupt', 'Corrupt: commits 1..2: 2 metadata but 1 log records']);
    expect(await store.readCommits(1, 1)).toHaveLength(1);
    store.close();
  });

  describe('quota', () => {
    for (const where of ['request', 'commit'] as const) {
      it(`maps QuotaExceededError on the ${where} to StorageFull and leaves the pond unchanged`, async () => {
        const store = await BrowserLogStore.open(freshId());
        await store.appendCommit(commitWrite(1, { blobs: { aa: bytes(1) } }));
        await store.writeCheckpoint(1, bytes(1));

        injectQuotaError(where, 'blobs');
        const error = await rejection(
          store.appendCommit(commitWrite(2, { blobs: { bb: bytes(2) }, control: [control('data_committed', 2)] })),
        );
        expect(error.kind).toBe('StorageFull');
        expect(error.message).toBe('StorageFull: browser storage quota exceeded while writing commit 2');
        expect((error.cause as DOMException).name).toBe('QuotaExceededError');

        expect(await store.lastTxnSeq()).toBe(1);
        expect(await store.readCommitMetas(1, 2)).toHaveLength(1);
        expect(await store.listBlobs()).toEqual(['aa']);
        expect((await store.readControl()).map((r) => r.txnSeq)).toEqual([1]);
        // The failure was one transaction's: the next write goes through.
        await store.appendCommit(commitWrite(2));
        expect(await store.lastTxnSeq()).toBe(2);
        store.close();
      });
    }

    it('maps quota on small writes too (checkpoints, meta)', async () => {
      const store = await BrowserLogStore.open(freshId());
      injectQuotaError('request', 'checkpoints');
      expect((await rejection(store.writeCheckpoint(3, bytes(1)))).kind).toBe('StorageFull');
      expect(await store.listCheckpoints()).toEqual([]);
      injectQuotaError('commit', 'meta');
      expect((await rejection(store.writeMeta('identity', { a: 1 }))).kind).toBe('StorageFull');
      expect(await store.readMeta('identity')).toBeNull();
      store.close();
    });
  });

  describe('other connections', () => {
    it('closes itself when another tab deletes the database, and then refuses calls', async () => {
      const localId = freshId();
      const onVersionChange = vi.fn();
      const store = await BrowserLogStore.open(localId, { onVersionChange });
      await store.appendCommit(commitWrite(1));
      // Would hang (blocked) if the store did not close its connection on versionchange.
      await deleteDB(pondDatabaseName(localId));
      expect(onVersionChange).toHaveBeenCalledTimes(1);
      expect((await rejection(store.lastTxnSeq())).kind).toBe('Unsupported');
    });

  });
});
