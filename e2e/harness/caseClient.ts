/**
 * The page side of a benchmark worker: numbered requests to run a named case, and the worker's JS heap
 * (shared by bench.ts and pondfile.ts). Chromium's measurement leaves ArrayBuffer contents out.
 */
export function caseClient(worker: Worker, label: string): { call(name: string, params?: unknown): Promise<unknown>; heap(): Promise<number | null> } {
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  worker.onmessage = (event: MessageEvent<{ id: number; ok: boolean; result?: unknown; error?: string }>) => {
    const waiter = pending.get(event.data.id);
    pending.delete(event.data.id);
    if (event.data.ok) waiter?.resolve(event.data.result);
    else waiter?.reject(new Error(event.data.error));
  };
  worker.onerror = (event) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${label} worker error: ${event.message}`));
    pending.clear();
  };
  return {
    call: (name, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, name, params });
      }),
    heap: () => workerHeap(`${label}.worker`),
  };
}

interface MemoryBreakdown {
  bytes: number;
  attribution: { scope: string; url: string }[];
}

/** A worker's JS heap (whose script URL contains `urlPart`); null unless the page is cross-origin isolated. */
async function workerHeap(urlPart: string): Promise<number | null> {
  const measure = (performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ breakdown: MemoryBreakdown[] }> }).measureUserAgentSpecificMemory;
  if (!window.crossOriginIsolated || measure === undefined) return null;
  const result = await measure.call(performance);
  return result.breakdown
    .filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope' && a.url.includes(urlPart)))
    .reduce((sum, b) => sum + b.bytes, 0);
}
