import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { logStoreContract } from '../logStore.contract';
import { bytes, commitMeta, commitWrite, control, rejection } from '../testing';
import { type CommitStep, DirectoryLogStore, metaFileName, seqName } from './directoryLogStore';
import { tempDirs } from './testDirs';

const dirs = tempDirs('duckpond-dirstore-');
afterAll(dirs.cleanup);

logStoreContract('DirectoryLogStore', async () => DirectoryLogStore.open(join(dirs.make(), 'pond'), { create: true }));

/** Every file under `dir`, as sorted relative paths. */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((path) => statSync(join(dir, path)).isFile())
    .map((path) => relative(dir, join(dir, path)).split('\\').join('/'))
    .sort();
}

const HASH_A = 'ab'.repeat(32);
const HASH_B = 'cd'.repeat(32);

describe('DirectoryLogStore on disk', () => {
  const opened: DirectoryLogStore[] = [];
  async function fresh(options: Parameters<typeof DirectoryLogStore.open>[1] = {}): Promise<{ dir: string; store: DirectoryLogStore }> {
    const dir = join(dirs.make(), 'pond');
    const store = await DirectoryLogStore.open(dir, { create: true, ...options });
    opened.push(store);
    return { dir, store };
  }
  async function reopen(dir: string, options: Parameters<typeof DirectoryLogStore.open>[1] = {}): Promise<DirectoryLogStore> {
    const store = await DirectoryLogStore.open(dir, options);
    opened.push(store);
    return store;
  }
  afterEach(() => {
    for (const store of opened.splice(0)) store.close();
  });

  it('keeps the documented layout, with deterministic names', async () => {
    const { dir, store } = await fresh();
    await store.appendControl([control('begin', 1)]);
    await store.appendCommit(commitWrite(1, { blobs: { [HASH_A]: bytes(1, 2) }, control: [control('data_committed', 1), control('completed', 1)] }));
    await store.appendCommit(commitWrite(2, { control: [] }));
    await store.writeCheckpoint(2, bytes(9));
    await store.writeMeta('pond', { pondId: 'p-1' });
    await store.writeMeta('a.B', 1);

    const c1 = seqName(1);
    expect(c1).toBe('00000000000000000001');
    expect(tree(dir)).toEqual([
      `blobs/ab/${HASH_A}`,
      `checkpoints/${seqName(2)}.arrow`,
      `commits/${c1}/control.json`,
      `commits/${c1}/log.arrow`,
      `commits/${c1}/meta.json`,
      `commits/${seqName(2)}/log.arrow`,
      `commits/${seqName(2)}/meta.json`,
      `control/${seqName(1)}.json`,
      `control/${seqName(2)}.json`,
      'duckpond.json',
      'meta/a%2E%42.json',
      'meta/pond.json',
    ]);
    const read = (path: string): unknown => JSON.parse(readFileSync(join(dir, path), 'utf8'));
    expect(read('duckpond.json')).toEqual({ format: 'duckpond-pond', version: 1 });
    expect(read(`commits/${c1}/meta.json`)).toEqual(commitMeta(1));
    expect([...readFileSync(join(dir, `commits/${c1}/log.arrow`))]).toEqual([1, 2, 3]);
    expect([...readFileSync(join(dir, `blobs/ab/${HASH_A}`))]).toEqual([1, 2]);
    expect(read(`control/${seqName(1)}.json`)).toEqual({ firstSeq: 1, count: 1, records: [{ seq: 1, ...control('begin', 1) }] });
    // The commit's records live in the commit; the control table holds their reservation, in append order.
    expect(read(`control/${seqName(2)}.json`)).toEqual({ firstSeq: 2, count: 2, commit: 1 });
    expect(read(`commits/${c1}/control.json`)).toEqual({
      firstSeq: 2,
      records: [
        { seq: 2, ...control('data_committed', 1) },
        { seq: 3, ...control('completed', 1) },
      ],
    });
    expect(read('meta/pond.json')).toEqual({ pondId: 'p-1' });
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });

  it('reads back everything after reopening, from another instance', async () => {
    const { dir, store } = await fresh();
    await store.appendCommit(commitWrite(1, { blobs: { [HASH_A]: bytes(5) } }));
    await store.appendControl([control('begin', 2)]);
    await store.writeCheckpoint(1, bytes(7, 7));
    await store.writeMeta('pond', { pondId: 'p-1' });
    store.close();

    const again = await reopen(dir);
    expect(await again.lastTxnSeq()).toBe(1);
    expect((await again.readCommits(1, 1))[0]?.meta).toEqual(commitMeta(1));
    expect([...(await again.getBlob(HASH_A))]).toEqual([5]);
    expect((await again.readControl()).map((r) => `${r.seq}:${r.kind}@${r.txnSeq}`)).toEqual(['1:data_committed@1', '2:begin@2']);
    expect(await again.listCheckpoints()).toEqual([1]);
    expect(await again.readMeta('pond')).toEqual({ pondId: 'p-1' });
  });

  it('opens only pond directories; creates one only where asked and only in an empty directory', async () => {
    const base = dirs.make();
    expect((await rejection(DirectoryLogStore.open(join(base, 'missing')))).message).toBe(
      `NotFound: pond directory ${join(base, 'missing')} (no duckpond.json)`,
    );
    expect(await DirectoryLogStore.isPond(join(base, 'missing'))).toBe(false);

    mkdirSync(join(base, 'notes'));
    writeFileSync(join(base, 'notes', 'todo.txt'), 'x');
    expect((await rejection(DirectoryLogStore.open(join(base, 'notes'), { create: true }))).kind).toBe('AlreadyExists');
    expect(readdirSync(join(base, 'notes'))).toEqual(['todo.txt']);

    mkdirSync(join(base, 'future'));
    writeFileSync(join(base, 'future', 'duckpond.json'), JSON.stringify({ format: 'duckpond-pond', version: 2 }));
    expect((await rejection(DirectoryLogStore.open(join(base, 'future')))).kind).toBe('Unsupported');

    const created = await DirectoryLogStore.open(join(base, 'new', 'pond'), { create: true });
    created.close();
    expect(await DirectoryLogStore.isPond(join(base, 'new', 'pond'))).toBe(true);
    // Opening an existing pond with create is harmless.
    (await DirectoryLogStore.open(join(base, 'new', 'pond'), { create: true })).close();
  });

  describe('atomic commit', () => {
    const steps: CommitStep[] = ['blobs-written', 'control-reserved', 'staged'];

    it.each(steps)('a commit failing at %s leaves no visible trace, and the seq stays free', async (failAt) => {
      let armed = true;
      const { dir, store } = await fresh({
        onCommitStep: (step) => {
          if (armed && step === failAt) throw new Error(`injected failure at ${step}`);
        },
      });
      armed = false;
      await store.appendCommit(commitWrite(1, { blobs: { [HASH_A]: bytes(1) } }));
      armed = true;
      const before = { last: await store.lastTxnSeq(), control: await store.readControl(), metas: await store.readCommitMetas(1, 9) };

      const write = commitWrite(2, { blobs: { [HASH_B]: bytes(2) }, control: [control('data_committed', 2), control('post_commit_pending', 2)] });
      await expect(store.appendCommit(write)).rejects.toThrow(`injected failure at ${failAt}`);

      expect(await store.lastTxnSeq()).toBe(before.last);
      expect((await rejection(store.readCommits(1, 2))).message).toBe('NotFound: commit 2');
      expect(await store.readCommitMetas(1, 9)).toEqual(before.metas);
      expect(await store.readControl()).toEqual(before.control);
      expect(readdirSync(join(dir, 'commits'))).toEqual([seqName(1)]);
      expect(readdirSync(join(dir, 'tmp'))).toEqual([]); // the staged commit was cleaned up

      armed = false;
      await store.appendCommit(write);
      expect(await store.lastTxnSeq()).toBe(2);
      expect((await store.readControl({ txnSeq: 2 })).map((r) => r.kind)).toEqual(['data_committed', 'post_commit_pending']);
    });

    it('treats what a killed writer leaves behind as not committed', async () => {
      const { dir, store } = await fresh();
      await store.appendCommit(commitWrite(1));
      // What a writer killed before its rename leaves: a fully staged commit 2 in tmp/, its blob, and the
      // reservation of its control seqs.
      const staged = join(dir, 'tmp', `commit-${seqName(2)}-123-abc`);
      mkdirSync(staged);
      writeFileSync(join(staged, 'log.arrow'), bytes(2, 2));
      writeFileSync(join(staged, 'meta.json'), JSON.stringify(commitMeta(2)));
      writeFileSync(join(staged, 'control.json'), JSON.stringify({ firstSeq: 2, records: [{ seq: 2, ...control('data_committed', 2) }] }));
      writeFileSync(join(dir, 'control', `${seqName(2)}.json`), JSON.stringify({ firstSeq: 2, count: 1, commit: 2 }));
      mkdirSync(join(dir, 'blobs', 'cd'));
      writeFileSync(join(dir, 'blobs', 'cd', HASH_B), bytes(3));
      // And a commit directory that is not one: a log without its meta.json (never written by this store).
      mkdirSync(join(dir, 'commits', seqName(3)));
      writeFileSync(join(dir, 'commits', seqName(3), 'log.arrow'), bytes(3));

      const again = await reopen(dir);
      expect(await again.lastTxnSeq()).toBe(1);
      expect((await rejection(again.readCommits(2, 2))).message).toBe('NotFound: commit 2');
      expect((await rejection(again.readCommits(3, 3))).message).toBe('NotFound: commit 3');
      expect((await again.readCommitMetas(1, 5)).map((m) => m.txnSeq)).toEqual([1]);
      expect((await again.readControl()).map((r) => `${r.seq}:${r.kind}@${r.txnSeq}`)).toEqual(['1:data_committed@1']);
      // The orphaned blob is listed (for maintain to reclaim); it is content-addressed, so never wrong.
      expect(await again.listBlobs()).toEqual([HASH_B]);

      // Commit 2 lands normally; the orphaned reservation never resolves to it.
      await again.appendCommit(commitWrite(2, { control: [control('data_committed', 2, { origin: 'real' })] }));
      const records = await again.readControl({ txnSeq: 2 });
      expect(records.map((r) => [r.seq, r.origin])).toEqual([[3, 'real']]);
      // The foreign directory at 3 is refused loudly rather than overwritten or silently kept.
      expect((await rejection(again.appendCommit(commitWrite(3)))).kind).toBe('Corrupt');
    });

    it('removes stale temporary files, not fresh ones', async () => {
      const { dir, store } = await fresh();
      const old = join(dir, 'tmp', 'commit-old');
      mkdirSync(old);
      writeFileSync(join(old, 'log.arrow'), bytes(1));
      const past = new Date(Date.now() - 2 * 3600_000);
      utimesSync(old, past, past);
      writeFileSync(join(dir, 'tmp', 'new-fresh'), bytes(1));
      expect(await store.removeTemporaryFiles({ olderThanMs: 3600_000 })).toBe(1);
      expect(readdirSync(join(dir, 'tmp'))).toEqual(['new-fresh']);
    });
  });

  describe('put-if-absent under a race', () => {
    it('lets exactly one of two stores on the same directory land each seq, whole', async () => {
      const dir = join(dirs.make(), 'pond');
      // Both writers pass the early "already committed?" check and stage their commit; then the first to
      // arrive publishes, and the other publishes only after that commit has landed: the late rename must
      // fail, not replace the commit.
      let arrived: (() => void)[] = [];
      let bothArrived = (): void => {};
      let both = new Promise<void>((resolve) => (bothArrived = resolve));
      const barrier: NonNullable<Parameters<typeof DirectoryLogStore.open>[1]>['onCommitStep'] = async (step) => {
        if (step !== 'staged') return;
        await new Promise<void>((resolve) => {
          arrived.push(resolve);
          if (arrived.length === 2) bothArrived();
        });
      };
      const a = await DirectoryLogStore.open(dir, { create: true, onCommitStep: barrier });
      const b = await DirectoryLogStore.open(dir, { onCommitStep: barrier });
      opened.push(a, b);
      for (let seq = 1; seq <= 12; seq++) {
        const write = (who: 'a' | 'b') =>
          commitWrite(seq, {
            log: bytes(seq, who === 'a' ? 1 : 2),
            meta: { origin: who },
            blobs: { [`${who}${seq}`]: bytes(seq) },
            control: [control('data_committed', seq, { origin: who }), control('post_commit_pending', seq, { origin: who })],
          });
        const pending = [a.appendCommit(write('a')), b.appendCommit(write('b'))];
        await both;
        arrived[0]?.();
        await Promise.race(pending.map((p) => p.catch(() => undefined)));
        arrived[1]?.();
        const results = await Promise.allSettled(pending);
        arrived = [];
        both = new Promise<void>((resolve) => (bothArrived = resolve));
        const fulfilled = results.filter((r) => r.status === 'fulfilled');
        const rejected = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
        expect(fulfilled).toHaveLength(1);
        expect(rejected.map((e) => e.message)).toEqual([`Conflict: txn_seq ${seq} already exists`]);
        const winner = results[0]?.status === 'fulfilled' ? 'a' : 'b';
        // Whole: the log, the metadata and the control records are all the winner's.
        const [commit] = await a.readCommits(seq, seq);
        expect([commit?.meta.origin, [...(commit?.log ?? [])]]).toEqual([winner, [seq, winner === 'a' ? 1 : 2]]);
        expect((await b.readControl({ txnSeq: seq })).map((r) => `${r.kind}:${r.origin}`)).toEqual([
          `data_committed:${winner}`,
          `post_commit_pending:${winner}`,
        ]);
      }
      expect(await b.lastTxnSeq()).toBe(12);
      const seqs = (await a.readControl()).map((r) => r.seq);
      expect(new Set(seqs).size).toBe(24);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    });

    it('numbers control records uniquely when two stores append at once', async () => {
      const dir = join(dirs.make(), 'pond');
      const a = await DirectoryLogStore.open(dir, { create: true });
      const b = await DirectoryLogStore.open(dir);
      opened.push(a, b);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? a : b).appendControl([control('begin', i + 1), control('completed', i + 1)]),
        ),
      );
      const all = await a.readControl();
      expect(all).toHaveLength(40);
      expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      // Each set stays together, in its own order.
      for (let i = 0; i < 40; i += 2) expect([all[i]?.kind, all[i + 1]?.kind, all[i]?.txnSeq]).toEqual(['begin', 'completed', all[i + 1]?.txnSeq]);
    });
  });

  it('reports a full disk as StorageFull and stays as it was', async () => {
    let full = false;
    const { store } = await fresh({
      onCommitStep: (step) => {
        if (full && step === 'blobs-written') throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    });
    await store.appendCommit(commitWrite(1));
    full = true;
    const error = await rejection(store.appendCommit(commitWrite(2)));
    expect(error.kind).toBe('StorageFull');
    expect(error.message).toContain('commit 2');
    expect(await store.lastTxnSeq()).toBe(1);
  });

  it('refuses blob keys that are not lowercase hex-like names, writing nothing', async () => {
    const { dir, store } = await fresh();
    for (const bad of ['../x', 'AB', '', 'a/b']) {
      expect((await rejection(store.appendCommit(commitWrite(1, { blobs: { [bad]: bytes(1) } })))).kind).toBe('InvalidArgument');
      expect(await store.hasBlob(bad)).toBe(false);
      expect((await rejection(store.getBlob(bad))).kind).toBe('NotFound');
    }
    expect(await store.lastTxnSeq()).toBe(0);
    expect(tree(dir)).toEqual(['duckpond.json']);
  });

  it('finds the last commit from one listing, ignoring stray names', async () => {
    const { dir, store } = await fresh();
    for (let seq = 1; seq <= 25; seq++) await store.appendCommit(commitWrite(seq, { control: [] }));
    writeFileSync(join(dir, 'commits', '.DS_Store'), '');
    mkdirSync(join(dir, 'commits', '99'));
    expect(await store.lastTxnSeq()).toBe(25);
    expect((await store.readCommits(3, 25)).map((c) => c.meta.txnSeq)).toEqual(Array.from({ length: 23 }, (_, i) => i + 3));
    expect((await rejection(store.readCommits(20, 70))).message).toBe('NotFound: commit 26');
    expect((await store.readCommitMetas(24, Number.MAX_SAFE_INTEGER)).map((m) => m.txnSeq)).toEqual([24, 25]);
  });

  it('names meta files by an encoding that keeps keys apart', () => {
    expect(metaFileName('pond')).toBe('pond');
    expect(metaFileName('settings')).toBe('settings');
    expect(metaFileName('Pond')).toBe('%50ond');
    expect(metaFileName('../x')).toBe('%2E%2E%2Fx');
    expect(metaFileName('é')).toBe('%C3%A9');
    expect(() => metaFileName('')).toThrow('InvalidArgument');
  });
});
