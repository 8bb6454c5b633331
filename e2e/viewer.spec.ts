import { readFile } from 'node:fs/promises';
import { type Locator, type Page, expect, test } from '@playwright/test';
import { editorText, item, openDemoPondInEachTest, screenshots, tree, txn } from './harness';

/**
 * The viewer and editor (issue 7): text in Monaco, editing into the draft, versions and diffs, large text,
 * images, hex, dynamic nodes and their configs, downloads. Each test starts from the demo pond.
 */

openDemoPondInEachTest();

async function open(page: Page, folder: string, name: string): Promise<void> {
  if ((await item(page, folder).getAttribute('aria-expanded')) !== 'true') {
    await item(page, folder).click();
    await page.keyboard.press('ArrowRight');
  }
  await item(page, name).click();
}

async function commit(page: Page): Promise<void> {
  const before = await txn(page);
  await page.getByRole('button', { name: 'Commit', exact: true }).click();
  await expect.poll(() => txn(page)).toBeGreaterThan(before);
}

const viewer = (page: Page): Locator => page.getByRole('main');
const versionPicker = (page: Page): Locator => viewer(page).getByRole('combobox', { name: /version/i }).first();

test('edit a text file, save to the draft, commit, see version 2, diff v1 ↔ v2, look at v1 read-only', async ({ page }) => {
  await open(page, 'docs', 'notes.txt');
  await expect.poll(() => editorText(page)).toBe('A versioned file: edit me and commit to make version 2.');
  await viewer(page).locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nNow with a second line.');
  // Unsaved edits are marked on the tab and offered to save or revert; nothing is in the draft yet.
  await expect(page.getByRole('tab', { name: /notes\.txt/ })).toContainText('unsaved edits');
  await expect(viewer(page).getByRole('button', { name: 'Save to draft' })).toBeVisible();
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('button', { name: 'Save to draft' })).toHaveCount(0);
  await expect(viewer(page)).toContainText('changed in draft');
  await expect(versionPicker(page).locator('option').first()).toHaveText('Draft (not committed)');
  await commit(page);

  // Version 2 is the latest; version 1 is still there.
  await expect(versionPicker(page).locator('option').first()).toHaveText(/^Latest: v2 · txn \d+/);
  await expect.poll(() => editorText(page)).toBe('A versioned file: edit me and commit to make version 2.\nNow with a second line.');

  // The explorer's "History" opens the comparison of the file's versions.
  await item(page, 'notes.txt').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'History' }).click();
  await expect(viewer(page).getByRole('button', { name: 'Compare versions' })).toHaveAttribute('aria-pressed', 'true');
  const from = viewer(page).getByRole('combobox', { name: 'From' });
  const to = viewer(page).getByRole('combobox', { name: 'To' });
  await expect(from.locator('option:checked')).toHaveText(/^v1 · /);
  await expect(to.locator('option:checked')).toHaveText(/^v2 · /);
  const diff = viewer(page).locator('.monaco-diff-editor');
  await expect(diff).toBeVisible();
  // The added line is marked as an insertion on the modified side.
  await expect(diff.locator('.modified .line-insert, .editor.modified .char-insert').first()).toBeVisible();
  await expect.poll(() => editorText(page, 'last')).toContain('Now with a second line.');
  await expect.poll(() => editorText(page, 'first')).not.toContain('Now with a second line.');
  await screenshots(page, viewer(page), 'viewer-diff');

  // Back to the view, version 1: read-only, with a way to restore it.
  await viewer(page).getByRole('button', { name: 'Compare versions' }).click();
  await versionPicker(page).selectOption({ label: (await versionPicker(page).locator('option').nth(1).textContent()) ?? '' });
  await expect.poll(() => editorText(page)).toBe('A versioned file: edit me and commit to make version 2.');
  await expect(viewer(page).getByText('read-only', { exact: true })).toBeVisible();
  await viewer(page).locator('.monaco-editor .view-lines').click();
  await page.keyboard.type('typing changes nothing');
  await expect.poll(() => editorText(page)).toBe('A versioned file: edit me and commit to make version 2.');
  await viewer(page).getByRole('button', { name: 'Restore v1' }).click();
  await expect(page.getByRole('list', { name: 'Pending changes' }).getByRole('button', { name: /^Remove restore \/docs\/notes\.txt --txn \d+$/ })).toBeVisible();
  await commit(page);
  await expect(versionPicker(page).locator('option').first()).toHaveText(/^Latest: v3 · /);
  await expect.poll(() => editorText(page)).toBe('A versioned file: edit me and commit to make version 2.');
});

test('a new file from the explorer opens in the editor, ready to type', async ({ page }) => {
  await item(page, 'docs').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'New File…' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('todo.md');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('tab', { name: /todo\.md/ })).toHaveAttribute('aria-selected', 'true');
  await viewer(page).locator('.monaco-editor .view-lines').click();
  await page.keyboard.type('# Todo');
  await page.keyboard.press('Control+s');
  await commit(page);
  await expect.poll(() => editorText(page)).toBe('# Todo');
  // Markdown is highlighted: the heading is its own token.
  await expect(viewer(page).locator('.view-line span span').first()).toHaveText('# Todo');
});

test('large text opens progressively; images show as images, binary as hex; downloads give the bytes', async ({ page }, testInfo) => {
  // 6 MB of numbered lines: over the editor's limit, so the line viewer takes it.
  const lines = Array.from({ length: 100_000 }, (_, i) => `line ${i + 1} ${'x'.repeat(50)}`).join('\n');
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAIElEQVR4nGP8z4AAjP8ZGBgY/jMwMDAwMjAwMDAwAAAvzAQBm0ZVhwAAAABJRU5ErkJggg==', 'base64');
  const binary = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) & 0xff));
  await page.locator('#tree-file-picker').setInputFiles([
    { name: 'big.log', mimeType: 'text/plain', buffer: Buffer.from(lines) },
    { name: 'dot.png', mimeType: 'image/png', buffer: png },
    { name: 'blob.bin', mimeType: 'application/octet-stream', buffer: binary },
  ]);
  await expect(item(page, 'blob.bin')).toBeVisible();
  await commit(page);

  await item(page, 'big.log').click();
  await expect(viewer(page).getByRole('status')).toContainText('100,000 lines');
  const text = viewer(page).getByRole('document', { name: 'Content of /big.log' });
  await expect(text).toContainText('line 1 xxx');
  await text.evaluate((element) => element.scrollTo(0, element.scrollHeight));
  await expect(text).toContainText('line 100000 xxx');

  await item(page, 'dot.png').click();
  const image = viewer(page).getByRole('img', { name: 'Content of /dot.png' });
  await expect(image).toBeVisible();
  await expect(viewer(page)).toContainText('image/png, 88 B, 8 × 8 px');

  await item(page, 'blob.bin').click();
  await expect(viewer(page)).toContainText('Binary content, 68.4 KB (70,000 bytes)');
  await expect(viewer(page).getByRole('document', { name: 'Content of /blob.bin' })).toContainText('00000000  00 1f 3e 5d');

  const download = page.waitForEvent('download');
  await viewer(page).getByRole('button', { name: 'Download' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('blob.bin');
  const saved = testInfo.outputPath('blob.bin');
  await file.saveAs(saved);
  expect(Buffer.compare(await readFile(saved), binary)).toBe(0);
});

test('a dynamic node shows its factory and config version; Edit config saves a new config version', async ({ page }) => {
  await open(page, 'docs', 'greeting.txt');
  await expect(viewer(page)).toContainText('produced by test-file (file) from config v1');
  await expect.poll(() => editorText(page)).toBe('Hello from a dynamic node');
  await viewer(page).getByRole('button', { name: 'Edit config' }).click();
  // The config opens as the form generated from the factory's schema.
  const content = viewer(page).getByRole('group', { name: 'Form for test-file' }).getByLabel(/^content /);
  await expect(content).toHaveValue('Hello from a dynamic node');
  await content.fill('Edited in the viewer');
  // Saving goes through a review of the edit as a diff against the current config.
  await viewer(page).getByRole('button', { name: 'Review changes…' }).click();
  await expect(viewer(page).locator('.monaco-diff-editor')).toBeVisible();
  await expect.poll(() => editorText(page, 'last')).toContain('content: Edited in the viewer');
  // The form edited the YAML document in place: the comment on line 1 is still there.
  await expect.poll(() => editorText(page, 'last')).toContain('# produced by the test-file factory');
  await expect.poll(() => editorText(page, 'first')).toContain('content: Hello from a dynamic node');
  await viewer(page).getByRole('button', { name: 'Save config to draft' }).click();
  await commit(page);
  await expect(viewer(page)).toContainText('from config v2');
  await expect.poll(() => editorText(page)).toBe('Edited in the viewer');
  // The old config is still a version of the node.
  await versionPicker(page).selectOption({ index: 1 });
  await expect.poll(() => editorText(page)).toContain('content: Hello from a dynamic node');
  await expect(viewer(page)).toContainText('Config version 1 of this node');
});
