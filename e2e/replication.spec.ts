import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Page, expect, test } from '@playwright/test';
import { item, screenshots, watch } from './harness';

/**
 * A loopback test server, started by the test: answers CORS preflight, records webhook POSTs under /hook,
 * and is a plain file store (GET, HEAD, PUT) under /ponds/ for HTTP replication.
 */
class TestServer {
  readonly hooks: Record<string, unknown>[] = [];
  readonly files = new Map<string, Buffer>();
  readonly preflights: string[] = [];
  private server: Server | null = null;
  origin = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.answer(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  json<T>(path: string): T {
    return JSON.parse(this.files.get(path)!.toString('utf8')) as T;
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // The app's origin (another port) may call: the browser asks first (preflight) for JSON and PUT.
    response.setHeader('Access-Control-Allow-Origin', request.headers.origin ?? '*');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = new URL(request.url ?? '/', this.origin).pathname;
    if (request.method === 'OPTIONS') {
      this.preflights.push(`${request.headers['access-control-request-method']} ${path}`);
      response.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, PUT, POST');
      response.setHeader('Access-Control-Allow-Headers', 'content-type, authorization');
      response.writeHead(204).end();
      return;
    }
    if (request.method === 'POST' && path === '/hook') {
      this.hooks.push(JSON.parse(body.toString('utf8')) as Record<string, unknown>);
      response.writeHead(202).end();
      return;
    }
    const found = this.files.get(path);
    if (request.method === 'PUT') {
      this.files.set(path, body);
      response.writeHead(found === undefined ? 201 : 204).end();
    } else if (request.method === 'GET' || request.method === 'HEAD') {
      if (found === undefined) response.writeHead(404).end();
      else response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(request.method === 'GET' ? found : undefined);
    } else {
      response.writeHead(405).end();
    }
  }
}

const server = new TestServer();
test.beforeAll(() => server.start());
test.afterAll(() => server.stop());

async function run(page: Page, line: string, input?: string): Promise<string> {
  const command = page.getByRole('textbox', { name: 'Command' });
  const log = page.getByRole('log', { name: 'Console output' });
  const before = await log.locator('.console-entry').count();
  await command.fill(line);
  await command.press('Enter');
  if (input !== undefined) {
    const box = page.getByRole('textbox', { name: 'Input for -' });
    await box.fill(input);
    await box.press('Control+Enter');
  }
  const entry = log.locator('.console-entry').nth(before);
  await expect(entry).toBeVisible({ timeout: 30_000 });
  await expect(entry).not.toContainText('running', { timeout: 30_000 });
  return (await entry.textContent()) ?? '';
}

test('webhook-notifier and replication-manager run after a commit: the server gets the JSON, the mirror matches', async ({ page }) => {
  const found = watch(page, { allow: [server.origin] });
  await page.goto('/');
  await expect(page.getByRole('textbox', { name: 'Command' })).toBeEnabled({ timeout: 30_000 });
  // Nothing was configured to call out yet: the demo pond made no request to the test server.
  expect(server.preflights).toEqual([]);

  await run(page, 'mknod /etc/system.d/20-notify --factory webhook-notifier --config -', `url: ${server.origin}/hook\nretries: 0\n`);
  await run(page, 'mknod /etc/system.d/50-mirror --factory replication-manager --config -', 'mirror: Demo mirror\n');
  await run(page, 'mknod /etc/system.d/60-http --factory replication-manager --config -', `url: ${server.origin}/ponds/demo\nretries: 0\n`);

  // The commit: a console write. Its runs: the demo's 10-hello (commits), then the notifier and the replicators.
  const out = await run(page, "write /docs/replicated.txt --content 'copied everywhere'");
  const txn = Number(out.match(/committed txn (\d+)/)?.[1]);
  expect(out).toContain('run 2 webhook-notifier /etc/system.d/20-notify: completed');
  expect(out).toContain('run 3 replication-manager /etc/system.d/50-mirror: completed');
  expect(out).toContain('run 4 replication-manager /etc/system.d/60-http: completed');

  // The webhook's JSON for this commit.
  const status = await page.evaluate(() => document.querySelector('[aria-label="Switch pond"]')?.textContent ?? '');
  expect(status).toContain('Demo pond');
  const hook = server.hooks.find((h) => h['txn'] === txn);
  expect(hook).toMatchObject({ txn, message: null, changed_paths: ['/docs/replicated.txt'], changes: { added: [{ path: '/docs/replicated.txt', entryType: 'file:physical:version', version: 1 }] } });
  expect(typeof hook?.['pond_id']).toBe('string');
  expect(Date.parse(hook?.['time'] as string)).toBeGreaterThan(0);
  expect(server.preflights).toContain('POST /hook');

  // The HTTP target's head is at the last commit the replicator saw (10-hello's run commit, after ours).
  const head = server.json<{ pond_id: string; txn_seq: number }>('/ponds/demo/head.json');
  expect(head).toEqual({ pond_id: hook?.['pond_id'], txn_seq: txn + 1, txn_id: expect.any(String) });
  expect(server.files.has(`/ponds/demo/commits/${String(txn).padStart(20, '0')}.arrow`)).toBe(true);

  // The commit panel shows the runs with their logs.
  const panel = page.getByRole('region', { name: 'Source control' });
  const row = panel.getByRole('list', { name: 'Commits' }).getByRole('listitem').filter({ has: page.getByRole('button', { name: /write \/docs\/replicated\.txt/ }) }).first();
  await row.getByRole('button', { name: /write \/docs\/replicated\.txt/ }).click();
  const runs = row.getByRole('list', { name: /^Runs of commit/ }).getByRole('listitem');
  await expect(runs).toHaveCount(4);
  await expect(runs.nth(1)).toContainText(`POST ${server.origin}/hook → 202`);
  await expect(runs.nth(2)).toContainText(`mirror 'Demo mirror': sent txns`);
  await expect(runs.nth(3)).toContainText(`${server.origin}/ponds/demo: sent txns`);
  await runs.first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshots(page, panel, 'replication-runs');
  if (process.env.SHOTS) await page.screenshot({ path: 'test-results/replication-runs.png' });

  const sourceListing = await run(page, "list -l '/**'");
  const sourceHash = await run(page, 'describe /docs/replicated.txt');

  // The mirror: listed as a mirror, opened read-only, identical, verified.
  await page.getByRole('button', { name: 'Switch pond' }).click();
  const list = page.getByRole('dialog', { name: 'Ponds' });
  await expect(list.getByRole('rowheader', { name: /Demo mirror/ })).toContainText('mirror');
  await list.getByRole('button', { name: 'Open Demo mirror' }).click();
  await expect(page.getByRole('button', { name: 'Switch pond' })).toContainText('Demo mirror');
  const banner = page.getByRole('region', { name: 'Mirror' });
  await expect(banner).toContainText('Mirror of ‘Demo pond’');
  await expect(banner).toContainText('read-only');
  expect(await run(page, "list -l '/**'")).toBe(sourceListing);
  expect(await run(page, 'describe /docs/replicated.txt')).toBe(sourceHash);
  expect(await run(page, 'cat /docs/replicated.txt')).toContain('copied everywhere');
  expect(await run(page, 'verify')).toMatch(/no problems|ok/i);
  expect(await run(page, 'mkdir /not-here')).toContain("ReadOnly");
  // The app offers no edits on a mirror: no drafting in the tree's menu or the palette, no Commit, no Edit config.
  await item(page, 'docs').click({ button: 'right' });
  await expect(page.getByRole('menu').getByRole('menuitem')).toHaveText(['Download as Zip', 'Copy Path']);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  const options = page.getByRole('listbox').getByRole('option');
  await expect(options.filter({ hasText: 'Promote Mirror to a Writable Pond' })).toHaveCount(1);
  await expect(options.filter({ hasText: /^New Folder|^Commit Draft/ })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('region', { name: 'Source control' })).toContainText('read-only mirror');
  await item(page, 'docs').click();
  await page.keyboard.press('ArrowRight');
  await item(page, 'greeting.txt').click();
  await expect(page.getByRole('main')).toContainText('produced by test-file');
  await expect(page.getByRole('main').getByRole('button', { name: 'Edit config' })).toHaveCount(0);
  if (process.env.SHOTS) await page.screenshot({ path: 'test-results/replication-mirror.png' });
  await screenshots(page, page.locator('body'), 'replication-mirror');

  // Promoted, it is an ordinary pond: writable, and the banner is gone.
  await banner.getByRole('button', { name: 'Promote to a writable pond' }).click();
  await expect(banner).toHaveCount(0);
  expect(await run(page, 'mkdir /now-mine')).toMatch(/committed txn \d+/);

  expect(found.foreign, 'requests to anywhere but the app and the test server').toEqual([]);
  expect(found.errors).toEqual([]);
});
