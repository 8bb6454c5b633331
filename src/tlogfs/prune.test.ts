import { describe, expect, it } from 'vitest';
import { MemoryLogStore } from '../store/memory';
import type { WD } from '../tinyfs';
import { encode, failure, mulberry32, testResolver } from '../tinyfs/testing';
import { BASE_KEY, readBase } from './base';
import { blake3Hex } from './blake3';
import { reclaimStorage } from './maintain';
import { OpLog } from './oplog';
import { pruneHistory } from './prune';
import { BLOB_THRESHOLD } from './state';
import { verifyPond } from './verify';

const resolver = testResolver();
const DAY = Date.UTC(2026, 11, 7);

/** Every file under `dir` as path → BLAKE3 of its bytes, and every directory as path → 'dir'. */
async function contents(root: WD, dir = '/'): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const here = await root.openDirPath(dir);
  for (const entry of await here.entries()) {
    if (entry.entryType.startsWith('dir')) {
      out[entry.path] = 'dir';
      Object.assign(out, await contents(root, entry.path));
    } else out[entry.path] = blake3Hex(await root.readFilePath(entry.path));
  }
  return out;
}

/** A deterministic PRNG, so a failing seed can be run again. */
const random = mulberry32;

/** A pond of `commits` random commits: versioned files (some blobs), a series (some blob versions), folders, removals. */
async function randomPond(seed: number, commits: number): Promise<{ store: MemoryLogStore; log: OpLog }> {
  const rnd = random(seed);
  const store = new MemoryLogStore();
  const log = await OpLog.init(store, { resolver, checkpointInterval: 4, checkpointRetention: 8, now: () => DAY });
  const bytes = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill);
  while (log.txnSeq < commits) {
    const tx = await log.beginWrite(`step ${log.txnSeq + 1}`);
    const root = tx.root();
    const pick = rnd();
    const name = `/f${Math.floor(rnd() * 4)}`;
    const big = rnd() < 0.2;
    const content = big ? bytes(BLOB_THRESHOLD + Math.floor(rnd() * 100), log.txnSeq % 251) : encode(`txn ${log.txnSeq + 1} ${rnd()}`);
    if (pick < 0.45) {
      if (await root.exists(name)) await root.writeFilePath(name, content);
      else await root.createFilePath(name, content);
    } else if (pick < 0.75) {
      if (await root.exists('/s')) await root.writeFilePath('/s', content);
      else await root.createFilePath('/s', content, 'file:physical:series');
    } else if (pick < 0.9) {
      const dir = `/d${Math.floor(rnd() * 3)}`;
      if (!(await root.exists(dir))) await root.createDirPath(dir);
      await root.createFilePath(`${dir}/x${log.txnSeq}`, content);
    } else if (await root.exists(name)) await root.removeEntry(name);
    else await root.createDirPath(`/e${log.txnSeq}`);
    await tx.commit();
  }
  return { store, log };
}

describe('prune (maintain --prune-before N)', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`keeps the live state and time travel from N on, and says history before N is gone (seed ${seed})`, async () => {
      const { store, log } = await randomPond(seed, 30);
      const before: Record<number, Record<string, string>> = {};
      for (let t = 1; t <= 30; t++) before[t] = await contents((await log.beginRead(t)).root());
      const blobsBefore = (await store.listBlobs()).length;
      const n = 5 + (seed * 7) % 20;
      const report = await pruneHistory(store, n, { now: () => DAY });
      expect(report.commitsDropped).toBe(n - 1);
      expect(await readBase(store)).toMatchObject({ txnSeq: n, prunedAt: DAY });
      expect((await store.readCommitMetas(1, 30)).map((m) => m.txnSeq)[0]).toBe(n);
      expect((await store.listCheckpoints()).every((s) => s >= n)).toBe(true);
      expect((await store.listBlobs()).length).toBe(blobsBefore - report.blobsDeleted.length);
      expect((await verifyPond(store)).problems).toEqual([]);
      // Reopened from the base: the same live state, the same past from N on.
      const reopened = await OpLog.open(store, { resolver, checkpointInterval: 4, checkpointRetention: 8 });
      expect(await contents((await reopened.beginRead()).root())).toEqual(before[30]);
      for (let t = n; t <= 30; t++) expect(await contents((await reopened.beginRead(t)).root())).toEqual(before[t]);
      for (const t of [1, n - 1]) {
        const error = await failure(() => reopened.beginRead(t));
        expect(error.kind).toBe('Pruned');
        expect(error.message).toBe(`Pruned: txn ${t}: history before txn ${n} was pruned on 2026-12-07`);
      }
      // The log goes on; maintain keeps the base and everything the state needs.
      const tx = await reopened.beginWrite('after');
      await tx.root().createFilePath('/after', encode('a'));
      await tx.commit();
      const maintained = await reclaimStorage(store, { checkpointRetention: 8 });
      expect(maintained.blobsDeleted).toEqual([]);
      expect(maintained.checkpointsKept).toContain(n);
      expect((await verifyPond(store)).problems).toEqual([]);
      expect(await contents((await reopened.beginRead(30)).root())).toEqual(before[30]);
    });
  }

  it('an old version of a pruned commit is Pruned; the series still reads whole; a second prune moves the base', async () => {
    const store = new MemoryLogStore();
    const log = await OpLog.init(store, { resolver, now: () => DAY });
    const commit = async (body: (root: WD) => Promise<unknown>): Promise<void> => {
      const tx = await log.beginWrite('w');
      await body(tx.root());
      await tx.commit();
    };
    await commit((root) => root.createFilePath('/f', encode('one')));
    await commit((root) => root.createFilePath('/s', encode('a'), 'file:physical:series'));
    await commit((root) => root.writeFilePath('/f', encode('two')));
    await commit((root) => root.writeFilePath('/s', encode('b')));
    await commit((root) => root.writeFilePath('/f', encode('three')));
    // txns: 1 init, 2 /f v1, 3 /s v1, 4 /f v2, 5 /s v2, 6 /f v3
    const dry = await pruneHistory(store, 5, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, before: 5, commitsDropped: 4, base: null });
    expect(await readBase(store)).toBeNull();
    expect(await store.lastTxnSeq()).toBe(6);
    expect((await store.readCommitMetas(1, 6)).length).toBe(6);
    await pruneHistory(store, 5, { now: () => DAY });
    const reopened = await OpLog.open(store, { resolver });
    const root = (await reopened.beginRead()).root();
    expect(new TextDecoder().decode(await root.readFilePath('/s'))).toBe('ab');
    expect(new TextDecoder().decode(await root.readFileVersion('/f', 2))).toBe('two'); // the latest at the base
    const gone = await failure(() => root.readFileVersion('/f', 1));
    expect(gone.kind).toBe('Pruned');
    expect(gone.message).toContain('history before txn 5 was pruned on 2026-12-07');
    expect((await failure(() => pruneHistory(store, 4))).message).toContain('already pruned; nothing was changed');
    expect((await failure(() => pruneHistory(store, 7))).message).toContain('2..6; nothing was changed');
    await pruneHistory(store, 6, { now: () => DAY + 86_400_000 });
    const again = await OpLog.open(store, { resolver });
    expect(new TextDecoder().decode(await (await again.beginRead()).root().readFilePath('/s'))).toBe('ab');
    expect((await failure(async () => again.beginRead(5))).message).toBe('Pruned: txn 5: history before txn 6 was pruned on 2026-12-08');
    expect(await store.listCheckpoints()).toEqual([6]);
    expect((await verifyPond(store)).problems).toEqual([]);
  });

  it('verify names a base checkpoint that does not match its marker', async () => {
    const { store } = await randomPond(9, 12);
    await pruneHistory(store, 8);
    const base = await readBase(store);
    await store.writeMeta(BASE_KEY, { ...base, checkpointBlake3: '0'.repeat(64) });
    const { problems } = await verifyPond(store);
    expect(problems.join('\n')).toContain('base checkpoint 8 hashes to');
  });
});
