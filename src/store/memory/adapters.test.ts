import { describe, expect, it } from 'vitest';
import { bytes, rejection } from '../testing';
import { MemoryHostFiles } from './hostFiles';
import { MemoryHttp } from './http';
import { MemoryLogStore } from './logStore';
import { MemoryPondOpener } from './pondOpener';

describe('MemoryHostFiles', () => {
  it('reads, writes and copies bytes both ways', async () => {
    const source = bytes(1, 2);
    const files = new MemoryHostFiles({ files: { 'data/a.csv': source } });
    source.fill(0);
    const read = await files.read('./data/a.csv');
    expect([...read]).toEqual([1, 2]);
    read.fill(9);
    expect([...(await files.read('data/a.csv'))]).toEqual([1, 2]);
    const written = bytes(3);
    await files.write('out/b.bin', written);
    written.fill(0);
    expect([...(await files.read('/out/b.bin'))]).toEqual([3]);
    const error = await rejection(files.read('data/missing.csv'));
    expect([error.kind, error.message]).toEqual(['NotFound', 'NotFound: host file data/missing.csv']);
  });

  it('lists the names directly in a directory, like readdir', async () => {
    const files = new MemoryHostFiles({
      files: new Map([
        ['data/b.csv', bytes(1)],
        ['data/a.csv', bytes(2)],
        ['data/2024/c.csv', bytes(3)],
        ['top.txt', bytes(4)],
      ]),
    });
    expect(await files.list('data')).toEqual(['2024', 'a.csv', 'b.csv']);
    expect(await files.list('data/')).toEqual(['2024', 'a.csv', 'b.csv']);
    expect(await files.list('.')).toEqual(['data', 'top.txt']);
    expect((await rejection(files.list('dat'))).kind).toBe('NotFound');
  });

  it('reads stdin from the configured buffer, and fails when none was given', async () => {
    const stdin = bytes(7, 8);
    const files = new MemoryHostFiles({ stdin });
    stdin.fill(0);
    expect([...(await files.readStdin())]).toEqual([7, 8]);
    expect((await rejection(new MemoryHostFiles().readStdin())).message).toBe('NotFound: stdin (none was given)');
  });
});

describe('MemoryPondOpener', () => {
  it('opens ponds by local id, and NotFound otherwise', async () => {
    const mirror = new MemoryLogStore();
    const opener = new MemoryPondOpener(new Map([['mirror-1', mirror]]));
    expect(await opener.openStore('mirror-1')).toBe(mirror);
    const error = await rejection(opener.openStore('nope'));
    expect([error.kind, error.message]).toEqual(['NotFound', 'NotFound: pond nope']);
  });
});

describe('MemoryHttp', () => {
  it('answers with the handler and records requests', async () => {
    const http = new MemoryHttp((request) => ({ status: 201, headers: { 'x-url': request.url }, body: bytes(1) }));
    const response = await http.request({ url: 'https://example.test/hook', method: 'POST', body: bytes(5) });
    expect(response).toEqual({ status: 201, headers: { 'x-url': 'https://example.test/hook' }, body: bytes(1) });
    expect(http.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST https://example.test/hook']);
  });

  it('refuses an already aborted request', async () => {
    const http = new MemoryHttp(() => ({ status: 200, headers: {}, body: bytes() }));
    const controller = new AbortController();
    controller.abort();
    await expect(http.request({ url: 'u', method: 'GET', signal: controller.signal })).rejects.toThrow();
    expect(http.requests).toEqual([]);
  });
});
