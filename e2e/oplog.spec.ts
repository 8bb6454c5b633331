import { expect, test } from '@playwright/test';
import { openHarness, watch } from './harness';

// The OpLog over real IndexedDB, Web Locks and BroadcastChannel, in the engine worker (SPEC §2, §4).

test('a commit survives a reload, and time travel shows old content', async ({ page }) => {
  const problems = watch(page);
  await openHarness(page, 'reload');
  await page.evaluate(() =>
    window.engine.call('apply', { origin: 'setup', ops: [{ op: 'mkdir', path: '/notes', parents: true }, { op: 'write', path: '/notes/a.txt', content: 'first' }] }),
  );
  await page.evaluate(() => window.engine.call('apply', { origin: 'edit', ops: [{ op: 'write', path: '/notes/a.txt', content: 'second' }] }));
  await page.reload();
  await openHarness(page, 'reload');
  const text = await page.evaluate(async () => new TextDecoder().decode(await window.engine.call('read', { path: '/notes/a.txt' })));
  expect(text).toBe('second');
  const old = await page.evaluate(async () => new TextDecoder().decode(await window.engine.call('read', { path: '/notes/a.txt', asOf: 2 })));
  expect(old).toBe('first');
  const status = await page.evaluate(() => window.engine.call('status', {}));
  expect(status.txnSeq).toBe(3);
  const verify = await page.evaluate(() => window.engine.call('verify', {}));
  expect(verify.problems).toEqual([]);
  expect(problems).toEqual({ foreign: [], errors: [] });
});

test('a large file goes through a blob and reads back identical after reload', async ({ page }) => {
  const problems = watch(page);
  await openHarness(page, 'blob');
  const digest = await page.evaluate(async () => {
    const bytes = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31 + 7) % 256);
    await window.engine.call('apply', { origin: 'big', ops: [{ op: 'write', path: '/big.bin', content: bytes }] });
    return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))).join(',');
  });
  await page.reload();
  await openHarness(page, 'blob');
  const readBack = await page.evaluate(async () => {
    const bytes = await window.engine.call('read', { path: '/big.bin' });
    return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))).join(',');
  });
  expect(readBack).toBe(digest);
  const verify = await page.evaluate(() => window.engine.call('verify', {}));
  expect([verify.problems, verify.blobs]).toEqual([[], 1]);
  expect(problems).toEqual({ foreign: [], errors: [] });
});

test('two pages committing at once end with contiguous commits and every write present', async ({ context }) => {
  const pages = [await context.newPage(), await context.newPage()];
  const problems = pages.map((page) => watch(page));
  for (const page of pages) await openHarness(page, 'shared');
  const perPage = 50;
  await Promise.all(
    pages.map((page, p) =>
      page.evaluate(
        async ({ p, perPage }) => {
          for (let i = 0; i < perPage; i++) {
            await window.engine.call('apply', { origin: `page ${p} write ${i}`, ops: [{ op: 'write', path: `/p${p}-${i}.txt`, content: `${p}:${i}` }] });
          }
        },
        { p, perPage },
      ),
    ),
  );
  const first = pages[0]!;
  const status = await first.evaluate(() => window.engine.call('status', {}));
  expect(status.txnSeq).toBe(1 + 2 * perPage);
  const history = await first.evaluate((last) => window.engine.call('history', { limit: last }), status.txnSeq);
  expect(history.map((m) => m.txnSeq)).toEqual(Array.from({ length: status.txnSeq }, (_, i) => status.txnSeq - i));
  const listed = await first.evaluate(async () => (await window.engine.call('entries', { path: '/', offset: 0, limit: 1000 })).entries);
  expect(listed).toHaveLength(2 * perPage);
  for (let p = 0; p < 2; p++) {
    const text = await first.evaluate(async (path) => new TextDecoder().decode(await window.engine.call('read', { path })), `/p${p}-${perPage - 1}.txt`);
    expect(text).toBe(`${p}:${perPage - 1}`);
  }
  const verify = await first.evaluate(() => window.engine.call('verify', {}));
  expect(verify.problems).toEqual([]);
  // The other page learned of the last commit through the change channel.
  await expect.poll(() => pages[1]!.evaluate(() => window.engine.call('status', {}).then((s) => s.txnSeq))).toBe(status.txnSeq);
  for (const found of problems) expect(found).toEqual({ foreign: [], errors: [] });
});
