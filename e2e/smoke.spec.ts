import { expect, test } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../src/app/csp.ts';

/** The app must work offline (SPEC §10): every request stays on this machine. */
function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1' || hostname === 'localhost';
}

test('production build loads offline, cleanly, under the CSP', async ({ page }, testInfo) => {
  const foreignRequests: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  // Listen on the context, not the page, so requests made by workers are seen too.
  page.context().on('request', (request) => {
    if (!isLocal(request.url())) foreignRequests.push(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const response = await page.goto('/');
  expect(response?.ok()).toBe(true);
  await expect(page.getByRole('heading', { level: 1, name: 'DuckPond Web' })).toBeVisible();
  await expect(page.getByRole('main')).toBeVisible();

  // The CSP must come from the served bytes (not be added by script) and be the first element of <head>.
  const servedHtml = await response!.text();
  const servedCsp = await page.evaluate((html) => {
    const head = new DOMParser().parseFromString(html, 'text/html').head;
    const first = head.firstElementChild;
    return first?.getAttribute('http-equiv') === 'Content-Security-Policy' ? first.getAttribute('content') : null;
  }, servedHtml);
  expect(servedCsp).toBe(CONTENT_SECURITY_POLICY);

  await page.screenshot({ path: testInfo.outputPath('smoke.png'), fullPage: true });

  // Normal page load: nothing may have gone wrong so far.
  expect(consoleErrors).toEqual([]);
  expect(pageErrors).toEqual([]);

  // The policy is enforced, not merely present: without 'unsafe-eval' run-time code generation throws.
  // The attempt runs in a timer callback because Chromium exempts code that DevTools evaluates directly
  // (page.evaluate's own call stack) from the eval check; page code, like a timer callback, is not exempt.
  const evalAttempt = await page.evaluate(
    () =>
      new Promise<{ error: string | null; violated: string | null }>((resolve) => {
        let error: string | null = null;
        // The violation event is dispatched as a separate task, so wait for it (or give up after 2 s).
        const timer = setTimeout(() => resolve({ error, violated: null }), 2000);
        document.addEventListener(
          'securitypolicyviolation',
          (event) => {
            clearTimeout(timer);
            resolve({ error, violated: event.effectiveDirective });
          },
          { once: true },
        );
        setTimeout(() => {
          try {
            new Function('return 1')();
          } catch (e) {
            error = e instanceof Error ? e.name : String(e);
          }
        }, 0);
      }),
  );
  expect(evalAttempt).toEqual({ error: 'EvalError', violated: 'script-src' });
  // Chromium also logs the refused eval as a console error; that one, and only that one, is expected.
  const unexpected = consoleErrors.filter((text) => !/unsafe-eval/.test(text));
  expect(unexpected).toEqual([]);
  expect(pageErrors).toEqual([]);

  expect(foreignRequests).toEqual([]);
});
