/// <reference lib="webworker" />
import { createDefaultRegistry } from '../../factory';
import { BroadcastChangeNotifier, BrowserCatalog, BrowserLogStore, BrowserPondOpener, FetchHttp, IdbSecrets, WebLockWriteLock } from '../../store/browser';
import { Engine, toWireError } from './engine';
import type { RequestMessage, WorkerMessage } from './protocol';

// The engine's home in the browser (SPEC §2): IndexedDB, hashing, Arrow, commits and post-commit runs
// happen here, never on the UI thread. Requests are handled one at a time, in order.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: WorkerMessage): void => scope.postMessage(message);

const shared = (async () => {
  const [secrets, catalog] = await Promise.all([IdbSecrets.open(), BrowserCatalog.open()]);
  return { secrets, catalog, http: new FetchHttp() };
})();

const engine = new Engine(async (localId) => {
  const { secrets, catalog, http } = await shared;
  return {
    store: await BrowserLogStore.open(localId),
    localId,
    lock: new WebLockWriteLock(localId),
    runnerLock: new WebLockWriteLock(`${localId}:runner`),
    notifier: new BroadcastChangeNotifier(localId),
    registry: createDefaultRegistry(secrets),
    http,
    ponds: new BrowserPondOpener(catalog),
  };
}, post);

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (event: MessageEvent<RequestMessage>) => {
  const { id, method, params } = event.data;
  queue = queue.then(async () => {
    try {
      post({ id, ok: true, result: await engine.handle(method, params) });
    } catch (error) {
      post({ id, ok: false, error: toWireError(error) });
    }
  });
};
