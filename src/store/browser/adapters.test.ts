import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { bytes, commitWrite, rejection } from '../testing';
import { BrowserCatalog } from './catalog';
import { type FetchFunction, FetchHttp } from './fetchHttp';
import { BrowserLogStore } from './logStore';
import { BrowserPondOpener } from './pondOpener';

describe('FetchHttp', () => {
  it('sends the request through fetch and returns status, headers and body bytes', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fake: FetchFunction = async (url, init) => {
      calls.push({ url, init });
      return new Response(new Uint8Array([4, 5]), { status: 404, headers: { 'Content-Type': 'text/csv' } });
    };
    const body = bytes(1, 2, 3).subarray(1);
    const response = await new FetchHttp(fake).request({
      url: 'https://example.test/x',
      method: 'PUT',
      headers: { authorization: 'Bearer t' },
      body,
    });
    expect(response).toEqual({ status: 404, headers: { 'content-type': 'text/csv' }, body: bytes(4, 5) });
    expect(calls).toHaveLength(1);
    const init = calls[0]?.init;
    expect([calls[0]?.url, init?.method, init?.headers, init?.credentials]).toEqual([
      'https://example.test/x',
      'PUT',
      { authorization: 'Bearer t' },
      'omit',
    ]);
    expect([...new Uint8Array(init?.body as ArrayBuffer)]).toEqual([2, 3]);
  });
});

describe('BrowserPondOpener', () => {
  it('opens ponds of the catalog by local id, and refuses unknown ids without creating a database', async () => {
    const catalog = await BrowserCatalog.open();
    const entry = await catalog.create('mirror', 'pond-1');
    const writer = await BrowserLogStore.open(entry.localId);
    await writer.appendCommit(commitWrite(1));
    writer.close();

    const opener = new BrowserPondOpener(catalog);
    const store = await opener.openStore(entry.localId);
    expect(await store.lastTxnSeq()).toBe(1);
    store.close();

    expect((await rejection(opener.openStore('unknown'))).kind).toBe('NotFound');
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain('duckpond:pond:unknown');
    catalog.close();
  });
});
