import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogStore } from './ports';
import type { StoredControlRecord } from './records';
import { bytes, commitMeta, commitWrite, control, rejection } from './testing';

/**
 * The behaviour every `LogStore` must have, run against each implementation (memory, IndexedDB, later the
 * directory store) so they stay interchangeable. `makeStore` returns a fresh, empty store per test.
 */
export function logStoreContract(name: string, makeStore: () => Promise<LogStore>): void {
  describe(`${name} (LogStore contract)`, () => {
    let store: LogStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(() => {
      store.close();
    });

    describe('commits', () => {
      it('starts empty', async () => {
        expect(await store.lastTxnSeq()).toBe(0);
        expect(await store.readCommits(1, 0)).toEqual([]);
        expect(await store.readCommitMetas(1, 10)).toEqual([]);
      });

      it('reads back appended commits by inclusive range, ascending', async () => {
        // Appended out of order: reads must still come back ascending.
        for (const seq of [2, 1, 3]) await store.appendCommit(commitWrite(seq));
        expect(await store.lastTxnSeq()).toBe(3);
        const all = await store.readCommits(1, 3);
        expect(all.map((c) => c.meta)).toEqual([commitMeta(1), commitMeta(2), commitMeta(3)]);
        expect(all.map((c) => [...c.log])).toEqual([
          [1, 2, 3],
          [2, 3, 4],
          [3, 4, 5],
        ]);
        expect((await store.readCommits(2, 3)).map((c) => c.meta.txnSeq)).toEqual([2, 3]);
        expect((await store.readCommits(2, 2)).map((c) => c.meta.txnSeq)).toEqual([2]);
        expect(await store.readCommits(4, 3)).toEqual([]);
        expect(await store.readCommitMetas(2, 9)).toEqual([commitMeta(2), commitMeta(3)]);
      });

      it('keeps the optional message and the change summary', async () => {
        const summary = {
          added: [{ path: '/a', entryType: 'file:data', version: 1 }],
          modified: [{ path: '/b', entryType: 'file:series', from: 2, to: 3 }],
          removed: [{ path: '/c', entryType: 'dir:physical', version: 4 }],
        };
        await store.appendCommit(commitWrite(1, { meta: { message: 'first', summary } }));
        const [meta] = await store.readCommitMetas(1, 1);
        expect(meta?.message).toBe('first');
        expect(meta?.summary).toEqual(summary);
      });

      it('names the first missing seq of a range, and skips gaps when reading metas', async () => {
        for (const seq of [1, 2, 4]) await store.appendCommit(commitWrite(seq));
        expect((await rejection(store.readCommits(1, 4))).message).toBe('NotFound: commit 3');
        expect((await rejection(store.readCommits(4, 6))).message).toBe('NotFound: commit 5');
        expect((await store.readCommitMetas(1, 6)).map((m) => m.txnSeq)).toEqual([1, 2, 4]);
      });

      it('deletes the commits before a txn and their control records, idempotently, keeping everything else', async () => {
        for (const seq of [1, 2, 3, 4]) {
          await store.appendCommit(commitWrite(seq, { blobs: { [`b${seq}`]: bytes(seq) }, control: [control('data_committed', seq)] }));
        }
        await store.appendControl([control('completed', 2)]);
        await store.appendControl([control('completed', 4)]);
        await store.writeCheckpoint(2, bytes(7));
        await store.deleteCommitsBefore(3);
        expect(await store.lastTxnSeq()).toBe(4);
        expect((await store.readCommits(3, 4)).map((c) => c.meta.txnSeq)).toEqual([3, 4]);
        expect((await rejection(store.readCommits(2, 4))).message).toBe('NotFound: commit 2');
        expect((await store.readCommitMetas(1, 4)).map((m) => m.txnSeq)).toEqual([3, 4]);
        expect((await store.readControl()).map((r) => [r.kind, r.txnSeq])).toEqual([
          ['data_committed', 3],
          ['data_committed', 4],
          ['completed', 4],
        ]);
        // Blobs and checkpoints are the caller's to reclaim.
        expect(await store.listBlobs()).toEqual(['b1', 'b2', 'b3', 'b4']);
        expect(await store.listCheckpoints()).toEqual([2]);
        await store.deleteCommitsBefore(3);
        expect((await store.readCommitMetas(1, 4)).map((m) => m.txnSeq)).toEqual([3, 4]);
        await store.appendCommit(commitWrite(5, { control: [control('data_committed', 5)] }));
        expect((await store.readControl()).map((r) => r.txnSeq)).toEqual([3, 4, 4, 5]);
        expect((await rejection(store.deleteCommitsBefore(0))).kind).toBe('InvalidArgument');
      });

      it('refuses a second commit of the same txn_seq and stays exactly as before', async () => {
        await store.appendCommit(commitWrite(1, { blobs: { aa: bytes(1) }, control: [control('data_committed', 1)] }));
        await store.writeCheckpoint(1, bytes(7));
        const before = await snapshot(store);
        const error = await rejection(
          store.appendCommit(
            commitWrite(1, {
              log: bytes(9, 9),
              meta: { origin: 'the other tab' },
              blobs: { aa: bytes(2), bb: bytes(3) },
              control: [control('data_committed', 1, { origin: 'the other tab' }), control('completed', 1)],
            }),
          ),
        );
        expect(error.kind).toBe('Conflict');
        expect(error.message).toBe('Conflict: txn_seq 1 already exists');
        expect(await snapshot(store)).toEqual(before);
        expect(await store.hasBlob('bb')).toBe(false);
        // Still usable afterwards, and its control records keep their append order.
        await store.appendCommit(commitWrite(2, { control: [control('data_committed', 2)] }));
        const seqs = (await store.readControl()).map((r) => r.seq);
        expect(seqs).toHaveLength(2);
        expect(seqs[1]).toBeGreaterThan(seqs[0] ?? Infinity);
      });

      it('rejects txn seqs that are not positive integers', async () => {
        expect((await rejection(store.appendCommit(commitWrite(0)))).kind).toBe('InvalidArgument');
        expect((await rejection(store.appendCommit(commitWrite(1.5)))).kind).toBe('InvalidArgument');
        expect((await rejection(store.readCommits(0, 3))).kind).toBe('InvalidArgument');
        expect((await rejection(store.readCommitMetas(1, -1))).kind).toBe('InvalidArgument');
        expect(await store.lastTxnSeq()).toBe(0);
      });
    });

    describe('blobs', () => {
      it('adds blobs with their commit, keeps an existing blob as it is, lists them sorted', async () => {
        await store.appendCommit(commitWrite(1, { blobs: { cc: bytes(1, 2, 3), aa: bytes(4) } }));
        await store.appendCommit(commitWrite(2, { blobs: { cc: bytes(9, 9, 9), bb: bytes(5) } }));
        expect([...(await store.getBlob('cc'))]).toEqual([1, 2, 3]);
        expect(await store.listBlobs()).toEqual(['aa', 'bb', 'cc']);
        expect(await store.hasBlob('bb')).toBe(true);
        expect(await store.hasBlob('zz')).toBe(false);
      });

      it('deletes blobs (absent ones are ignored) and reports a missing blob as NotFound', async () => {
        await store.appendCommit(commitWrite(1, { blobs: { aa: bytes(1), bb: bytes(2) } }));
        await store.deleteBlobs(['aa', 'zz']);
        expect(await store.listBlobs()).toEqual(['bb']);
        const error = await rejection(store.getBlob('aa'));
        expect([error.kind, error.message]).toEqual(['NotFound', 'NotFound: blob aa']);
      });

      it('reads blobs and checkpoints in pieces through a caller buffer (smaller than they are), or NotFound', async () => {
        const content = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 251);
        await store.appendCommit(commitWrite(1, { blobs: { aa: content, bb: bytes() } }));
        await store.writeCheckpoint(1, content.subarray(1));
        const read = async (pieces: AsyncIterable<Uint8Array>): Promise<number[]> => {
          const out: number[] = [];
          for await (const piece of pieces) out.push(...piece);
          return out;
        };
        const buffer = new Uint8Array(64);
        expect(await read(store.readBlobPieces('aa', buffer))).toEqual([...content]);
        expect(await read(store.readBlobPieces('bb', buffer))).toEqual([]);
        expect(await read(store.readCheckpointPieces(1, buffer))).toEqual([...content.subarray(1)]);
        const error = await rejection(read(store.readBlobPieces('zz', buffer)));
        expect([error.kind, error.message]).toEqual(['NotFound', 'NotFound: blob zz']);
        expect((await rejection(read(store.readCheckpointPieces(2, buffer)))).kind).toBe('NotFound');
      });
    });

    describe('control records', () => {
      it('keeps append order across appendControl and appendCommit, and filters by txn_seq', async () => {
        await store.appendControl([control('begin', 1)]);
        await store.appendCommit(commitWrite(1, { control: [control('data_committed', 1), control('post_commit_pending', 1)] }));
        await store.appendControl([control('completed', 1), control('begin', 2)]);
        await store.appendControl([control('failed', 2, { errorMessage: 'boom', log: ['a', 'b'] })]);

        const all = await store.readControl();
        expect(all.map((r) => `${r.kind}@${r.txnSeq}`)).toEqual([
          'begin@1',
          'data_committed@1',
          'post_commit_pending@1',
          'completed@1',
          'begin@2',
          'failed@2',
        ]);
        expect(isAscending(all.map((r) => r.seq))).toBe(true);
        expect(all[5]).toMatchObject({ errorMessage: 'boom', log: ['a', 'b'] });

        const second = await store.readControl({ txnSeq: 2 });
        expect(second.map((r) => r.kind)).toEqual(['begin', 'failed']);
        expect(second.map((r) => r.seq)).toEqual([all[4]?.seq, all[5]?.seq]);
        expect(await store.readControl({ txnSeq: 9 })).toEqual([]);
        expect((await rejection(store.readControl({ txnSeq: 0 }))).kind).toBe('InvalidArgument');
      });

      it('numbers a record itself, even one that carries a seq from another store', async () => {
        await store.appendControl([control('begin', 1), control('begin', 2)]);
        const foreign: StoredControlRecord = { ...control('setting', 2, { key: 'k', value: 'v' }), seq: 1 };
        await store.appendControl([foreign]);
        const all = await store.readControl();
        expect(all.map((r) => r.kind)).toEqual(['begin', 'begin', 'setting']);
        expect(new Set(all.map((r) => r.seq)).size).toBe(3);
        expect(isAscending(all.map((r) => r.seq))).toBe(true);
      });
    });

    describe('checkpoints', () => {
      it('writes, overwrites, lists ascending, reads and deletes', async () => {
        await store.writeCheckpoint(20, bytes(2, 0));
        await store.writeCheckpoint(5, bytes(5));
        await store.writeCheckpoint(10, bytes(1, 0));
        expect(await store.listCheckpoints()).toEqual([5, 10, 20]);
        await store.writeCheckpoint(10, bytes(1, 0, 0));
        expect([...(await store.readCheckpoint(10))]).toEqual([1, 0, 0]);
        await store.deleteCheckpoints([5, 7]);
        expect(await store.listCheckpoints()).toEqual([10, 20]);
        const error = await rejection(store.readCheckpoint(5));
        expect([error.kind, error.message]).toEqual(['NotFound', 'NotFound: checkpoint 5']);
      });

      it('rejects a checkpoint seq that is not a positive integer', async () => {
        expect((await rejection(store.writeCheckpoint(0, bytes(1)))).kind).toBe('InvalidArgument');
        expect((await rejection(store.readCheckpoint(Number.NaN))).kind).toBe('InvalidArgument');
        expect((await rejection(store.deleteCheckpoints([1, -2]))).kind).toBe('InvalidArgument');
        expect(await store.listCheckpoints()).toEqual([]);
      });
    });

    describe('meta', () => {
      it('stores JSON values; absent keys read as null', async () => {
        const identity = { pondId: 'p-1', birth: { host: 'tab', time: 5 }, tags: ['a'] };
        await store.writeMeta('identity', identity);
        expect(await store.readMeta('identity')).toEqual(identity);
        await store.writeMeta('identity', { pondId: 'p-2' });
        expect(await store.readMeta('identity')).toEqual({ pondId: 'p-2' });
        expect(await store.readMeta('absent')).toBeNull();
      });

      it('keeps exactly what JSON carries, and refuses what JSON cannot', async () => {
        await store.writeMeta('when', { at: new Date(0), skip: undefined });
        expect(await store.readMeta('when')).toEqual({ at: '1970-01-01T00:00:00.000Z' });
        expect((await rejection(store.writeMeta('bad', undefined))).kind).toBe('InvalidArgument');
        expect((await rejection(store.writeMeta('big', 1n))).kind).toBe('InvalidArgument');
        expect(await store.readMeta('bad')).toBeNull();
      });
    });

    describe('copies', () => {
      it('is not changed by mutating buffers and records passed in', async () => {
        const log = bytes(1, 1);
        const blob = bytes(2, 2);
        const checkpoint = bytes(3, 3);
        const write = commitWrite(1, { log, blobs: { aa: blob } });
        await store.appendCommit(write);
        await store.writeCheckpoint(1, checkpoint);
        const identity = { name: 'before' };
        await store.writeMeta('identity', identity);
        log.fill(0);
        blob.fill(0);
        checkpoint.fill(0);
        identity.name = 'after';
        (write.meta.summary.added as unknown[]).length = 0;
        (write.control[0] as { kind: string }).kind = 'failed';

        const [commit] = await store.readCommits(1, 1);
        expect([...(commit?.log ?? [])]).toEqual([1, 1]);
        expect(commit?.meta).toEqual(commitMeta(1));
        expect([...(await store.getBlob('aa'))]).toEqual([2, 2]);
        expect([...(await store.readCheckpoint(1))]).toEqual([3, 3]);
        expect(await store.readMeta('identity')).toEqual({ name: 'before' });
        expect((await store.readControl()).map((r) => r.kind)).toEqual(['data_committed']);
      });

      it('is not changed by mutating what it returned', async () => {
        await store.appendCommit(commitWrite(1, { blobs: { aa: bytes(2, 2) } }));
        await store.writeCheckpoint(1, bytes(3, 3));
        await store.writeMeta('identity', { name: 'before' });
        const [commit] = await store.readCommits(1, 1);
        commit?.log.fill(0);
        (commit?.meta.summary.added as unknown[] | undefined)?.splice(0);
        (await store.getBlob('aa')).fill(0);
        (await store.readCheckpoint(1)).fill(0);
        (await store.readMeta<{ name: string }>('identity'))!.name = 'after';
        ((await store.readControl())[0] as { kind: string }).kind = 'failed';

        const [again] = await store.readCommits(1, 1);
        expect([...(again?.log ?? [])]).toEqual([1, 2, 3]);
        expect(again?.meta).toEqual(commitMeta(1));
        expect([...(await store.getBlob('aa'))]).toEqual([2, 2]);
        expect([...(await store.readCheckpoint(1))]).toEqual([3, 3]);
        expect(await store.readMeta('identity')).toEqual({ name: 'before' });
        expect((await store.readControl())[0]?.kind).toBe('data_committed');
      });

      it('stores only the bytes of a view, not the whole buffer behind it', async () => {
        const big = new Uint8Array(1024).fill(7);
        await store.writeCheckpoint(1, big.subarray(10, 13));
        const read = await store.readCheckpoint(1);
        expect([...read]).toEqual([7, 7, 7]);
        expect(read.buffer.byteLength).toBe(3);
      });
    });

    it('refuses every call after close()', async () => {
      store.close();
      expect((await rejection(store.lastTxnSeq())).kind).toBe('Unsupported');
      expect((await rejection(store.appendCommit(commitWrite(1)))).kind).toBe('Unsupported');
      expect((await rejection(store.readMeta('x'))).kind).toBe('Unsupported');
    });
  });
}

function isAscending(values: readonly number[]): boolean {
  return values.every((value, i) => i === 0 || value > (values[i - 1] ?? Infinity));
}

/** Everything a store holds that the port can enumerate, as plain data for `toEqual`. */
async function snapshot(store: LogStore) {
  const last = await store.lastTxnSeq();
  const metas = await store.readCommitMetas(1, last);
  const logs = await Promise.all(metas.map(async (m) => [...((await store.readCommits(m.txnSeq, m.txnSeq))[0]?.log ?? [])]));
  const blobs = await Promise.all((await store.listBlobs()).map(async (hash) => [hash, [...(await store.getBlob(hash))]]));
  const checkpoints = await Promise.all(
    (await store.listCheckpoints()).map(async (seq) => [seq, [...(await store.readCheckpoint(seq))]]),
  );
  return { last, metas, logs, blobs, control: await store.readControl(), checkpoints };
}
