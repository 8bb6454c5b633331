// Test-only page of the storage benchmark (bench/oplog.bench.mjs, `npm run bench`): starts the bench worker
// and exposes `window.bench` for the Node script to drive through Playwright.

import { caseClient } from './caseClient';

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
const client = caseClient(worker, 'bench');

function pageHeap(): number | null {
  (globalThis as { gc?: () => void }).gc?.();
  const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  return memory === undefined ? null : memory.usedJSHeapSize;
}

window.bench = {
  crossOriginIsolated: window.crossOriginIsolated,
  call(name, params = {}, where = 'worker') {
    if (where === 'page') return import('./bench.cases').then((cases) => cases.runCase(name, params));
    return client.call(name, params);
  },
  heap: async (where) => (where === 'worker' ? client.heap() : pageHeap()),
};

const status = document.getElementById('status');
if (status !== null) status.textContent = 'ready';
