import { expect, it } from 'vitest';
import { writeLockContract } from '../writeLock.contract';
import { MemoryWriteLock } from './writeLock';

writeLockContract('MemoryWriteLock', () => {
  // In-process: every "tab" shares the one instance; another pond has its own.
  const lock = new MemoryWriteLock();
  const other = new MemoryWriteLock();
  return { tab: () => lock, otherPond: () => other };
});

it('shows its current holder', async () => {
  const lock = new MemoryWriteLock();
  expect(lock.currentHolder).toBeNull();
  const handle = await lock.acquire({ holder: 'tab 1', timeoutMs: 10 });
  expect(lock.currentHolder).toBe('tab 1');
  await handle.release();
  expect(lock.currentHolder).toBeNull();
});
