import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';
import { FaultyLogStore } from '../../store/faulty';
import { decode } from '../../tinyfs/testing';
import { toWireError } from './engine';
import { testEngine } from './testing';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

// Issue 11, part 2, in the app's engine: a full quota fails the action with StorageFull, tells the app (its
// banner explains), and leaves the pond readable and exportable.
it('a full quota fails commits with StorageFull, raises the storage event, and keeps the pond readable and exportable', async () => {
  let faulty: FaultyLogStore | null = null;
  const { call, events } = await testEngine({ wrapStore: (store) => (faulty = new FaultyLogStore(store)) });
  await call('createPond', { name: 'full' });
  await call('exec', { line: "write /kept.txt --content 'kept'" });
  const status = await call('status', {});
  if (faulty === null) throw new Error('the store was not wrapped');
  (faulty as FaultyLogStore).failWrites('quota');

  const fromConsole = await call('exec', { line: "write /lost.txt --content 'no room'" }).catch((e: unknown) => toWireError(e));
  expect(fromConsole).toMatchObject({ kind: 'StorageFull' });
  expect((fromConsole as { message: string }).message).toContain('Nothing of it was written: the pond is as it was and still readable');
  const fromDraft = await call('apply', { origin: 'draft', ops: [{ op: 'mkdir', path: '/more' }] }).catch((e: unknown) => toWireError(e));
  expect(fromDraft).toMatchObject({ kind: 'StorageFull' });
  expect(events.filter((e) => e.event === 'storage').map((e) => e.event === 'storage' && e.kind)).toEqual(['StorageFull', 'StorageFull']);

  expect((await call('status', {})).txnSeq).toBe(status.txnSeq);
  expect(decode(await call('read', { path: '/kept.txt' }))).toBe('kept');
  expect((await call('verify', {})).problems).toEqual([]);
  expect((await call('exportPond', {})).length).toBeGreaterThan(0);
});
