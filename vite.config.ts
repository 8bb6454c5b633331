/// <reference types="vitest/config" />
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY } from './src/app/csp.ts';

/**
 * Puts the CSP <meta> first in <head> of the production build only: the dev server relies on inline
 * scripts and eval-like tricks (React Refresh, HMR) that the policy would block.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'duckpond:csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

// `vite build --mode harness` builds the test-only engine harness (e2e/harness/) into dist-harness/;
// the production build never contains it. `--mode bench` builds the production app and the harness into
// one dist-bench/, so `npm run bench:ui` can fill a pond through the harness's engine and open it in the
// app: same origin, same IndexedDB (dist/ itself never contains the harness).
const BUILDS: Record<string, UserConfig['build']> = {
  harness: { outDir: 'dist-harness', rollupOptions: { input: { harness: 'e2e/harness/index.html', bench: 'e2e/harness/bench.html', pondfile: 'e2e/harness/pondfile.html' } } },
  bench: { outDir: 'dist-bench', rollupOptions: { input: { app: 'index.html', harness: 'e2e/harness/index.html' } } },
  // The `duckpond` CLI for Node: one ES module, npm packages included (see `ssr.noExternal` below).
  cli: { ssr: 'src/cli/bin.ts', outDir: 'dist-cli', target: 'node20', rollupOptions: { output: { entryFileNames: 'duckpond.js' } } },
};

export default defineConfig(({ mode }) => ({
  plugins: [react(), contentSecurityPolicy()],
  // The CLI bundles its npm packages too: loaded from node_modules they are a graph of hundreds of ES modules
  // (apache-arrow alone ~150) whose records and sources cost every command ~16 MB of RSS (`duckpond help`:
  // 72 → 56 MB) and start-up time; bundled, only the code the CLI uses is there, in one module.
  ...(mode === 'cli' ? { ssr: { noExternal: true } } : {}),
  worker: { format: 'es' },
  // Pre-bundled up front: discovered late, it would make the dev server reload mid-session (TOOLCHAIN.md).
  optimizeDeps: { include: ['monaco-yaml/yaml.worker.js'] },
  build: BUILDS[mode] ?? { outDir: 'dist' },
  // A worker loaded from a URL takes its CSP from its own HTTP response, not from the page's <meta>: the
  // preview server sends the policy as a header too, so the engine worker runs under it in tests.
  preview: { headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
  test: {
    // The core is environment-free and tested in Node; the UI is tested in Chromium by Playwright (e2e/).
    environment: 'node',
    include: ['src/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**', 'dist-harness/**', 'dist-bench/**'],
  },
}));
