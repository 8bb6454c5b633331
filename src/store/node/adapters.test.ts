import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { changeNotifierContract } from '../changeNotifier.contract';
import { secretsContract } from '../secrets.contract';
import { bytes, commitWrite, rejection } from '../testing';
import { FileChangeNotifier } from './changeNotifier';
import { DirectoryLogStore } from './directoryLogStore';
import { EnvSecrets } from './envSecrets';
import { NodeHostFiles } from './hostFiles';
import { NodeHttp } from './http';
import { NodePondOpener } from './pondOpener';
import { tempDirs } from './testDirs';

const dirs = tempDirs('duckpond-adapters-');
afterAll(dirs.cleanup);

describe('NodeHostFiles', () => {
  it('reads and writes host files relative to its base directory, copying bytes both ways', async () => {
    const base = dirs.make();
    mkdirSync(join(base, 'data'));
    writeFileSync(join(base, 'data', 'a.csv'), Uint8Array.of(1, 2));
    const files = new NodeHostFiles({ baseDir: base });
    const read = await files.read('data/a.csv');
    expect(read).toEqual(bytes(1, 2)); // a plain Uint8Array, not a Buffer
    expect(read.constructor).toBe(Uint8Array);
    expect([...(await files.read(join(base, 'data', 'a.csv')))]).toEqual([1, 2]); // absolute paths too

    const written = bytes(3, 4);
    await files.write('out/deep/b.bin', written);
    written.fill(0);
    expect([...readFileSync(join(base, 'out', 'deep', 'b.bin'))]).toEqual([3, 4]);
    await files.write('out/deep/b.bin', bytes(5)); // replaces
    expect([...readFileSync(join(base, 'out', 'deep', 'b.bin'))]).toEqual([5]);
    expect(readdirSync(join(base, 'out', 'deep'))).toEqual(['b.bin']); // no temporary file left
  });

  it('streams: writes a file chunk by chunk (all or nothing) and reads it at random offsets', async () => {
    const base = dirs.make();
    const files = new NodeHostFiles({ baseDir: base });
    async function* chunks(fail: boolean) {
      yield bytes(1, 2, 3);
      yield bytes(4, 5);
      if (fail) throw new Error('the producer failed');
      yield bytes(6);
    }
    expect(await files.writeChunks('out.pond', chunks(false))).toBe(6);
    expect([...readFileSync(join(base, 'out.pond'))]).toEqual([1, 2, 3, 4, 5, 6]);
    await expect(files.writeChunks('half.pond', chunks(true))).rejects.toThrow('the producer failed');
    expect(readdirSync(base).sort()).toEqual(['out.pond']); // no half file, no temporary file
    const reader = await files.open('out.pond');
    expect(reader.size).toBe(6);
    expect([...(await reader.read(2, 3))]).toEqual([3, 4, 5]);
    expect([...(await reader.read(0, 1))]).toEqual([1]);
    await reader.close();
    expect((await rejection(files.open('missing.pond'))).kind).toBe('NotFound');
  });

  it('fails with typed errors', async () => {
    const base = dirs.make();
    mkdirSync(join(base, 'dir'));
    writeFileSync(join(base, 'file'), 'x');
    const files = new NodeHostFiles({ baseDir: base });
    expect((await rejection(files.read('missing.csv'))).message).toBe('NotFound: host file missing.csv');
    expect((await rejection(files.read('dir'))).kind).toBe('NotAFile');
    expect((await rejection(files.write('dir', bytes(1)))).kind).toBe('NotAFile');
    expect((await rejection(files.write('file/x', bytes(1)))).kind).toBe('NotADirectory');
    expect((await rejection(files.write('', bytes(1)))).kind).toBe('InvalidPath');
    expect((await rejection(files.list('nope'))).message).toBe('NotFound: host directory nope');
    expect((await rejection(files.list('file'))).kind).toBe('NotADirectory');
  });

  it('lists the names directly in a directory, sorted', async () => {
    const base = dirs.make();
    mkdirSync(join(base, 'data', '2024'), { recursive: true });
    writeFileSync(join(base, 'data', 'b.csv'), '');
    writeFileSync(join(base, 'data', 'a.csv'), '');
    const files = new NodeHostFiles({ baseDir: base });
    expect(await files.list('data')).toEqual(['2024', 'a.csv', 'b.csv']);
    expect(await files.list('.')).toEqual(['data']);
  });

  it('reads all of stdin once, and gives the same bytes again', async () => {
    const files = new NodeHostFiles({ stdin: Readable.from([Buffer.from('key: '), 'value\n']) });
    const first = await files.readStdin();
    expect(new TextDecoder().decode(first)).toBe('key: value\n');
    first.fill(0);
    expect(new TextDecoder().decode(await files.readStdin())).toBe('key: value\n');
    expect([...(await new NodeHostFiles({ stdin: Readable.from([]) }).readStdin())]).toEqual([]);
  });
});

secretsContract('EnvSecrets (writable, over its own record)', async () => new EnvSecrets({}, { writable: true }));

describe('EnvSecrets', () => {
  it('reads the environment, lists only names usable as ${env:NAME}, and refuses to write by default', async () => {
    const env: Record<string, string | undefined> = { TOKEN: 't', API_KEY: 'k', 'NOT-A-NAME': 'x', UNSET: undefined };
    const secrets = new EnvSecrets(env);
    expect(await secrets.get('TOKEN')).toBe('t');
    expect(await secrets.get('MISSING')).toBeUndefined();
    expect(await secrets.get('toString')).toBeUndefined(); // not inherited object properties
    expect(await secrets.list()).toEqual(['API_KEY', 'TOKEN']);
    const error = await rejection(secrets.set('TOKEN', 'new'));
    expect([error.kind, error.message]).toEqual([
      'ReadOnly',
      'ReadOnly: secrets come from the environment here: set TOKEN in the environment of the duckpond command',
    ]);
    expect((await rejection(secrets.delete('TOKEN'))).kind).toBe('ReadOnly');
    expect(env.TOKEN).toBe('t');
  });

  it('uses process.env by default', async () => {
    const secrets = new EnvSecrets();
    expect(await secrets.get('PATH')).toBe(process.env.PATH);
  });
});

describe('NodeHttp', () => {
  async function withServer(run: (url: string, server: Server) => Promise<void>): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.url === '/slow') return; // never answers
        response.writeHead(request.url === '/missing' ? 404 : 201, { 'X-Echo-Method': request.method ?? '', 'X-Token': String(request.headers['x-token']) });
        response.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await run(`http://127.0.0.1:${port}`, server);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('sends method, headers and body, and returns status, lower-cased headers and body', async () => {
    await withServer(async (url) => {
      const body = bytes(1, 2, 3);
      const response = await new NodeHttp().request({ url: `${url}/hook`, method: 'POST', headers: { 'X-Token': 'abc' }, body });
      expect(response.status).toBe(201);
      expect(response.headers['x-echo-method']).toBe('POST');
      expect(response.headers['x-token']).toBe('abc');
      expect(response.body).toEqual(bytes(1, 2, 3));
    });
  });

  it('returns error statuses as responses, and rejects on abort', async () => {
    await withServer(async (url) => {
      expect((await new NodeHttp().request({ url: `${url}/missing`, method: 'GET' })).status).toBe(404);
      const controller = new AbortController();
      const pending = new NodeHttp().request({ url: `${url}/slow`, method: 'GET', signal: controller.signal });
      setTimeout(() => controller.abort(), 20);
      await expect(pending).rejects.toThrow();
      const aborted = new AbortController();
      aborted.abort();
      let called = false;
      const http = new NodeHttp(async () => {
        called = true;
        return new Response();
      });
      await expect(http.request({ url, method: 'GET', signal: aborted.signal })).rejects.toThrow();
      expect(called).toBe(false);
    });
  });
});

describe('NodePondOpener', () => {
  it('opens existing pond directories by path, never creating one', async () => {
    const base = dirs.make();
    const created = await DirectoryLogStore.open(join(base, 'mirror'), { create: true });
    await created.appendCommit(commitWrite(1));
    created.close();
    const opener = new NodePondOpener(base);
    const store = await opener.openStore('mirror');
    expect(await store.lastTxnSeq()).toBe(1);
    store.close();
    expect(await (await opener.openStore(join(base, 'mirror'))).lastTxnSeq()).toBe(1);
    expect((await rejection(opener.openStore('elsewhere'))).kind).toBe('NotFound');
    expect(readdirSync(base)).toEqual(['mirror']);
    expect((await rejection(opener.openStore(' '))).kind).toBe('InvalidArgument');
  });
});

changeNotifierContract('FileChangeNotifier', () => {
  const dir = dirs.make();
  return () => new FileChangeNotifier(dir);
});

describe('FileChangeNotifier', () => {
  it('keeps pond directories apart, and names the same directory however it is spelled', async () => {
    const dir = dirs.make();
    const a = new FileChangeNotifier(dir);
    const sameDir = new FileChangeNotifier(join(dir, '.', 'x', '..'));
    const other = new FileChangeNotifier(dirs.make());
    const seen: string[] = [];
    sameDir.subscribe((event) => seen.push(`same:${event.txnSeq}`));
    other.subscribe((event) => seen.push(`other:${event.txnSeq}`));
    a.publish({ pond: dir, txnSeq: 3 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual(['same:3']);
    for (const notifier of [a, sameDir, other]) notifier.close();
  });
});
