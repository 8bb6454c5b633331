// Test-only page of the pond-file benchmark (bench/pondfile.bench.mjs, `npm run bench:pondfile`): starts the
// worker and exposes `window.pondBench` for the Node script to drive through Playwright. It samples the
// worker's JS heap while a case runs, and hands the exported pond file to Node as a download.

import { caseClient } from './caseClient';

interface Sampled {
  result: unknown;
  /** Worker heap (bytes) before the case, after gc(); the peak and the number of samples taken while it ran. */
  before: number | null;
  peak: number | null;
  samples: number;
}

interface PondBench {
  call(name: string, params?: unknown): Promise<unknown>;
  /** Runs a case while sampling the worker's heap every `everyMs` (plus the time one measurement takes). */
  sampled(name: string, params?: unknown, everyMs?: number): Promise<Sampled>;
  heap(): Promise<number | null>;
  /** Saves the last exported pond file through a download (Playwright's `download` event). */
  download(fileName: string): Promise<void>;
  readonly crossOriginIsolated: boolean;
}

declare global {
  interface Window {
    pondBench: PondBench;
  }
}

const worker = new Worker(new URL('./pondfile.worker.ts', import.meta.url), { type: 'module', name: 'pondfile' });
const { call, heap } = caseClient(worker, 'pondfile');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sampled(name: string, params: unknown = {}, everyMs = 100): Promise<Sampled> {
  await call('collectGarbage');
  const before = await heap();
  let done = false;
  const running = call(name, params).finally(() => {
    done = true;
  });
  let peak: number | null = before;
  let samples = 0;
  while (!done) {
    const h = await heap();
    if (h !== null) peak = Math.max(peak ?? 0, h);
    samples++;
    if (!done) await sleep(everyMs);
  }
  return { result: await running, before, peak, samples };
}

async function download(fileName: string): Promise<void> {
  const blob = (await call('takeFile')) as Blob;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

window.pondBench = { call, sampled, heap, download, crossOriginIsolated: window.crossOriginIsolated };

const status = document.getElementById('status');
if (status !== null) status.textContent = 'ready';
