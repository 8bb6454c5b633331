import { Validator } from '@cfworker/json-schema';
import { describe, expect, it } from 'vitest';
import { PondError } from '../../errors';
import { FS, MemoryPersistence, type WD } from '../../tinyfs';
import { staticSecrets } from '../env';
import { registryResolver } from '../resolver';
import { fakeReadContext } from '../testing';
import type { FactoryRegistry } from '../registry';
import type { JsonSchema } from '../types';
import { ConfigError } from '../validate';
import { MAX_DYNAMIC_DIR_DEPTH, dynamicDirFactory } from './dynamicDir';
import { createDefaultRegistry } from './index';
import { failure } from '../../tinyfs/testing';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);


/** A memory pond whose dynamic nodes load through the real registry; `/dd` is a dynamic-dir of `yaml`. */
async function pondWith(yaml: string, secrets: Record<string, string> = {}): Promise<{ root: WD; registry: FactoryRegistry }> {
  const registry = createDefaultRegistry(staticSecrets(secrets));
  registry.validate('dynamic-dir', yaml); // what mknod does first
  const root = new FS(new MemoryPersistence(), { resolver: registryResolver(registry) }).root();
  await root.createDynamicPath('/dd', 'dir:dynamic', 'dynamic-dir', encode(yaml));
  return { root, registry };
}

const COMPOSED = [
  'entries:', // 1
  '  - name: hello.txt', // 2
  '    factory: test-file', // 3
  '    config:', // 4
  '      # the greeting', // 5
  '      content: Hello ${env:WHO}', // 6
  '  - name: inner', // 7
  '    factory: dynamic-dir', // 8
  '    config:', // 9
  '      entries:', // 10
  '        - name: deeper.txt', // 11
  '          factory: test-file', // 12
  '          config: { content: two levels down }', // 13
  '        - name: literal.txt', // 14
  '          factory: test-file', // 15
  '          config:', // 16
  '            content: "costs $$5, not ${env:WHO}"', // 17
  '  - name: empty', // 18
  '    factory: test-dir', // 19
  '    config: { name: empty }', // 20
  '',
].join('\n');

describe('dynamic-dir: validation', () => {
  const registry = createDefaultRegistry(staticSecrets({}));
  const invalid = (yaml: string): ConfigError => {
    try {
      registry.validate('dynamic-dir', yaml);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('expected the config to be refused');
  };

  it('accepts its examples and a composed tree; entries default to none', () => {
    for (const example of dynamicDirFactory.examples) expect(() => registry.validate('dynamic-dir', example.yaml)).not.toThrow();
    expect(registry.validate('dynamic-dir', COMPOSED)).toMatchObject({ entries: [{ name: 'hello.txt' }, { name: 'inner' }, { name: 'empty' }] });
    expect(registry.validate('dynamic-dir', 'entries: []\n')).toEqual({ entries: [] });
  });

  it('validates nested configs with their own factory, naming the full key path and the line in the outer document', () => {
    const yaml = [
      'entries:', // 1
      '  - name: a', // 2
      '    factory: test-file', // 3
      '    config: { content: a }', // 4
      '  - name: b', // 5
      '    factory: test-file', // 6
      '    config: { content: b }', // 7
      '  - name: c', // 8
      '    factory: test-file', // 9
      '    config:', // 10
      '      mime_type: text/plain', // 11
      '  - name: d', // 12
      '    factory: dynamic-dir', // 13
      '    config:', // 14
      '      entries:', // 15
      '        - name: e', // 16
      '          factory: test-file', // 17
      '          config:', // 18
      '            content: 5', // 19
      '',
    ].join('\n');
    expect(invalid(yaml).message).toBe(
      [
        "Invalid configuration for factory 'dynamic-dir': 2 problems",
        "line 11: entries[2].config: missing required key 'content'",
        'line 19: entries[3].config.entries[0].config.content: expected string, got integer',
      ].join('\n'),
    );
  });

  it('refuses unknown and executable factories, naming the entry', () => {
    const error = invalid('entries:\n  - { name: a, factory: test-file, config: { content: x } }\n  - { name: b, factory: nope, config: {} }\n  - { name: c, factory: test-executor, config: { message: m } }\n');
    expect(error.message).toContain("line 3: entries[1].factory: unknown factory 'nope' in entries[1] (file, table and directory factories: dynamic-dir,");
    expect(error.message).toContain("line 4: entries[2].factory: 'test-executor' is an executable factory; a dynamic-dir child is made by a file, table or directory factory");
  });

  it('refuses duplicate and invalid names (NFC: two spellings of é are one name)', () => {
    const yaml = [
      'entries:',
      '  - { name: caf\u00e9, factory: test-file, config: { content: x } }',
      '  - { name: cafe\u0301, factory: test-file, config: { content: y } }',
      '  - { name: "a/b", factory: test-file, config: { content: z } }',
      '  - { name: "..", factory: test-file, config: { content: z } }',
      '  - { name: "", factory: test-file, config: { content: z } }',
      '',
    ].join('\n');
    const lines = invalid(yaml).message.split('\n');
    expect(lines[0]).toBe("Invalid configuration for factory 'dynamic-dir': line 6: entries[4].name: must be at least 1 characters long");
    const fixed = invalid(yaml.replace('name: "", ', 'name: ok, ')).message.split('\n');
    expect(fixed[1]).toBe("line 3: entries[1].name: duplicate name 'caf\u00e9' (entries[0] has it too)");
    expect(fixed[2]).toMatch(/^line 4: entries\[2\]\.name: not a valid name: InvalidName: /);
    expect(fixed[3]).toMatch(/^line 5: entries\[3\]\.name: not a valid name: InvalidName: /);
  });

  it('wants the nested config as a mapping', () => {
    expect(invalid('entries:\n  - name: a\n    factory: test-file\n    config: "content: x"\n').message).toBe(
      "Invalid configuration for factory 'dynamic-dir': line 4: entries[0].config: expected object, got string",
    );
  });

  it(`nests at most ${MAX_DYNAMIC_DIR_DEPTH} deep`, () => {
    const nest = (levels: number): string => {
      // `levels` dynamic-dirs in all, the outermost included; the innermost holds one file.
      let config = '{ entries: [ { name: leaf, factory: test-file, config: { content: x } } ] }';
      for (let i = 1; i < levels; i++) config = `{ entries: [ { name: d${i}, factory: dynamic-dir, config: ${config} } ] }`;
      return `${config}\n`;
    };
    expect(() => registry.validate('dynamic-dir', nest(MAX_DYNAMIC_DIR_DEPTH))).not.toThrow();
    const error = invalid(nest(MAX_DYNAMIC_DIR_DEPTH + 1));
    expect(error.message).toMatch(/^Invalid configuration for factory 'dynamic-dir': line 1: entries\[0\](\.config\.entries\[0\]){7}\.config: dynamic-dirs nest at most 8 deep$/);
  });

  it('needs the registry to validate (a direct call says so instead of skipping the nested checks)', async () => {
    const error = await failure(() => dynamicDirFactory.validate(COMPOSED));
    expect(error.message).toBe('InvalidArgument: dynamic-dir validates its entries with their own factories: validate it through the registry');
  });

  it('marks the nested config for the form view; the validator and the schema tooling accept the keyword', () => {
    const items = ((dynamicDirFactory.configSchema['properties'] as Record<string, JsonSchema>)['entries']?.['items'] ?? {}) as JsonSchema;
    const config = (items['properties'] as Record<string, JsonSchema>)['config'] as JsonSchema;
    expect(config['x-config-of']).toBe('factory');
    expect(config['type']).toBe('object');
    // @cfworker/json-schema ignores unknown keywords and still checks what the schema says.
    const validator = new Validator(dynamicDirFactory.configSchema as never, '2020-12', false);
    expect(validator.validate({ entries: [{ name: 'a', factory: 'test-file', config: {} }] }).valid).toBe(true);
    expect(validator.validate({ entries: [{ name: 'a', factory: 'test-file', config: 'x' }] }).valid).toBe(false);
  });
});

describe('dynamic-dir: the tree it produces', () => {
  it('lists its children, which read through their own factories, nested directories included', async () => {
    const { root } = await pondWith(COMPOSED, { WHO: 'the pond' });
    const names = async (path: string): Promise<string[]> => (await (await root.openDirPath(path)).entries()).map((n) => `${n.path}:${n.entryType}`);
    expect(await names('/dd')).toEqual(['/dd/empty:dir:dynamic', '/dd/hello.txt:file:dynamic', '/dd/inner:dir:dynamic']);
    expect(await names('/dd/inner')).toEqual(['/dd/inner/deeper.txt:file:dynamic', '/dd/inner/literal.txt:file:dynamic']);
    expect(await names('/dd/empty')).toEqual([]);
    expect(decode(await root.readFilePath('/dd/hello.txt'))).toBe('Hello the pond');
    expect(decode(await root.readFilePath('/dd/inner/deeper.txt'))).toBe('two levels down');
  });

  it('expands placeholders once, in the child (a $$ stays a literal $)', async () => {
    const { root } = await pondWith(COMPOSED, { WHO: 'secret' });
    expect(decode(await root.readFilePath('/dd/inner/literal.txt'))).toBe('costs $5, not secret');
  });

  it('hands each child its config as written: comments kept, indentation removed, placeholders raw', async () => {
    const registry = createDefaultRegistry(staticSecrets({ WHO: 'x' }));
    const root = new FS(new MemoryPersistence()).root();
    const children = await registry.createDirectory('dynamic-dir', COMPOSED, fakeReadContext(root, registry, { path: '/dd', rawConfig: COMPOSED }));
    expect(children).toEqual([
      { name: 'hello.txt', factory: 'test-file', config: '# the greeting\ncontent: Hello ${env:WHO}\n' },
      {
        name: 'inner',
        factory: 'dynamic-dir',
        config: [
          'entries:',
          '  - name: deeper.txt',
          '    factory: test-file',
          '    config: { content: two levels down }',
          '  - name: literal.txt',
          '    factory: test-file',
          '    config:',
          '      content: "costs $$5, not ${env:WHO}"',
          '',
        ].join('\n'),
      },
      { name: 'empty', factory: 'test-dir', config: '{ name: empty }\n' },
    ]);
  });

  it('is globbable: ** walks into it and its nested directories', async () => {
    const { root } = await pondWith(COMPOSED, { WHO: 'w' });
    const matches = await root.collectMatches('/dd/**/*.txt');
    expect(matches.map(([node, captures]) => [node.path, captures])).toEqual([
      ['/dd/hello.txt', ['hello']],
      ['/dd/inner/deeper.txt', ['deeper']],
      ['/dd/inner/literal.txt', ['literal']],
    ]);
  });

  it('is read-only: writing, creating, renaming or removing inside it fails with ReadOnly naming the directory', async () => {
    const { root } = await pondWith(COMPOSED, { WHO: 'w' });
    const produced = 'ReadOnly: /dd is produced by a factory; its entries cannot be changed';
    expect((await failure(() => root.createFilePath('/dd/new.txt', encode('x')))).message).toBe(produced);
    expect((await failure(() => root.createDirPath('/dd/sub'))).message).toBe(produced);
    expect((await failure(() => root.createDirPath('/dd/inner/sub'))).message).toBe('ReadOnly: /dd/inner is produced by a factory; its entries cannot be changed');
    expect((await failure(() => root.removeEntry('/dd/hello.txt'))).kind).toBe('ReadOnly');
    expect((await failure(() => root.renameEntry('/dd/hello.txt', '/dd/bye.txt'))).kind).toBe('ReadOnly');
    expect((await failure(() => root.writeFilePath('/dd/hello.txt', encode('x')))).kind).toBe('ReadOnly');
  });

  it('a config that stopped validating (an unknown factory now) fails loudly when listed', async () => {
    const yaml = 'entries:\n  - { name: a, factory: test-file, config: { content: x } }\n';
    const { root } = await pondWith(yaml);
    const other = createDefaultRegistry(staticSecrets({}));
    const fs = new FS(new MemoryPersistence(), { resolver: registryResolver(other) }).root();
    await fs.createDynamicPath('/dd', 'dir:dynamic', 'dynamic-dir', encode(yaml.replace('test-file', 'gone')));
    const error = await failure(async () => (await fs.openDirPath('/dd')).entries());
    expect(error.message).toContain("entries[0].factory: unknown factory 'gone' in entries[0]");
    expect(decode(await root.readFilePath('/dd/a'))).toBe('x');
  });
});
