import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { testEngine as engine } from './testing';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('engine validateConfig', () => {
  it('returns no problems for a valid config, and each problem with its line and key path', async () => {
    const { call } = await engine();
    await call('createPond', { name: 'work' });
    expect(await call('validateConfig', { factory: 'test-file', config: 'content: hi\n' })).toEqual({ problems: [] });

    const unknownKey = await call('validateConfig', { factory: 'test-file', config: 'content: hi\ncolour: red\n' });
    expect(unknownKey.problems).toEqual([expect.objectContaining({ line: 2, message: "unknown key 'colour'", kind: 'schema' })]);

    const wrongType = await call('validateConfig', { factory: 'test-executor', config: '# runs\nmessage: tick\nrepeat_count: many\n' });
    expect(wrongType.problems).toEqual([expect.objectContaining({ line: 3, path: 'repeat_count', keyPath: ['repeat_count'], message: 'expected integer, got string', kind: 'schema' })]);

    const broken = await call('validateConfig', { factory: 'test-file', config: 'content: [unclosed\n' });
    expect(broken.problems.length).toBeGreaterThan(0);
    expect(broken.problems[0]).toEqual(expect.objectContaining({ kind: 'syntax', line: expect.any(Number), column: expect.any(Number) }));
  });

  it('accepts every built-in factory\'s examples (the dialog starts from the first one)', async () => {
    const { call } = await engine();
    await call('createPond', { name: 'work' });
    for (const factory of await call('factories', {})) {
      for (const example of factory.examples) {
        expect(await call('validateConfig', { factory: factory.name, config: example.yaml }), `${factory.name}: ${example.title}`).toEqual({ problems: [] });
      }
    }
  });

  it('throws, never "no problems", for what is not a config problem (an unknown factory)', async () => {
    const { call } = await engine();
    await call('createPond', { name: 'work' });
    await expect(call('validateConfig', { factory: 'no-such-factory', config: 'a: 1\n' })).rejects.toMatchObject({ kind: 'UnknownFactory' });
  });
});
