import 'fake-indexeddb/auto';
import { deleteDB, openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commitWrite, rejection } from '../testing';
import { BrowserCatalog } from './catalog';
import { BrowserLogStore } from './logStore';
import { CATALOG_DATABASE, pondDatabaseName } from './names';

let catalog: BrowserCatalog;
let clock: number;
let ids: number;

beforeEach(async () => {
  await deleteDB(CATALOG_DATABASE);
  clock = 1000;
  ids = 0;
  catalog = await BrowserCatalog.open({ now: () => clock, newLocalId: () => `local-${++ids}` });
});

afterEach(() => {
  catalog.close();
});

const databaseNames = async (): Promise<(string | undefined)[]> => (await indexedDB.databases()).map((d) => d.name);

describe('BrowserCatalog', () => {
  it('creates entries with fresh local ids and lists them by name', async () => {
    const b = await catalog.create('pond 10', 'pond-id-b');
    clock = 2000;
    const a = await catalog.create('  Pond 2 ', 'pond-id-a');
    expect(a).toEqual({ localId: 'local-2', name: 'Pond 2', pondId: 'pond-id-a', created: 2000, lastOpened: 2000, size: 0 });
    expect(b.localId).toBe('local-1');
    expect((await catalog.list()).map((e) => e.name)).toEqual(['Pond 2', 'pond 10']);
    expect(await catalog.get('local-2')).toEqual(a);
  });

  it('uses crypto.randomUUID for local ids by default', async () => {
    const real = await BrowserCatalog.open();
    const entry = await real.create('uuid', 'p');
    expect(entry.localId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    real.close();
  });

  it('lists a pond under the local id its storage was filled under (an import)', async () => {
    const entry = await catalog.create('Imported', 'p', { localId: 'filled-before' });
    expect(entry.localId).toBe('filled-before');
    expect(await catalog.get('filled-before')).toEqual(entry);
    expect((await rejection(catalog.create('Other', 'p', { localId: 'filled-before' }))).kind).toBe('AlreadyExists');
  });

  it('keeps names unique, ignoring case, on create and on rename', async () => {
    await catalog.create('Sensors', 'p1');
    const other = await catalog.create('Weather', 'p2');
    expect((await rejection(catalog.create('sensors', 'p3'))).message).toBe("AlreadyExists: a pond named 'sensors'");
    expect((await rejection(catalog.rename(other.localId, 'SENSORS'))).kind).toBe('AlreadyExists');
    expect((await catalog.list()).map((e) => e.name)).toEqual(['Sensors', 'Weather']);
    // Renaming to itself with another case is a rename, not a clash.
    expect((await catalog.rename(other.localId, 'weather')).name).toBe('weather');
    expect((await catalog.get(other.localId)).name).toBe('weather');
  });

  it('refuses empty names and pond ids', async () => {
    expect((await rejection(catalog.create('  ', 'p'))).kind).toBe('InvalidName');
    expect((await rejection(catalog.create('x', ''))).kind).toBe('InvalidArgument');
    const entry = await catalog.create('x', 'p');
    expect((await rejection(catalog.rename(entry.localId, ''))).kind).toBe('InvalidName');
    expect(await catalog.list()).toHaveLength(1);
  });

  it('records when a pond was opened and how big it is', async () => {
    const entry = await catalog.create('x', 'p');
    clock = 5000;
    expect((await catalog.touch(entry.localId)).lastOpened).toBe(5000);
    expect((await catalog.setSize(entry.localId, 4096)).size).toBe(4096);
    expect(await catalog.get(entry.localId)).toMatchObject({ created: 1000, lastOpened: 5000, size: 4096 });
    expect((await rejection(catalog.setSize(entry.localId, -1))).kind).toBe('InvalidArgument');
  });

  it('reports unknown local ids as NotFound', async () => {
    for (const call of [
      catalog.get('nope'),
      catalog.rename('nope', 'n'),
      catalog.touch('nope'),
      catalog.setSize('nope', 1),
      catalog.delete('nope'),
    ]) {
      const error = await rejection(call);
      expect([error.kind, error.message]).toEqual(['NotFound', 'NotFound: pond nope']);
    }
  });

  it('deletes the entry and the pond database, closing other open connections', async () => {
    const keep = await catalog.create('keep', 'p1');
    const gone = await catalog.create('gone', 'p2');
    for (const id of [keep.localId, gone.localId]) {
      const store = await BrowserLogStore.open(id);
      await store.appendCommit(commitWrite(1));
      store.close();
    }
    const onVersionChange = vi.fn();
    const open = await BrowserLogStore.open(gone.localId, { onVersionChange });
    await catalog.delete(gone.localId);
    expect(onVersionChange).toHaveBeenCalledTimes(1);
    expect((await catalog.list()).map((e) => e.localId)).toEqual([keep.localId]);
    const names = await databaseNames();
    expect(names).toContain(pondDatabaseName(keep.localId));
    expect(names).not.toContain(pondDatabaseName(gone.localId));
    expect((await rejection(open.lastTxnSeq())).kind).toBe('Unsupported');
  });

  it('tells when deleting waits for a tab that keeps the pond open', async () => {
    const onDeleteBlocked = vi.fn();
    const waiting = await BrowserCatalog.open({ onDeleteBlocked });
    const entry = await waiting.create('busy', 'p');
    // A connection that ignores versionchange, like a tab running old code.
    const stubborn = await openDB(pondDatabaseName(entry.localId), 1);
    const deleting = waiting.delete(entry.localId);
    await vi.waitFor(() => expect(onDeleteBlocked).toHaveBeenCalledWith(entry.localId));
    stubborn.close();
    await deleting;
    expect(await databaseNames()).not.toContain(pondDatabaseName(entry.localId));
    waiting.close();
  });

  it('persists across reopening', async () => {
    const entry = await catalog.create('kept', 'p');
    catalog.close();
    catalog = await BrowserCatalog.open();
    expect(await catalog.get(entry.localId)).toEqual(entry);
  });
});
