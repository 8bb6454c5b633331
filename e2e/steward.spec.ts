import { expect, test } from '@playwright/test';
import { openHarness, watch } from './harness';

// The steward in the engine worker: a post-commit factory created under /etc/system.d runs after commits.
test('a test-executor in /etc/system.d runs after a commit, and its run is recorded', async ({ page }) => {
  const problems = watch(page);
  await openHarness(page, 'steward');
  await page.evaluate(() =>
    window.engine.call('apply', {
      origin: 'mknod /etc/system.d/10-test',
      ops: [
        { op: 'mkdir', path: '/etc/system.d', parents: true },
        { op: 'mknod', path: '/etc/system.d/10-test', entryType: 'file:dynamic', factory: 'test-executor', config: 'message: from the browser # comment\n' },
      ],
    }),
  );
  const commit = await page.evaluate(() => window.engine.call('apply', { origin: 'write', ops: [{ op: 'write', path: '/data.txt', content: 'x' }] }));
  await expect
    .poll(() => page.evaluate((seq) => window.engine.call('runs', { txnSeq: seq }).then((runs) => runs.map((r) => r.status)), commit!.txnSeq))
    .toEqual(['completed']);
  const [run] = await page.evaluate((seq) => window.engine.call('runs', { txnSeq: seq }), commit!.txnSeq);
  const result = await page.evaluate(async (path) => new TextDecoder().decode(await window.engine.call('read', { path })), `/var/test-executor/${run!.runTxnSeq}.txt`);
  expect(result).toContain('from the browser');
  const config = await page.evaluate(async () => new TextDecoder().decode(await window.engine.call('read', { path: '/etc/system.d/10-test' })));
  expect(config).toBe('message: from the browser # comment\n'); // an executable's node reads as its raw config
  expect((await page.evaluate(() => window.engine.call('verify', {}))).problems).toEqual([]);
  expect(problems).toEqual({ foreign: [], errors: [] });
});
