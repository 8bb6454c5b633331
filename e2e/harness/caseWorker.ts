/// <reference lib="webworker" />

/**
 * The worker side of a benchmark: runs the named cases one at a time, in order (the product's engine worker
 * also handles one request at a time), answering each request by its id.
 */
export function serveCases(runCase: (name: string, params: unknown) => Promise<unknown>): void {
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
}
