import { beforeEach, describe, expect, it } from 'vitest';
import type { ErrorKind, PondError } from '../errors';
import { MemoryPersistence } from './memory';
import { decode, encode, failure, testResolver } from './testing';
import { FS, type WD } from './wd';

async function expectKind(action: () => Promise<unknown>, kind: ErrorKind): Promise<PondError> {
  const error = await failure(action);
  expect(error.kind, error.message).toBe(kind);
  return error;
}

let root: WD;
beforeEach(() => {
  root = new FS(new MemoryPersistence(), { resolver: testResolver() }).root();
});

describe('path resolution', () => {
  it("resolves '/' and '.' to the root, never to 'empty'", async () => {
    for (const path of ['/', '.', '//', '/./', './.']) {
      const lookup = await root.resolvePath(path);
      expect(lookup.kind, path).toBe('found');
      expect(lookup.kind === 'found' && lookup.node.path).toBe('/');
    }
    expect((await root.getNodePath('/')).entryType).toBe('dir:physical');
  });

  it('gives the root as the parent of /a and clamps .. at the root', async () => {
    await root.createDirPath('/a');
    const lookup = await root.resolvePath('/a');
    expect(lookup.kind === 'found' && lookup.stack.map((n) => n.path)).toEqual(['/', '/a']);
    expect((await root.getNodePath('/a/..')).path).toBe('/');
    expect((await root.getNodePath('/../../..')).path).toBe('/');
    expect((await root.getNodePath('/../a/../../a')).path).toBe('/a');
  });

  it('treats trailing and repeated slashes as one', async () => {
    await root.createDirAll('/a/b');
    await root.createFilePath('/a/b/f.txt', encode('x'));
    for (const path of ['/a/b/', '/a//b', '//a/b//', 'a/b', './a/./b/']) {
      expect((await root.getNodePath(path)).path, path).toBe('/a/b');
    }
    expect(decode(await root.readFilePath('//a///b/f.txt'))).toBe('x');
  });

  it('resolves relative paths from a working directory', async () => {
    await root.createDirAll('/a/b/c');
    const b = await root.openDirPath('/a/b');
    expect(b.path).toBe('/a/b');
    expect((await b.getNodePath('c')).path).toBe('/a/b/c');
    expect((await b.getNodePath('..')).path).toBe('/a');
    expect((await b.getNodePath('../../..')).path).toBe('/');
    expect((await b.getNodePath('/a')).path).toBe('/a');
  });

  it('reports the first missing component, and exists() says false', async () => {
    await root.createDirPath('/a');
    const error = await expectKind(() => root.getNodePath('/a/x/y'), 'NotFound');
    expect(error.message).toBe('NotFound: /a/x (resolving /a/x/y)');
    expect(await root.exists('/a/x/y')).toBe(false);
    expect(await root.exists('/a')).toBe(true);
    expect(await root.exists('/')).toBe(true);
  });

  it('refuses to walk through a file', async () => {
    await root.createFilePath('/f', encode('x'));
    await expectKind(() => root.getNodePath('/f/g'), 'NotADirectory');
    await expectKind(() => root.createDirPath('/f/g'), 'NotADirectory');
    await expectKind(() => root.openDirPath('/f'), 'NotADirectory');
  });
});

describe('names', () => {
  it.each([
    ['..', '/a/..'],
    ['.', '/a/.'],
    ['NUL', '/a\u0000b'],
    ['a control character', '/a\u0007b'],
    ['DEL', '/a\u007fb'],
    ['a 300-byte name', `/${'x'.repeat(300)}`],
    ['a 128-character name of 2-byte characters', `/${'é'.repeat(128)}`],
  ])('rejects %s with InvalidName', async (_label, path) => {
    await expectKind(() => root.createDirPath(path), 'InvalidName');
    await expectKind(() => root.createFilePath(path, encode('x')), 'InvalidName');
    expect((await root.entries()).length).toBe(0);
  });

  it('accepts a 255-byte name', async () => {
    await root.createFilePath(`/${'x'.repeat(255)}`, encode('ok'));
    expect(decode(await root.readFilePath(`/${'x'.repeat(255)}`))).toBe('ok');
  });

  it('normalizes names to NFC so NFC and NFD spellings are one entry', async () => {
    const nfc = 'caf\u00e9';
    const nfd = 'cafe\u0301';
    await root.createFilePath(`/${nfd}`, encode('coffee'));
    expect(decode(await root.readFilePath(`/${nfc}`))).toBe('coffee');
    expect((await root.entries()).map((e) => e.path)).toEqual([`/${nfc}`]);
    await expectKind(() => root.createFilePath(`/${nfc}`, encode('again')), 'AlreadyExists');
  });
});

describe('files and versions', () => {
  it('creates, reads and appends versions; the latest wins', async () => {
    await root.createFilePath('/f.txt', encode('v1'));
    expect(await root.writeFilePath('/f.txt', encode('v2'))).toBe(2);
    expect(await root.writeFilePath('/f.txt', encode('v3'))).toBe(3);
    expect(decode(await root.readFilePath('/f.txt'))).toBe('v3');
    expect(decode(await root.readFileVersion('/f.txt', 1))).toBe('v1');
    const versions = await root.listFileVersions('/f.txt');
    expect(versions.map((v) => [v.version, v.size])).toEqual([[1, 2], [2, 2], [3, 2]]);
    const meta = await root.metadata('/f.txt');
    expect([meta.entryType, meta.version, meta.size]).toEqual(['file:physical:version', 3, 2]);
  });

  it('concatenates a series oldest first', async () => {
    await root.createFilePath('/log', encode('a,'), 'file:physical:series');
    await root.writeFilePath('/log', encode('b,'));
    await root.writeFilePath('/log', encode('c'));
    expect(decode(await root.readFilePath('/log'))).toBe('a,b,c');
  });

  it('needs a table codec to read a table series, and uses it', async () => {
    await root.createFilePath('/t', encode('1'), 'table:physical:series');
    await root.writeFilePath('/t', encode('2'));
    await expectKind(() => root.readFilePath('/t'), 'Unsupported');
    const persistence = new MemoryPersistence();
    const fs = new FS(persistence, { tables: { union: (parts) => encode(parts.map(decode).join('+')) } });
    await fs.root().createFilePath('/t', encode('1'), 'table:physical:series');
    await fs.root().writeFilePath('/t', encode('2'));
    expect(decode(await fs.root().readFilePath('/t'))).toBe('1+2');
  });

  it('keeps stored bytes immune to later changes of the caller buffer', async () => {
    const buffer = encode('abc');
    await root.createFilePath('/f', buffer);
    buffer[0] = 0x7a;
    (await root.readFilePath('/f'))[1] = 0x7a;
    expect(decode(await root.readFilePath('/f'))).toBe('abc');
  });

  it('refuses to create over an existing path, on a missing parent, or a non-file type', async () => {
    await root.createFilePath('/f', encode('x'));
    await expectKind(() => root.createFilePath('/f', encode('y')), 'AlreadyExists');
    await expectKind(() => root.createDirPath('/f'), 'AlreadyExists');
    const missing = await expectKind(() => root.createFilePath('/no/f', encode('y')), 'NotFound');
    expect(missing.message).toContain('/no');
    await expectKind(() => root.writeFilePath('/nothing', encode('y')), 'NotFound');
    await expectKind(() => root.createFilePath('/d', encode('y'), 'dir:physical' as never), 'InvalidArgument');
    await expectKind(() => root.readFilePath('/'), 'NotAFile');
  });

  it('creates directories one at a time or all at once', async () => {
    await expectKind(() => root.createDirPath('/a/b'), 'NotFound');
    const wd = await root.createDirAll('/a/b/c');
    expect(wd.path).toBe('/a/b/c');
    await root.createDirAll('/a/b/c'); // existing directories are fine
    await root.createDirPath('/a/b/d');
    expect((await (await root.openDirPath('/a/b')).entries()).map((e) => e.path)).toEqual(['/a/b/c', '/a/b/d']);
    await root.createFilePath('/a/f', encode(''));
    await expectKind(() => root.createDirAll('/a/f/g'), 'NotADirectory');
  });
});

describe('symlinks', () => {
  beforeEach(async () => {
    await root.createDirAll('/data/sub');
    await root.createFilePath('/data/sub/f.txt', encode('hello'));
  });

  it('follows absolute and relative targets', async () => {
    await root.createSymlinkPath('/abs', '/data/sub');
    await root.createSymlinkPath('/data/rel', 'sub/f.txt');
    await root.createSymlinkPath('/data/sub/up', '../rel');
    expect(decode(await root.readFilePath('/abs/f.txt'))).toBe('hello');
    expect(decode(await root.readFilePath('/data/rel'))).toBe('hello');
    expect(decode(await root.readFilePath('/data/sub/up'))).toBe('hello');
    expect((await root.getNodePath('/abs/..')).path).toBe('/data');
    expect((await root.getNodePath('/abs', { follow: false })).entryType).toBe('symlink');
  });

  it('reports a missing target as an error', async () => {
    await root.createSymlinkPath('/dangling', '/nowhere/x');
    const error = await expectKind(() => root.readFilePath('/dangling'), 'NotFound');
    expect(error.message).toContain('/nowhere');
    expect(await root.exists('/dangling')).toBe(true); // the link itself is there
    expect(await root.exists('/dangling/x')).toBe(false);
  });

  it('detects loops', async () => {
    await root.createSymlinkPath('/l1', '/l2');
    await root.createSymlinkPath('/l2', '/l1');
    await root.createSymlinkPath('/self', '/self/x');
    await expectKind(() => root.readFilePath('/l1'), 'SymlinkLoop');
    await expectKind(() => root.getNodePath('/self'), 'SymlinkLoop');
  });

  it('follows 10 nested links and refuses the 11th', async () => {
    await root.createSymlinkPath('/link0', '/data/sub/f.txt');
    for (let i = 1; i <= 11; i++) await root.createSymlinkPath(`/link${i}`, `/link${i - 1}`);
    expect(decode(await root.readFilePath('/link9'))).toBe('hello'); // 10 links followed
    await expectKind(() => root.readFilePath('/link10'), 'SymlinkLoop'); // 11 links
  });
});

describe('rename and remove', () => {
  it('renames within and across directories, keeping content and versions', async () => {
    await root.createDirAll('/a');
    await root.createDirAll('/b');
    await root.createFilePath('/a/f', encode('1'));
    await root.writeFilePath('/a/f', encode('2'));
    await root.renameEntry('/a/f', '/a/g');
    await root.renameEntry('/a/g', '/b/h');
    expect(await root.exists('/a/f')).toBe(false);
    expect(await root.exists('/a/g')).toBe(false);
    expect(decode(await root.readFilePath('/b/h'))).toBe('2');
    expect((await root.listFileVersions('/b/h')).length).toBe(2);
  });

  it('moves a directory with its contents, but not inside itself', async () => {
    await root.createDirAll('/a/b/c');
    await root.createFilePath('/a/b/c/f', encode('deep'));
    await root.renameEntry('/a/b', '/b');
    expect(decode(await root.readFilePath('/b/c/f'))).toBe('deep');
    await expectKind(() => root.renameEntry('/b', '/b/c/b'), 'InvalidArgument');
    await expectKind(() => root.renameEntry('/b', '/a'), 'AlreadyExists');
    await expectKind(() => root.renameEntry('/missing', '/x'), 'NotFound');
  });

  it('renames a symlink itself, not its target', async () => {
    await root.createFilePath('/t', encode('x'));
    await root.createSymlinkPath('/l', '/t');
    await root.renameEntry('/l', '/m');
    expect((await root.getNodePath('/m', { follow: false })).entryType).toBe('symlink');
    expect(await root.exists('/t')).toBe(true);
  });

  it('removes files, empty directories, and non-empty ones only when asked', async () => {
    await root.createDirAll('/d/e');
    await root.createFilePath('/d/e/f', encode('x'));
    await expectKind(() => root.removeEntry('/d'), 'NotEmpty');
    await root.removeEntry('/d/e/f');
    expect(await root.exists('/d/e/f')).toBe(false);
    await root.createFilePath('/d/e/g', encode('x'));
    await root.removeEntry('/d', { recursive: true });
    expect(await root.exists('/d')).toBe(false);
    await expectKind(() => root.removeEntry('/'), 'InvalidArgument');
    await expectKind(() => root.removeEntry('/d'), 'NotFound');
  });

  it('removes a symlink without touching its target', async () => {
    await root.createFilePath('/t', encode('x'));
    await root.createSymlinkPath('/l', '/t');
    await root.removeEntry('/l');
    expect(decode(await root.readFilePath('/t'))).toBe('x');
  });
});

describe('read-only view', () => {
  it('refuses every write and still reads', async () => {
    const persistence = new MemoryPersistence();
    await new FS(persistence).root().createFilePath('/f', encode('x'));
    const ro = new FS(persistence, { readOnly: true }).root();
    expect(decode(await ro.readFilePath('/f'))).toBe('x');
    await expectKind(() => ro.createDirPath('/d'), 'ReadOnly');
    await expectKind(() => ro.createDirAll('/d'), 'ReadOnly');
    await expectKind(() => ro.writeFilePath('/f', encode('y')), 'ReadOnly');
    await expectKind(() => ro.createSymlinkPath('/l', '/f'), 'ReadOnly');
    await expectKind(() => ro.createDynamicPath('/n', 'file:dynamic', 'test-file', encode('content: x')), 'ReadOnly');
    await expectKind(() => ro.renameEntry('/f', '/g'), 'ReadOnly');
    await expectKind(() => ro.removeEntry('/f'), 'ReadOnly');
    expect(decode(await ro.readFilePath('/f'))).toBe('x');
  });
});
