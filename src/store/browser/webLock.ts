import { checkTimeout, lockTimeoutError } from '../lock';
import type { LockHandle, WriteLock } from '../ports';
import { holderLockPrefix, lockName } from './names';

/** What this adapter uses of `navigator.locks` (injectable: Node has no Web Locks). */
export type Locks = Pick<LockManager, 'request' | 'query'>;

/**
 * The pond's write lock across the tabs and workers of this browser: the Web Lock
 * `duckpond:lock:<localId>`, held until `release`.
 *
 * Naming the holder: a Web Lock carries no label, and `locks.query()` reports only lock names. So the holder
 * also takes a second lock whose *name* is its label, `duckpond:lock-holder:<localId>:<label>`, and a waiter
 * finds it with `query()`. It dies with the tab like the lock itself, so it is never stale — unlike a label
 * written to the pond's `meta` store, which a crashed tab would leave behind and which would cost a write
 * per commit. In the instant between taking the lock and taking the label lock, a timed-out waiter says
 * "another tab or process" instead of a name.
 */
export class WebLockWriteLock implements WriteLock {
  constructor(
    readonly localId: string,
    private readonly locks: Locks = navigator.locks,
  ) {}

  async acquire(options: {
    holder: string;
    timeoutMs: number;
    onWait?: (holder: string | null) => void;
  }): Promise<LockHandle> {
    const { holder, timeoutMs, onWait } = options;
    checkTimeout(timeoutMs);
    const name = lockName(this.localId);
    // `ifAvailable` first, only to know whether to call onWait: it is granted only when nobody holds or
    // waits for the lock, so it never jumps the queue.
    let release = await hold(this.locks, name, { ifAvailable: true });
    if (release === null) {
      onWait?.(await this.holder());
      release = await this.wait(name, timeoutMs);
    }
    // Never waits: if the label lock is somehow taken the lock is still ours, just unnamed.
    const releaseLabel = await hold(this.locks, holderLockPrefix(this.localId) + holder, {
      mode: 'shared',
      ifAvailable: true,
    });
    const releaseLock = release;
    return {
      // Releasing twice is harmless by nature: each release ends its own lock request, never the next holder's.
      release: async () => {
        // The label first: a waiter that takes the lock next must never see the old label still held.
        await releaseLabel?.();
        await releaseLock();
      },
    };
  }

  /** Waits in the lock's queue; after `timeoutMs` leaves it (the abort signal) and fails with `PondLocked`. */
  private async wait(name: string, timeoutMs: number): Promise<Release> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const release = await hold(this.locks, name, { signal: controller.signal });
      if (release === null) throw new Error(`Web Locks granted no lock for ${name} without ifAvailable`);
      return release;
    } catch (error) {
      if (controller.signal.aborted) throw lockTimeoutError(await this.holder(), timeoutMs);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The current holder's label, from the name of its label lock; null when it cannot be told. */
  private async holder(): Promise<string | null> {
    const prefix = holderLockPrefix(this.localId);
    const { held = [] } = await this.locks.query();
    const label = held.map((lock) => lock.name ?? '').find((name) => name.startsWith(prefix));
    return label === undefined ? null : label.slice(prefix.length);
  }
}

/** A granted Web Lock; `release` resolves once the lock manager has actually let go of it. */
type Release = () => Promise<void>;

/**
 * Requests the Web Lock `name` and keeps it until released. Resolves null when `ifAvailable` is set and the
 * lock is taken; rejects (AbortError) when `signal` aborts before it is granted.
 */
function hold(locks: Locks, name: string, options: LockOptions): Promise<Release | null> {
  return new Promise((resolve, reject) => {
    let letGo = () => {};
    // Settles after the lock is released (Web Locks spec), which is what `release` waits for: a caller
    // that acquires right after `await release()` must find the lock free.
    const request = locks.request(name, options, (lock) => {
      if (lock === null) {
        resolve(null);
        return undefined;
      }
      resolve(async () => {
        letGo();
        await request;
      });
      // The lock is held for as long as this promise is pending.
      return new Promise<void>((release) => (letGo = release));
    });
    request.catch(reject);
  });
}
