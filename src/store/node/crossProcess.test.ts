import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rejection } from '../testing';
import { DirectoryLogStore, seqName } from './directoryLogStore';
import { LockFileWriteLock } from './lockFile';
import { runTsChild, startTsChild } from './testing/spawnTs';
import { tempDirs } from './testDirs';

/**
 * Real processes: children run the TypeScript modules through `testing/registerTs.mjs` (Node 20 cannot strip
 * types), so these tests exercise the very code the CLI will run, across process boundaries.
 */
const dirs = tempDirs('duckpond-procs-');
afterAll(dirs.cleanup);

/** A wall-clock time far enough ahead for children to start, so they begin contending together. */
const startSoon = (): string => String(Date.now() + 1_500);

describe('LockFileWriteLock across processes', () => {
  it('gives the lock to one process at a time, and exactly one takes over a dead holder', { timeout: 60_000 }, async () => {
    const dir = dirs.make();
    const lockPath = join(dir, 'write.lock');
    const { pid: dead } = spawnSync(process.execPath, ['-e', '']);
    writeFileSync(lockPath, JSON.stringify({ pid: dead, host: hostname(), holder: 'crashed', since: '2024-01-01T00:00:00Z' }));
    const rounds = 15;
    const startAt = startSoon();
    const children = ['a', 'b', 'c'].map((id) => runTsChild('lockChild.ts', [lockPath, dir, id, String(rounds), startAt]));
    const results = await Promise.all(children);

    for (const result of results) {
      expect([result.code, result.stderr]).toEqual([0, '']);
      expect(result.stdout).not.toContain('OVERLAP');
    }
    const takeovers = results.flatMap((r) => (JSON.parse(r.stdout) as { takeovers: string[] }).takeovers);
    expect(takeovers).toHaveLength(1);
    expect(takeovers[0]).toContain(`'crashed' (pid ${dead} on ${hostname()}`);
    const log = readFileSync(join(dir, 'log'), 'utf8').trim().split('\n');
    expect(log).toHaveLength(3 * rounds);
    for (const id of ['a', 'b', 'c']) {
      expect(log.filter((line) => line.startsWith(`${id} `))).toEqual(Array.from({ length: rounds }, (_, i) => `${id} ${i}`));
    }
    // Everyone released: no lock file, no takeover marker, no temporary file.
    expect(readdirSync(dir).sort()).toEqual(['log']);
  });

  it('makes a process wait for a live holder in another process, and takes over once it is killed', { timeout: 30_000 }, async () => {
    const dir = dirs.make();
    const lockPath = join(dir, 'write.lock');
    const holder = startTsChild('lockChild.ts', [lockPath, dir, 'h', '1', '0', 'hold']);
    try {
      await waitFor(() => readFileSync(lockPath, 'utf8').includes('"holder": "child h: hold"'));
      const warnings: string[] = [];
      const lock = new LockFileWriteLock(lockPath, { onTakeover: (warning) => warnings.push(warning) });
      const error = await rejection(lock.acquire({ holder: 'parent', timeoutMs: 200 }));
      expect(error.message).toBe("PondLocked: pond is locked by 'child h: hold' (waited 200 ms)");
      expect(warnings).toEqual([]);

      holder.kill('SIGKILL');
      expect((await holder.done).signal).toBe('SIGKILL');
      const handle = await lock.acquire({ holder: 'parent', timeoutMs: 2_000 });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`'child h: hold' (pid ${holder.pid} on ${hostname()}`);
      await handle.release();
    } finally {
      holder.kill('SIGKILL');
    }
  });
});

describe('DirectoryLogStore across processes', () => {
  it.each(['blobs-written', 'control-reserved', 'staged'])(
    'a writer killed (SIGKILL) at %s leaves commit 2 invisible and the pond usable',
    { timeout: 30_000 },
    async (step) => {
      const dir = join(dirs.make(), 'pond');
      const result = await runTsChild('commitChild.ts', ['crash', dir, step]);
      expect([result.signal, result.stdout]).toEqual(['SIGKILL', '']);

      const store = await DirectoryLogStore.open(dir);
      try {
        expect(await store.lastTxnSeq()).toBe(1);
        expect((await rejection(store.readCommits(1, 2))).message).toBe('NotFound: commit 2');
        expect((await store.readControl()).map((r) => `${r.kind}@${r.txnSeq}`)).toEqual(['begin@1', 'data_committed@1', 'begin@2']);
        expect(readdirSync(join(dir, 'commits'))).toEqual([seqName(1)]);
        if (step === 'staged') expect(readdirSync(join(dir, 'tmp'))).toHaveLength(1); // the kill really was mid-commit

        // The next writer commits 2 as if nothing happened; the dead writer's reservation never counts.
        await store.appendCommit({
          meta: { txnSeq: 2, txnId: 'x', time: 2, origin: 'retry', summary: { added: [], modified: [], removed: [] } },
          log: Uint8Array.of(7),
          blobs: new Map(),
          control: [{ kind: 'data_committed', txnSeq: 2, time: 2, origin: 'retry' }],
        });
        expect((await store.readControl({ txnSeq: 2 })).map((r) => `${r.kind}:${r.origin ?? ''}`)).toEqual(['begin:', 'data_committed:retry']);
        expect([...((await store.readCommits(2, 2))[0]?.log ?? [])]).toEqual([7]);
      } finally {
        store.close();
      }
    },
  );

  it('lets exactly one of two processes land each seq, whole, with no lock at all', { timeout: 60_000 }, async () => {
    const dir = join(dirs.make(), 'pond');
    (await DirectoryLogStore.open(dir, { create: true })).close();
    const count = 40;
    const startAt = startSoon();
    const results = await Promise.all(['p', 'q'].map((id) => runTsChild('commitChild.ts', ['race', dir, id, String(count), startAt])));
    for (const result of results) expect([result.code, result.stderr]).toEqual([0, '']);
    const [p, q] = results.map((r) => JSON.parse(r.stdout) as number[]);
    expect([...(p ?? []), ...(q ?? [])].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i + 1));

    const store = await DirectoryLogStore.open(dir);
    try {
      const commits = await store.readCommits(1, count);
      const control = await store.readControl();
      expect(control).toHaveLength(count);
      for (const commit of commits) {
        const writer = p?.includes(commit.meta.txnSeq) ? 'p' : 'q';
        expect([commit.meta.origin, new TextDecoder().decode(commit.log)]).toEqual([writer, `${writer}:${commit.meta.txnSeq}`]);
        expect(control.filter((r) => r.txnSeq === commit.meta.txnSeq).map((r) => r.origin)).toEqual([writer]);
      }
    } finally {
      store.close();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (condition()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
