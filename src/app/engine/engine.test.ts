import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../../factory';
import { BrowserCatalog, BrowserLogStore } from '../../store/browser';
import { MemoryHostFiles, MemoryHttp, MemoryPondOpener, MemorySecrets, MemoryWriteLock } from '../../store/memory';
import { decode } from '../../tinyfs/testing';
import { DEMO_FILES } from './demo';
import { Engine, type EngineServices, toWireError } from './engine';
import type { EngineCalls, EngineEvent, EngineMethod } from './protocol';

/** An engine over IndexedDB (fake-indexeddb) with a fresh catalog per test. */
async function engine(): Promise<{ call: <M extends EngineMethod>(m: M, p: EngineCalls[M]['request']) => Promise<EngineCalls[M]['response']>; events: EngineEvent[] }> {
  const catalog = await BrowserCatalog.open();
  const secrets = new MemorySecrets();
  const locks = new Map<string, MemoryWriteLock>();
  const lock = (name: string) => locks.get(name) ?? (locks.set(name, new MemoryWriteLock()), locks.get(name) as MemoryWriteLock);
  const services: EngineServices = {
    catalog,
    secrets,
    host: new MemoryHostFiles({ files: Object.fromEntries(Object.entries(DEMO_FILES).map(([n, t]) => [n, new TextEncoder().encode(t)])) }),
    storage: { estimate: async () => ({ usage: 1, quota: 2, persisted: false }), persist: async () => false },
    environment: async (localId) => ({
      store: await BrowserLogStore.open(localId),
      localId,
      lock: lock(localId),
      runnerLock: lock(`${localId}:runner`),
      registry: createDefaultRegistry(secrets),
      http: new MemoryHttp(async () => ({ status: 500, headers: {}, body: new Uint8Array() })),
      ponds: new MemoryPondOpener(new Map()),
    }),
  };
  const events: EngineEvent[] = [];
  const e = new Engine(services, (event) => events.push(event));
  const call = <M extends EngineMethod>(m: M, p: EngineCalls[M]['request']) => e.handle(m, p) as Promise<EngineCalls[M]['response']>;
  return { call, events };
}

// Every test gets an empty browser: a fresh IndexedDB factory.
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('engine', () => {
  it('first start creates the demo pond through the command language; the next start opens it', async () => {
    const { call } = await engine();
    const first = await call('start', {});
    expect(first.createdDemo).toBe(true);
    expect(first.name).toBe('Demo pond');
    const root = (await call('entries', { path: '/', offset: 0, limit: 100 })).entries;
    expect(root.map((e) => `${e.name}:${e.entryType}`)).toEqual([
      'data:dir:physical',
      'docs:dir:physical',
      'etc:dir:physical',
      'processors:dir:dynamic',
      'var:dir:physical',
      'latest.csv:symlink',
    ]);
    expect(root.find((e) => e.name === 'processors')?.factory).toBe('test-dir');
    expect(decode(await call('read', { path: '/docs/greeting.txt' }))).toBe('Hello from a dynamic node');
    const runs = await call('runs', {});
    expect(runs.some((r) => r.factoryName === 'test-executor' && r.status === 'completed')).toBe(true);
    expect((await call('verify', {})).problems).toEqual([]);
    expect((await call('start', {})).createdDemo).toBe(false);
  });

  it('runs console commands, completes, and reports draft conflicts with details', async () => {
    const { call, events } = await engine();
    await call('createPond', { name: 'work' });
    expect((await call('exec', { line: 'mkdir -p /a/b' })).output).toBe('committed txn 2 (+2 ~0 -0)');
    expect((await call('exec', { line: 'write /a/b/c.txt --content -', input: 'from the editor' })).output).toContain('committed');
    expect(decode(await call('read', { path: '/a/b/c.txt' }))).toBe('from the editor');
    expect(await call('complete', { line: 'mk' })).toEqual(['mkdir ', 'mknod ']);
    expect(await call('complete', { line: 'cat /a/' })).toEqual(['cat /a/b/']);
    expect(await call('complete', { line: 'mknod /x --factory test-e' })).toEqual(['mknod /x --factory test-executor ']);
    const conflict = await call('apply', { origin: 'draft', ops: [{ op: 'mkdir', path: '/a' }] }).catch((error: unknown) => toWireError(error));
    expect(conflict).toMatchObject({ kind: 'Conflict', details: { conflicts: [{ index: 0, error: 'AlreadyExists: /a' }] } });
    expect(events.some((e) => e.event === 'pond' && e.detail.type === 'commit')).toBe(true);
    const history = await call('history', { limit: 2 });
    expect(history.map((m) => m.txnSeq)).toEqual([3, 2]);
  });

  it('pages a directory in tree order, folders first, and tells which paths exist', async () => {
    const { call } = await engine();
    await call('createPond', { name: 'paged' });
    const files = Array.from({ length: 25 }, (_, i) => ({ op: 'write' as const, path: `/big/f${String(i).padStart(2, '0')}.txt`, content: 'x'.repeat(i) }));
    await call('apply', { origin: 'setup', ops: [{ op: 'mkdir', path: '/big' }, ...files, { op: 'mkdir', path: '/big/zdir' }, { op: 'mkdir', path: '/big/Adir' }] });
    const first = await call('entries', { path: '/big', offset: 0, limit: 10 });
    expect(first.total).toBe(27);
    expect(first.entries.map((e) => e.name)).toEqual(['Adir', 'zdir', 'f00.txt', 'f01.txt', 'f02.txt', 'f03.txt', 'f04.txt', 'f05.txt', 'f06.txt', 'f07.txt']);
    const last = await call('entries', { path: '/big', offset: 20, limit: 10 });
    expect(last.entries.map((e) => [e.name, e.size])).toEqual([['f18.txt', 18], ['f19.txt', 19], ['f20.txt', 20], ['f21.txt', 21], ['f22.txt', 22], ['f23.txt', 23], ['f24.txt', 24]]);
    // A commit in between: the next page reflects it (the sorted listing is kept per txn, not reused).
    await call('apply', { origin: 'rm', ops: [{ op: 'rm', path: '/big/f00.txt' }] });
    expect((await call('entries', { path: '/big', offset: 2, limit: 1 })).entries.map((e) => e.name)).toEqual(['f01.txt']);
    expect((await call('entries', { path: '/big', offset: 0, limit: 1, asOf: 2 })).total).toBe(27);
    expect(await call('exists', { paths: ['/big/f01.txt', '/big/f00.txt', '/nowhere/x'] })).toEqual([true, false, false]);
  });

  it('manages ponds: create, rename, list, delete', async () => {
    const { call } = await engine();
    const a = await call('createPond', { name: 'Alpha' });
    await call('createPond', { name: 'Beta' });
    await call('renamePond', { localId: a.localId, name: 'Gamma' });
    expect((await call('listPonds', {})).map((p) => p.name)).toEqual(['Beta', 'Gamma']);
    await call('deletePond', { localId: a.localId });
    expect((await call('listPonds', {})).map((p) => p.name)).toEqual(['Beta']);
  });
});
