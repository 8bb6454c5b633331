import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { pondDatabaseName } from '../../store/browser';
import { decode } from '../../tinyfs/testing';
import { toWireError } from './engine';
import { type EngineCall, testEngine as engine } from './testing';

// Every test gets an empty browser: a fresh IndexedDB factory.
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('engine', () => {
  it('first start creates the demo pond through the command language; the next start opens it', async () => {
    const { call } = await engine();
    const first = await call('start', {});
    expect(first.createdDemo).toBe(true);
    expect(first.name).toBe('Demo pond');
    const root = (await call('entries', { path: '/', offset: 0, limit: 100 })).entries;
    expect(root.map((e) => `${e.name}:${e.entryType}`)).toEqual([
      'data:dir:physical',
      'docs:dir:physical',
      'etc:dir:physical',
      'processors:dir:dynamic',
      'reports:dir:dynamic',
      'var:dir:physical',
      'latest.csv:symlink',
    ]);
    expect(root.find((e) => e.name === 'processors')?.factory).toBe('test-dir');
    await expectDemoContent(call);
    const runs = await call('runs', {});
    expect(runs.some((r) => r.factoryName === 'test-executor' && r.status === 'completed')).toBe(true);
    expect(new Set(runs.map((r) => r.factoryName))).toEqual(new Set(['test-executor']));
    expect((await call('verify', {})).problems).toEqual([]);
    expect((await call('start', {})).createdDemo).toBe(false);
  });

  it('runs console commands, completes, and reports draft conflicts with details', async () => {
    const { call, events } = await engine();
    await call('createPond', { name: 'work' });
    expect((await call('exec', { line: 'mkdir -p /a/b' })).output).toBe('committed txn 2 (+2 ~0 -0)');
    expect((await call('exec', { line: 'write /a/b/c.txt --content -', input: 'from the editor' })).output).toContain('committed');
    expect(decode(await call('read', { path: '/a/b/c.txt' }))).toBe('from the editor');
    expect(await call('complete', { line: 'mk' })).toEqual(['mkdir ', 'mknod ']);
    expect(await call('complete', { line: 'cat /a/' })).toEqual(['cat /a/b/']);
    expect(await call('complete', { line: 'mknod /x --factory test-e' })).toEqual(['mknod /x --factory test-executor ']);
    const conflict = await call('apply', { origin: 'draft', ops: [{ op: 'mkdir', path: '/a' }] }).catch((error: unknown) => toWireError(error));
    expect(conflict).toMatchObject({ kind: 'Conflict', details: { conflicts: [{ index: 0, error: 'AlreadyExists: /a' }] } });
    expect(events.some((e) => e.event === 'pond' && e.detail.type === 'commit')).toBe(true);
    const history = await call('history', { limit: 2 });
    expect(history.map((m) => m.txnSeq)).toEqual([3, 2]);
  });

  it('pages a directory in tree order, folders first, and tells which paths exist', async () => {
    const { call } = await engine();
    await call('createPond', { name: 'paged' });
    const files = Array.from({ length: 25 }, (_, i) => ({ op: 'write' as const, path: `/big/f${String(i).padStart(2, '0')}.txt`, content: 'x'.repeat(i) }));
    await call('apply', { origin: 'setup', ops: [{ op: 'mkdir', path: '/big' }, ...files, { op: 'mkdir', path: '/big/zdir' }, { op: 'mkdir', path: '/big/Adir' }] });
    const first = await call('entries', { path: '/big', offset: 0, limit: 10 });
    expect(first.total).toBe(27);
    expect(first.entries.map((e) => e.name)).toEqual(['Adir', 'zdir', 'f00.txt', 'f01.txt', 'f02.txt', 'f03.txt', 'f04.txt', 'f05.txt', 'f06.txt', 'f07.txt']);
    const last = await call('entries', { path: '/big', offset: 20, limit: 10 });
    expect(last.entries.map((e) => [e.name, e.size])).toEqual([['f18.txt', 18], ['f19.txt', 19], ['f20.txt', 20], ['f21.txt', 21], ['f22.txt', 22], ['f23.txt', 23], ['f24.txt', 24]]);
    // A commit in between: the next page reflects it (the sorted listing is kept per txn, not reused).
    await call('apply', { origin: 'rm', ops: [{ op: 'rm', path: '/big/f00.txt' }] });
    expect((await call('entries', { path: '/big', offset: 2, limit: 1 })).entries.map((e) => e.name)).toEqual(['f01.txt']);
    expect((await call('entries', { path: '/big', offset: 0, limit: 1, asOf: 2 })).total).toBe(27);
    expect(await call('exists', { paths: ['/big/f01.txt', '/big/f00.txt', '/nowhere/x'] })).toEqual([true, false, false]);
  });

  it('manages ponds: create, rename, list, delete', async () => {
    const { call } = await engine();
    const a = await call('createPond', { name: 'Alpha' });
    await call('createPond', { name: 'Beta' });
    await call('renamePond', { localId: a.localId, name: 'Gamma' });
    expect((await call('listPonds', {})).map((p) => p.name)).toEqual(['Beta', 'Gamma']);
    await call('deletePond', { localId: a.localId });
    expect((await call('listPonds', {})).map((p) => p.name)).toEqual(['Beta']);
  });
});

describe('engine: pond files', () => {
  /** The whole tree as `path:type:size` lines, for comparing two ponds. */
  async function listing(call: Awaited<ReturnType<typeof engine>>['call'], path = '/'): Promise<string[]> {
    const lines: string[] = [];
    for (const e of (await call('entries', { path, offset: 0, limit: 1000 })).entries) {
      lines.push(`${e.path}:${e.entryType}:${e.size}:v${e.version}`);
      if (e.entryType === 'dir:physical') lines.push(...(await listing(call, e.path)));
    }
    return lines;
  }
  const databases = async (): Promise<string[]> => (await indexedDB.databases()).map((d) => d.name ?? '').sort();

  it('exports the open pond, refuses the same pond id as new (naming the pond), imports it as a copy', async () => {
    const { call, events } = await engine();
    const demo = await call('start', {});
    const before = await listing(call);
    const bytes = await call('exportPond', {});
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(events.some((e) => e.event === 'progress' && e.task === 'export' && e.stage === 'write' && e.done === e.total)).toBe(true);

    const refused = await call('importPond', { bytes, name: 'Demo pond', mode: 'new' }).catch((error: unknown) => toWireError(error));
    expect(refused).toMatchObject({ kind: 'AlreadyExists', details: { existing: { localId: demo.localId, name: 'Demo pond' } } });
    expect((refused as { message: string }).message).toMatch(/replace it, or import the file as a copy/);
    expect((await call('listPonds', {})).length).toBe(1);

    const copy = await call('importPond', { bytes, name: 'Demo pond', mode: 'copy' });
    expect(copy).toMatchObject({ name: 'Demo pond (2)', txnSeq: demo.txnSeq });
    expect(copy.pondId).not.toBe(demo.pondId);
    expect((await call('status', {})).localId).toBe(copy.localId); // the imported pond is the open one
    expect(await listing(call)).toEqual(before);
    await expectDemoContent(call);
    expect(events.some((e) => e.event === 'progress' && e.task === 'import' && e.stage === 'verify')).toBe(true);
    expect((await call('listPonds', {})).map((p) => p.name)).toEqual(['Demo pond', 'Demo pond (2)']);
  });

  it('replaces a pond: the new local id takes the old name, the old pond and its storage are gone', async () => {
    const { call } = await engine();
    const demo = await call('start', {});
    const bytes = await call('exportPond', {});
    await call('exec', { line: 'mkdir /after-export' });
    const replaced = await call('importPond', { bytes, name: 'whatever.pond', mode: 'replace', localId: demo.localId });
    expect(replaced).toMatchObject({ name: 'Demo pond', pondId: demo.pondId, txnSeq: demo.txnSeq });
    expect(replaced.localId).not.toBe(demo.localId);
    expect((await call('listPonds', {})).map((p) => p.localId)).toEqual([replaced.localId]);
    expect(await databases()).not.toContain(pondDatabaseName(demo.localId));
    expect(await call('exists', { paths: ['/after-export'] })).toEqual([false]);
  });

  it('a corrupt file gives a clear error and leaves the catalog and the databases as they were', async () => {
    const { call } = await engine();
    await call('start', {});
    const bytes = await call('exportPond', {});
    const ponds = await call('listPonds', {});
    const dbs = await databases();
    const truncated = bytes.slice(0, bytes.length - 100);
    const flipped = bytes.slice();
    flipped[30 + 'manifest.json'.length + 4]! ^= 0xff; // inside the manifest's compressed bytes
    for (const [bad, mode] of [[truncated, 'new'], [flipped, 'copy']] as const) {
      const error = await call('importPond', { bytes: bad, name: 'bad', mode }).catch((e: unknown) => toWireError(e));
      expect(error).toMatchObject({ kind: 'Corrupt', message: expect.stringMatching(/^Corrupt: not a valid pond file: /) });
      expect(await call('listPonds', {})).toEqual(ponds);
      expect(await databases()).toEqual(dbs);
    }
  });

  it('console export hands the written file to the page as a download', async () => {
    const { call } = await engine();
    await call('start', {});
    const { output, downloads } = await call('exec', { line: 'export backup.pond' });
    expect(output).toMatch(/^exported pond .* to backup\.pond$/);
    expect(downloads.map((d) => d.name)).toEqual(['backup.pond']);
    expect(downloads[0]!.bytes).toEqual(await call('exportPond', {}));
    expect((await call('exec', { line: 'mkdir /plain' })).downloads).toEqual([]);
  });

  it('cancel stops a running export; with nothing running it says so', async () => {
    const { call } = await engine();
    await call('start', {});
    expect(await call('cancel', { task: 'export' })).toBe(false);
    const running = call('exportPond', {});
    expect(await call('cancel', { task: 'export' })).toBe(true);
    await expect(running).rejects.toThrow('export cancelled');
  });
});

describe('engine: replication mirrors', () => {
  it('a replication-manager fills a mirror pond that opens read-only, matches its source and can be promoted', async () => {
    const { call } = await engine();
    const source = await call('createPond', { name: 'field data' });
    await call('exec', { line: 'mkdir -p /etc/system.d' });
    await call('exec', { line: "mknod /etc/system.d/50-mirror --factory replication-manager --config 'mirror: field data (mirror)\n'" });
    const out = (await call('exec', { line: "write /notes.txt --content 'hello'" })).output;
    expect(out).toMatch(/committed txn 4 .*\n.*replication-manager .*completed/s);

    const mirror = (await call('listPonds', {})).find((p) => p.name === 'field data (mirror)');
    expect(mirror).toMatchObject({ pondId: source.pondId, mirrorOf: source.localId });
    const sourceListing = (await call('entries', { path: '/', offset: 0, limit: 100 })).entries.map((e) => `${e.path} ${e.entryType} v${e.version}`);
    const opened = await call('openPond', { localId: mirror!.localId });
    expect(opened).toMatchObject({ pondId: source.pondId, txnSeq: 4, mirrorOf: { localId: source.localId, name: 'field data' } });
    expect((await call('entries', { path: '/', offset: 0, limit: 100 })).entries.map((e) => `${e.path} ${e.entryType} v${e.version}`)).toEqual(sourceListing);
    expect(decode(await call('read', { path: '/notes.txt' }))).toBe('hello');
    expect((await call('verify', {})).problems).toEqual([]);
    const refused = await call('exec', { line: 'mkdir /x' }).catch((error: unknown) => toWireError(error));
    expect(refused).toMatchObject({ kind: 'ReadOnly', message: expect.stringContaining("is a mirror of 'field data', read-only until it is promoted") });
    const draft = await call('apply', { origin: 'draft', ops: [{ op: 'mkdir', path: '/x' }] }).catch((error: unknown) => toWireError(error));
    expect(draft).toMatchObject({ kind: 'ReadOnly' });

    const promoted = await call('promotePond', { localId: mirror!.localId });
    expect(promoted.mirrorOf).toBeUndefined();
    expect((await call('exec', { line: 'mkdir /x' })).output).toContain('committed txn 5');
    // The source's replicator no longer writes into the promoted pond: its run fails, the commit stands.
    await call('openPond', { localId: source.localId });
    const after = (await call('exec', { line: "write /notes.txt --content 'again'" })).output;
    expect(after).toMatch(/^committed txn 5 .*\n.*replication-manager .*: failed in \d+ ms: InvalidArgument: pond 'field data \(mirror\)' is not a mirror/s);
  });
});

/** What the demo pond holds beyond its plain files: dynamic nodes, the production factories, the examples. */
async function expectDemoContent(call: EngineCall): Promise<void> {
  expect(decode(await call('read', { path: '/docs/greeting.txt' }))).toBe('Hello from a dynamic node');
  // The examples of factories that call out are kept where nothing runs them; only 10-hello ran.
  expect((await call('entries', { path: '/etc/examples', offset: 0, limit: 10 })).entries.map((e) => `${e.name}:${e.factory}`)).toEqual([
    'replication-manager:replication-manager',
    'webhook-notifier:webhook-notifier',
  ]);
  expect(decode(await call('read', { path: '/etc/examples/webhook-notifier' }))).toContain('Authorization: Bearer ${env:HOOK_TOKEN}');
  // The production factories of the demo (issue 10): a template inside a dynamic-dir, a nested dynamic-dir.
  expect((await call('entries', { path: '/reports', offset: 0, limit: 100 })).entries.map((e) => `${e.name}:${e.entryType}`)).toEqual([
    'about:dir:dynamic',
    'index.md:file:dynamic',
    'waves:table:dynamic',
  ]);
  expect(decode(await call('read', { path: '/reports/index.md' }))).toMatch(/^# Documents\n- README\.md: \d+ characters\n- greeting\.txt: 25 characters\n- notes\.txt: \d+ characters\n$/);
  expect(decode(await call('read', { path: '/reports/about/readme.txt' }))).toBe('Nested dynamic-dirs work too.');
}
