import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { createDefaultRegistry } from '../../factory';
import { BrowserCatalog, BrowserLogStore, BrowserPondOpener, pondDatabaseName } from '../../store/browser';
import { MemoryHostFiles, MemoryHttp, MemorySecrets, MemoryWriteLock } from '../../store/memory';
import type { LogStore } from '../../store/ports';
import { DEMO_FILES } from './demo';
import { Engine, type EngineServices } from './engine';
import type { EngineCalls, EngineEvent, EngineMethod } from './protocol';

/** Calls an engine method as the worker would, typed by the protocol. */
export type EngineCall = <M extends EngineMethod>(m: M, p: EngineCalls[M]['request']) => Promise<EngineCalls[M]['response']>;

/**
 * For tests: an engine over IndexedDB (fake-indexeddb; give each test a fresh `globalThis.indexedDB`) with
 * memory adapters for everything else and the demo's host files.
 */
export async function testEngine(options: { http?: MemoryHttp; wrapStore?: (store: LogStore) => LogStore } = {}): Promise<{ call: EngineCall; events: EngineEvent[] }> {
  const wrap = options.wrapStore ?? ((store: LogStore) => store);
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
      store: wrap(await BrowserLogStore.open(localId)),
      localId,
      lock: lock(localId),
      runnerLock: lock(`${localId}:runner`),
      registry: createDefaultRegistry(secrets),
      http: options.http ?? new MemoryHttp(async () => ({ status: 500, headers: {}, body: new Uint8Array() })),
      ponds: new BrowserPondOpener(catalog, lock),
    }),
  };
  const events: EngineEvent[] = [];
  const e = new Engine(services, (event) => events.push(event));
  const call: EngineCall = (m, p) => e.handle(m, p) as Promise<EngineCalls[typeof m]['response']>;
  return { call, events };
}
