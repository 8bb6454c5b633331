import AxeBuilder from '@axe-core/playwright';
import { type Locator, type Page, expect, test } from '@playwright/test';

export const HARNESS_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4173) + 1}/e2e/harness/index.html`;

const PORT = Number(process.env.E2E_PORT ?? 4173);
/** The app's and the harness's origins: the only places a page may request from unless a test allows more. */
const OWN_ORIGINS = [PORT, PORT + 1].flatMap((port) => [`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

/**
 * Problems a page must not have: requests to anywhere but the app's own origin (another machine, or another
 * port of this one: SPEC §10), console errors, uncaught errors. `allow` adds origins a test configured a
 * factory to call (its own loopback test server).
 */
export function watch(page: Page, options: { allow?: readonly string[] } = {}): { foreign: string[]; errors: string[] } {
  const found = { foreign: [] as string[], errors: [] as string[] };
  const allowed = new Set([...OWN_ORIGINS, ...(options.allow ?? [])]);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['data:', 'blob:'].includes(url.protocol) && !allowed.has(url.origin)) found.foreign.push(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error') found.errors.push(message.text());
  });
  page.on('pageerror', (error) => found.errors.push(error.message));
  return found;
}

/**
 * For specs of the app: every test starts on a fresh browser (so the first start makes the demo pond) with
 * the app open, and fails if a request left this machine or the console showed an error.
 */
export function openDemoPondInEachTest(): void {
  let problems: ReturnType<typeof watch>;
  test.beforeEach(async ({ page }) => {
    problems = watch(page);
    await page.goto('/');
    await expect(tree(page).getByRole('treeitem', { name: 'docs', exact: true })).toBeVisible();
  });
  test.afterEach(() => {
    expect(problems.foreign, 'requests that left this machine').toEqual([]);
    expect(problems.errors, 'console errors').toEqual([]);
  });
}

/** The explorer's tree of the app. */
export function tree(page: Page): Locator {
  return page.getByRole('tree', { name: 'Pond files' });
}

/** The explorer's row of the entry named `name`. */
export function item(page: Page, name: string): Locator {
  return tree(page).getByRole('treeitem', { name, exact: true });
}

/** The open pond's latest txn, as the pond switcher shows it. */
export async function txn(page: Page): Promise<number> {
  return Number((await page.getByRole('button', { name: 'Switch pond' }).textContent())?.match(/txn (\d+)/)?.[1]);
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

/**
 * The text the viewer's editor shows, line by line. Monaco renders only what is on screen (enough for the
 * small files of these tests), positions lines absolutely, and draws spaces as no-break spaces.
 */
export async function editorText(page: Page, which: 'first' | 'last' = 'first'): Promise<string> {
  const lines = page.locator('.monaco-editor .view-lines');
  const editor = which === 'first' ? lines.first() : lines.last();
  await expect(editor).toBeVisible();
  return editor.evaluate((element) =>
    [...element.querySelectorAll<HTMLElement>('.view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' '))
      .join('\n'),
  );
}

/** Runs an action of the app's command palette (Ctrl+K) by its label. */
export async function palette(page: Page, label: string): Promise<void> {
  await page.keyboard.press('Control+k');
  const input = page.getByRole('combobox', { name: 'Command palette' });
  await input.fill(label);
  await expect(page.getByRole('option').first()).toHaveText(label);
  await input.press('Enter');
}

/** Serious and critical axe violations on the page (or inside `include`), each as `rule: targets`. */
export async function seriousAxeViolations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const results = await (include === undefined ? builder : builder.include(include)).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
