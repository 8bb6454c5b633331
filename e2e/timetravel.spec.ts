import { readFileSync } from 'node:fs';
import { type Download, type Locator, type Page, expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { editorText, item, palette, seriousAxeViolations, tree, txn, watch } from './harness';

/**
 * Time travel and downloads in the app (SPEC §4.2, §8): browse the pond as of a past commit, read-only,
 * restore from there into the draft, and take files and folders (as a zip) out of the pond. Every test
 * starts in a fresh browser context, so the first start creates the demo pond.
 */

let problems: ReturnType<typeof watch>;

test.beforeEach(async ({ page }) => {
  problems = watch(page);
  await page.goto('/');
  await expect(item(page, 'docs')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Command' })).toBeEnabled();
});

test.afterEach(() => {
  expect(problems.foreign, 'requests that left this machine').toEqual([]);
  expect(problems.errors, 'console errors').toEqual([]);
});

const README = '# Welcome to DuckPond\n\nEvery change is a commit in an append-only log.\nTry the console: `list -l`, `log`, `help`.\n';
const NOTES = 'A versioned file: edit me and commit to make version 2.';
/** About 8.5 MB of CSV whose rows differ, so deflating it takes a while. */
const BIG_CSV = `time,value\n${Array.from({ length: 500_000 }, (_, i) => `${1_790_000_000 + i * 60},${((i * 7919) % 100_003) / 1000}\n`).join('')}`;

const banner = (page: Page) => page.getByRole('region', { name: 'Time travel' });
const panel = (page: Page) => page.getByRole('region', { name: 'Source control' });

/** Runs a console command and returns the txn it committed. */
async function run(page: Page, line: string): Promise<number> {
  const command = page.getByRole('textbox', { name: 'Command' });
  await expect(command).toBeEnabled();
  await command.fill(line);
  await command.press('Enter');
  const log = page.getByRole('log', { name: 'Console output' });
  const entry = log.locator('> *').filter({ hasText: line }).last();
  await expect(entry).toContainText(/committed txn \d+/);
  return Number((await entry.textContent())?.match(/committed txn (\d+)/)?.[1]);
}

/** What a console command printed. */
async function output(page: Page, line: string, expected: string | RegExp): Promise<void> {
  const command = page.getByRole('textbox', { name: 'Command' });
  await expect(command).toBeEnabled();
  await command.fill(line);
  await command.press('Enter');
  await expect(page.getByRole('log', { name: 'Console output' }).locator('> *').filter({ hasText: line }).last()).toContainText(expected);
}

async function open(page: Page, folder: string): Promise<void> {
  await item(page, folder).click();
  if ((await item(page, folder).getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
  await expect(item(page, folder)).toHaveAttribute('aria-expanded', 'true');
}

async function menu(page: Page, name: string): Promise<Locator> {
  await item(page, name).click({ button: 'right' });
  const opened = page.getByRole('menu', { name });
  await expect(opened).toBeVisible();
  return opened;
}

/**
 * Writes BIG_CSV to /data/big.csv through the console's multi-line input, so that zipping takes a moment.
 * Typing it (fill), or just showing it, takes longer than a test may: the field is hidden, its value set at
 * once as a paste would, and Ctrl+Enter dispatched.
 */
async function writeBigCsv(page: Page): Promise<void> {
  await page.getByRole('textbox', { name: 'Command' }).fill('write /data/big.csv --content -');
  const input = page.getByRole('textbox', { name: 'Input for -' });
  await input.evaluate(async (field: HTMLTextAreaElement, text) => {
    field.style.display = 'none'; // laying out 500,000 lines takes the browser most of a minute
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(field, text);
    field.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 0)); // React has the text
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
  }, BIG_CSV);
  await expect(page.getByRole('log', { name: 'Console output' })).toContainText(/big\.csv[\s\S]*committed txn/);
}

/** Runs a menu item that downloads; the downloaded file's name and bytes. */
async function downloadFrom(page: Page, entry: string, label: string): Promise<{ download: Download; bytes: Buffer }> {
  const downloading = page.waitForEvent('download');
  await (await menu(page, entry)).getByRole('menuitem', { name: label, exact: true }).click();
  const download = await downloading;
  return { download, bytes: readFileSync((await download.path()) as string) };
}

test('browse a past commit read-only, restore a deleted file from it, commit: history grows, nothing is rewritten', async ({ page }) => {
  const before = await txn(page);
  const wrote = await run(page, "write /docs/notes.txt --content 'v2'");
  await run(page, "write /docs/later.txt --content 'added later'");
  const removed = await run(page, 'rm /docs/README.md');
  await open(page, 'docs');
  await expect(item(page, 'README.md')).toHaveCount(0);
  await expect(item(page, 'later.txt')).toBeVisible();

  // Browse the pond as of the demo's last commit, from the history.
  await panel(page).getByRole('button', { name: `Browse the pond as of txn ${before}` }).click();
  await expect(banner(page)).toContainText(`Viewing txn ${before}`);
  await expect(banner(page)).toContainText('read-only');
  await expect(page.getByRole('banner')).toContainText(`viewing txn ${before}`);
  await expect(panel(page).getByRole('button', { name: `Browse the pond as of txn ${before}` })).toHaveAttribute('aria-pressed', 'true');
  // The same folders stay open, listed as they were: README.md back, later.txt not there yet.
  await expect(item(page, 'README.md')).toBeVisible();
  await expect(item(page, 'later.txt')).toHaveCount(0);
  await expect(item(page, 'notes.txt')).toBeVisible();

  // Read-only: no drafting actions in the toolbar, the menu or the keyboard.
  await expect(page.getByRole('button', { name: 'New folder' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Explorer' })).toContainText(`read-only · txn ${before}`);
  const items = (await menu(page, 'README.md')).getByRole('menuitem');
  await expect(items).toHaveText(['Restore to Latest', 'Download', 'Copy Path']);
  await page.keyboard.press('Escape');
  await expect(banner(page)).toBeVisible(); // Escape closed the menu only
  await item(page, 'README.md').click();
  await page.keyboard.press('F2');
  await expect(page.getByRole('textbox', { name: 'Rename README.md' })).toHaveCount(0);
  await page.keyboard.press('Delete');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('banner')).toContainText(`Read-only: viewing txn ${before}`);

  // The viewer reads the past too: notes.txt as it was, read-only, with the past's restore.
  await item(page, 'notes.txt').click();
  await expect.poll(() => editorText(page)).toBe('A versioned file: edit me and commit to make version 2.');
  const viewer = page.getByRole('main');
  await expect(viewer.getByText('read-only', { exact: true })).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Save to draft' })).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: 'Restore to latest' })).toBeVisible();

  // A commit landing meanwhile (the console works on the latest commit) does not leave the past.
  const during = await run(page, 'mkdir /during-travel');
  await expect(banner(page)).toContainText(`Viewing txn ${before}`);
  await expect(item(page, 'during-travel')).toHaveCount(0);

  // Restore README.md from here: a restore operation in the draft.
  await (await menu(page, 'README.md')).getByRole('menuitem', { name: 'Restore to Latest' }).click();
  const changes = panel(page).getByRole('list', { name: 'Pending changes' });
  await expect(changes.getByRole('button', { name: `Remove restore /docs/README.md --txn ${before}` })).toBeVisible();
  await expect(item(page, 'README.md')).not.toHaveAttribute('aria-description', /in draft/); // marks belong to the latest view

  await banner(page).getByRole('button', { name: 'Back to latest' }).click();
  await expect(banner(page)).toHaveCount(0);
  await expect(item(page, 'during-travel')).toBeVisible();
  await expect(item(page, 'later.txt')).toBeVisible();
  await expect(item(page, 'README.md')).toHaveAttribute('aria-description', /added in draft/);
  const latest = await txn(page);
  expect(latest).toBeGreaterThan(during);
  await palette(page, 'Commit Draft');
  await expect.poll(() => txn(page)).toBeGreaterThan(latest);
  await expect(item(page, 'README.md')).not.toHaveAttribute('aria-description', /in draft/);
  await output(page, 'cat /docs/README.md', '# Welcome to DuckPond');
  await output(page, 'cat /docs/notes.txt', 'v2');
  // History is not rewritten: the removal and the write are still there, before the restore.
  const log = page.getByRole('log', { name: 'Console output' });
  await output(page, 'log --limit 100', /app: commit of 1 change/);
  await expect(log).toContainText(new RegExp(`txn ${removed}\\s+committed\\s+\\S+\\s+rm /docs/README\\.md`));
  await expect(log).toContainText(new RegExp(`txn ${wrote}\\s+committed\\s+\\S+\\s+write /docs/notes\\.txt`));
  await output(page, `cat /docs/README.md --txn ${removed}`, /NotFound/);
});

test('time travel from the command palette; Escape comes back; a number the pond does not have is refused', async ({ page }) => {
  const latest = await txn(page);
  await palette(page, 'Time Travel to…');
  const dialog = page.getByRole('dialog', { name: 'Time travel' });
  await dialog.getByRole('textbox', { name: 'Txn number' }).fill(String(latest + 100));
  await dialog.getByRole('button', { name: 'Travel' }).click();
  await expect(dialog).toContainText(`no txn ${latest + 100}`);
  await dialog.getByRole('textbox', { name: 'Txn number' }).fill('2');
  await dialog.getByRole('button', { name: 'Travel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(banner(page)).toContainText('Viewing txn 2');
  // At txn 2 the demo had made /docs only.
  await expect(tree(page).getByRole('treeitem')).toHaveText(['docs']);
  // The banner, the chip and the pressed history button pass the accessibility checks too.
  expect(await seriousAxeViolations(page)).toEqual([]);
  await tree(page).focus();
  await page.keyboard.press('Escape');
  await expect(banner(page)).toHaveCount(0);
  await expect(item(page, 'latest.csv')).toBeVisible();
});

test('opening another pond keeps time travel: the same txn of that pond, or its latest when it has none', async ({ page }) => {
  await palette(page, 'Time Travel to…');
  await page.getByRole('textbox', { name: 'Txn number' }).fill('2');
  await page.getByRole('button', { name: 'Travel' }).click();
  await expect(banner(page)).toContainText('Viewing txn 2');

  // A new pond has only txn 1: back to its latest commit, with a notice saying why.
  await page.getByRole('button', { name: 'Switch pond' }).click();
  await page.getByRole('button', { name: 'New pond…' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('Second');
  await page.getByRole('button', { name: 'Create pond' }).click();
  await expect(page.getByRole('button', { name: 'Switch pond' })).toContainText('Second');
  await expect(banner(page)).toHaveCount(0);
  await expect(page.getByRole('banner')).toContainText('this pond has no txn 2');

  // Txn 1 exists in both: travelling there and opening the demo pond shows the demo pond's txn 1 (empty, just made).
  await panel(page).getByRole('button', { name: 'Browse the pond as of txn 1' }).click();
  await expect(banner(page)).toContainText('Viewing txn 1');
  await page.getByRole('button', { name: 'Switch pond' }).click();
  await page.getByRole('button', { name: 'Open Demo pond' }).click();
  await expect(page.getByRole('button', { name: 'Switch pond' })).toContainText('Demo pond');
  await expect(banner(page)).toContainText('Viewing txn 1');
  await expect(tree(page).getByRole('treeitem')).toHaveCount(0);
  await banner(page).getByRole('button', { name: 'Back to latest' }).click();
  await expect(item(page, 'docs')).toBeVisible();
});

test('download a file, and a folder as a zip, of the latest commit and of a past one', async ({ page }) => {
  const before = await txn(page);
  await run(page, "write /docs/notes.txt --content 'v2'");
  await open(page, 'docs');

  const file = await downloadFrom(page, 'notes.txt', 'Download');
  expect(file.download.suggestedFilename()).toBe('notes.txt');
  expect(file.bytes.toString('utf8')).toBe('v2');

  const folder = await downloadFrom(page, 'docs', 'Download as Zip');
  expect(folder.download.suggestedFilename()).toBe('docs.zip');
  const latest = unzipSync(new Uint8Array(folder.bytes));
  expect(Object.keys(latest).sort()).toEqual(['docs/', 'docs/README.md', 'docs/greeting.txt', 'docs/notes.txt']);
  expect(new TextDecoder().decode(latest['docs/README.md'])).toBe(README);
  expect(new TextDecoder().decode(latest['docs/greeting.txt'])).toBe('Hello from a dynamic node');
  expect(new TextDecoder().decode(latest['docs/notes.txt'])).toBe('v2');

  await panel(page).getByRole('button', { name: `Browse the pond as of txn ${before}` }).click();
  await expect(banner(page)).toBeVisible();
  const oldFile = await downloadFrom(page, 'notes.txt', 'Download');
  expect(oldFile.download.suggestedFilename()).toBe(`notes (txn ${before}).txt`);
  expect(oldFile.bytes.toString('utf8')).toBe(NOTES);
  const oldFolder = await downloadFrom(page, 'docs', 'Download as Zip');
  expect(oldFolder.download.suggestedFilename()).toBe(`docs (txn ${before}).zip`);
  expect(new TextDecoder().decode(unzipSync(new Uint8Array(oldFolder.bytes))['docs/notes.txt'])).toBe(NOTES);
});

test('a big folder download shows its progress and can be cancelled; nothing is saved', async ({ page }) => {
  await writeBigCsv(page);
  await open(page, 'data');

  let downloads = 0;
  page.on('download', () => downloads++);
  await (await menu(page, 'data')).getByRole('menuitem', { name: 'Download as Zip' }).click();
  const dialog = page.getByRole('dialog', { name: 'Downloading data.zip' });
  await expect(dialog.getByRole('progressbar', { name: 'Downloading data.zip' })).toBeVisible();
  await expect(dialog).toContainText(/(Listing the folder|Zipping) · /);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);

  // Once more, to the end: the zip holds the big file's bytes, and the cancelled one was never saved.
  const { bytes } = await downloadFrom(page, 'data', 'Download as Zip');
  expect(downloads).toBe(1);
  expect(new TextDecoder().decode(unzipSync(new Uint8Array(bytes))['data/big.csv'])).toBe(BIG_CSV);
});

/**
 * `SCREENSHOTS=1 npx playwright test -c e2e timetravel.spec.ts -g screenshots` refreshes the time-travel
 * screenshots in docs/screenshots/. Not registered in ordinary runs (a documentation task, not a test).
 */
if (process.env.SCREENSHOTS) test.describe('docs', () => {
  test('screenshots', async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    const before = await txn(page);
    await run(page, "write /docs/notes.txt --content 'v2'");
    await run(page, 'rm /docs/README.md');
    for (const folder of ['docs', 'data']) await open(page, folder);
    await panel(page).getByRole('button', { name: `Browse the pond as of txn ${before}` }).click();
    await expect(item(page, 'README.md')).toBeVisible();
    // The file deleted later, open in the viewer as it was, with the folder's past actions beside it.
    await item(page, 'README.md').click();
    await expect.poll(() => editorText(page)).toContain('# Welcome to DuckPond');
    await menu(page, 'README.md');
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: `docs/screenshots/time-travel${colorScheme === 'light' ? '' : '-dark'}.png` });
    }
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Back to latest' }).click();
    await page.emulateMedia({ colorScheme: 'light' });

    await writeBigCsv(page);
    await (await menu(page, 'data')).getByRole('menuitem', { name: 'Download as Zip' }).click();
    // Part of the way through (the zip takes about a second): watched every frame.
    await page.waitForFunction(() => (document.querySelector<HTMLProgressElement>('progress.task-progress')?.value ?? 0) > 0, null, { polling: 'raf' });
    await page.screenshot({ path: 'docs/screenshots/download-progress.png' });
    await page.getByRole('button', { name: 'Cancel' }).click();
  });
});
