import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { deleteDB } from 'idb';
import { beforeEach } from 'vitest';
import { createDefaultRegistry } from '../../factory';
import { BrowserCatalog, BrowserLogStore, pondDatabaseName } from '../../store/browser';
import { MemoryHostFiles, MemoryHttp, MemoryPondOpener, MemorySecrets, MemoryWriteLock } from '../../store/memory';
import { DEMO_FILES } from './demo';
import { Engine, type EngineServices } from './engine';
import type { EngineCalls, EngineEvent, EngineMethod } from './protocol';

/** Engine tests' common setup: an engine over IndexedDB (fake-indexeddb), in an empty browser per test. */
/** An engine over IndexedDB (fake-indexeddb) with a fresh catalog per test. */
export async function engine(): Promise<{ call: <M extends EngineMethod>(m: M, p: EngineCalls[M]['request']) => Promise<EngineCalls[M]['response']>; events: EngineEvent[] }> {
  const catalog = await BrowserCatalog.open();
  const secrets = new MemorySecrets();
  const locks = new Map<string, MemoryWriteLock>();
  const lock = (name: string) => locks.get(name) ?? (locks.set(name, new MemoryWriteLock()), locks.get(name) as MemoryWriteLock);
  const services: EngineServices = {
    catalog,
    secrets,
    host: new MemoryHostFiles({ files: Object.fromEntries(Object.entries(DEMO_FILES).map(([n, t]) => [n, new TextEncoder().encode(t)])) }),
    storage: { estimate: async () => ({ usage: 1, quota: 2, persisted: false }), persist: async () => false },
    openStore: (localId) => BrowserLogStore.open(localId),
    discardStore: (localId) => deleteDB(pondDatabaseName(localId)),
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

/** Every test that uses this module gets an empty browser: a fresh IndexedDB factory. */
export function freshBrowserPerTest(): void {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
  });
}
