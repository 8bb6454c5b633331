import { beforeEach, describe, expect, it } from 'vitest';
import { PondError, isPondError } from '../errors';
import { FS, MemoryPersistence, type WD } from '../tinyfs';
import { createDefaultRegistry } from './builtin';
import type { FactoryLogOrigin } from './resolver';
import { registryResolver } from './resolver';
import { FactoryRegistry, defineFactory } from './registry';
import type { ReadContext } from './types';
import { failure } from '../tinyfs/testing';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);


const open = { type: 'object', properties: {}, additionalProperties: false } as const;

let persistence: MemoryPersistence;
let secrets: Record<string, string>;
let registry: FactoryRegistry;
let logged: [string, FactoryLogOrigin][];
let contexts: ReadContext[];
let root: WD;

beforeEach(async () => {
  persistence = new MemoryPersistence();
  secrets = {};
  logged = [];
  contexts = [];
  registry = createDefaultRegistry(async (name) => secrets[name]);
  // A directory factory producing one child of each shape a directory factory can return.
  registry.register(
    defineFactory({
      name: 'test-mixed',
      description: 'tests only',
      kind: 'directory',
      configSchema: open,
      examples: [],
      async createDirectory(_config, context) {
        contexts.push(context);
        context.log('listing');
        return [
          { name: 'greeting', factory: 'test-file', config: 'content: hi from a child\n' },
          { name: 'sub', factory: 'test-dir', config: 'name: sub\n' },
          { name: 'job', factory: 'test-executor', config: '# raw\nmessage: m\n' },
          { name: 'forced', factory: 'test-file', config: 'content: x\n', entryType: 'table:dynamic' },
          { name: 'plain.txt', content: encode('made directly') },
          { name: 'data.arrow', content: encode('ARROW1'), table: true },
          { name: 'ghost', factory: 'no-such-factory', config: '' },
        ];
      },
    }),
  );
  registry.register(
    defineFactory({
      name: 'test-probe',
      description: 'tests only',
      kind: 'file',
      configSchema: open,
      examples: [],
      async createFile(_config, context) {
        contexts.push(context);
        context.log('probing');
        return encode(`${context.path} ${context.registry.list().length}`);
      },
    }),
  );
  root = new FS(persistence, { resolver: registryResolver(registry, { log: (line, origin) => void logged.push([line, origin]) }) }).root();
  await root.createDirAll('/etc/system.d');
});

describe('registryResolver with the TinyFS memory backend', () => {
  it('a test-file node reads as its content, expanding placeholders at every read', async () => {
    secrets['WHO'] = 'world';
    await root.createDynamicPath('/etc/system.d/hello.yaml', 'file:dynamic', 'test-file', encode('# greeting\ncontent: Hello ${env:WHO}\n'));
    expect(decode(await root.readFilePath('/etc/system.d/hello.yaml'))).toBe('Hello world');
    secrets['WHO'] = 'pond';
    expect(decode(await root.readFilePath('/etc/system.d/hello.yaml'))).toBe('Hello pond');
    // The stored config stays raw.
    expect(decode(await root.readFileVersion('/etc/system.d/hello.yaml', 1))).toBe('# greeting\ncontent: Hello ${env:WHO}\n');
  });

  it('a missing secret fails the read naming the variable; the node stays as created', async () => {
    await root.createDynamicPath('/f', 'file:dynamic', 'test-file', encode('content: ${env:TOKEN}\n'));
    const error = await failure(() => root.readFilePath('/f'));
    expect(error.kind).toBe('FactoryFailed');
    expect(error.message).toBe(
      "FactoryFailed: factory 'test-file' failed for /f: InvalidConfig: missing environment value 'TOKEN' (set it in the secrets store / the process environment)",
    );
    expect(isPondError(error.cause, 'InvalidConfig')).toBe(true);
    secrets['TOKEN'] = 't';
    expect(decode(await root.readFilePath('/f'))).toBe('t');
  });

  it('an invalid config fails the read with the line', async () => {
    await root.createDynamicPath('/bad', 'file:dynamic', 'test-file', encode('content: x\nmime: text/plain\n'));
    const error = await failure(() => root.readFilePath('/bad'));
    expect(error.message).toBe("FactoryFailed: factory 'test-file' failed for /bad: Invalid configuration for factory 'test-file': line 2: unknown key 'mime'");
  });

  it('a test-dir node is an empty, listable directory', async () => {
    await root.createDynamicPath('/d', 'dir:dynamic', 'test-dir', encode('name: processors\nmetadata: { team: data }\n'));
    expect((await root.getNodePath('/d')).entryType).toBe('dir:dynamic');
    expect(await (await root.openDirPath('/d')).entries()).toEqual([]);
  });

  it('a test-executor node reads as its raw config, comments and spacing kept, with nothing expanded', async () => {
    const config = '# runs after every commit\nmessage:   "hi ${env:WHO}"   # shown in the log\nrepeat_count: 2\n';
    await root.createDynamicPath('/etc/system.d/10-run', 'file:dynamic', 'test-executor', encode(config));
    expect(decode(await root.readFilePath('/etc/system.d/10-run'))).toBe(config);
    expect(registryResolver(registry).resolve('test-executor')).toEqual({ name: 'test-executor' });
  });

  it('a node whose factory is unknown surfaces UnknownFactory through path resolution', async () => {
    // Written by an engine that knew the factory; read by one that does not.
    const other = new FactoryRegistry(async () => undefined, registry.list());
    other.register(defineFactory({ name: 'retired', description: 't', kind: 'directory', configSchema: open, examples: [], createDirectory: async () => [] }));
    await new FS(persistence, { resolver: registryResolver(other) }).root().createDynamicPath('/old', 'dir:dynamic', 'retired', encode('{}\n'));
    const error = await failure(() => root.getNodePath('/old/child'));
    expect(error.kind).toBe('UnknownFactory');
    expect(error.message).toBe("Failed to access 'old' in path /old/child: UnknownFactory: retired");
    expect((await failure(() => root.createDynamicPath('/x', 'file:dynamic', 'nope', encode('')))).message).toBe('UnknownFactory: nope');
  });

  it('maps directory children to TinyFS children, typed by their factory’s kind', async () => {
    await root.createDynamicPath('/mixed', 'dir:dynamic', 'test-mixed', encode('{}\n'));
    const entries = await (await root.openDirPath('/mixed')).entries();
    expect(entries.map((e) => [e.path, e.entryType])).toEqual([
      ['/mixed/data.arrow', 'table:dynamic'],
      ['/mixed/forced', 'table:dynamic'],
      ['/mixed/ghost', 'file:dynamic'],
      ['/mixed/greeting', 'file:dynamic'],
      ['/mixed/job', 'file:dynamic'],
      ['/mixed/plain.txt', 'file:dynamic'],
      ['/mixed/sub', 'dir:dynamic'],
    ]);
    expect(decode(await root.readFilePath('/mixed/greeting'))).toBe('hi from a child');
    expect(decode(await root.readFilePath('/mixed/plain.txt'))).toBe('made directly');
    expect(decode(await root.readFilePath('/mixed/data.arrow'))).toBe('ARROW1');
    expect(decode(await root.readFilePath('/mixed/job'))).toBe('# raw\nmessage: m\n');
    expect(decode(await root.readFilePath('/mixed/forced'))).toBe('x');
    expect(await (await root.openDirPath('/mixed/sub')).entries()).toEqual([]);
    const ghost = await failure(() => root.readFilePath('/mixed/ghost'));
    expect(ghost.message).toBe("Failed to access 'ghost' in path /mixed/ghost: UnknownFactory: no-such-factory");
  });

  it('gives factories a read context: node id, path, a read-only root, the registry, and a log', async () => {
    const node = await root.createDynamicPath('/probe', 'file:dynamic', 'test-probe', encode('{}\n'));
    expect(decode(await root.readFilePath('/probe'))).toBe(`/probe ${registry.list().length}`);
    const context = contexts[0] as ReadContext;
    expect(context.nodeId).toEqual(node.id);
    expect(context.path).toBe('/probe');
    expect(context.registry).toBe(registry);
    expect(context.root.readOnly).toBe(true);
    expect((await failure(() => context.root.createDirPath('/nope'))).kind).toBe('ReadOnly');
    expect(await context.root.exists('/etc/system.d')).toBe(true);
    await root.createDynamicPath('/mixed', 'dir:dynamic', 'test-mixed', encode('{}\n'));
    await (await root.openDirPath('/mixed')).entries();
    expect(logged).toEqual([
      ['probing', { factory: 'test-probe', path: '/probe' }],
      ['listing', { factory: 'test-mixed', path: '/mixed' }],
    ]);
  });

  it('refuses a config that is not UTF-8', async () => {
    await root.createDynamicPath('/latin1', 'file:dynamic', 'test-file', new Uint8Array([0x63, 0x6f, 0x6e, 0x74, 0x65, 0x6e, 0x74, 0x3a, 0x20, 0xe9, 0x0a]));
    const error = await failure(() => root.readFilePath('/latin1'));
    expect(error.message).toBe("FactoryFailed: factory 'test-file' failed for /latin1: InvalidConfig: the configuration of /latin1 (factory 'test-file') is not valid UTF-8");
  });
});
