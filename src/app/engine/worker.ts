/// <reference lib="webworker" />
import { BroadcastChangeNotifier, BrowserLogStore, WebLockWriteLock } from '../../store/browser';
import { Engine, toWireError } from './engine';
import type { RequestMessage, WorkerMessage } from './protocol';

// The engine's home in the browser (SPEC §2): IndexedDB, hashing, Arrow and commits run here, never on
// the UI thread. Requests are handled one at a time, in order, so a page's calls never interleave.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: WorkerMessage): void => scope.postMessage(message);

const engine = new Engine(
  {
    openStore: (localId) => BrowserLogStore.open(localId),
    lock: (localId) => new WebLockWriteLock(localId),
    notifier: (localId) => new BroadcastChangeNotifier(localId),
  },
  post,
);

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
