import { describe, expect, it } from 'vitest';
import { MemoryHttp, MemoryLogStore, MemoryPondOpener } from '../store/memory';
import type { HttpRequest, HttpResponse, LogStore } from '../store/ports';
import { decode, failure } from '../tinyfs/testing';
import { IDENTITY_KEY, OpLog, type PondIdentity, blake3Hex, verifyPond } from '../tlogfs';
import type { RunState } from './control';
import { Pond, type PondEnvironment } from './pond';
import { memoryEnvironment } from './testing';

const BIG = 70 * 1024; // over the 64 KiB blob threshold

function bytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

/** A source pond whose environment can open mirrors through `opener` and reach `http`. */
async function sourcePond(options: { opener?: MemoryPondOpener; http?: MemoryHttp; secrets?: Record<string, string> } = {}): Promise<Pond> {
  const env: PondEnvironment = {
    ...memoryEnvironment(new MemoryLogStore(), options.secrets ?? {}),
    localId: 'source',
    ponds: options.opener ?? new MemoryPondOpener(),
    ...(options.http === undefined ? {} : { http: options.http }),
  };
  return Pond.init(env, { birthplace: 'test' });
}

/**
 * Puts the replicator at /etc/system.d/50-replicate; `executors` adds test-executors that commit in their runs,
 * before it (10-before) and after it (60-after). The install commit runs them all already.
 */
async function install(pond: Pond, config: string, executors: readonly ('10-before' | '60-after')[] = []): Promise<RunState[]> {
  const done = await pond.applyDraft(
    [
      { op: 'mkdir', path: '/etc/system.d', parents: true },
      { op: 'mknod', path: '/etc/system.d/50-replicate', entryType: 'file:dynamic', factory: 'replication-manager', config },
      ...executors.map((name) => ({ op: 'mknod' as const, path: `/etc/system.d/${name}`, entryType: 'file:dynamic' as const, factory: 'test-executor', config: `message: ${name}\n` })),
    ],
    { origin: 'install replicator' },
  );
  return done.runs;
}

async function write(pond: Pond, path: string, content: Uint8Array | string): Promise<{ txnSeq: number; runs: RunState[] }> {
  const done = await pond.applyDraft([{ op: 'write', path, content }], { origin: `write ${path}` });
  return { txnSeq: done.commit!.meta.txnSeq, runs: await done.runs };
}

/** Every path with its entry type, version and content hash as of `asOf`: what "identical" compares. */
async function listing(pond: Pond, asOf?: number): Promise<string[]> {
  const root = (await pond.read(asOf)).root();
  const rows: string[] = [];
  for (const [node] of await root.collectMatches('/**')) {
    const meta = await root.metadata(node.path);
    let content = '';
    if (!node.entryType.startsWith('dir') && node.entryType !== 'symlink') {
      for (const v of await root.listFileVersions(node.path)) content += ` v${v.version}@${v.txnSeq}:${v.size}:${v.timestamp}:${blake3Hex(await root.readFileVersion(node.path, v.version))}`;
    }
    rows.push(`${node.path} ${node.entryType} v${meta.version} ${meta.factory ?? ''} ${content}`);
  }
  return rows;
}

async function openMirror(store: LogStore): Promise<Pond> {
  return Pond.open({ ...memoryEnvironment(store), localId: 'mirror', readOnly: 'a mirror' });
}

describe('replication-manager to a mirror pond', () => {
  it('makes a mirror identical to the source up to the commit it saw, and catches up with later ones', async () => {
    const opener = new MemoryPondOpener();
    const source = await sourcePond({ opener });
    const installed = await install(source, 'mirror: backup\n', ['60-after']);
    expect(installed.map((r) => r.status)).toEqual(['completed', 'completed']);
    const first = await write(source, '/big.bin', bytes(BIG, 1));
    const [run, after] = first.runs;
    expect(run?.status, run?.errorMessage).toBe('completed');
    // It sent the run commit of 60-after's install run, and the commit it was triggered by.
    expect(run?.log).toContainEqual(expect.stringMatching(new RegExp(`^mirror 'backup': sent txns ${first.txnSeq - 1}\\.\\.${first.txnSeq} \\(2 commits, 1 blob, \\d+ bytes\\)$`)));
    // The replicator's own run commits nothing; 60-after's run commits after the replicator saw the pond.
    expect(await source.env.store.lastTxnSeq()).toBe(after!.runTxnSeq);

    const { store: mirrorStore } = await opener.openMirror('backup', { pondId: source.identity.pondId, localId: 'source' });
    const mirror = await openMirror(mirrorStore);
    expect(mirror.identity).toEqual(source.identity);
    expect(mirror.oplog.txnSeq).toBe(first.txnSeq);
    expect(await listing(mirror)).toEqual(await listing(source, first.txnSeq));
    expect(await (await mirror.read()).root().readFilePath('/big.bin')).toEqual(bytes(BIG, 1));
    expect((await verifyPond(mirrorStore)).problems).toEqual([]);

    // 60-after's commit follows on the next replication.
    const second = await write(source, '/notes.txt', 'v1');
    expect(second.runs[0]?.status).toBe('completed');
    expect(second.runs[0]?.log).toContainEqual(`mirror 'backup': sent txns ${after!.runTxnSeq}..${second.txnSeq} (2 commits, 0 blobs, ${second.runs[0]!.log.join('').match(/(\d+) bytes/)![1]} bytes)`);
    expect(await listing(await openMirror(mirrorStore))).toEqual(await listing(source, second.txnSeq));
    expect((await verifyPond(mirrorStore)).problems).toEqual([]);
  });

  it('copies a blob the mirror lacks only once, checkpoints too, and says when it is up to date', async () => {
    const opener = new MemoryPondOpener();
    const source = await sourcePond({ opener });
    await install(source, 'mirror: backup\n');
    const same = bytes(BIG, 7);
    await write(source, '/a.bin', same);
    const again = await write(source, '/b.bin', same); // same content: the blob is already in the mirror
    expect(again.runs[0]?.log).toContainEqual(expect.stringMatching(/\(1 commit, 0 blobs, \d+ bytes\)$/));
    for (let i = 0; i < 10; i++) await write(source, '/notes.txt', `v${i}`);
    const { store } = await opener.openMirror('backup', { pondId: source.identity.pondId, localId: 'source' });
    const mirrored = await store.lastTxnSeq();
    expect(await store.listCheckpoints()).toEqual((await source.env.store.listCheckpoints()).filter((seq) => seq <= mirrored));
    expect((await store.listCheckpoints()).length).toBeGreaterThan(0);
    expect((await verifyPond(store)).problems).toEqual([]);

    const upToDate = await source.run('/etc/system.d/50-replicate');
    expect(upToDate.status).toBe('completed');
    expect(upToDate.log).toEqual([`mirror 'backup' is up to date at txn ${await source.env.store.lastTxnSeq()}`]);
  });

  it('a mirror opens read-only; promoted, it is refused as a target and never written again', async () => {
    const opener = new MemoryPondOpener();
    const source = await sourcePond({ opener });
    await install(source, 'mirror: backup\n');
    await write(source, '/x.txt', 'x');
    const { store } = await opener.openMirror('backup', { pondId: source.identity.pondId, localId: 'source' });
    const mirror = await openMirror(store);
    const refused = await failure(() => mirror.applyDraft([{ op: 'write', path: '/y.txt', content: 'y' }]));
    expect(refused.kind).toBe('ReadOnly');
    expect(refused.message).toContain('a mirror');
    expect((await failure(() => mirror.setSetting('factory_mode:x', 'pull'))).kind).toBe('ReadOnly');

    opener.promote('backup');
    const before = await store.lastTxnSeq();
    const { runs } = await write(source, '/z.txt', 'z');
    expect(runs[0]?.status).toBe('failed');
    expect(runs[0]?.errorMessage).toContain("pond 'backup' is not a mirror");
    expect(await store.lastTxnSeq()).toBe(before);
  });

  it('refuses a mirror that diverged, and the pond itself as its mirror', async () => {
    const opener = new MemoryPondOpener();
    const source = await sourcePond({ opener });
    await install(source, 'mirror: backup\n');
    const { store } = await opener.openMirror('backup', { pondId: source.identity.pondId, localId: 'source' });
    // Someone wrote the mirror's next txn: a commit the source does not have.
    const other = await OpLog.open(store);
    const tx = await other.beginWrite('foreign');
    await tx.root().createFilePath('/foreign.txt', new TextEncoder().encode('!'));
    await tx.commit();
    const { runs } = await write(source, '/x.txt', 'x');
    expect(runs[0]?.status).toBe('failed');
    expect(runs[0]?.errorMessage).toMatch(/mirror 'backup' has a different commit at txn \d+ .*it diverged; nothing was sent/);

    const self = await sourcePond({ opener });
    const [run] = await install(self, 'mirror: source\n');
    expect(run?.status).toBe('failed');
    expect(run?.errorMessage).toContain("pond 'source' is the pond being replicated");
  });
});

/** An HTTP replication target in memory: a plain file server (GET/HEAD/PUT), with failures to inject. */
class FileServer {
  readonly files = new Map<string, Uint8Array>();
  readonly log: string[] = [];
  failNext: ((request: HttpRequest) => boolean) | null = null;
  readonly http = new MemoryHttp((request) => this.answer(request));

  private answer(request: HttpRequest): HttpResponse {
    const path = new URL(request.url).pathname.replace(/^\/ponds\/demo\//, '');
    this.log.push(`${request.method} ${path}`);
    if (this.failNext?.(request) === true) {
      this.failNext = null;
      return { status: 503, headers: {}, body: new TextEncoder().encode('try later') };
    }
    const found = this.files.get(path);
    switch (request.method) {
      case 'GET':
      case 'HEAD':
        return found === undefined ? { status: 404, headers: {}, body: new Uint8Array() } : { status: 200, headers: {}, body: request.method === 'GET' ? found : new Uint8Array() };
      case 'PUT':
        this.files.set(path, request.body ?? new Uint8Array());
        return { status: found === undefined ? 201 : 204, headers: {}, body: new Uint8Array() };
      default:
        return { status: 405, headers: {}, body: new Uint8Array() };
    }
  }

  json<T>(path: string): T {
    return JSON.parse(decode(this.files.get(path)!)) as T;
  }
}

/** A pond rebuilt from what the HTTP target holds: proves the target received everything. */
async function pondFromFiles(server: FileServer): Promise<LogStore> {
  const store = new MemoryLogStore();
  const identity = server.json<{ pond_id: string; created: number; birthplace: string }>('pond.json');
  await store.writeMeta(IDENTITY_KEY, { pondId: identity.pond_id, created: identity.created, birthplace: identity.birthplace } satisfies PondIdentity);
  const head = server.json<{ txn_seq: number }>('head.json');
  for (let seq = 1; seq <= head.txn_seq; seq++) {
    const name = `commits/${String(seq).padStart(20, '0')}`;
    const { blobs: hashes, ...meta } = server.json<{ blobs: string[]; txnSeq: number; txnId: string; time: number; origin: string; summary: never }>(`${name}.json`);
    const blobs = new Map(hashes.map((hash) => [hash, server.files.get(`blobs/${hash}`)!]));
    await store.appendCommit({ meta, log: server.files.get(`${name}.arrow`)!, blobs, control: [] });
  }
  return store;
}

describe('replication-manager after a prune', () => {
  it('refuses to catch up a new mirror from history that was pruned, saying so (not "not found")', async () => {
    const opener = new MemoryPondOpener();
    const source = await sourcePond({ opener });
    for (let i = 0; i < 4; i++) await write(source, `/f${i}.txt`, `file ${i}`);
    const last = (await write(source, '/last.txt', 'last')).txnSeq;
    await source.prune(last - 1);
    const runs = await install(source, 'mirror: late\n');
    expect(runs[0]?.status).toBe('failed');
    expect(runs[0]?.errorMessage).toMatch(/^Pruned: replicating from txn 1 .*: history before txn \d+ was pruned on \d{4}-\d{2}-\d{2}$/);
  });
});

describe('replication-manager to an HTTP endpoint', () => {
  const config = 'url: https://backup.example.org/ponds/demo\nheaders:\n  Authorization: Bearer ${env:TOKEN}\nretries: 0\nbackoff_ms: 0\n';

  it('PUTs blobs, commits and the head; the files rebuild an identical pond; secrets only in the request', async () => {
    const server = new FileServer();
    const source = await sourcePond({ http: server.http, secrets: { TOKEN: 's3cret' } });
    await install(source, config);
    const { txnSeq, runs } = await write(source, '/big.bin', bytes(BIG, 3));
    expect(runs[0]?.status, runs[0]?.errorMessage).toBe('completed');
    expect(server.json<{ pond_id: string; txn_seq: number }>('head.json')).toMatchObject({ pond_id: source.identity.pondId, txn_seq: txnSeq });
    const puts = server.http.requests.filter((r) => r.method === 'PUT');
    expect(puts.every((r) => r.headers?.['Authorization'] === 'Bearer s3cret')).toBe(true);
    expect(runs[0]?.log.join('\n')).not.toContain('s3cret');
    expect(runs[0]?.log).toContainEqual(expect.stringMatching(new RegExp(`^https://backup.example.org/ponds/demo: sent txns ${txnSeq}..${txnSeq} \\(1 commit, 1 blob, \\d+ bytes\\)$`)));
    // The stored config keeps the placeholder; only the request carried the value.
    expect(decode(await (await source.read()).root().readFilePath('/etc/system.d/50-replicate'))).toContain('${env:TOKEN}');

    const rebuilt = await pondFromFiles(server);
    expect((await verifyPond(rebuilt)).problems).toEqual([]);
    expect(await listing(await openMirror(rebuilt))).toEqual(await listing(source, txnSeq));
  });

  it('resumes after a failed PUT from the head it reached, and does not resend stored blobs', async () => {
    const server = new FileServer();
    const source = await sourcePond({ http: server.http, secrets: { TOKEN: 't' } });
    // 10-before commits in its run, so each replication has two commits to send: the data and that run's.
    await install(source, config, ['10-before']);
    const ok = await write(source, '/a.bin', bytes(BIG, 1));
    expect(ok.runs.map((r) => r.status)).toEqual(['completed', 'completed']);

    // The second commit's metadata PUT fails: the first commit stays, the head stops after it.
    const second = (seq: number): string => `${String(seq).padStart(20, '0')}.json`;
    let data = 0;
    server.failNext = (r) => r.method === 'PUT' && data > 0 && r.url.endsWith(second(data + 1));
    const pending = source.applyDraft([{ op: 'write', path: '/b.bin', content: bytes(BIG, 2) }]);
    data = (await pending).commit!.meta.txnSeq;
    const [, failed] = await (await pending).runs;
    expect(failed?.status).toBe('failed');
    expect(failed?.errorMessage).toMatch(/^FactoryFailed: PUT https:\/\/backup\.example\.org\/ponds\/demo\/commits\/\d+\.json answered 503: try later$/);
    expect(failed?.log).toContainEqual(`https://backup.example.org/ponds/demo: sent txns ${data}..${data} before the failure (1 commit, 1 blob, ${failed!.log.join('').match(/(\d+) bytes/)![1]} bytes); the next run resumes at txn ${data + 1}`);
    const stuck = server.json<{ txn_seq: number }>('head.json').txn_seq;
    expect(stuck).toBe(data);

    const resumed = await source.run('/etc/system.d/50-replicate');
    expect(resumed.status, resumed.errorMessage).toBe('completed');
    expect(resumed.log).toContainEqual(expect.stringMatching(new RegExp(`sent txns ${stuck + 1}\\.\\.${stuck + 1} \\(1 commit, 0 blobs`)));
    // Each blob was PUT once over the whole history (HEAD found the stored ones).
    const blobPuts = server.log.filter((line) => line.startsWith('PUT blobs/'));
    expect(new Set(blobPuts).size).toBe(blobPuts.length);
    const rebuilt = await pondFromFiles(server);
    expect((await verifyPond(rebuilt)).problems).toEqual([]);
  });

  it('re-PUTs are harmless, and a target holding another pond or a diverged head is refused', async () => {
    const server = new FileServer();
    const source = await sourcePond({ http: server.http, secrets: { TOKEN: 't' } });
    await install(source, config);
    await write(source, '/a.txt', 'a');
    const snapshot = new Map(server.files);
    // Forget the head: everything is sent again, to the same names, with the same bytes.
    server.files.delete('head.json');
    const again = await source.run('/etc/system.d/50-replicate');
    expect(again.status).toBe('completed');
    for (const [path, content] of snapshot) if (path !== 'head.json') expect(server.files.get(path), path).toEqual(content);
    expect((await verifyPond(await pondFromFiles(server))).problems).toEqual([]);

    server.files.set('head.json', new TextEncoder().encode(JSON.stringify({ pond_id: 'someone-else', txn_seq: 1, txn_id: 'x' })));
    const other = await source.run('/etc/system.d/50-replicate');
    expect(other.status).toBe('failed');
    expect(other.errorMessage).toContain('holds pond someone-else');

    server.files.set('head.json', new TextEncoder().encode(JSON.stringify({ pond_id: source.identity.pondId, txn_seq: 2, txn_id: 'not-ours' })));
    const diverged = await source.run('/etc/system.d/50-replicate');
    expect(diverged.errorMessage).toContain('has a different commit at txn 2');
  });

  it('validates its config: exactly one target, http(s) URLs, no unknown keys', async () => {
    const source = await sourcePond();
    const registry = source.env.registry;
    expect(() => registry.validate('replication-manager', 'mirror: a\nurl: https://x.example\n')).toThrow(/line 2.*url.*either mirror or url, not both/s);
    expect(() => registry.validate('replication-manager', 'retries: 1\n')).toThrow(/mirror \(a pond name\) or url/);
    expect(() => registry.validate('replication-manager', 'url: ftp://x.example\n')).toThrow(/line 1.*url/s);
    expect(() => registry.validate('replication-manager', 'mirror: a\ntarget: b\n')).toThrow(/line 2.*target/s);
    expect(registry.validate('replication-manager', 'mirror: a\n')).toMatchObject({ mirror: 'a', headers: {}, timeout_ms: 30000, retries: 2, backoff_ms: 1000 });
  });
});
