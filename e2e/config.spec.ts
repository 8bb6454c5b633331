import { type Locator, type Page, expect, test } from '@playwright/test';
import { editorText, item, openDemoPondInEachTest, palette, screenshots, seriousAxeViolations, tree, txn } from './harness';

/**
 * The config editor (issue 8): dynamic nodes created and edited through the app's dialog and editor, with
 * the factory's schema and problems list, on the production build (under its CSP), offline.
 */

openDemoPondInEachTest();

const dialog = (page: Page) => page.getByRole('dialog', { name: 'New dynamic node' });
const panel = (page: Page) => page.getByRole('region', { name: 'Source control' });

/** Commits the draft with the commit panel's button; waits until the pond's txn moved on. */
async function commit(page: Page): Promise<void> {
  const before = await txn(page);
  await panel(page).getByRole('button', { name: 'Commit', exact: true }).click();
  await expect.poll(() => txn(page)).toBeGreaterThan(before);
}

/** Replaces the whole text of the dialog's config editor (inserted as is: no auto-closing or indenting). */
async function setConfig(page: Page, text: string): Promise<void> {
  const editor = dialog(page).locator('.monaco-editor').first();
  await editor.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** The committed node /docs/`name` reads as `content` in the viewer, and still does after a reload. */
async function readsAfterReload(page: Page, name: string, content: string): Promise<void> {
  await item(page, name).click();
  await expect.poll(() => editorText(page)).toBe(content);
  await page.reload();
  await item(page, 'docs').click();
  await page.keyboard.press('ArrowRight');
  await item(page, name).click();
  await expect(page.getByRole('main')).toContainText('produced by test-file');
  await expect.poll(() => editorText(page)).toBe(content);
}

/** Switches a config editor to its YAML view (the form is the first view a browser sees). */
async function yamlView(scope: Locator): Promise<void> {
  await scope.getByRole('tab', { name: 'YAML' }).click();
  await expect(scope.locator('.monaco-editor')).toBeVisible({ timeout: 15_000 });
}

/** Opens "New Dynamic Node…" on a folder of the tree and picks the factory; the config shows in `view`. */
async function newDynamicNode(page: Page, folder: string, name: string, factory: string, view: 'form' | 'yaml' = 'yaml'): Promise<void> {
  await item(page, folder).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'New Dynamic Node…' }).click();
  await dialog(page).getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await dialog(page).getByRole('combobox', { name: 'Factory', exact: true }).selectOption(factory);
  await expect(dialog(page).getByRole('tab', { name: 'Form' })).toHaveAttribute('aria-selected', 'true');
  if (view === 'yaml') await yamlView(dialog(page));
}

/** The form view's field for `key` (its label starts with the key). */
const field = (scope: Locator, key: string) => scope.getByRole('group', { name: /^Form for/ }).getByLabel(new RegExp(`^${key} `));

test('create a test-file node with the dialog, commit, read it in the viewer, reload: still there', async ({ page }) => {
  await newDynamicNode(page, 'docs', 'made.txt', 'test-file');
  await expect(dialog(page).getByRole('combobox', { name: 'Type' })).toHaveValue('dynamic-file');
  await expect.poll(() => editorText(page)).toBe('content: Hello from factory\nmime_type: text/plain\n');
  await setConfig(page, '# made in the dialog\ncontent: made by the config editor\n');
  await expect(dialog(page).getByRole('region', { name: 'Problems' })).toContainText('No problems');
  await dialog(page).getByRole('button', { name: 'Create' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(item(page, 'made.txt')).toHaveAttribute('aria-description', /added in draft/);
  await commit(page);

  await readsAfterReload(page, 'made.txt', 'made by the config editor');
});

test('create a test-file node with the form view only, commit, read it, reload: still there', async ({ page }) => {
  await newDynamicNode(page, 'docs', 'formed.txt', 'test-file', 'form');
  const form = dialog(page);
  // Each field shows its type, whether it is required and its description from the schema.
  await expect(form.getByRole('group', { name: /^Form for/ })).toContainText('The exact content the file reads as');
  await expect(field(form, 'content')).toHaveValue('Hello from factory');
  await field(form, 'content').fill('made with the form');
  await expect(form.getByRole('group', { name: /^Form for/ })).toContainText('The media type of the content');
  await form.getByRole('button', { name: 'Unset mime_type' }).click();
  await expect(field(form, 'mime_type')).toHaveValue('');
  await expect(form.getByRole('region', { name: 'Problems' })).toContainText('No problems');
  await screenshots(page, form, 'config-form');
  expect(await seriousAxeViolations(page, 'dialog')).toEqual([]);
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await commit(page);

  await readsAfterReload(page, 'formed.txt', 'made with the form');
  // The config committed is exactly what the form wrote: the emptied optional key is gone.
  await page.getByRole('main').getByRole('button', { name: 'Edit config' }).click();
  await yamlView(page.getByRole('main'));
  await expect.poll(() => editorText(page)).toBe('content: made with the form\n');
});

test('switching between form and YAML keeps comments and key order; the form offers secrets and shows problems at fields', async ({ page }) => {
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('textbox', { name: 'Secret name' }).fill('MIME');
  await settings.getByLabel('Secret value').fill('text/markdown');
  await settings.getByRole('button', { name: 'Set secret' }).click();
  await expect(settings.getByRole('button', { name: 'Delete secret MIME' })).toBeVisible();
  await page.keyboard.press('Escape');

  await newDynamicNode(page, 'docs', 'kept.txt', 'test-file');
  await setConfig(page, '# keep this comment\nmime_type: text/plain # and this one\ncontent: first\n');
  await dialog(page).getByRole('tab', { name: 'Form' }).click();
  await field(dialog(page), 'content').fill('second');
  // The picked placeholder replaces the selected text, as typing would.
  await field(dialog(page), 'mime_type').selectText();
  await dialog(page).locator('[data-path=\'["mime_type"]\']').getByRole('button', { name: 'Insert a secret' }).click();
  await dialog(page).getByRole('menuitem', { name: '${env:MIME}' }).click();
  await expect(field(dialog(page), 'mime_type')).toHaveValue('${env:MIME}');
  await yamlView(dialog(page));
  await expect.poll(() => editorText(page)).toBe('# keep this comment\nmime_type: ${env:MIME} # and this one\ncontent: second\n');

  // A problem shows at its field in the form; choosing it in the list focuses that field.
  await setConfig(page, '# keep this comment\ncontent: 42\n');
  await dialog(page).getByRole('tab', { name: 'Form' }).click();
  await expect(dialog(page).locator('[data-path=\'["content"]\']')).toContainText('Line 2: expected string, got integer');
  await dialog(page).getByRole('region', { name: 'Problems' }).getByRole('button').first().click();
  await expect(field(dialog(page), 'content')).toBeFocused();
  // Broken YAML: the form steps aside and points to the YAML view.
  await yamlView(dialog(page));
  await setConfig(page, 'content: fine\nmime_type: x: y\n');
  await dialog(page).getByRole('tab', { name: 'Form' }).click();
  await expect(dialog(page).getByRole('alert')).toContainText('The YAML does not parse (line 2');
  await dialog(page).getByRole('button', { name: 'Fix it in the YAML view' }).click();
  await expect(dialog(page).locator('.monaco-editor')).toBeVisible();
});

test("a dynamic-dir's entries and their nested configs, edited with the form against each factory's schema", async ({ page }) => {
  await newDynamicNode(page, 'docs', 'composed', 'dynamic-dir', 'form');
  const form = dialog(page).getByRole('group', { name: 'Form for dynamic-dir' });
  const at = (...path: (string | number)[]) => form.locator(`[data-path='${JSON.stringify(path)}']`);
  // A field's text input (a combobox when the schema gives examples to complete from).
  const input = (...path: (string | number)[]) => at(...path).locator('input, textarea').first();
  // The example's nested configs show as the forms of their own factories, two levels deep.
  await expect(at('entries', 0, 'config')).toContainText('Config for test-file');
  await expect(input('entries', 0, 'config', 'content')).toHaveValue('Hello from a composed directory');
  await expect(at('entries', 1, 'config')).toContainText('Config for dynamic-dir');
  await input('entries', 1, 'config', 'entries', 0, 'config', 'content').fill('edited two levels down');

  // A new entry: name it, choose its factory (its config starts from that factory's example), fill that in.
  await form.getByRole('button', { name: 'Add to entries' }).last().click();
  await input('entries', 2, 'name').fill('made.txt');
  await expect(at('entries', 2, 'factory').getByRole('combobox').locator('option', { hasText: 'test-executor' })).toHaveCount(0);
  await at('entries', 2, 'factory').getByRole('combobox').selectOption('test-file');
  await expect(at('entries', 2, 'config')).toContainText('Config for test-file');
  await input('entries', 2, 'config', 'content').fill('added with the form');
  await expect(dialog(page).getByRole('region', { name: 'Problems' })).toContainText('No problems');
  await screenshots(page, dialog(page), 'config-form-nested');
  // The YAML is the same document: the example's flow mapping two levels down is still a flow mapping.
  await yamlView(dialog(page));
  // (Monaco renders only the lines on screen: go to the end, where the nested entries are.)
  await dialog(page).locator('.monaco-editor').first().click();
  await page.keyboard.press('Control+End');
  await expect.poll(() => editorText(page)).toContain('config: { content: edited two levels down }');
  await dialog(page).getByRole('button', { name: 'Create' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await commit(page);

  await item(page, 'docs').click();
  if ((await item(page, 'docs').getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
  await item(page, 'composed').click();
  await page.keyboard.press('ArrowRight');
  await item(page, 'made.txt').click();
  await expect.poll(() => editorText(page)).toBe('added with the form');
  await item(page, 'inner').click();
  await page.keyboard.press('ArrowRight');
  await item(page, 'deeper.txt').click();
  await expect.poll(() => editorText(page)).toBe('edited two levels down');
});

test('an invalid config lists its problems at their lines, keeps Create disabled and creates nothing', async ({ page }) => {
  await newDynamicNode(page, 'docs', 'bad.txt', 'test-file');
  const problems = dialog(page).getByRole('region', { name: 'Problems' });
  const create = dialog(page).getByRole('button', { name: 'Create' });

  await setConfig(page, '# a comment\ncontent: hi\ncolour: red\n');
  await expect(problems.getByRole('button')).toHaveText(["Line 3unknown key 'colour'"]);
  await expect(create).toBeDisabled();
  await expect(dialog(page)).toContainText("The config has a problem at line 3: unknown key 'colour'");
  // monaco-yaml squiggles the same key from the schema, in its worker (running under the CSP).
  await expect(dialog(page).locator('.monaco-editor [class*="squiggly-"]').first()).toBeAttached();
  await screenshots(page, dialog(page), 'config-dialog-problems');
  expect(await seriousAxeViolations(page, 'dialog')).toEqual([]);
  // Hover gives the key's description from the schema, named after the factory.
  await dialog(page).locator('.monaco-editor .view-line span', { hasText: /^content$/ }).hover();
  await expect(page.locator('.monaco-hover').filter({ hasText: 'The exact content the file reads as' })).toContainText('test-file.json');

  await setConfig(page, 'content: hi\nmime_type: 42\n');
  await expect(problems.getByRole('button')).toHaveText(['Line 2mime_type: expected string, got integer']);
  await expect(create).toBeDisabled();

  await setConfig(page, 'content: fine\nmime_type: x: y\n');
  await expect(problems.getByRole('button').first()).toContainText('Line 2:12Nested mappings are not allowed');
  await expect(create).toBeDisabled();
  // Choosing a problem puts the cursor on its line.
  await problems.getByRole('button').first().click();
  await expect(dialog(page).locator('.monaco-editor .active-line-number')).toHaveText('2');
  await expect(dialog(page).locator('.monaco-editor.focused')).toHaveCount(1);

  await dialog(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(item(page, 'bad.txt')).toHaveCount(0);
  await expect(panel(page)).not.toContainText('bad.txt');
});

test('a test-executor created under /etc/system.d/ from the dialog runs after the next commit', async ({ page }) => {
  await palette(page, 'New Dynamic Node…');
  await dialog(page).getByRole('combobox', { name: 'Factory', exact: true }).selectOption('test-executor');
  await yamlView(dialog(page));
  await expect(dialog(page)).toContainText('after every commit');
  await dialog(page).getByRole('button', { name: 'Put it in /etc/system.d/' }).click();
  await expect(dialog(page).getByRole('combobox', { name: 'Folder' })).toHaveValue('/etc/system.d');
  await dialog(page).getByRole('textbox', { name: 'Name', exact: true }).fill('30-dialog');
  await setConfig(page, 'message: hello from the dialog\n');
  await dialog(page).getByRole('button', { name: 'Create' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await commit(page);

  // The run records its own commit, and the commit that triggered it lists the run.
  const commits = panel(page).getByRole('list', { name: 'Commits' });
  await expect(commits.getByRole('button', { name: /post-commit: test-executor \/etc\/system\.d\/30-dialog/ })).toBeVisible();
  const title = /app: commit of 1 change/;
  const row = commits.getByRole('listitem').filter({ has: page.getByRole('button', { name: title }) }).first();
  await row.getByRole('button', { name: title }).click();
  const runs = row.getByRole('list', { name: /^Runs of commit/ }).getByRole('listitem');
  await expect(runs.filter({ hasText: '30-dialog' })).toContainText('completed');
});

test("the console's mknod --config - reads the open config editor's text", async ({ page }) => {
  await item(page, 'docs').click();
  await page.keyboard.press('ArrowRight');
  await item(page, 'greeting.txt').click();
  const viewer = page.getByRole('main');
  await viewer.getByRole('button', { name: 'Edit config' }).click();
  await yamlView(viewer);
  await expect.poll(() => editorText(page)).toContain('# produced by the test-file factory');
  await viewer.locator('.monaco-editor').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText('# from the console\ncontent: typed in the editor\nrepeat: 2\n');
  await expect(viewer.getByRole('region', { name: 'Problems' }).getByRole('button')).toHaveText(["Line 3unknown key 'repeat'"]);
  await expect(viewer.getByRole('button', { name: 'Review changes…' })).toBeDisabled();
  await screenshots(page, viewer, 'config-editor');
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText('content: typed in the editor\n');

  const command = page.getByRole('textbox', { name: 'Command' });
  await command.fill('mknod /docs/from-editor.txt --factory test-file --config -');
  await expect(page.getByText('reads the text of the open config editor')).toBeVisible();
  await command.press('Enter');
  await expect(page.getByRole('log', { name: 'Console output' })).toContainText('committed');
  await expect(page.getByRole('textbox', { name: 'Input for -' })).toHaveCount(0);
  await expect(item(page, 'from-editor.txt')).toBeVisible();
  await item(page, 'from-editor.txt').click();
  await expect.poll(() => editorText(page)).toBe('typed in the editor');
});
