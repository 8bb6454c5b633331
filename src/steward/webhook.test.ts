import { describe, expect, it } from 'vitest';
import { MemoryHttp, MemoryLogStore } from '../store/memory';
import type { HttpRequest, HttpResponse } from '../store/ports';
import type { RunState } from './control';
import { Pond } from './pond';
import { memoryEnvironment } from './testing';

const ok = (status = 200): HttpResponse => ({ status, headers: {}, body: new Uint8Array() });

async function pondWith(http: MemoryHttp, config: string, secrets: Record<string, string> = {}): Promise<Pond> {
  const pond = await Pond.init({ ...memoryEnvironment(new MemoryLogStore(), secrets), http }, { birthplace: 'test' });
  await pond
    .applyDraft([
      { op: 'mkdir', path: '/etc/system.d', parents: true },
      { op: 'mknod', path: '/etc/system.d/20-notify', entryType: 'file:dynamic', factory: 'webhook-notifier', config },
    ])
    .then((done) => done.runs);
  http.requests.length = 0;
  return pond;
}

async function commit(pond: Pond): Promise<{ txnSeq: number; run: RunState }> {
  const done = await pond.applyDraft(
    [
      { op: 'mkdir', path: '/data' },
      { op: 'write', path: '/data/a.txt', content: 'a' },
    ],
    { message: 'two new paths' },
  );
  const [run] = await done.runs;
  return { txnSeq: done.commit!.meta.txnSeq, run: run! };
}

const body = (request: HttpRequest | undefined): Record<string, unknown> => JSON.parse(new TextDecoder().decode(request!.body)) as Record<string, unknown>;

describe('webhook-notifier', () => {
  it('POSTs the commit summary as JSON with the configured headers; the status goes into the run log', async () => {
    const http = new MemoryHttp(() => ok(204));
    const pond = await pondWith(http, 'url: https://hooks.example.org/duckpond?key=${env:KEY}\nheaders:\n  X-Token: ${env:TOKEN}\n', { TOKEN: 'tok', KEY: 'k1' });
    const { txnSeq, run } = await commit(pond);
    expect(run.status, run.errorMessage).toBe('completed');
    const [request] = http.requests;
    expect(request).toMatchObject({ method: 'POST', url: 'https://hooks.example.org/duckpond?key=k1', headers: { 'content-type': 'application/json', 'X-Token': 'tok' } });
    const payload = body(request);
    expect(payload).toMatchObject({ pond_id: pond.identity.pondId, txn: txnSeq, message: 'two new paths', changed_paths: ['/data', '/data/a.txt'] });
    expect(new Date(payload['time'] as string).getTime()).toBeGreaterThan(0);
    expect(payload['changes']).toMatchObject({ added: [{ path: '/data', entryType: 'dir:physical' }, { path: '/data/a.txt' }] });
    expect(run.log).toEqual([`notifying about txn ${txnSeq} (2 changed paths)`, 'POST https://hooks.example.org/duckpond?… → 204']);
    expect(run.log.join('\n')).not.toMatch(/tok|k1/);
  });

  it('retries 5xx and network errors with backoff, then succeeds', async () => {
    let calls = 0;
    const http = new MemoryHttp(() => {
      calls++;
      if (calls === 1) throw new TypeError('Failed to fetch');
      return calls === 2 ? ok(503) : ok(200);
    });
    const pond = await pondWith(http, 'url: https://hooks.example.org/x\nretries: 3\nbackoff_ms: 5\n');
    calls = 0;
    const { run } = await commit(pond);
    expect(run.status, run.errorMessage).toBe('completed');
    expect(http.requests).toHaveLength(3);
    expect(run.log).toEqual([
      expect.stringMatching(/^notifying about txn/),
      'POST https://hooks.example.org/x failed: Failed to fetch; retrying in 5 ms (attempt 2 of 4)',
      'POST https://hooks.example.org/x answered 503; retrying in 10 ms (attempt 3 of 4)',
      'POST https://hooks.example.org/x → 200',
    ]);
  });

  it('a 4xx fails the run at once with the reason; the data commit stands', async () => {
    const http = new MemoryHttp(() => ({ status: 401, headers: {}, body: new TextEncoder().encode('{"error":"bad token"}') }));
    const pond = await pondWith(http, 'url: https://hooks.example.org/x\nretries: 3\nbackoff_ms: 0\n');
    const { txnSeq, run } = await commit(pond);
    expect(run.status).toBe('failed');
    expect(run.errorMessage).toBe('FactoryFailed: POST https://hooks.example.org/x answered 401: {"error":"bad token"}');
    expect(http.requests).toHaveLength(1);
    expect(await pond.env.store.lastTxnSeq()).toBe(txnSeq);
  });

  it('gives up after the retries, and a request that hangs times out', async () => {
    const failing = new MemoryHttp(() => ok(500));
    const pond = await pondWith(failing, 'url: https://hooks.example.org/x\nretries: 2\nbackoff_ms: 0\n');
    const { run } = await commit(pond);
    expect(run.errorMessage).toBe('FactoryFailed: POST https://hooks.example.org/x answered 500 after 3 attempts');

    const hanging = new MemoryHttp(() => new Promise<HttpResponse>(() => undefined));
    const slow = await pondWith(hanging, 'url: https://hooks.example.org/x\nretries: 0\ntimeout_ms: 100\n');
    const started = Date.now();
    const timedOut = (await commit(slow)).run;
    expect(timedOut.status).toBe('failed');
    expect(timedOut.errorMessage).toBe('FactoryFailed: POST https://hooks.example.org/x failed: FactoryFailed: timed out after 100 ms');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a missing secret fails the run naming it; a manual run notifies about the latest commit', async () => {
    const http = new MemoryHttp(() => ok());
    const pond = await pondWith(http, 'url: https://hooks.example.org/x\nheaders:\n  Authorization: Bearer ${env:HOOK_TOKEN}\n');
    const { run } = await commit(pond);
    expect(run.status).toBe('failed');
    expect(run.errorMessage).toContain('HOOK_TOKEN');
    expect(http.requests).toHaveLength(0);

    const open = await pondWith(new MemoryHttp(() => ok()), 'url: https://hooks.example.org/x\n');
    const { txnSeq } = await commit(open);
    const manual = await open.run('/etc/system.d/20-notify');
    expect(manual.status).toBe('completed');
    expect(manual.log[0]).toBe(`notifying about txn ${txnSeq} (2 changed paths)`);
  });

  it('validates its config with clear messages', async () => {
    const pond = await pondWith(new MemoryHttp(() => ok()), 'url: https://hooks.example.org/x\n');
    const registry = pond.env.registry;
    expect(() => registry.validate('webhook-notifier', 'headers: {}\n')).toThrow(/url/);
    expect(() => registry.validate('webhook-notifier', 'url: mailto:me@example.org\n')).toThrow(/line 1.*url/s);
    expect(() => registry.validate('webhook-notifier', 'url: https://x.example\nretries: 99\n')).toThrow(/line 2.*retries/s);
    expect(() => registry.validate('webhook-notifier', 'url: https://x.example\nheaders:\n  "bad header": x\n')).toThrow(/headers/);
    expect(registry.validate('webhook-notifier', 'url: ${env:HOOK_URL}\n')).toEqual({ url: '${env:HOOK_URL}', headers: {}, timeout_ms: 10000, retries: 3, backoff_ms: 1000 });
  });
});
