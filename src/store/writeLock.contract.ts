import { describe, expect, it, vi } from 'vitest';
import type { LockHandle, WriteLock } from './ports';
import { rejection } from './testing';

/**
 * The behaviour every `WriteLock` must have. `makePond` sets up one pond and returns a function giving
 * another tab's (or process's) lock on it; `otherPond` gives a lock on a different pond of the same place.
 */
export function writeLockContract(
  name: string,
  makePond: () => { tab: () => WriteLock; otherPond: () => WriteLock },
): void {
  describe(`${name} (WriteLock contract)`, () => {
    const acquire = (lock: WriteLock, holder: string, extra: { timeoutMs?: number; onWait?: (h: string | null) => void } = {}) =>
      lock.acquire({ holder, timeoutMs: extra.timeoutMs ?? 5_000, ...(extra.onWait ? { onWait: extra.onWait } : {}) });

    it('is granted at once when free, without onWait', async () => {
      const { tab } = makePond();
      const onWait = vi.fn();
      const handle = await acquire(tab(), 'tab 1: mkdir /a', { onWait });
      expect(onWait).not.toHaveBeenCalled();
      await handle.release();
      const again = await acquire(tab(), 'tab 2: mkdir /b', { onWait });
      expect(onWait).not.toHaveBeenCalled();
      await again.release();
    });

    it('makes later callers wait, telling them who holds it, and serves them in order', async () => {
      const { tab } = makePond();
      const first = await acquire(tab(), 'tab 1: mkdir /a');
      const order: string[] = [];
      const waits: (string | null)[] = [];
      const queued = ['tab 2: rm /x', 'tab 3: copy', 'tab 4: commit'].map(async (holder) => {
        const handle = await acquire(tab(), holder, { onWait: (h) => waits.push(h) });
        order.push(holder);
        return handle;
      });
      await vi.waitFor(() => expect(waits).toHaveLength(3));
      expect(waits).toEqual(['tab 1: mkdir /a', 'tab 1: mkdir /a', 'tab 1: mkdir /a']);
      await settle();
      expect(order).toEqual([]);

      await first.release();
      for (const [i, handle] of queued.entries()) {
        const held = await handle;
        expect(order).toHaveLength(i + 1);
        await held.release();
      }
      expect(order).toEqual(['tab 2: rm /x', 'tab 3: copy', 'tab 4: commit']);
    });

    it('times out with PondLocked naming the holder, and the timed-out caller never gets the lock', async () => {
      const { tab } = makePond();
      const first = await acquire(tab(), 'tab 2: mkdir /a');
      const error = await rejection(acquire(tab(), 'tab 1: ls', { timeoutMs: 30 }));
      expect(error.kind).toBe('PondLocked');
      expect(error.message).toBe("PondLocked: pond is locked by 'tab 2: mkdir /a' (waited 30 ms)");

      // A waiter queued behind the one that gave up: it must be next, and the lock must then be free.
      let secondGot = false;
      const second = acquire(tab(), 'tab 3: copy').then((handle) => {
        secondGot = true;
        return handle;
      });
      await settle();
      await first.release();
      await (await second).release();
      expect(secondGot).toBe(true);
      const onWait = vi.fn();
      const third = await acquire(tab(), 'tab 4: rm', { onWait });
      expect(onWait).not.toHaveBeenCalled();
      await third.release();
    });

    it('ignores a second release of the same handle', async () => {
      const { tab } = makePond();
      const first = await acquire(tab(), 'tab 1');
      await first.release();
      const second = await acquire(tab(), 'tab 2');
      await first.release();
      const error = await rejection(acquire(tab(), 'tab 3', { timeoutMs: 20 }));
      expect(error.message).toBe("PondLocked: pond is locked by 'tab 2' (waited 20 ms)");
      await second.release();
    });

    it('does not make two ponds contend', async () => {
      const { tab, otherPond } = makePond();
      const handles: LockHandle[] = [await acquire(tab(), 'a'), await acquire(otherPond(), 'b', { timeoutMs: 20 })];
      for (const handle of handles) await handle.release();
    });

    it('refuses a negative or non-finite timeout', async () => {
      const { tab } = makePond();
      expect((await rejection(acquire(tab(), 'x', { timeoutMs: -1 }))).kind).toBe('InvalidArgument');
      expect((await rejection(acquire(tab(), 'x', { timeoutMs: Number.NaN }))).kind).toBe('InvalidArgument');
    });
  });
}

/** Lets pending promise callbacks and zero-delay timers run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}
