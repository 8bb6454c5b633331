import { type Locator, type Page, expect, test } from '@playwright/test';
import { openDemoPondInEachTest, seriousAxeViolations, tree } from './harness';

/**
 * Tables in the viewer, on the production build: the demo pond's /data/readings.arrow (made by
 * `copy --format table` from a CSV of time, temperature and oxygen, 4 rows) as a grid, sorted, and charted.
 */

openDemoPondInEachTest();

/** Selects /data/readings.arrow in the explorer; returns the table view. */
async function openReadings(page: Page): Promise<Locator> {
  await tree(page).getByRole('treeitem', { name: 'data', exact: true }).click();
  await page.keyboard.press('ArrowRight');
  await tree(page).getByRole('treeitem', { name: 'readings.arrow', exact: true }).click();
  const table = page.getByRole('main').getByRole('region', { name: 'Table' });
  await expect(table.getByRole('grid')).toBeVisible();
  return table;
}

/** The text of every body row's cell in column `column` (0 = the first data column), top to bottom. */
async function columnTexts(grid: Locator, column: number): Promise<string[]> {
  const rows = grid.getByRole('row').filter({ has: grid.page().getByRole('gridcell') });
  return rows.evaluateAll((found, c) => found.map((row) => row.querySelectorAll('[role="gridcell"]')[c]?.textContent ?? ''), column);
}

/** The number of points the chart says it shows. */
async function points(chart: Locator): Promise<number> {
  const status = (await chart.locator('.tv-chart-status').textContent()) ?? '';
  return Number(status.match(/^([\d,]+) points/)?.[1]?.replace(/,/g, '') ?? NaN);
}

/** Screenshots for docs/screenshots (`npm run screenshots`), in the colour scheme that reads best for each. */
async function screenshot(page: Page, target: Locator, name: string, colorScheme: 'light' | 'dark'): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  // At rest: no hover, no focus ring.
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.emulateMedia({ colorScheme });
  await target.screenshot({ path: `docs/screenshots/${name}.png` });
  await page.emulateMedia({ colorScheme: null });
}

test('a table opens as a grid: row count, column names and types; headers sort it', async ({ page }) => {
  const table = await openReadings(page);
  const grid = table.getByRole('grid');
  await expect(table).toContainText('4 rows · 3 columns');
  await expect(grid).toHaveAttribute('aria-rowcount', '5');
  const headers = grid.getByRole('columnheader');
  await expect(headers).toHaveText(['Row#', 'timeTimestamp<MILLISECOND, UTC>', 'temperatureFloat64', 'oxygenFloat64']);
  await expect(grid.getByRole('row')).toHaveCount(5);
  // Timestamps read as ISO-8601 UTC; numbers as numbers.
  await expect.poll(() => columnTexts(grid, 0)).toEqual(['2026-11-01T00:00:00Z', '2026-11-01T01:00:00Z', '2026-11-01T02:00:00Z', '2026-11-01T03:00:00Z']);
  const unsorted = await columnTexts(grid, 1);
  const numeric = unsorted.map(Number);
  expect(numeric.every((n) => Number.isFinite(n))).toBe(true);

  const temperature = headers.filter({ hasText: 'temperature' });
  await temperature.getByRole('button').click();
  await expect(temperature).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => columnTexts(grid, 1)).toEqual([...numeric].sort((a, b) => a - b).map(String));
  expect((await columnTexts(grid, 1))[0]).toBe(String(Math.min(...numeric)));
  await temperature.getByRole('button').click();
  await expect(temperature).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => columnTexts(grid, 1)).toEqual([...numeric].sort((a, b) => b - a).map(String));
  expect((await columnTexts(grid, 1))[0]).toBe(String(Math.max(...numeric)));
  await temperature.getByRole('button').click();
  await expect(temperature).not.toHaveAttribute('aria-sort');
  await expect.poll(() => columnTexts(grid, 1)).toEqual(unsorted);

  // The keyboard moves the active cell; the grid names it for screen readers.
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  const active = await grid.getAttribute('aria-activedescendant');
  expect(active).not.toBeNull();
  await expect(page.locator(`[id="${active}"]`)).toHaveText((await columnTexts(grid, 2))[1] as string);

  expect(await seriousAxeViolations(page, '.tv')).toEqual([]);
  await screenshot(page, page.getByRole('main'), 'table-grid', 'light');
});

test('the chart draws the time series; the range picker and a drag narrow it, double-click shows all', async ({ page }) => {
  const table = await openReadings(page);
  await table.getByRole('tab', { name: 'Chart' }).click();
  await expect(table.getByRole('tab', { name: 'Chart' })).toHaveAttribute('aria-selected', 'true');
  const chart = table.locator('.tv-chart');
  await expect(chart.locator('.tv-plot canvas')).toBeVisible();
  await expect(chart.getByRole('group', { name: 'Series' }).getByRole('checkbox')).toHaveCount(2);
  await expect.poll(() => points(chart)).toBe(4);
  await expect(chart.locator('.tv-chart-status')).toContainText('2026-11-01T00:00:00Z – 2026-11-01T03:00:00Z');

  // The keyboard way: a later start leaves three readings.
  const from = chart.getByLabel('From (UTC)');
  // (the browser leaves out seconds that are zero)
  await expect(from).toHaveValue(/^2026-11-01T00:00(:00)?$/);
  await from.fill('2026-11-01T01:00:00');
  await expect(chart.locator('.tv-chart-status')).toContainText('2026-11-01T01:00:00Z – 2026-11-01T03:00:00Z');
  await expect.poll(() => points(chart)).toBe(3);
  await chart.getByRole('button', { name: 'Whole range' }).click();
  await expect.poll(() => points(chart)).toBe(4);

  // The mouse way: drag across the right half of the plot, then double-click for everything again.
  const plot = chart.locator('.tv-plot .u-over');
  const box = await plot.boundingBox();
  if (box === null) throw new Error('the plot has no box');
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  // The readings after about 01:40: two, or one when the drag stops a hair before 03:00.
  await expect.poll(() => points(chart)).toBeLessThan(3);
  expect(await points(chart)).toBeGreaterThan(0);
  expect(await from.inputValue()).not.toMatch(/^2026-11-01T00:00(:00)?$/);
  await plot.dblclick();
  await expect.poll(() => points(chart)).toBe(4);

  // A legend entry hides its line.
  const oxygen = chart.getByRole('checkbox', { name: /oxygen/ });
  await oxygen.uncheck();
  await expect(oxygen).not.toBeChecked();

  expect(await seriousAxeViolations(page, '.tv')).toEqual([]);
  await oxygen.check();
  await screenshot(page, page.getByRole('main'), 'table-chart', 'dark');
});
