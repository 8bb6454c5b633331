import { type Locator, type Page, expect, test } from '@playwright/test';
import { screenshots, watch } from './harness';


/** Opens the app (the demo pond on a fresh browser) and waits until commands can run. */
async function openApp(page: Page) {
  await page.goto('/');
  const command = page.getByRole('textbox', { name: 'Command' });
  await expect(command).toBeEnabled({ timeout: 30_000 });
  return command;
}

async function run(page: Page, line: string, expected: string | RegExp) {
  const command = page.getByRole('textbox', { name: 'Command' });
  await command.fill(line);
  await command.press('Enter');
  await expect(page.getByRole('log', { name: 'Console output' })).toContainText(expected);
}

const panel = (page: Page) => page.getByRole('region', { name: 'Source control' });
const commits = (page: Page) => panel(page).getByRole('list', { name: 'Commits' });

/** Expands the newest commit whose summary line matches `title`; returns its list item. */
async function expandCommit(page: Page, title: string | RegExp) {
  const row = commits(page).getByRole('listitem').filter({ has: page.getByRole('button', { name: title }) }).first();
  await row.getByRole('button', { name: title }).click();
  return row;
}

test('a failing post-commit run shows its error and log, and re-runs', async ({ page }) => {
  const found = watch(page);
  const command = await openApp(page);
  await command.fill('mknod /etc/system.d/20-fail --factory test-executor --config -');
  await command.press('Enter');
  const input = page.getByRole('textbox', { name: 'Input for -' });
  await input.fill('message: boom\nrepeat_count: 2\nfail: true\n');
  await input.press('Control+Enter');
  await expect(page.getByRole('log', { name: 'Console output' })).toContainText('20-fail: failed');

  const commit = await expandCommit(page, /mknod \/etc\/system\.d\/20-fail/);
  const runs = commit.getByRole('list', { name: /^Runs of commit/ }).getByRole('listitem');
  await expect(runs).toHaveCount(2); // the demo's 10-hello, then 20-fail (execution order = path order)
  const failed = runs.filter({ hasText: 'failed' });
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText('test-executor');
  await expect(failed).toContainText('/etc/system.d/20-fail');
  await expect(failed).toContainText('intentionally failed: boom');
  await expect(failed.getByLabel(/^Log of/)).toContainText('[1/2] boom');
  await expect(failed.getByLabel(/^Log of/)).toContainText('[2/2] boom');
  await expect(runs.first()).toContainText('completed');

  // A re-run is a new attempt of the same run, shown in place; it fails again, as configured.
  await expect(failed).not.toContainText('attempt 2');
  await failed.getByRole('button', { name: 'Re-run test-executor /etc/system.d/20-fail' }).click();
  await expect(failed).toContainText('attempt 2');
  await expect(failed).toContainText('intentionally failed: boom');
  // "Re-run failed" re-runs every failed run of the commit.
  await commit.getByRole('button', { name: 'Re-run failed' }).click();
  await expect(failed).toContainText('attempt 3');
  await expect(runs.first()).not.toContainText('attempt');

  // Attempts come from the control table, so they survive a reload.
  await page.reload();
  await openApp(page);
  const again = (await expandCommit(page, /mknod \/etc\/system\.d\/20-fail/)).getByRole('list', { name: /^Runs of commit/ }).getByRole('listitem');
  await expect(again.filter({ hasText: 'failed' })).toContainText('attempt 3');

  // The screenshots show the expanded commit at the top of the panel.
  await again.first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshots(page, panel(page), 'commit-runs');

  expect(found.foreign).toEqual([]);
  expect(found.errors).toEqual([]);
});

test('a factory in pull mode is skipped with its reason', async ({ page }) => {
  const found = watch(page);
  await openApp(page);
  await run(page, 'config set factory_mode:test-executor pull', 'factory_mode:test-executor = pull');
  await run(page, 'mkdir -p /after-pull', /mkdir -p \/after-pull\s*committed/);

  const commit = await expandCommit(page, /mkdir -p \/after-pull/);
  const runs = commit.getByRole('list', { name: /^Runs of commit/ }).getByRole('listitem');
  await expect(runs).toHaveCount(1);
  await expect(runs).toContainText('skipped');
  await expect(runs).toContainText(/Skipped: .*pull/);
  await expect(runs.getByRole('button', { name: /^Re-run/ })).toHaveCount(0);

  expect(found.foreign).toEqual([]);
  expect(found.errors).toEqual([]);
});

test("a second page sees the first page's commits without a reload", async ({ context }) => {
  const first = await context.newPage();
  const found = watch(first);
  await openApp(first);
  const second = await context.newPage();
  const foundSecond = watch(second);
  await openApp(second);
  await expect(commits(second).getByRole('button', { name: /mkdir -p \/from-first/ })).toHaveCount(0);

  await run(first, 'mkdir -p /from-first', /mkdir -p \/from-first\s*committed/);
  await expect(commits(second).getByRole('button', { name: /mkdir -p \/from-first/ })).toBeVisible();

  expect([...found.foreign, ...foundSecond.foreign]).toEqual([]);
  expect([...found.errors, ...foundSecond.errors]).toEqual([]);
});

test('the draft: pending changes, discard with confirmation, commit, and conflicts', async ({ page }) => {
  const found = watch(page);
  await openApp(page);
  const changes = panel(page).getByRole('list', { name: 'Pending changes' });
  const commitButton = panel(page).getByRole('button', { name: 'Commit', exact: true });
  await expect(commitButton).toBeDisabled();

  async function newFolder(name: string) {
    await page.getByRole('button', { name: 'New folder' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill(name);
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(changes).toContainText(name);
  }

  // Discard asks first; Cancel keeps the draft.
  await newFolder('scratch');
  await panel(page).getByRole('button', { name: 'Discard' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Discard all changes?' });
  await expect(dialog).toContainText('1 pending change will be lost');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(changes.getByRole('listitem')).toHaveCount(1);
  await panel(page).getByRole('button', { name: 'Discard' }).click();
  await dialog.getByRole('button', { name: 'Discard' }).click();
  await expect(changes).toHaveCount(0);
  await expect(panel(page)).toContainText('No pending changes');

  // Commit lands the draft with its message (Ctrl+Enter in the message box).
  await newFolder('drafted');
  await expect(changes.getByRole('listitem').filter({ hasText: 'drafted' })).toContainText('added');
  await panel(page).getByRole('textbox', { name: 'Commit message' }).fill('Add the drafted folder');
  await screenshots(page, panel(page), 'commit-draft');
  await panel(page).getByRole('textbox', { name: 'Commit message' }).press('Control+Enter');
  await expect(changes).toHaveCount(0);
  const landed = await expandCommit(page, /Add the drafted folder/);
  await expect(landed.getByRole('list', { name: 'Changed paths' })).toContainText('/drafted');
  await expect(landed.getByRole('list', { name: 'Changed paths' })).toContainText('added');

  // A draft operation that no longer applies: the commit is refused, the conflict listed, the draft kept.
  // The tree puts the folder into the selected one; the Remove button names the operation with its path.
  await newFolder('contested');
  const remove = changes.getByRole('button', { name: /^Remove mkdir / });
  const operation = ((await remove.getAttribute('aria-label')) ?? '').replace(/^Remove /, '');
  expect(operation).toMatch(/^mkdir \/(.+\/)?contested$/);
  await run(page, operation, new RegExp(`${operation}\\s*committed`));
  await commitButton.click();
  const conflicts = panel(page).getByRole('list', { name: 'Conflicting operations' });
  await expect(conflicts).toContainText(operation);
  await expect(changes.getByRole('listitem')).toHaveCount(1);
  await remove.click();
  await expect(changes).toHaveCount(0);
  await expect(conflicts).toHaveCount(0);

  expect(found.foreign).toEqual([]);
  expect(found.errors).toEqual([]);
});

test('history pages 50 commits at a time and loads older ones on demand', async ({ page }) => {
  const found = watch(page);
  await openApp(page);
  // Each console commit is followed by the demo factory's own commit: 20 commands add 40 commits.
  for (let i = 1; i <= 20; i++) await run(page, `mkdir -p /many/${i}`, new RegExp(`mkdir -p /many/${i}\\s*committed`));
  const rows = commits(page).getByRole('listitem');
  await expect(commits(page).getByRole('button', { name: /mkdir -p \/many\/20/ })).toBeVisible();
  await expect(rows).toHaveCount(50);
  const oldest = commits(page).getByRole('button', { name: /^#1 / });
  await expect(oldest).toHaveCount(0);

  await panel(page).getByRole('button', { name: 'Load older commits' }).scrollIntoViewIfNeeded();
  await expect(rows.last().getByRole('button', { name: /^#1 / })).toBeVisible();
  await expect(panel(page).getByRole('button', { name: 'Load older commits' })).toHaveCount(0);

  expect(found.foreign).toEqual([]);
  expect(found.errors).toEqual([]);
});
