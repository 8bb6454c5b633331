import { describe, expect, it } from 'vitest';
import { PondError } from '../errors';
import { FS, MemoryPersistence, type WD } from '../tinyfs';
import { TEST_EXECUTOR_DIR, builtinFactories, createDefaultRegistry, testExecutorFactory, testFileFactory } from './builtin';
import { staticSecrets } from './env';
import { fakeReadContext, fakeRunContext } from './testing';
import type { JsonSchema } from './types';

const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

async function thrown(action: () => Promise<unknown>): Promise<Error> {
  try {
    await action();
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}

async function memoryRoot(): Promise<WD> {
  return new FS(new MemoryPersistence()).root();
}

describe('test-executor', () => {
  it('initialize creates its directory, idempotently', async () => {
    const root = await memoryRoot();
    const registry = createDefaultRegistry(staticSecrets({}));
    await registry.initialize('test-executor', 'message: m\n', fakeRunContext(root));
    await registry.initialize('test-executor', 'message: m\n', fakeRunContext(root));
    expect((await root.metadata(TEST_EXECUTOR_DIR)).entryType).toBe('dir:physical');
    expect(await (await root.openDirPath(TEST_EXECUTOR_DIR)).entries()).toEqual([]);
  });

  it('execute writes /var/test-executor/<txnSeq>.txt and logs one line per repetition', async () => {
    const root = await memoryRoot();
    const registry = createDefaultRegistry(staticSecrets({ TARGET: 'the pond' }));
    const config = 'message: hello ${env:TARGET}\nrepeat_count: 3\n';
    const context = fakeRunContext(root, { txnSeq: 7, mode: 'post-commit', parentTxnSeq: 6 });
    await registry.initialize('test-executor', config, context);
    await registry.execute('test-executor', config, context);
    expect(decode(await root.readFilePath('/var/test-executor/7.txt'))).toBe('Executed 3 times\nmessage: hello the pond\nmode: post-commit\n');
    expect(context.lines).toEqual(['[1/3] hello the pond', '[2/3] hello the pond', '[3/3] hello the pond']);
  });

  it('execute creates missing parents itself, records manual args, and a second run of the same txn adds a version', async () => {
    const root = await memoryRoot();
    const context = fakeRunContext(root, { txnSeq: 2, args: ['--fast', 'x'] });
    const config = testExecutorFactory.validate('message: by hand\n');
    await testExecutorFactory.execute?.(config, context);
    expect(decode(await root.readFilePath('/var/test-executor/2.txt'))).toBe('Executed 1 times\nmessage: by hand\nmode: manual\nargs: --fast x\n');
    await testExecutorFactory.execute?.({ ...config, repeat_count: 2 }, context);
    expect((await root.metadata('/var/test-executor/2.txt')).version).toBe(2);
    expect(decode(await root.readFilePath('/var/test-executor/2.txt'))).toMatch(/^Executed 2 times\n/);
  });

  it('fail: true throws "intentionally failed: <message>" after logging, writing nothing', async () => {
    const root = await memoryRoot();
    const registry = createDefaultRegistry(staticSecrets({}));
    const context = fakeRunContext(root, { txnSeq: 3 });
    const config = 'message: this run fails on purpose\nrepeat_count: 2\nfail: true\n';
    await registry.initialize('test-executor', config, context);
    const error = await thrown(() => registry.execute('test-executor', config, context));
    expect(error.message).toBe('intentionally failed: this run fails on purpose');
    expect(context.lines).toHaveLength(2);
    expect(await root.exists('/var/test-executor/3.txt')).toBe(false);
  });

  it('stops when its run is cancelled', async () => {
    const root = await memoryRoot();
    const controller = new AbortController();
    controller.abort(new PondError('FactoryFailed', 'cancelled'));
    const context = fakeRunContext(root, { signal: controller.signal });
    const error = await thrown(() => createDefaultRegistry(staticSecrets({})).execute('test-executor', 'message: m\n', context));
    expect(error.message).toBe('FactoryFailed: cancelled');
    expect(context.lines).toEqual([]);
    expect(await root.exists('/var/test-executor/1.txt')).toBe(false);
  });
});

describe('test-file', () => {
  it('produces its content; mime_type is optional', async () => {
    const root = new FS(new MemoryPersistence(), { readOnly: true }).root();
    const registry = createDefaultRegistry(staticSecrets({}));
    const context = fakeReadContext(root, registry, { path: '/f' });
    expect(decode(await registry.createFile('test-file', 'content: |\n  two\n  lines\n', context))).toBe('two\nlines\n');
    expect(testFileFactory.validate('content: x\nmime_type: text/csv\n')).toEqual({ content: 'x', mime_type: 'text/csv' });
  });
});

describe('every built-in', () => {
  /** Every schema node under `properties` / `additionalProperties` / `items`, with its path. */
  function fields(schema: JsonSchema, path = ''): [string, JsonSchema][] {
    const out: [string, JsonSchema][] = [];
    const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
    for (const [key, sub] of Object.entries(properties)) out.push([`${path}${key}`, sub], ...fields(sub, `${path}${key}.`));
    const extra = schema['additionalProperties'];
    if (typeof extra === 'object' && extra !== null) out.push([`${path}*`, extra as JsonSchema], ...fields(extra as JsonSchema, `${path}*.`));
    const items = schema['items'];
    if (typeof items === 'object' && items !== null) out.push([`${path}[]`, items as JsonSchema], ...fields(items as JsonSchema, `${path}[].`));
    return out;
  }

  it.each(builtinFactories.map((f) => [f.name, f] as const))('%s: documents every field, and its examples validate', (_name, factory) => {
    expect(factory.description.length).toBeGreaterThan(10);
    expect(factory.configSchema['additionalProperties']).toBe(false);
    const undocumented = fields(factory.configSchema).filter(([, sub]) => typeof sub['description'] !== 'string' || sub['description'] === '');
    expect(undocumented.map(([path]) => path)).toEqual([]);
    expect(fields(factory.configSchema).length).toBeGreaterThan(0);
    // The production factories also give examples for every field (completion and the form view show them).
    if (!factory.name.startsWith('test-')) {
      const withoutExamples = fields(factory.configSchema).filter(([path, sub]) => !path.endsWith('[]') && !Array.isArray(sub['examples']));
      expect(withoutExamples.map(([path]) => path)).toEqual([]);
    }
    expect(factory.examples.length).toBeGreaterThan(0);
    // Through the registry, as every caller validates (dynamic-dir checks its entries with their own factories).
    const registry = createDefaultRegistry(staticSecrets({}));
    for (const example of factory.examples) expect(() => registry.validate(factory.name, example.yaml), example.title).not.toThrow();
  });

  it('test-executor documents its defaults', () => {
    const properties = testExecutorFactory.configSchema['properties'] as Record<string, JsonSchema>;
    expect([properties['repeat_count']?.['default'], properties['repeat_count']?.['minimum'], properties['fail']?.['default']]).toEqual([1, 1, false]);
  });
});
