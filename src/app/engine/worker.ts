/// <reference lib="webworker" />
import { deleteDB } from 'idb';
import { BroadcastChangeNotifier, BrowserCatalog, BrowserLogStore, BrowserPondOpener, FetchHttp, IdbSecrets, WebLockWriteLock, pondDatabaseName } from '../../store/browser';
import { MemoryHostFiles } from '../../store/memory';
import { createDefaultRegistry } from '../../factory';
import { DEMO_FILES } from './demo';
import { Engine, type EngineServices, toWireError } from './engine';
import type { RequestMessage, WorkerMessage } from './protocol';

// The engine's home in the browser (SPEC §2): IndexedDB, hashing, Arrow, commits and post-commit runs
// happen here, never on the UI thread. Requests are handled one at a time, in order — except `cancel`,
// which must reach the export or import it stops while that one still runs.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: WorkerMessage, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);
const storageEvent = (kind: 'versionchange' | 'blocked') => () =>
  post({ event: 'storage', kind, message: kind === 'versionchange' ? 'another tab upgraded or deleted this pond; reload to continue' : 'another tab keeps an older version of the database open; close it' });

const services: Promise<EngineServices> = (async () => {
  const events = { onVersionChange: storageEvent('versionchange'), onBlocked: storageEvent('blocked') };
  const [secrets, catalog] = await Promise.all([IdbSecrets.open(events), BrowserCatalog.open(events)]);
  const http = new FetchHttp();
  const registry = createDefaultRegistry(secrets);
  const encoder = new TextEncoder();
  return {
    catalog,
    secrets,
    host: new MemoryHostFiles({ files: Object.fromEntries(Object.entries(DEMO_FILES).map(([name, text]) => [name, encoder.encode(text)])) }),
    storage: {
      async estimate() {
        const estimate = await navigator.storage.estimate();
        const persisted = 'persisted' in navigator.storage ? await navigator.storage.persisted() : null;
        return { usage: estimate.usage ?? null, quota: estimate.quota ?? null, persisted };
      },
      // Workers have no persist(); the page asks (see the app), the worker only reports.
      persist: async () => (await navigator.storage.persisted?.()) ?? false,
    },
    openStore: (localId: string) => BrowserLogStore.open(localId, events),
    discardStore: (localId: string) => deleteDB(pondDatabaseName(localId)),
    async environment(localId: string) {
      return {
        store: await BrowserLogStore.open(localId, events),
        localId,
        lock: new WebLockWriteLock(localId),
        runnerLock: new WebLockWriteLock(`${localId}:runner`),
        notifier: new BroadcastChangeNotifier(localId),
        registry,
        http,
        ponds: new BrowserPondOpener(catalog),
      };
    },
  };
})();

let engine: Engine | null = null;
let queue: Promise<void> = Promise.resolve();
const answer = async ({ id, method, params }: RequestMessage): Promise<void> => {
  try {
    engine ??= new Engine(await services, post);
    const result = await engine.handle(method, params);
    post({ id, ok: true, result }, transferable(method, result));
  } catch (error) {
    post({ id, ok: false, error: toWireError(error) });
  }
};
scope.onmessage = (event: MessageEvent<RequestMessage>) => {
  if (event.data.method === 'cancel') void answer(event.data);
  else queue = queue.then(() => answer(event.data));
};

/**
 * Bytes moved to the page rather than copied (a pond file or a file may be hundreds of MB): the engine
 * answers both with buffers of their own (see its `read`), so moving them takes nothing it keeps.
 */
function transferable(method: RequestMessage['method'], result: unknown): Transferable[] {
  return method === 'exportPond' || method === 'read' ? [(result as Uint8Array).buffer as ArrayBuffer] : [];
}
