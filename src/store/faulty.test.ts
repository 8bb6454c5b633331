import { describe, expect, it } from 'vitest';
import { FaultyLogStore, InjectedFault } from './faulty';
import { MemoryLogStore } from './memory';
import { commitWrite, rejection } from './testing';

describe('FaultyLogStore', () => {
  it('passes calls on and traces them with their call numbers', async () => {
    const store = new FaultyLogStore(new MemoryLogStore());
    await store.appendCommit(commitWrite(1));
    await store.appendCommit(commitWrite(2));
    expect(await store.lastTxnSeq()).toBe(2);
    expect(store.trace.map((c) => `${c.op}#${c.call}`)).toEqual(['appendCommit#1', 'appendCommit#2', 'lastTxnSeq#1']);
    expect(store.writes()).toHaveLength(2);
  });

  it('throws at the chosen call only, writing nothing', async () => {
    const inner = new MemoryLogStore();
    const store = new FaultyLogStore(inner, [{ op: 'appendCommit', call: 2, action: 'throw' }]);
    await store.appendCommit(commitWrite(1));
    await expect(store.appendCommit(commitWrite(2))).rejects.toBeInstanceOf(InjectedFault);
    expect(await inner.lastTxnSeq()).toBe(1);
    await store.appendCommit(commitWrite(2)); // the third call goes through
    expect(await inner.lastTxnSeq()).toBe(2);
  });

  it('reports quota as every real store does (StorageFull wrapping QuotaExceededError), and can stay full', async () => {
    const inner = new MemoryLogStore();
    const store = new FaultyLogStore(inner, [{ op: 'appendCommit', call: 1, action: 'quota', sticky: true }]);
    for (const seq of [1, 2]) {
      const error = await rejection(store.appendCommit(commitWrite(seq)));
      expect(error.kind).toBe('StorageFull');
      expect((error.cause as DOMException).name).toBe('QuotaExceededError');
    }
    expect(await inner.lastTxnSeq()).toBe(0);
  });

  it('crash-before stops before the store, crash-after right after it; nothing settles after a crash', async () => {
    for (const [action, landed] of [['crash-before', 0], ['crash-after', 1]] as const) {
      const inner = new MemoryLogStore();
      const store = new FaultyLogStore(inner, [{ op: 'appendCommit', call: 1, action }]);
      let settled = false;
      void store.appendCommit(commitWrite(1)).finally(() => (settled = true));
      await store.crashed;
      expect(store.isStopped).toBe(true);
      let later = false;
      void store.lastTxnSeq().finally(() => (later = true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect([settled, later]).toEqual([false, false]);
      expect(await inner.lastTxnSeq()).toBe(landed);
      store.close(); // a crashed process closes nothing: the inner store stays usable for the "next process"
      expect(await inner.lastTxnSeq()).toBe(landed);
    }
  });
});
