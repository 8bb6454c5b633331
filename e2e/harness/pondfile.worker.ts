/// <reference lib="webworker" />
import { runCase } from './pondfile.bench';

// The pond-file benchmark's worker (bench/pondfile.bench.mjs): the product runs its engine in a dedicated
// worker, so export and import run here, one case at a time, in order.
const scope = self as unknown as DedicatedWorkerGlobalScope;

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (event: MessageEvent<{ id: number; name: string; params: unknown }>) => {
  const { id, name, params } = event.data;
  queue = queue.then(async () => {
    try {
      scope.postMessage({ id, ok: true, result: await runCase(name, params) });
    } catch (error) {
      scope.postMessage({ id, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error) });
    }
  });
};
