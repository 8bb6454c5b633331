import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { type Browser, type BrowserContext, type Download, type Page, expect, test } from '@playwright/test';
import { editorText, palette, watch } from './harness';

/**
 * Pond files in the app (docs/pond-file-format.md, "In the app"): export as a download, import through the
 * file picker or a drop, the replace-or-copy question, a corrupt file, and the round trip with the real CLI.
 */

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const cliPath = join(repoRoot, 'src/cli/duckpond.mjs');

let work: string;
const watched: ReturnType<typeof watch>[] = [];
const contexts: BrowserContext[] = [];

test.beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'duckpond-pondfile-'));
});

test.afterEach(async () => {
  rmSync(work, { recursive: true, force: true });
  for (const context of contexts.splice(0)) await context.close();
  for (const problems of watched.splice(0)) {
    expect(problems.foreign, 'requests that left this machine').toEqual([]);
    expect(problems.errors, 'console errors').toEqual([]);
  }
});

/** The app in a page of its own browser context (so its IndexedDB starts empty), with the demo pond shown. */
async function openApp(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseURL as string });
  contexts.push(context);
  const page = await context.newPage();
  watched.push(watch(page));
  await page.goto('/');
  await expect(entry(page, 'docs')).toBeVisible();
  return page;
}

const entry = (page: Page, name: string) => page.getByRole('tree', { name: 'Pond files' }).getByRole('treeitem', { name, exact: true });
const switcher = (page: Page) => page.getByRole('button', { name: 'Switch pond' });
const commits = (page: Page) => page.getByRole('list', { name: 'Commits' }).locator(':scope > li');

async function txn(page: Page): Promise<number> {
  return Number((await switcher(page).textContent())?.match(/txn (\d+)/)?.[1]);
}

async function consoleCommand(page: Page, line: string, printed: RegExp): Promise<void> {
  const command = page.getByRole('textbox', { name: 'Command' });
  await expect(command).toBeEnabled();
  await command.fill(line);
  await command.press('Enter');
  await expect(page.getByRole('log', { name: 'Console output' })).toContainText(printed);
}

/** "Export Pond…" from the command palette; the download saved under `work`. */
async function exportPond(page: Page, file: string): Promise<{ path: string; download: Download }> {
  const downloading = page.waitForEvent('download');
  await palette(page, 'Export Pond…');
  const download = await downloading;
  const path = join(work, file);
  await download.saveAs(path);
  return { path, download };
}

/** "Import Pond…" from the command palette, answering the file picker with `path`. */
async function importThroughPicker(page: Page, path: string): Promise<void> {
  const choosing = page.waitForEvent('filechooser');
  await palette(page, 'Import Pond…');
  const chooser = await choosing;
  expect(await chooser.element().getAttribute('accept')).toBe('.pond');
  await chooser.setFiles(path);
}

/** The names in the pond list dialog (then closed again). */
async function pondNames(page: Page): Promise<string[]> {
  await switcher(page).click();
  const dialog = page.getByRole('dialog', { name: 'Ponds' });
  const names = (await dialog.locator('tbody th').allInnerTexts()).map((name) => name.replace(/\s*open$/, '').trim());
  await dialog.getByRole('button', { name: 'Close' }).click();
  return names.sort();
}

/** The manifest, read the way any zip tool would: the central directory's first entry, then its data. */
function manifestOf(file: Buffer): { lastTxnSeq: number } {
  const end = file.length - 22; // the end record; pond files have no zip comment
  const central = file.readUInt32LE(end + 16);
  const compressed = file.readUInt32LE(central + 20);
  const local = file.readUInt32LE(central + 42);
  const data = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
  return JSON.parse(inflateRawSync(file.subarray(data, data + compressed)).toString('utf8')) as { lastTxnSeq: number };
}

function cli(...args: string[]): string {
  return execFileSync(process.execPath, [cliPath, ...args], { cwd: work, encoding: 'utf8' });
}

test('export the demo pond, import it in another browser, again as a copy; a corrupt file changes nothing', async ({ browser, baseURL }) => {
  const first = await openApp(browser, baseURL);
  // A folder only this browser's demo pond has: the other browser creates its own demo pond on start.
  await consoleCommand(first, 'mkdir /exported-marker', /committed txn \d+/);
  await expect(entry(first, 'exported-marker')).toBeVisible();

  const { path, download } = await exportPond(first, 'demo.pond');
  expect(download.suggestedFilename()).toBe('Demo pond.pond');
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  // The first local header's name (at offset 30, its length at 26): the manifest comes first.
  expect(bytes.subarray(30, 30 + bytes.readUInt16LE(26)).toString('utf8')).toBe('manifest.json');
  // Post-commit runs of the demo add transactions of their own: the file says how many it holds.
  const exportedTxn = manifestOf(bytes).lastTxnSeq;
  expect(exportedTxn).toBeGreaterThan(1);

  const second = await openApp(browser, baseURL);
  await expect(entry(second, 'exported-marker')).toHaveCount(0);
  await importThroughPicker(second, path);
  // Opened at once, named after the file.
  await expect(switcher(second)).toContainText('demo');
  await expect(entry(second, 'exported-marker')).toBeVisible();
  for (const name of ['docs', 'data', 'etc', 'processors', 'latest.csv']) await expect(entry(second, name)).toBeVisible();
  expect(await txn(second)).toBe(exportedTxn);
  await expect(commits(second)).toHaveCount(exportedTxn);

  // The same file again, dropped on the tree this time: its pond is here now, so the app asks.
  const data = await second.evaluateHandle(({ bytes, name }) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], name));
    return transfer;
  }, { bytes: [...bytes], name: 'demo.pond' });
  await second.getByRole('tree', { name: 'Pond files' }).dispatchEvent('drop', { dataTransfer: data });
  await second.getByRole('dialog', { name: 'Import pond file?' }).getByRole('button', { name: 'Import' }).click();
  const question = second.getByRole('dialog', { name: 'This pond is already here' });
  await expect(question).toContainText('holds the pond demo,');
  for (const name of ['Replace', 'Import as a copy', 'Cancel']) await expect(question.getByRole('button', { name, exact: true })).toBeVisible();
  if (process.env.SCREENSHOTS) {
    await second.emulateMedia({ colorScheme: 'light' });
    await question.screenshot({ path: 'docs/screenshots/pondfile-import.png' });
  }
  await question.getByRole('button', { name: 'Import as a copy' }).click();
  // The name is taken by the first import: the copy gets the next free one.
  await expect(switcher(second)).toContainText('demo (2)');
  await expect(entry(second, 'exported-marker')).toBeVisible();
  const ponds = await pondNames(second);
  expect(ponds).toEqual(['Demo pond', 'demo', 'demo (2)']);

  // A truncated file: a clear error, and the pond list as it was.
  const truncated = join(work, 'truncated.pond');
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  await importThroughPicker(second, truncated);
  const failure = second.getByRole('dialog', { name: 'Could not import truncated.pond' });
  await expect(failure.getByRole('alert')).toContainText('Corrupt: not a valid pond file');
  await expect(failure).toContainText('Nothing was changed');
  await failure.getByRole('button', { name: 'Close' }).click();
  expect(await pondNames(second)).toEqual(ponds);
  await expect(switcher(second)).toContainText('demo (2)');
});

test('a pond made with the CLI imports in the app', async ({ browser, baseURL }) => {
  const pond = join(work, 'cli-pond');
  cli('--pond', pond, 'init', '--birthplace', 'cli');
  cli('--pond', pond, 'mkdir', '/field');
  cli('--pond', pond, 'write', '/field/lake.txt', '--content', 'made by the CLI');
  expect(cli('--pond', pond, 'export', 'from-cli.pond')).toMatch(/^exported pond .* \(3 commits, \d+ bytes\) to from-cli\.pond/);

  const page = await openApp(browser, baseURL);
  await importThroughPicker(page, join(work, 'from-cli.pond'));
  await expect(switcher(page)).toContainText('from-cli');
  await expect(entry(page, 'docs')).toHaveCount(0);
  await entry(page, 'field').click();
  await page.keyboard.press('ArrowRight');
  await entry(page, 'lake.txt').click();
  await expect.poll(() => editorText(page)).toBe('made by the CLI');
  expect(await txn(page)).toBe(3);
});

test('a pond exported from the app (console `export` too) imports with the CLI and verifies', async ({ browser, baseURL }) => {
  const page = await openApp(browser, baseURL);
  const downloading = page.waitForEvent('download');
  await consoleCommand(page, 'export backup.pond', /exported pond .* to backup\.pond/);
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('backup.pond');
  await download.saveAs(join(work, 'backup.pond'));

  const pond = join(work, 'imported');
  expect(cli('--pond', pond, 'import', 'backup.pond')).toMatch(/^imported pond .* from backup\.pond/);
  expect(cli('--pond', pond, 'verify')).toMatch(/^ok: /);
  const listed = cli('--pond', pond, 'list').split('\n');
  for (const path of ['/docs/README.md', '/docs/notes.txt', '/data/readings.arrow', '/processors', '/latest.csv']) expect(listed).toContain(path);
});
