import { type Locator, type Page, expect, test } from '@playwright/test';
import { editorText, item, openDemoPondInEachTest, screenshots, tree } from './harness';

/**
 * The production factories of issue 10 in the app, on the production build (its CSP forbids code
 * generation): the demo pond's /reports (a dynamic-dir holding a template, a generated table and a nested dynamic-dir)
 * in the tree, its table /reports/waves (synthetic-timeseries) as a grid and a chart.
 */

openDemoPondInEachTest();

async function expand(page: Page, name: string): Promise<void> {
  await item(page, name).click();
  await page.keyboard.press('ArrowRight');
  await expect(item(page, name)).toHaveAttribute('aria-expanded', 'true');
}

/** The number of points the chart says it shows. */
async function points(chart: Locator): Promise<number> {
  const status = (await chart.locator('.tv-chart-status').textContent()) ?? '';
  return Number(status.match(/^([\d,]+) points/)?.[1]?.replace(/,/g, '') ?? NaN);
}

test('a synthetic time series opens as a grid and a chart', async ({ page }) => {
  await expand(page, 'reports');
  await expect(item(page, 'waves')).toContainText('synthetic-timeseries');
  await item(page, 'waves').click();
  const table = page.getByRole('main').getByRole('region', { name: 'Table' });
  const grid = table.getByRole('grid');
  await expect(grid).toBeVisible();
  // Two days every 30 minutes, both ends included: 97 rows (+ the header row).
  await expect(table).toContainText('97 rows · 3 columns');
  await expect(grid).toHaveAttribute('aria-rowcount', '98');
  await expect(grid.getByRole('columnheader')).toHaveText(['Row#', 'timestampTimestamp<MILLISECOND, UTC>', 'temperatureFloat64', 'oxygenFloat64']);
  await expect(grid.getByRole('row').nth(1)).toContainText('2026-11-01T00:00:00Z');

  await table.getByRole('tab', { name: 'Chart' }).click();
  const chart = table.locator('.tv-chart');
  await expect(chart.locator('.tv-plot canvas')).toBeVisible();
  await expect(chart.getByRole('group', { name: 'Series' }).getByRole('checkbox')).toHaveCount(2);
  await expect.poll(() => points(chart)).toBe(97);
  await expect(chart.locator('.tv-chart-status')).toContainText('2026-11-01T00:00:00Z – 2026-11-03T00:00:00Z');
  await screenshots(page, page.getByRole('main'), 'synthetic-timeseries-chart');
});

test('a dynamic-dir shows its children: a template, a generated table and a nested dynamic-dir', async ({ page }) => {
  await expect(item(page, 'reports')).toContainText('dynamic-dir');
  await expand(page, 'reports');
  for (const name of ['about', 'index.md', 'waves']) await expect(item(page, name)).toHaveAttribute('aria-level', '2');
  await expect(item(page, 'index.md')).toContainText('template');
  await expect(item(page, 'waves')).toContainText('synthetic-timeseries');
  await expand(page, 'about');
  await expect(item(page, 'readme.txt')).toHaveAttribute('aria-level', '3');

  await item(page, 'index.md').click();
  // A produced child: named by its factory and folder, read-only (no config of its own to edit), no error.
  const viewer = page.getByRole('article', { name: 'Viewer of /reports/index.md' });
  await expect(viewer.locator('.viewer-factory')).toHaveText('produced by template (file) as an entry of /reports');
  await expect(viewer.getByRole('button', { name: 'Edit config' })).toHaveCount(0);
  await expect(viewer).not.toContainText('Could not');
  await expect.poll(() => editorText(page)).toMatch(/^# Documents\n- README\.md: \d+ characters\n- greeting\.txt: 25 characters\n- notes\.txt: \d+ characters/);
  await screenshots(page, page.locator('body'), 'dynamic-dir-tree');
});

test("a dynamic-dir's config editor checks nested configs with their own factory; the schema's x-config-of is tolerated", async ({ page }) => {
  await item(page, 'reports').click();
  const viewer = page.getByRole('main');
  await viewer.getByRole('button', { name: 'Edit config' }).click();
  await viewer.getByRole('tab', { name: 'YAML' }).click();
  await expect(viewer.locator('.monaco-editor')).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => editorText(page)).toContain('# a folder composed of generated files');
  const problems = viewer.getByRole('region', { name: 'Problems' });
  await expect(problems).toContainText('No problems');
  await viewer.locator('.monaco-editor').click();
  await page.keyboard.press('Control+a');
  // Flow style: Monaco indents typed lines by itself, which would shift a block mapping.
  await page.keyboard.insertText('entries: [{ name: a.txt, factory: test-file, config: { mime_type: text/plain } }]\n');
  // The engine's list: the nested config against test-file's schema, with the full key path and the outer line.
  await expect(problems.getByRole('button')).toHaveText(["Line 1entries[0].config: missing required key 'content'"]);
  await page.keyboard.insertText('colour: red\n');
  // (the nested configs are checked once the outer document fits its own schema)
  await expect(problems.getByRole('button')).toHaveText(["Line 2unknown key 'colour'"]);
  await expect(viewer.getByRole('button', { name: 'Review changes…' })).toBeDisabled();
  // monaco-yaml reads the same schema (with its custom keyword) and underlines the unknown key.
  await expect(viewer.locator('.monaco-editor [class*="squiggly-"]').first()).toBeAttached();
});
