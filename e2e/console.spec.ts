import { type Locator, type Page, expect, test } from '@playwright/test';
import { screenshots, watch } from './harness';

/** Opens the app (the demo pond on a fresh browser) and waits for the console to accept commands. */
async function openConsole(page: Page) {
  await page.goto('/');
  const command = page.getByRole('textbox', { name: 'Command' });
  await expect(command).toBeEnabled({ timeout: 30_000 });
  return { command, log: page.getByRole('log', { name: 'Console output' }) };
}

test('console: commands print their results and post-commit runs; history, completion and clear', async ({ page }) => {
  const found = watch(page);
  const { command, log } = await openConsole(page);

  await command.fill('mkdir -p /x');
  await command.press('Enter');
  await expect(log).toContainText(/mkdir -p \/x\s*committed txn \d+/);
  // The demo's post-commit factory runs after every commit, and the command prints its run line.
  await expect(log).toContainText('run 1 test-executor /etc/system.d/10-hello: completed');

  const seed = "mknod /etc/system.d/notify.yaml --type dynamic-file --factory test-executor --config 'message: hi'";
  await command.fill(seed);
  await command.press('Enter');
  await expect(log).toContainText('run 2 test-executor /etc/system.d/notify.yaml: completed');
  await expect(command).toHaveValue('');

  // ↑ walks back through what was typed, ↓ forward and back to the (empty) line being typed.
  await command.press('ArrowUp');
  await expect(command).toHaveValue(seed);
  await command.press('ArrowUp');
  await expect(command).toHaveValue('mkdir -p /x');
  await command.press('ArrowDown');
  await expect(command).toHaveValue(seed);
  await command.press('ArrowDown');
  await expect(command).toHaveValue('');

  // Tab: one match fills the line; several are listed under the prompt.
  await command.fill('mkd');
  await command.press('Tab');
  await expect(command).toHaveValue('mkdir ');
  await command.fill('l');
  await command.press('Tab');
  const choices = page.getByRole('list', { name: 'Completions' });
  await expect(choices.getByRole('listitem')).toContainText(['list', 'ln', 'log', 'ls']);

  // Errors are shown as such, in words.
  await command.fill('cat /no/such/file');
  await command.press('Enter');
  await expect(log.locator('.console-entry--error')).toContainText('failed');
  await expect(log.locator('.console-entry--error')).toContainText('cat /no/such/file');

  await command.fill('ls /d');
  await command.press('Tab');
  await expect(choices).toContainText('/docs/');
  await screenshots(page, page.getByRole('region', { name: 'Console' }), 'console');

  // Commands typed while one runs are queued and run in the order typed.
  await command.fill('mkdir -p /q1');
  await command.press('Enter');
  await command.fill('mkdir -p /q2');
  await command.press('Enter');
  await expect(log).toContainText(/mkdir -p \/q1\s*committed txn \d+[\s\S]*mkdir -p \/q2\s*committed txn \d+/);

  await command.fill('clear');
  await command.press('Enter');
  await expect(log).not.toContainText('mkdir');
  await expect(log.locator('.console-entry')).toHaveCount(0);

  // History is kept per pond across a reload.
  await page.reload();
  await expect(command).toBeEnabled({ timeout: 30_000 });
  await command.press('ArrowUp');
  await expect(command).toHaveValue('clear');
  await command.press('ArrowUp');
  await expect(command).toHaveValue('mkdir -p /q2');

  expect(found.foreign).toEqual([]);
  expect(found.errors).toEqual([]);
});

test('console: `--config -` asks for the text in a multi-line input (Ctrl+Enter sends it)', async ({ page }) => {
  const found = watch(page);
  const { command, log } = await openConsole(page);
  const input = page.getByRole('textbox', { name: 'Input for -' });
  await expect(input).toHaveCount(0);

  await command.fill('mknod /etc/system.d/20-fail --factory test-executor --config -');
  await expect(input).toBeVisible();
  await command.press('Enter'); // moves to the input instead of running without text
  await expect(input).toBeFocused();
  await expect(log).not.toContainText('20-fail');

  await input.fill('message: boom\nfail: true\n');
  await input.press('Control+Enter');
  await expect(log).toContainText('test-executor /etc/system.d/20-fail: failed');
  await expect(log).toContainText('intentionally failed: boom');
  await expect(input).toHaveCount(0);
  await expect(command).toHaveValue('');

  expect(found.foreign).toEqual([]);
  expect(found.errors).toEqual([]);
});

test('console commands update the tree: mkdir and the seed mknod form', async ({ page }) => {
  const found = watch(page);
  const { command, log } = await openConsole(page);
  const tree = page.getByRole('tree');
  const item = (name: string) => tree.getByRole('treeitem', { name, exact: true });
  await expect(item('docs')).toBeVisible();
  await expect(item('from-console')).toHaveCount(0);

  await command.fill('mkdir -p /from-console/inner');
  await command.press('Enter');
  await expect(log).toContainText(/mkdir -p \/from-console\/inner\s*committed txn \d+/);
  await expect(item('from-console')).toBeVisible(); // the tree refreshed on the commit event, no reload

  await command.fill("mknod /etc/system.d/notify.yaml --type dynamic-file --factory test-executor --config 'message: hi'");
  await command.press('Enter');
  await expect(log).toContainText('notify.yaml: completed');
  await item('etc').click();
  await page.keyboard.press('ArrowRight');
  await item('system.d').click();
  await page.keyboard.press('ArrowRight');
  await expect(item('notify.yaml')).toBeVisible();
  await expect(item('notify.yaml')).toContainText('test-executor'); // a dynamic node shows its factory

  expect(found.foreign).toEqual([]);
  expect(found.errors).toEqual([]);
});
