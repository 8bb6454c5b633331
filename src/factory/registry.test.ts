import { describe, expect, it } from 'vitest';
import { PondError } from '../errors';
import { FS, MemoryPersistence } from '../tinyfs';
import { builtinFactories, createDefaultRegistry, testDirFactory, testExecutorFactory, testFileFactory } from './builtin';
import { staticSecrets } from './env';
import { FactoryRegistry, defineFactory, type FactoryDefinition } from './registry';
import { fakeReadContext, fakeRunContext } from './testing';
import type { ReadContext } from './types';
import { ConfigError } from './validate';

async function rejection(action: () => unknown): Promise<PondError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof PondError) return error;
    throw error;
  }
  throw new Error('expected a PondError, but it succeeded');
}

const schema = { type: 'object', properties: { x: { type: 'string', description: 'x' } }, additionalProperties: false } as const;
const base: FactoryDefinition<unknown> = { name: 'probe', description: 'tests only', kind: 'file', configSchema: schema, examples: [] };
const file = async (): Promise<Uint8Array> => new Uint8Array([1]);

function readContext(): ReadContext {
  const root = new FS(new MemoryPersistence(), { readOnly: true }).root();
  return fakeReadContext(root, new FactoryRegistry(staticSecrets({})));
}

describe('register', () => {
  it('accepts factories whose kind matches their functions', () => {
    const registry = new FactoryRegistry(staticSecrets({}));
    registry.register(defineFactory({ ...base, name: 'f', kind: 'file', createFile: file }));
    registry.register(defineFactory({ ...base, name: 't', kind: 'table', createFile: file }));
    registry.register(defineFactory({ ...base, name: 'd', kind: 'directory', createDirectory: async () => [] }));
    registry.register(defineFactory({ ...base, name: 'e', kind: 'executable', execute: async () => {}, initialize: async () => {} }));
    expect(registry.list().map((f) => [f.name, f.kind])).toEqual([
      ['d', 'directory'],
      ['e', 'executable'],
      ['f', 'file'],
      ['t', 'table'],
    ]);
  });

  it.each([
    ['a file factory without createFile', { kind: 'file' }, 'it is declared a file factory but has no createFile'],
    ['a table factory with createDirectory', { kind: 'table', createFile: file, createDirectory: async () => [] }, 'it is declared a table factory but has createDirectory'],
    ['a directory factory with createFile', { kind: 'directory', createFile: file }, 'it is declared a directory factory but has no createDirectory'],
    ['a directory factory with both', { kind: 'directory', createFile: file, createDirectory: async () => [] }, 'it is declared a directory factory but has createFile'],
    ['an executable with createFile', { kind: 'executable', createFile: file, execute: async () => {} }, "it is declared executable but has createFile (an executable's node reads as its config)"],
    ['an executable without execute', { kind: 'executable' }, 'it is declared executable but has no execute'],
    ['a file factory that executes', { kind: 'file', createFile: file, execute: async () => {} }, 'it is declared a file factory but has execute; only executable factories run'],
    ['an unknown kind', { kind: 'gadget', createFile: file }, "unknown kind 'gadget' (file, table, directory or executable)"],
  ])('refuses %s', (_what, parts, reason) => {
    const registry = new FactoryRegistry(staticSecrets({}));
    const factory = defineFactory({ ...base, ...(parts as Partial<FactoryDefinition<unknown>>) });
    let error: unknown;
    try {
      registry.register(factory);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PondError);
    expect((error as PondError).kind).toBe('InvalidArgument');
    expect((error as PondError).message).toBe(`InvalidArgument: cannot register factory 'probe': ${reason}`);
    expect(registry.has('probe')).toBe(false);
  });

  it('refuses a taken name, a malformed name and a schema that lets unknown keys through', () => {
    const registry = new FactoryRegistry(staticSecrets({}), [testFileFactory]);
    expect(() => registry.register(testFileFactory)).toThrow("AlreadyExists: factory 'test-file' is already registered");
    expect(() => registry.register(defineFactory({ ...base, name: 'has space', createFile: file }))).toThrow("cannot register factory 'has space'");
    const open = defineFactory({ ...base, configSchema: { type: 'object', properties: {} }, createFile: file });
    expect(() => registry.register(open)).toThrow('must be an object schema that rejects unknown keys');
    expect(registry.list().map((f) => f.name)).toEqual(['test-file']);
  });
});

describe('get and list', () => {
  it('an unknown name is UnknownFactory naming it', async () => {
    const registry = createDefaultRegistry(staticSecrets({}));
    const error = await rejection(() => registry.get('nope'));
    expect(error.kind).toBe('UnknownFactory');
    expect(error.message).toBe('UnknownFactory: nope');
    expect((await rejection(() => registry.validate('nope', 'x: 1'))).message).toBe('UnknownFactory: nope');
    expect((await rejection(() => registry.createFile('nope', 'x: 1', readContext()))).message).toBe('UnknownFactory: nope');
  });

  it('lists every built-in by name', () => {
    const registry = createDefaultRegistry(staticSecrets({}));
    const names = ['dynamic-dir', 'replication-manager', 'synthetic-timeseries', 'template', 'test-dir', 'test-executor', 'test-file', 'webhook-notifier'];
    expect(registry.list().map((f) => f.name)).toEqual(names);
    expect(registry.get('test-file')).toBe(testFileFactory);
    expect(builtinFactories.map((f) => f.name)).toEqual(names);
  });
});

describe('calls check the kind', () => {
  const registry = createDefaultRegistry(staticSecrets({}));
  const root = new FS(new MemoryPersistence()).root();

  it('createFile on a directory or executable factory is a TypeMismatch', async () => {
    const error = await rejection(() => registry.createFile('test-dir', 'name: d\n', readContext()));
    expect(error.kind).toBe('TypeMismatch');
    expect(error.message).toBe("TypeMismatch: factory 'test-dir' is a directory factory; it cannot create a file");
    expect((await rejection(() => registry.createFile('test-executor', 'message: m\n', readContext()))).message).toBe(
      "TypeMismatch: factory 'test-executor' is an executable factory; it cannot create a file",
    );
  });

  it('createDirectory on a file factory, and running a file or directory factory, are TypeMismatch too', async () => {
    expect((await rejection(() => registry.createDirectory('test-file', 'content: c\n', readContext()))).message).toBe(
      "TypeMismatch: factory 'test-file' is a file factory; it cannot create a directory",
    );
    expect((await rejection(() => registry.execute('test-file', 'content: c\n', fakeRunContext(root)))).message).toBe(
      "TypeMismatch: factory 'test-file' is a file factory; it cannot be executed",
    );
    expect((await rejection(() => registry.initialize('test-dir', 'name: d\n', fakeRunContext(root)))).kind).toBe('TypeMismatch');
  });

  it('the right kind works', async () => {
    expect(new TextDecoder().decode(await registry.createFile('test-file', 'content: hello\n', readContext()))).toBe('hello');
    expect(await registry.createDirectory('test-dir', 'name: d\n', readContext())).toEqual([]);
  });
});

describe('every call validates, then expands placeholders from the current secrets', () => {
  it('refuses an invalid config before calling the factory', async () => {
    let called = 0;
    const registry = new FactoryRegistry(staticSecrets({}), [
      defineFactory<{ x?: string }>({ ...base, createFile: async () => (called++, new Uint8Array()) }),
    ]);
    const error = await rejection(() => registry.createFile('probe', 'y: 1\n', readContext()));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe("Invalid configuration for factory 'probe': line 1: unknown key 'y'");
    expect(called).toBe(0);
  });

  it('expands at call time: a changed secret is seen by the next call; a missing one names it', async () => {
    const values: Record<string, string> = { GREETING: 'hello' };
    const registry = createDefaultRegistry(async (name) => values[name]);
    const raw = 'content: "${env:GREETING}, ${env:WHO:-world} ($$1)"\n';
    const read = async () => new TextDecoder().decode(await registry.createFile('test-file', raw, readContext()));
    expect(await read()).toBe('hello, world ($1)');
    values['GREETING'] = 'bonjour';
    values['WHO'] = 'monde';
    expect(await read()).toBe('bonjour, monde ($1)');
    delete values['GREETING'];
    expect((await rejection(read)).message).toBe("InvalidConfig: missing environment value 'GREETING' (set it in the secrets store / the process environment)");
    // validate() never expands: placeholders are stored and shown raw.
    expect(registry.validate('test-file', raw)).toEqual({ content: '${env:GREETING}, ${env:WHO:-world} ($$1)' });
  });

  it('initialize and execute get the expanded config; a factory without initialize is fine', async () => {
    const seen: unknown[] = [];
    const registry = new FactoryRegistry(staticSecrets({ WHO: 'ops' }), [
      testExecutorFactory,
      defineFactory<{ x?: string }>({ ...base, name: 'bare', kind: 'executable', execute: async (config) => void seen.push(config) }),
    ]);
    const root = new FS(new MemoryPersistence()).root();
    await registry.initialize('bare', 'x: ${env:WHO}\n', fakeRunContext(root));
    await registry.execute('bare', 'x: ${env:WHO}\n', fakeRunContext(root));
    expect(seen).toEqual([{ x: 'ops' }]);
    const context = fakeRunContext(root, { txnSeq: 4 });
    await registry.initialize('test-executor', 'message: hi ${env:WHO}\n', context);
    await registry.execute('test-executor', 'message: hi ${env:WHO}\n', context);
    expect(context.lines).toEqual(['[1/1] hi ops']);
  });
});

describe('validate with a key path', () => {
  it('prefixes the issues of a nested config with the outer path', async () => {
    const registry = new FactoryRegistry(staticSecrets({}), [testDirFactory]);
    const error = await rejection(() => registry.validate('test-dir', 'name: 3\n', ['entries', 1, 'config']));
    expect(error.message).toBe("Invalid configuration for factory 'test-dir': line 1: entries[1].config.name: expected string, got integer");
  });
});
