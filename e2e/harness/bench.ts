// Test-only page of the storage benchmark (bench/oplog.bench.mjs, `npm run bench`): starts the bench worker
// and exposes `window.bench` for the Node script to drive through Playwright.

type Where = 'worker' | 'page';

interface Bench {
  /** Runs one case of bench.cases.ts in the worker (default) or on this page's thread. */
  call(name: string, params?: unknown, where?: Where): Promise<unknown>;
  /**
   * JS heap in bytes of the worker (`performance.measureUserAgentSpecificMemory`, needs cross-origin isolation)
   * or of this page (`performance.memory`, needs --enable-precise-memory-info); null when unavailable.
   */
  heap(where: Where): Promise<number | null>;
  readonly crossOriginIsolated: boolean;
}

declare global {
  interface Window {
    bench: Bench;
  }
}

const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: 'bench' });
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let nextId = 0;
worker.onmessage = (event: MessageEvent<{ id: number; ok: boolean; result?: unknown; error?: string }>) => {
  const waiter = pending.get(event.data.id);
  pending.delete(event.data.id);
  if (event.data.ok) waiter?.resolve(event.data.result);
  else waiter?.reject(new Error(event.data.error));
};
worker.onerror = (event) => {
  for (const waiter of pending.values()) waiter.reject(new Error(`bench worker error: ${event.message}`));
  pending.clear();
};

interface MemoryBreakdown {
  bytes: number;
  attribution: { scope: string; url: string }[];
}

async function workerHeap(): Promise<number | null> {
  const measure = (performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ breakdown: MemoryBreakdown[] }> })
    .measureUserAgentSpecificMemory;
  if (!window.crossOriginIsolated || measure === undefined) return null;
  const result = await measure.call(performance);
  return result.breakdown
    .filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope' && a.url.includes('bench.worker')))
    .reduce((sum, b) => sum + b.bytes, 0);
}

function pageHeap(): number | null {
  (globalThis as { gc?: () => void }).gc?.();
  const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  return memory === undefined ? null : memory.usedJSHeapSize;
}

window.bench = {
  crossOriginIsolated: window.crossOriginIsolated,
  call(name, params = {}, where = 'worker') {
    if (where === 'page') return import('./bench.cases').then((cases) => cases.runCase(name, params));
    return new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, name, params });
    });
  },
  heap: async (where) => (where === 'worker' ? workerHeap() : pageHeap()),
};

const status = document.getElementById('status');
if (status !== null) status.textContent = 'ready';
