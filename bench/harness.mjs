// What the Chromium benchmarks share: the repo root, building and serving the test-only harness
// (e2e/harness/, cross-origin isolated so a page can measure its worker's heap), and the e2e Chromium args.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** `npm run build:harness` (dist-harness/), failing loudly. */
export function buildHarness() {
  const r = spawnSync('npm', ['run', 'build:harness'], { cwd: repoRoot, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error(`npm run build:harness failed (${r.status})`);
}

/** The Chromium args of the e2e config (e2e/playwright.config.ts), read from its text: Node 20 cannot import .ts. */
export function e2eChromiumArgs() {
  const text = readFileSync(join(repoRoot, 'e2e/playwright.config.ts'), 'utf8');
  const block = /args:\s*\[([^\]]*)\]/.exec(text)?.[1];
  const args = block === undefined ? [] : [...block.matchAll(/'([^']+)'/g)].map((m) => m[1]);
  if (!args.includes('--headless')) throw new Error('could not read the Chromium args from e2e/playwright.config.ts');
  return args;
}

/** Serves dist-harness/ and returns the URL of `page` (e.g. 'e2e/harness/bench.html'). */
export async function startPreview(page, port) {
  const { preview } = await import('vite');
  const server = await preview({
    root: repoRoot,
    mode: 'harness',
    logLevel: 'warn',
    build: { outDir: 'dist-harness' },
    preview: {
      host: '127.0.0.1',
      port,
      strictPort: false,
      // Cross-origin isolation lets the page measure its worker's heap (performance.measureUserAgentSpecificMemory).
      // The app's CSP header (vite.config.ts) is kept.
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    },
  });
  const base = server.resolvedUrls?.local?.[0];
  if (base === undefined) throw new Error('vite preview did not report its URL');
  return { server, url: new URL(page, base).href };
}
