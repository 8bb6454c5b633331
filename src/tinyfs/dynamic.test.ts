import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryPersistence } from './memory';
import { decode, encode, failure, testResolver } from './testing';
import { FS, type WD } from './wd';

const FILE_CONFIG = '# greeting shown by the demo\ncontent:   Hello from factory\nmime_type: text/plain   # kept as written\n';

let persistence: MemoryPersistence;
let resolver: ReturnType<typeof testResolver>;
let root: WD;

beforeEach(async () => {
  persistence = new MemoryPersistence();
  resolver = testResolver([
    {
      name: 'exploding',
      async createFile() {
        throw new Error('boom');
      },
      async createDirectory() {
        throw new Error('kaboom');
      },
    },
  ]);
  root = new FS(persistence, { resolver }).root();
  await root.createDirAll('/etc/system.d');
});

describe('dynamic files and directories (seed test pattern)', () => {
  it('a test-file node reads as the configured content', async () => {
    const node = await root.createDynamicPath('/etc/system.d/test-file.yaml', 'file:dynamic', 'test-file', encode(FILE_CONFIG));
    expect(node.entryType).toBe('file:dynamic');
    expect(decode(await root.readFilePath('/etc/system.d/test-file.yaml'))).toBe('Hello from factory');
    const meta = await root.metadata('/etc/system.d/test-file.yaml');
    expect([meta.entryType, meta.factory, meta.version]).toEqual(['file:dynamic', 'test-file', 1]);
  });

  it('stores exactly the config bytes written, comments and spacing kept', async () => {
    const node = await root.createDynamicPath('/etc/system.d/test-file.yaml', 'file:dynamic', 'test-file', encode(FILE_CONFIG));
    const stored = await persistence.getDynamicNodeConfig(node.id);
    expect(stored?.factory).toBe('test-file');
    expect(decode(stored?.config ?? new Uint8Array())).toBe(FILE_CONFIG);
    expect(await persistence.getDynamicNodeConfig((await root.getNodePath('/etc')).id)).toBeNull();
    // As in the seed's memory backend: one file version whose metadata names the factory.
    const versions = await root.listFileVersions('/etc/system.d/test-file.yaml');
    expect(versions).toEqual([expect.objectContaining({ version: 1, extendedMetadata: { factory: 'test-file' } })]);
    expect(decode(await root.readFileVersion('/etc/system.d/test-file.yaml', 1))).toBe(FILE_CONFIG);
  });

  it('a test-dir node is a listable, empty directory', async () => {
    await root.createDirAll('/factories');
    await root.createDynamicPath('/factories/processors', 'dir:dynamic', 'test-dir', encode('name: processors\n'));
    const dir = await root.openDirPath('/factories/processors');
    expect(await dir.entries()).toEqual([]);
    expect((await root.getNodePath('/factories/processors')).entryType).toBe('dir:dynamic');
    expect(resolver.calls).toContain('test-dir.createDirectory');
  });

  it("a dynamic directory's stored versions are its configs; a physical directory has none", async () => {
    await root.createDynamicPath('/processors', 'dir:dynamic', 'test-dir', encode('name: one\n'));
    await root.createDynamicPath('/processors', 'dir:dynamic', 'test-dir', encode('name: two # kept\n'), { overwrite: true });
    expect((await root.listFileVersions('/processors')).map((v) => v.version)).toEqual([1, 2]);
    expect(decode(await root.readFileVersion('/processors', 1))).toBe('name: one\n');
    expect(decode(await root.readFileVersion('/processors', 2))).toBe('name: two # kept\n');
    await expect(root.listFileVersions('/etc')).rejects.toThrow('NotAFile: /etc');
  });

  it('a directory factory produces readable, nested children with stable ids', async () => {
    await root.createDynamicPath('/gen', 'dir:dynamic', 'test-listing', encode('child-a: A\nraw-b: B\ndir-sub: child-c: C\n'));
    const gen = await root.openDirPath('/gen');
    const entries = await gen.entries();
    expect(entries.map((e) => [e.path, e.entryType])).toEqual([
      ['/gen/a', 'file:dynamic'],
      ['/gen/b', 'file:dynamic'],
      ['/gen/sub', 'dir:dynamic'],
    ]);
    expect(decode(await root.readFilePath('/gen/a'))).toBe('A');
    expect(decode(await root.readFilePath('/gen/b'))).toBe('B');
    expect(decode(await root.readFilePath('/gen/sub/c'))).toBe('C');
    expect((await root.getNodePath('/gen/a')).id).toEqual((await gen.getNodePath('a')).id);
    expect((await root.metadata('/gen/a')).factory).toBe('test-file');
    const writeInside = await failure(() => root.createFilePath('/gen/new', encode('x')));
    expect(writeInside.kind).toBe('ReadOnly');
    expect((await failure(() => root.removeEntry('/gen/a'))).kind).toBe('ReadOnly');
    expect((await failure(() => root.listFileVersions('/gen/a'))).kind).toBe('Unsupported');
  });

  it('an executable factory node reads as its raw config', async () => {
    const config = 'message: hi   # shown in the run log\nrepeat_count: 2\n';
    await root.createDynamicPath('/etc/system.d/10-test', 'file:dynamic', 'test-executor', encode(config));
    expect(decode(await root.readFilePath('/etc/system.d/10-test'))).toBe(config);
  });

  it('creating a node never runs the factory (deferred initialization)', async () => {
    await root.createDynamicPath('/f', 'file:dynamic', 'test-file', encode('content: x\n'));
    await root.createDynamicPath('/d', 'dir:dynamic', 'test-dir', encode('name: d\n'));
    expect(resolver.calls).toEqual([]);
  });
});

describe('createDynamicPath rules', () => {
  const path = '/etc/system.d/test-file.yaml';

  it('refuses a second create on the same path with AlreadyExists, changing nothing', async () => {
    await root.createDynamicPath(path, 'file:dynamic', 'test-file', encode('content: one\n'));
    const error = await failure(() => root.createDynamicPath(path, 'file:dynamic', 'test-file', encode('content: two\n')));
    expect(error.kind).toBe('AlreadyExists');
    expect(error.message).toBe(`AlreadyExists: ${path}`);
    expect(decode(await root.readFilePath(path))).toBe('one');
  });

  it('with overwrite, updates the config as a new version', async () => {
    await root.createDynamicPath(path, 'file:dynamic', 'test-file', encode('content: one\n'));
    await root.createDynamicPath(path, 'file:dynamic', 'test-file', encode('content: two\n'), { overwrite: true });
    expect(decode(await root.readFilePath(path))).toBe('two');
    expect((await root.metadata(path)).version).toBe(2);
    expect(decode(await root.readFileVersion(path, 1))).toBe('content: one\n');
  });

  it('with overwrite, a different entry type is a clear TypeMismatch, not a crash', async () => {
    await root.createDynamicPath(path, 'file:dynamic', 'test-file', encode('content: one\n'));
    const error = await failure(() => root.createDynamicPath(path, 'dir:dynamic', 'test-dir', encode('name: x\n'), { overwrite: true }));
    expect(error.kind).toBe('TypeMismatch');
    expect(error.message).toContain('it is a file:dynamic, not a dir:dynamic');
    await root.createFilePath('/plain', encode('x'));
    const plain = await failure(() => root.createDynamicPath('/plain', 'file:dynamic', 'test-file', encode('content: y\n'), { overwrite: true }));
    expect(plain.kind).toBe('TypeMismatch');
    expect(decode(await root.readFilePath('/plain'))).toBe('x');
  });

  it('uses the entry type it is given (seed bug fix #2)', async () => {
    await root.createDynamicPath('/a', 'file:dynamic', 'test-file', encode('content: x\n'));
    await root.createDynamicPath('/b', 'dir:dynamic', 'test-dir', encode('name: b\n'));
    expect((await root.getNodePath('/a')).entryType).toBe('file:dynamic');
    expect((await root.getNodePath('/b')).entryType).toBe('dir:dynamic');
  });

  it('refuses a missing parent, a physical type, and an unknown factory before writing anything', async () => {
    expect((await failure(() => root.createDynamicPath('/no/x', 'file:dynamic', 'test-file', encode('content: x\n')))).kind).toBe('NotFound');
    expect((await failure(() => root.createDynamicPath('/x', 'file:physical:version' as never, 'test-file', encode('')))).kind).toBe('InvalidArgument');
    const unknown = await failure(() => root.createDynamicPath('/x', 'file:dynamic', 'nope', encode('')));
    expect(unknown.message).toBe('UnknownFactory: nope');
    expect(await root.exists('/x')).toBe(false);
  });

  it('writing to a dynamic file is refused with a hint', async () => {
    await root.createDynamicPath('/f', 'file:dynamic', 'test-file', encode('content: x\n'));
    const error = await failure(() => root.writeFilePath('/f', encode('y')));
    expect(error.kind).toBe('ReadOnly');
    expect(error.message).toContain('overwrite');
  });
});

describe('fail fast: errors while resolving are reported as themselves (seed bug fix #1)', () => {
  /** A node whose factory existed when it was made but is unknown to the resolver reading it. */
  async function orphan(path: string, type: 'file:dynamic' | 'dir:dynamic'): Promise<WD> {
    const writer = new FS(persistence, { resolver: testResolver([{ name: 'nope', async createDirectory() { return []; } }]) }).root();
    await writer.createDynamicPath(path, type, 'nope', encode('x: 1\n'));
    return root;
  }

  it('a path through a node with an unknown factory names the factory, not "not found"', async () => {
    await root.createDirPath('/a');
    await orphan('/a/x', 'dir:dynamic');
    const error = await failure(() => root.getNodePath('/a/x/y'));
    expect(error.message).toBe("Failed to access 'x' in path /a/x/y: UnknownFactory: nope");
    expect(error.kind).toBe('UnknownFactory');
    const direct = await failure(() => root.readFilePath('/a/x'));
    expect(direct.message).toBe("Failed to access 'x' in path /a/x: UnknownFactory: nope");
  });

  it('exists() does not swallow such errors', async () => {
    await orphan('/x', 'dir:dynamic');
    expect((await failure(() => root.exists('/x/y'))).kind).toBe('UnknownFactory');
    expect(await root.exists('/x')).toBe(true); // the entry itself is there (the last component is not loaded)
  });

  it('the broken node can still be listed and removed', async () => {
    await orphan('/x', 'file:dynamic');
    expect((await root.entries()).map((e) => e.path)).toEqual(['/etc', '/x']);
    await root.removeEntry('/x');
    expect(await root.exists('/x')).toBe(false);
  });

  it('a factory that throws surfaces with the factory and path', async () => {
    await root.createDynamicPath('/bad', 'file:dynamic', 'exploding', encode(''));
    const read = await failure(() => root.readFilePath('/bad'));
    expect(read.kind).toBe('FactoryFailed');
    expect(read.message).toBe("FactoryFailed: factory 'exploding' failed for /bad: boom");
    await root.createDynamicPath('/baddir', 'dir:dynamic', 'exploding', encode(''));
    const through = await failure(() => root.getNodePath('/baddir/child'));
    expect(through.message).toBe("Failed to access 'child' in path /baddir/child: FactoryFailed: factory 'exploding' failed for /baddir: kaboom");
    const glob = await failure(() => root.collectMatches('/**'));
    expect(glob.message).toContain("factory 'exploding' failed for /baddir: kaboom");
  });

  it('a produced child naming an unknown factory fails loudly too', async () => {
    await root.createDynamicPath('/gen', 'dir:dynamic', 'test-listing', encode('child-a: A\n'));
    const bad = testResolver([
      { name: 'test-listing', async createDirectory() { return [{ name: 'c', entryType: 'file:dynamic', factory: 'ghost', config: encode('') }]; } },
    ]);
    const other = new FS(persistence, { resolver: bad }).root();
    expect((await failure(() => other.readFilePath('/gen/c'))).message).toBe("Failed to access 'c' in path /gen/c: UnknownFactory: ghost");
  });

  it('reading a dynamic node without any resolver says so', async () => {
    await root.createDynamicPath('/f', 'file:dynamic', 'test-file', encode('content: x\n'));
    const bare = new FS(persistence).root();
    const error = await failure(() => bare.readFilePath('/f'));
    expect(error.kind).toBe('UnknownFactory');
    expect(error.message).toContain('no factory resolver');
  });

  it('a factory producing duplicate or invalid names is reported', async () => {
    const dup = testResolver([{ name: 'dup', async createDirectory() { return [{ name: 'a', entryType: 'file:dynamic', content: encode('') }, { name: 'a', entryType: 'file:dynamic', content: encode('') }]; } }]);
    const fs = new FS(persistence, { resolver: dup }).root();
    await fs.createDynamicPath('/dup', 'dir:dynamic', 'dup', encode(''));
    expect((await failure(() => fs.openDirPath('/dup').then((d) => d.entries()))).message).toContain("produced 'a' twice");
  });
});
