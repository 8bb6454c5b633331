import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { decode } from '../../tinyfs/testing';
import { testEngine as engine } from './testing';

// Every test gets an empty browser: a fresh IndexedDB factory.
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('engine calls behind the viewer', () => {
  it('describes files, lists their versions with the commits that wrote them, and reads any version', async () => {
    const { call } = await engine();
    await call('start', {});
    const before = (await call('status', {})).txnSeq;
    await call('exec', { line: "write /docs/notes.txt --content 'second'" });
    const versions = await call('versions', { path: '/docs/notes.txt' });
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const history = await call('history', { limit: 100 });
    // Each version names the commit that wrote it, and that commit changed the file.
    for (const v of versions) {
      const meta = history.find((m) => m.txnSeq === v.txnSeq);
      expect([...(meta?.summary.modified ?? []), ...(meta?.summary.added ?? [])].map((c) => c.path)).toContain('/docs/notes.txt');
    }
    expect(versions[1]?.txnSeq).toBeGreaterThan(before);
    expect(versions[1]?.size).toBe(6);
    expect(decode(await call('read', { path: '/docs/notes.txt', version: 1 }))).toContain('edit me');
    const info = await call('describe', { path: '/docs/notes.txt' });
    expect(info).toMatchObject({ path: '/docs/notes.txt', entryType: 'file:physical:version', version: 2, size: 6 });
    expect(info.dynamic).toBeUndefined();
    // As of the commit before the write, the file was at version 1.
    expect(await call('describe', { path: '/docs/notes.txt', asOf: before })).toMatchObject({ version: 1 });
    expect((await call('versions', { path: '/docs/notes.txt', asOf: before })).length).toBe(1);
  });

  it('describes a child of a dynamic-dir by the config its parent gives it; it has no versions of its own', async () => {
    const { call } = await engine();
    await call('start', {});
    const waves = await call('describe', { path: '/reports/waves' });
    expect(waves).toMatchObject({ path: '/reports/waves', entryType: 'table:dynamic' });
    expect(waves.dynamic).toEqual({ factory: 'synthetic-timeseries', kind: 'table', config: expect.stringMatching(/^# two days of generated readings, every 30 minutes\nstart: 2026-11-01T00:00:00Z\n/), producedIn: '/reports' });
    expect(await call('versions', { path: '/reports/waves' })).toEqual([]);
    expect((await call('describe', { path: '/reports/about/readme.txt' })).dynamic).toMatchObject({ factory: 'test-file', producedIn: '/reports/about' });
    // The folder itself is a stored dynamic node like any other.
    expect((await call('describe', { path: '/reports' })).dynamic).toMatchObject({ factory: 'dynamic-dir', kind: 'directory' });
    expect((await call('describe', { path: '/reports' })).dynamic?.producedIn).toBeUndefined();
  });

  it("describes dynamic files and folders with their factory and the config as written; a folder's versions are its configs", async () => {
    const { call } = await engine();
    await call('start', {});
    const greeting = await call('describe', { path: '/docs/greeting.txt' });
    expect(greeting.dynamic).toEqual({ factory: 'test-file', kind: 'file', config: expect.stringContaining('# produced by the test-file factory') });
    expect(decode(await call('read', { path: '/docs/greeting.txt' }))).toBe('Hello from a dynamic node');
    await call('exec', { line: "mknod /processors --factory test-dir --config 'name: renamed' --overwrite" });
    const processors = await call('describe', { path: '/processors' });
    expect(processors).toMatchObject({ entryType: 'dir:dynamic', version: 2, dynamic: { factory: 'test-dir', kind: 'directory', config: 'name: renamed' } });
    expect((await call('versions', { path: '/processors' })).map((v) => v.version)).toEqual([1, 2]);
    expect(decode(await call('read', { path: '/processors', version: 1 }))).toContain('owner: demo');
    expect(await call('describe', { path: '/latest.csv' })).toMatchObject({ entryType: 'symlink', target: '/data/readings.csv' });
  });

  it('answers reads with a buffer of their own, which the worker may move to the page', async () => {
    const { call } = await engine();
    await call('start', {});
    const first = await call('read', { path: '/docs/notes.txt', version: 1 });
    first.fill(0);
    expect(decode(await call('read', { path: '/docs/notes.txt', version: 1 }))).toContain('edit me');
    await expect(call('describe', { path: '/nope' })).rejects.toThrow(/NotFound/);
  });
});
