import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { beforeEach, describe, expect, it } from 'vitest';
import { PondError } from '../errors';
import { MemoryLogStore } from '../store/memory';
import type { LogStore } from '../store/ports';
import { decode, encode, failure, testResolver } from '../tinyfs/testing';
import { OpLog } from './oplog';
import { decodeEntries } from './schema';
import { PondState } from './state';
import { stateDigest, verifyPond } from './verify';
import { buildState } from './oplog';

const resolver = testResolver();
let store: MemoryLogStore;

async function fresh(options: Parameters<typeof OpLog.init>[1] = {}): Promise<OpLog> {
  store = new MemoryLogStore();
  return OpLog.init(store, { resolver, birthplace: 'test', ...options });
}

/** Runs one write transaction and commits it. */
async function write(log: OpLog, origin: string, body: (root: ReturnType<Awaited<ReturnType<OpLog['beginWrite']>>['root']>) => Promise<unknown>) {
  const tx = await log.beginWrite(origin);
  try {
    await body(tx.root());
  } catch (error) {
    await tx.abort();
    throw error;
  }
  return tx.commit();
}

async function expectClean(s: LogStore = store): Promise<void> {
  const report = await verifyPond(s);
  expect(report.problems).toEqual([]);
}

beforeEach(() => {
  store = new MemoryLogStore();
});

describe('init and open', () => {
  it('init writes txn 1 with the root; open finds it; init twice changes nothing', async () => {
    const log = await fresh();
    expect(log.txnSeq).toBe(1);
    expect(log.identity.birthplace).toBe('test');
    const reopened = await OpLog.open(store, { resolver });
    expect(reopened.identity).toEqual(log.identity);
    const root = (await reopened.beginRead()).root();
    expect(await root.entries()).toEqual([]);
    const again = await failure(() => OpLog.init(store));
    expect(again.kind).toBe('AlreadyExists');
    expect(await store.lastTxnSeq()).toBe(1);
    await expectClean();
  });

  it('open on an empty store says there is no pond', async () => {
    expect((await failure(() => OpLog.open(new MemoryLogStore()))).message).toContain('no pond');
  });
});

describe('commits', () => {
  it('are contiguous, and a write that changes nothing commits nothing', async () => {
    const log = await fresh();
    await write(log, 'mkdir /a', (root) => root.createDirPath('/a'));
    await write(log, 'write /a/f', (root) => root.createFilePath('/a/f', encode('x')));
    expect(await write(log, 'nothing', async () => undefined)).toBeNull();
    expect(await write(log, 'mkdir+rm', async (root) => {
      await root.createDirPath('/tmp');
      await root.removeEntry('/tmp');
    })).toBeNull();
    await write(log, 'write /a/g', (root) => root.createFilePath('/a/g', encode('y')));
    expect(await store.lastTxnSeq()).toBe(4);
    expect((await store.readCommitMetas(1, 4)).map((m) => [m.txnSeq, m.origin])).toEqual([
      [1, 'init'],
      [2, 'mkdir /a'],
      [3, 'write /a/f'],
      [4, 'write /a/g'],
    ]);
    await expectClean();
  });

  it('survive reopen with every entry type', async () => {
    const log = await fresh();
    await write(log, 'all types', async (root) => {
      await root.createDirAll('/d/sub');
      await root.createFilePath('/d/v', encode('version'), 'file:physical:version');
      await root.createFilePath('/d/s', encode('a'), 'file:physical:series');
      await root.writeFilePath('/d/s', encode('b'));
      await root.createFilePath('/d/t', tableBytes([1, 2]), 'table:physical:version');
      await root.createFilePath('/d/ts', tableBytes([1]), 'table:physical:series');
      await root.createSymlinkPath('/d/link', '/d/v');
      await root.createDynamicPath('/d/dyn', 'file:dynamic', 'test-file', encode('content: made\n'));
      await root.createDynamicPath('/d/dir', 'dir:dynamic', 'test-dir', encode('name: x\n'));
      await root.createDynamicPath('/d/tab', 'table:dynamic', 'test-file', encode('content: t\n'));
    });
    await write(log, 'series append', (root) => root.writeFilePath('/d/ts', tableBytes([2, 3])));
    const reopened = await OpLog.open(store, { resolver });
    const root = (await reopened.beginRead()).root();
    const listing = (await root.collectMatches('/d/*')).map(([n]) => [n.path, n.entryType]);
    expect(listing).toEqual([
      ['/d/dir', 'dir:dynamic'],
      ['/d/dyn', 'file:dynamic'],
      ['/d/link', 'symlink'],
      ['/d/s', 'file:physical:series'],
      ['/d/sub', 'dir:physical'],
      ['/d/t', 'table:physical:version'],
      ['/d/tab', 'table:dynamic'],
      ['/d/ts', 'table:physical:series'],
      ['/d/v', 'file:physical:version'],
    ]);
    expect(decode(await root.readFilePath('/d/link'))).toBe('version');
    expect(decode(await root.readFilePath('/d/s'))).toBe('ab');
    expect(decode(await root.readFilePath('/d/dyn'))).toBe('made');
    expect([...tableFromIPC(await root.readFilePath('/d/ts')).getChild('x')!].map(Number)).toEqual([1, 2, 3]);
    await expectClean();
  });

  it('an aborted transaction leaves no trace', async () => {
    const log = await fresh();
    const tx = await log.beginWrite('doomed');
    await tx.root().createFilePath('/f', encode('x'));
    await tx.abort();
    expect(await store.lastTxnSeq()).toBe(1);
    expect(await (await log.beginRead()).root().exists('/f')).toBe(false);
    // The lock was released: the next writer gets it at once.
    await write(log, 'next', (root) => root.createFilePath('/g', encode('y')));
    expect(await store.lastTxnSeq()).toBe(2);
    await expectClean();
  });

  it('a failure between encoding and the store write leaves the pond at N, and the next commit works', async () => {
    const log = await fresh();
    await write(log, 'one', (root) => root.createFilePath('/one', encode('1')));
    const original = store.appendCommit.bind(store);
    store.appendCommit = async () => {
      throw new PondError('StorageFull', 'injected');
    };
    const error = await failure(() => write(log, 'two', (root) => root.createFilePath('/two', encode('2'))));
    expect(error.kind).toBe('StorageFull');
    store.appendCommit = original;
    expect(log.txnSeq).toBe(2);
    expect(await (await log.beginRead()).root().exists('/two')).toBe(false);
    await write(log, 'three', (root) => root.createFilePath('/three', encode('3')));
    expect(await store.lastTxnSeq()).toBe(3);
    await expectClean();
  });

  it('records what each commit changed', async () => {
    const log = await fresh();
    await write(log, 'setup', async (root) => {
      await root.createDirAll('/a');
      await root.createFilePath('/a/f', encode('1'));
      await root.createFilePath('/a/gone', encode('x'));
    });
    const result = await write(log, 'change', async (root) => {
      await root.writeFilePath('/a/f', encode('2'));
      await root.removeEntry('/a/gone');
      await root.createDirPath('/b');
      await root.renameEntry('/a/f', '/b/f');
    });
    expect(result?.meta.summary).toEqual({
      added: [{ path: '/b', entryType: 'dir:physical', version: 1 }, { path: '/b/f', entryType: 'file:physical:version', version: 2 }],
      modified: [],
      removed: [{ path: '/a/f', entryType: 'file:physical:version', version: 1 }, { path: '/a/gone', entryType: 'file:physical:version', version: 1 }],
    });
    const edit = await write(log, 'edit', (root) => root.writeFilePath('/b/f', encode('3')));
    expect(edit?.meta.summary).toEqual({ added: [], modified: [{ path: '/b/f', entryType: 'file:physical:version', from: 2, to: 3 }], removed: [] });
  });

  it('a read-only view refuses writes instead of discarding them', async () => {
    const log = await fresh();
    const view = await log.beginRead();
    expect((await failure(() => view.root().createDirPath('/x'))).kind).toBe('ReadOnly');
  });

  it('a second writer waits for the first', async () => {
    const log = await fresh();
    const first = await log.beginWrite('first');
    let secondStarted = false;
    const second = log.beginWrite('second').then((tx) => {
      secondStarted = true;
      return tx;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(secondStarted).toBe(false);
    await first.root().createFilePath('/first', encode('1'));
    await first.commit();
    const tx = await second;
    expect(await tx.root().exists('/first')).toBe(true); // it sees the first writer's commit
    await tx.root().createFilePath('/second', encode('2'));
    expect((await tx.commit())?.meta.txnSeq).toBe(3);
  });
});

describe('dynamic nodes (seed tlogfs patterns)', () => {
  const config = '# the greeting\ncontent:   Hello from factory\n\nmime_type: text/plain   \n';

  it('a test-file node under /config reads in the same transaction and after commit + reopen', async () => {
    const log = await fresh();
    const tx = await log.beginWrite('mknod');
    await tx.root().createDirPath('/config');
    await tx.root().createDynamicPath('/config/test-file.yaml', 'file:dynamic', 'test-file', encode(config));
    expect(decode(await tx.root().readFilePath('/config/test-file.yaml'))).toBe('Hello from factory');
    await tx.commit();
    const reopened = await OpLog.open(store, { resolver });
    const root = (await reopened.beginRead()).root();
    expect(decode(await root.readFilePath('/config/test-file.yaml'))).toBe('Hello from factory');
    const versions = await root.listFileVersions('/config/test-file.yaml');
    expect(versions.map((v) => v.extendedMetadata)).toEqual([{ factory: 'test-file' }]);
    expect(decode(await root.readFileVersion('/config/test-file.yaml', 1))).toBe(config); // byte-identical
    await expectClean();
  });

  it('a test-dir under /factories/processors persists', async () => {
    const log = await fresh();
    await write(log, 'mknod', async (root) => {
      await root.createDirAll('/factories');
      await root.createDynamicPath('/factories/processors', 'dir:dynamic', 'test-dir', encode('name: processors\n'));
    });
    const root = (await (await OpLog.open(store, { resolver })).beginRead()).root();
    expect((await root.getNodePath('/factories/processors')).entryType).toBe('dir:dynamic');
    expect(await (await root.openDirPath('/factories/processors')).entries()).toEqual([]);
  });

  it('overwrite makes a new config version; both versions stay readable', async () => {
    const log = await fresh();
    await write(log, 'v1', (root) => root.createDynamicPath('/n', 'file:dynamic', 'test-file', encode('content: one\n')));
    await write(log, 'v2', (root) => root.createDynamicPath('/n', 'file:dynamic', 'test-file', encode('content: two\n'), { overwrite: true }));
    const root = (await (await OpLog.open(store, { resolver })).beginRead()).root();
    expect(decode(await root.readFilePath('/n'))).toBe('two');
    expect(decode(await root.readFileVersion('/n', 1))).toBe('content: one\n');
  });

  it('creating a dynamic node never runs its factory', async () => {
    const counting = testResolver();
    const log = await fresh({ resolver: counting });
    await write(log, 'mknod', (root) => root.createDynamicPath('/n', 'file:dynamic', 'test-file', encode('content: x\n')));
    expect(counting.calls).toEqual([]);
  });
});

describe('blobs', () => {
  const big = new Uint8Array(200_000).map((_, i) => (i * 7) % 251);

  it('stores a large file once as a blob and reads it back verified', async () => {
    const log = await fresh();
    await write(log, 'big', async (root) => {
      await root.createFilePath('/big', big);
      await root.createFilePath('/same', big);
    });
    expect((await store.listBlobs()).length).toBe(1);
    const root = (await (await OpLog.open(store, { resolver })).beginRead()).root();
    expect(await root.readFilePath('/big')).toEqual(big);
    await expectClean();
  });

  it('detects a tampered blob on read and in verify, naming node and version', async () => {
    const log = await fresh();
    await write(log, 'big', (root) => root.createFilePath('/big', big));
    const [hash] = await store.listBlobs();
    const tampered = big.slice();
    tampered[1000] = (tampered[1000] ?? 0) ^ 0xff;
    // Tamper with the stored bytes, as a disk or a buggy writer would.
    const original = store.getBlob.bind(store);
    store.getBlob = async (h) => (h === hash ? tampered.slice() : original(h));
    const originalPieces = store.readBlobPieces.bind(store);
    const tamperedPieces = async function* (): AsyncGenerator<Uint8Array> {
      yield tampered.slice();
    };
    store.readBlobPieces = (h, buffer) => (h === hash ? tamperedPieces() : originalPieces(h, buffer));
    const root = (await (await OpLog.open(store, { resolver })).beginRead()).root();
    const error = await failure(() => root.readFilePath('/big'));
    expect(error.kind).toBe('Corrupt');
    expect(error.message).toMatch(/node .* version 1: blob .* holds content hashing to/);
    const report = await verifyPond(store);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toContain(`blob ${hash}`);
  });
});

describe('checkpoints and time travel', () => {
  it('checkpoint every 10 commits, keep the latest and every 100th; open from checkpoint equals replay', async () => {
    const log = await fresh({ checkpointInterval: 10, checkpointRetention: 30 });
    for (let i = 2; i <= 65; i++) await write(log, `c${i}`, (root) => root.createFilePath(`/f${i}`, encode(String(i))));
    expect(await store.listCheckpoints()).toEqual([30, 60]);
    const fromCheckpoint = (await OpLog.open(store, { resolver })).currentState();
    const fromZero = new PondState(log.identity.pondId);
    for (const commit of await store.readCommits(1, 65)) {
      fromZero.apply(commit.meta.txnSeq, decodeEntries(commit.log, 'x').entries);
    }
    expect(stateDigest(fromCheckpoint)).toBe(stateDigest(fromZero));
    expect(stateDigest(log.currentState())).toBe(stateDigest(fromZero));
    await expectClean();
  });

  it('time travel shows the state as of an earlier txn and refuses to write', async () => {
    const log = await fresh({ checkpointInterval: 5 });
    await write(log, 'v1', (root) => root.createFilePath('/f', encode('v1')));
    for (let i = 2; i <= 12; i++) await write(log, `v${i}`, (root) => root.writeFilePath('/f', encode(`v${i}`)));
    for (const [seq, text] of [[2, 'v1'], [5, 'v4'], [10, 'v9'], [13, 'v12']] as const) {
      const view = await log.beginRead(seq);
      expect(decode(await view.root().readFilePath('/f')), `txn ${seq}`).toBe(text);
    }
    expect(await (await log.beginRead(1)).root().exists('/f')).toBe(false);
    expect((await failure(() => log.beginRead(99))).kind).toBe('NotFound');
    const past = await log.beginRead(3);
    expect((await failure(() => past.root().writeFilePath('/f', encode('no')))).kind).toBe('ReadOnly');
    expect(stateDigest(await buildState(store, log.identity.pondId, 13))).toBe(stateDigest(log.currentState()));
  });
});

function tableBytes(values: number[]): Uint8Array {
  return tableToIPC(tableFromArrays({ x: Float64Array.from(values) }), 'stream');
}
