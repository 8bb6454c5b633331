import { checkTimeout, lockTimeoutError } from '../lock';
import type { LockHandle, WriteLock } from '../ports';

interface Waiter {
  readonly holder: string;
  readonly grant: () => void;
}

/**
 * An in-process write lock: one holder, waiters served first come, first served. Share one instance
 * between the "tabs" of a test to make them contend.
 */
export class MemoryWriteLock implements WriteLock {
  private holder: string | null = null;
  private readonly queue: Waiter[] = [];

  /** The current holder's label, or null when the lock is free (for tests and diagnostics). */
  get currentHolder(): string | null {
    return this.holder;
  }

  async acquire(options: {
    holder: string;
    timeoutMs: number;
    onWait?: (holder: string | null) => void;
  }): Promise<LockHandle> {
    const { holder, timeoutMs, onWait } = options;
    checkTimeout(timeoutMs);
    // Free and nobody queued: take it now. (Waiters queued ahead keep their turn even if it looks free.)
    if (this.holder === null && this.queue.length === 0) return this.take(holder);
    onWait?.(this.holder);
    return new Promise<LockHandle>((resolve, reject) => {
      const waiter: Waiter = {
        holder,
        grant: () => {
          clearTimeout(timer);
          resolve(this.take(holder));
        },
      };
      const timer = setTimeout(() => {
        // Leave the queue first, so a later release can never hand the lock to a caller who gave up.
        this.queue.splice(this.queue.indexOf(waiter), 1);
        reject(lockTimeoutError(this.holder, timeoutMs));
      }, timeoutMs);
      this.queue.push(waiter);
    });
  }

  private take(holder: string): LockHandle {
    this.holder = holder;
    let released = false;
    return {
      release: async () => {
        // A second release of the same handle must not free the lock of whoever holds it next.
        if (released) return;
        released = true;
        this.holder = null;
        this.queue.shift()?.grant();
      },
    };
  }
}
