import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { rejection } from '../testing';
import { writeLockContract } from '../writeLock.contract';
import { LockFileWriteLock, isRunning, parseLockFile } from './lockFile';
import { tempDirs } from './testDirs';

const dirs = tempDirs('duckpond-lock-');
afterAll(dirs.cleanup);

writeLockContract('LockFileWriteLock', () => {
  // Each "tab" is its own instance on the same file, as separate commands of one process would be.
  const pond = dirs.make();
  const other = dirs.make();
  return { tab: () => LockFileWriteLock.forPond(pond), otherPond: () => LockFileWriteLock.forPond(other) };
});

/** The pid of a process that has exited (it ran and ended before this returns). */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  if (pid === undefined || isRunning(pid)) throw new Error('could not make a dead pid');
  return pid;
}

function lockText(content: { pid: number; host?: string; holder: string; since?: string }): string {
  return `${JSON.stringify({ host: hostname(), since: '2024-01-01T00:00:00.000Z', ...content }, null, 2)}\n`;
}

describe('LockFileWriteLock on disk', () => {
  it('writes {pid, host, holder, since} while held and removes the file on release', async () => {
    const dir = dirs.make();
    const lock = LockFileWriteLock.forPond(dir);
    const handle = await lock.acquire({ holder: 'cli: mkdir /a', timeoutMs: 100 });
    const content = parseLockFile(readFileSync(join(dir, 'write.lock'), 'utf8'));
    expect(content).toMatchObject({ pid: process.pid, host: hostname(), holder: 'cli: mkdir /a' });
    expect(Date.now() - Date.parse(content?.since ?? '')).toBeLessThan(10_000);
    await handle.release();
    expect(existsSync(join(dir, 'write.lock'))).toBe(false);
  });

  it('keeps the write lock and the runner lock of a pond apart', async () => {
    const dir = dirs.make();
    const write = await LockFileWriteLock.forPond(dir, 'write').acquire({ holder: 'w', timeoutMs: 10 });
    const runner = await LockFileWriteLock.forPond(dir, 'runner').acquire({ holder: 'r', timeoutMs: 10 });
    expect(existsSync(join(dir, 'runner.lock'))).toBe(true);
    await write.release();
    await runner.release();
  });

  it('takes over a lock file whose process no longer runs, with a warning', async () => {
    const dir = dirs.make();
    const pid = deadPid();
    writeFileSync(join(dir, 'write.lock'), lockText({ pid, holder: 'cli: copy (crashed)' }));
    const warnings: string[] = [];
    const onWait = vi.fn();
    const lock = LockFileWriteLock.forPond(dir, 'write', { onTakeover: (w) => warnings.push(w) });
    const handle = await lock.acquire({ holder: 'cli: ls', timeoutMs: 1_000, onWait });
    expect(warnings).toEqual([
      `taking over the lock ${join(dir, 'write.lock')}: its holder 'cli: copy (crashed)' (pid ${pid} on ${hostname()}, since 2024-01-01T00:00:00.000Z) is no longer running`,
    ]);
    expect(onWait).not.toHaveBeenCalled();
    expect(parseLockFile(readFileSync(join(dir, 'write.lock'), 'utf8'))?.holder).toBe('cli: ls');
    await handle.release();
    expect(existsSync(join(dir, 'write.lock'))).toBe(false);
    // No takeover marker is left behind.
    expect(readdirSync(dir)).toEqual([]);
  });

  it('waits for a live holder (this very process, another holder) and times out naming it', async () => {
    const dir = dirs.make();
    const text = lockText({ pid: process.pid, holder: 'cli: mkdir /x' });
    writeFileSync(join(dir, 'write.lock'), text);
    const onWait = vi.fn();
    const onTakeover = vi.fn();
    const error = await rejection(LockFileWriteLock.forPond(dir, 'write', { onTakeover }).acquire({ holder: 'cli: ls', timeoutMs: 60, onWait }));
    expect([error.kind, error.message]).toEqual(['PondLocked', "PondLocked: pond is locked by 'cli: mkdir /x' (waited 60 ms)"]);
    expect(onWait.mock.calls).toEqual([['cli: mkdir /x']]);
    expect(onTakeover).not.toHaveBeenCalled();
    expect(readFileSync(join(dir, 'write.lock'), 'utf8')).toBe(text);
  });

  it('never takes over a lock of another host, whatever its pid', async () => {
    const dir = dirs.make();
    writeFileSync(join(dir, 'write.lock'), lockText({ pid: deadPid(), host: `not-${hostname()}`, holder: 'laptop: cp' }));
    const error = await rejection(LockFileWriteLock.forPond(dir).acquire({ holder: 'me', timeoutMs: 40 }));
    expect(error.message).toBe("PondLocked: pond is locked by 'laptop: cp' (waited 40 ms)");
    expect(existsSync(join(dir, 'write.lock'))).toBe(true);
  });

  it('names an unreadable lock file instead of guessing', async () => {
    const dir = dirs.make();
    writeFileSync(join(dir, 'write.lock'), '{"pid": 0');
    const error = await rejection(LockFileWriteLock.forPond(dir).acquire({ holder: 'me', timeoutMs: 30 }));
    expect(error.message).toBe(`PondLocked: pond is locked by 'an unreadable lock file ${join(dir, 'write.lock')}' (waited 30 ms)`);
  });

  it('polls: gets the lock once another process lets go of it', async () => {
    const dir = dirs.make();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, 'write.lock'), lockText({ pid: sleeper.pid as number, holder: 'other process' }));
      const onWait = vi.fn();
      const pending = LockFileWriteLock.forPond(dir, 'write', { minPollMs: 5, maxPollMs: 20 }).acquire({ holder: 'me', timeoutMs: 5_000, onWait });
      await vi.waitFor(() => expect(onWait).toHaveBeenCalledWith('other process'));
      unlinkSync(join(dir, 'write.lock'));
      const handle = await pending;
      expect(parseLockFile(readFileSync(join(dir, 'write.lock'), 'utf8'))?.holder).toBe('me');
      expect(onWait).toHaveBeenCalledTimes(1);
      await handle.release();
    } finally {
      sleeper.kill();
    }
  });

  it('releases only its own lock file', async () => {
    const dir = dirs.make();
    const handle = await LockFileWriteLock.forPond(dir).acquire({ holder: 'me', timeoutMs: 10 });
    // Someone replaced it (by hand, or a takeover after we were thought dead): it is not ours to remove.
    const theirs = lockText({ pid: process.pid, holder: 'them' });
    writeFileSync(join(dir, 'write.lock'), theirs);
    await handle.release();
    expect(readFileSync(join(dir, 'write.lock'), 'utf8')).toBe(theirs);
  });

  it('refuses a lock in a directory that does not exist', async () => {
    const error = await rejection(new LockFileWriteLock(join(dirs.make(), 'gone', 'write.lock')).acquire({ holder: 'me', timeoutMs: 10 }));
    expect(error.kind).toBe('NotFound');
  });

  it('reads only well-formed lock files, never a pid that would signal a process group', () => {
    const base = { host: 'h', holder: 'x', since: 's' };
    expect(parseLockFile(JSON.stringify({ pid: 42, ...base }))).toEqual({ pid: 42, ...base });
    for (const pid of [0, -1, 1.5, '42', null]) expect(parseLockFile(JSON.stringify({ pid, ...base }))).toBeNull();
    expect(parseLockFile(JSON.stringify({ pid: 42, host: 'h', holder: 'x' }))).toBeNull();
    expect(parseLockFile('not json')).toBeNull();
  });
});
