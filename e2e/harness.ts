import { type Locator, type Page, expect } from '@playwright/test';

export const HARNESS_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4173) + 1}/e2e/harness/index.html`;

/** Problems a page must not have: requests leaving this machine, console errors, uncaught errors. */
export function watch(page: Page): { foreign: string[]; errors: string[] } {
  const found = { foreign: [] as string[], errors: [] as string[] };
  page.on('request', (request) => {
    const { protocol, hostname } = new URL(request.url());
    if (!['data:', 'blob:'].includes(protocol) && hostname !== '127.0.0.1' && hostname !== 'localhost') found.foreign.push(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error') found.errors.push(message.text());
  });
  page.on('pageerror', (error) => found.errors.push(error.message));
  return found;
}

/** Opens the harness page and its engine on the pond named `localId` (created on first use). */
export async function openHarness(page: Page, localId: string): Promise<void> {
  await page.goto(HARNESS_URL);
  await expect(page.locator('#status')).toHaveText('ready');
  // The pond named `name`: opened if this browser has it, else created.
  await page.evaluate(async (name) => {
    const found = (await window.engine.call('listPonds', {})).find((p) => p.name === name);
    await (found === undefined ? window.engine.call('createPond', { name, birthplace: 'e2e' }) : window.engine.call('openPond', { localId: found.localId }));
  }, localId);
}

declare global {
  interface Window {
    engine: import('../src/app/engine/client').EngineClient;
  }
}

/** `SCREENSHOTS=1` (npm run screenshots) refreshes docs/screenshots/<name>-light|dark.png of `target`. */
export async function screenshots(page: Page, target: Locator, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await target.screenshot({ path: `docs/screenshots/${name}-${colorScheme}.png` });
  }
}

/** Runs an action of the app's command palette (Ctrl+K) by its label. */
export async function palette(page: Page, label: string): Promise<void> {
  await page.keyboard.press('Control+k');
  const input = page.getByRole('combobox', { name: 'Command palette' });
  await input.fill(label);
  await expect(page.getByRole('option').first()).toHaveText(label);
  await input.press('Enter');
}
