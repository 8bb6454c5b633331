import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

// This config lives in e2e/, but `vite preview` must serve the repo root's dist/.
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
// Ports may be moved (E2E_PORT) so that two checkouts can run their suites side by side.
const port = Number(process.env.E2E_PORT ?? 4173);
const baseURL = `http://127.0.0.1:${port}`;
export const HARNESS_ORIGIN = `http://127.0.0.1:${port + 1}`;

export default defineConfig({
  testDir: '.',
  outputDir: `${repoRoot}test-results`,
  reporter: 'list',
  workers: 1,
  forbidOnly: !!process.env.CI,
  use: {
    baseURL,
    launchOptions: {
      // Playwright cannot download its own browser here: use Debian's chromium (see e2e/ensure-chromium.mjs).
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: [
    {
      command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
      cwd: repoRoot,
      url: baseURL,
      reuseExistingServer: !process.env.CI,
    },
    {
      // The test-only engine harness (e2e/harness/), built by `vite build --mode harness`.
      command: `npx vite preview --host 127.0.0.1 --port ${port + 1} --strictPort --outDir dist-harness`,
      cwd: repoRoot,
      url: `${HARNESS_ORIGIN}/e2e/harness/index.html`,
      reuseExistingServer: !process.env.CI,
    },
  ],
});
