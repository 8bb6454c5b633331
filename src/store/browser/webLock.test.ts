import { describe, expect, it } from 'vitest';
import { rejection } from '../testing';
import { writeLockContract } from '../writeLock.contract';
import { holderLockPrefix, lockName } from './names';
import { type Locks, WebLockWriteLock } from './webLock';

interface Pending {
  readonly name: string;
  readonly mode: LockMode;
  readonly grant: () => void;
}

/**
 * A small in-process LockManager for Node, which has no Web Locks: exclusive and shared modes, FIFO
 * queues per name, `ifAvailable`, `signal` and `query`. Real Web Locks are covered by the Chromium e2e tests.
 */
class FakeLocks {
  readonly held: { name: string; mode: LockMode }[] = [];
  private readonly queue: Pending[] = [];

  request(name: string, options: LockOptions, callback: (lock: Lock | null) => unknown): Promise<unknown> {
    const mode = options.mode ?? 'exclusive';
    if (options.signal?.aborted) return Promise.reject(new DOMException('aborted', 'AbortError'));
    if (options.ifAvailable && !this.grantable(name, mode)) return Promise.resolve().then(() => callback(null));
    return new Promise((resolve, reject) => {
      const pending: Pending = {
        name,
        mode,
        grant: () => {
          const lock = { name, mode };
          this.held.push(lock);
          // As the spec: the lock is released first, then the request's promise settles.
          Promise.resolve()
            .then(() => callback(lock))
            .finally(() => {
              this.held.splice(this.held.indexOf(lock), 1);
              this.process();
            })
            .then(resolve, reject);
        },
      };
      options.signal?.addEventListener('abort', () => {
        const at = this.queue.indexOf(pending);
        if (at < 0) return; // already granted: aborting does nothing
        this.queue.splice(at, 1);
        reject(new DOMException('aborted', 'AbortError'));
      });
      this.queue.push(pending);
      this.process();
    });
  }

  async query(): Promise<LockManagerSnapshot> {
    return { held: this.held.map((h) => ({ ...h, clientId: 'fake' })), pending: [] };
  }

  private grantable(name: string, mode: LockMode, ahead: readonly Pending[] = this.queue): boolean {
    const conflicts = this.held.some((h) => h.name === name && (mode === 'exclusive' || h.mode === 'exclusive'));
    return !conflicts && !ahead.some((p) => p.name === name);
  }

  private process(): void {
    for (let i = 0; i < this.queue.length; i++) {
      const pending = this.queue[i];
      if (pending !== undefined && this.grantable(pending.name, pending.mode, this.queue.slice(0, i))) {
        this.queue.splice(i, 1);
        pending.grant();
        i--;
      }
    }
  }
}

const asLocks = (fake: FakeLocks): Locks => fake as unknown as Locks;

writeLockContract('WebLockWriteLock (fake LockManager)', () => {
  const locks = new FakeLocks();
  return { tab: () => new WebLockWriteLock('pond-1', asLocks(locks)), otherPond: () => new WebLockWriteLock('pond-2', asLocks(locks)) };
});

describe('WebLockWriteLock', () => {
  it('holds duckpond:lock:<localId> and a lock naming the holder, and lets go of both', async () => {
    const locks = new FakeLocks();
    const handle = await new WebLockWriteLock('p', asLocks(locks)).acquire({ holder: 'tab 1: mkdir /a', timeoutMs: 10 });
    expect(locks.held.map((h) => h.name).sort()).toEqual(['duckpond:lock-holder:p:tab 1: mkdir /a', 'duckpond:lock:p']);
    await handle.release();
    expect(locks.held).toEqual([]);
  });

  it('says "another tab or process" when the holder took the lock without a label', async () => {
    const locks = new FakeLocks();
    let release = () => {};
    void locks.request(lockName('p'), {}, () => new Promise<void>((resolve) => (release = resolve)));
    const error = await rejection(new WebLockWriteLock('p', asLocks(locks)).acquire({ holder: 'me', timeoutMs: 20 }));
    expect(error.message).toBe('PondLocked: pond is locked by another tab or process (waited 20 ms)');
    release();
  });

  it('does not take another pond holder label for its own', async () => {
    const locks = new FakeLocks();
    // Pond 'a:b' without encoding would have a label prefix starting with pond 'a''s.
    expect(holderLockPrefix('a:b').startsWith(holderLockPrefix('a'))).toBe(false);
    const other = await new WebLockWriteLock('a:b', asLocks(locks)).acquire({ holder: 'x', timeoutMs: 10 });
    let release = () => {};
    void locks.request(lockName('a'), {}, () => new Promise<void>((resolve) => (release = resolve)));
    const error = await rejection(new WebLockWriteLock('a', asLocks(locks)).acquire({ holder: 'me', timeoutMs: 20 }));
    expect(error.message).toBe('PondLocked: pond is locked by another tab or process (waited 20 ms)');
    release();
    await other.release();
  });
});
