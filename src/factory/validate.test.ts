import { describe, expect, it } from 'vitest';
import { PondError } from '../errors';
import { testDirFactory, testExecutorFactory, testFileFactory } from './builtin';
import { staticSecrets } from './env';
import { FactoryRegistry, defineFactory } from './registry';
import { ConfigError, MAX_CONFIG_BYTES, formatKeyPath, nestedConfigIssues, validateConfig } from './validate';

/** The error `action` throws; fails the test when it does not throw a ConfigError. */
function configError(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, but the config was accepted');
}

const executor = (yaml: string) => testExecutorFactory.validate(yaml);

describe('YAML syntax', () => {
  it('reports a syntax error with line and column and yaml’s own message', () => {
    const error = configError(() => executor('this is not valid yaml: [[['));
    expect(error).toBeInstanceOf(PondError);
    expect(error.kind).toBe('InvalidConfig');
    // yaml places it at offset 27, just past the last `[` (1-based column 28), and reports it once per level: kept once.
    expect(error.message).toBe(
      "Invalid configuration for factory 'test-executor': line 1, column 28: Flow sequence in block collection must be sufficiently indented and end with a ]",
    );
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ line: 1, column: 28, kind: 'syntax', path: [] });
  });

  it('reports errors on later lines, duplicate keys and several documents', () => {
    expect(configError(() => executor('message: hi\nrepeat_count: [1\nfail: true\n')).message).toMatch(/^Invalid configuration for factory 'test-executor': line 3, column 1: /);
    expect(configError(() => executor('message: a\nmessage: b\n')).message).toBe(
      "Invalid configuration for factory 'test-executor': line 2, column 1: Map keys must be unique",
    );
    expect(configError(() => executor('message: a\n---\nmessage: b\n')).message).toContain('line 2, column 1: Source contains multiple documents');
  });

  it('refuses YAML 1.1 tags and collection keys instead of producing non-JSON data', () => {
    expect(configError(() => executor('message: !!binary aGVsbG8=\n')).message).toBe(
      "Invalid configuration for factory 'test-executor': line 1, column 10: Unresolved tag: tag:yaml.org,2002:binary",
    );
    expect(configError(() => executor('message: x\n? [a, b]\n: 1\n')).message).toBe(
      "Invalid configuration for factory 'test-executor': line 2, column 3: a mapping key must be a plain value, not a mapping or a list",
    );
  });
});

describe('schema check', () => {
  it('names an unknown key and its line', () => {
    const error = configError(() => executor('message: hello\nmesage: typo\n'));
    expect(error.message).toBe("Invalid configuration for factory 'test-executor': line 2: unknown key 'mesage'");
    expect(error.issues[0]).toMatchObject({ line: 2, column: 1, path: [] });
  });

  it('names a wrong type with the line and key path', () => {
    const error = configError(() => executor('message: hi\nfail: false\nrepeat_count: three\n'));
    expect(error.message).toBe("Invalid configuration for factory 'test-executor': line 3: repeat_count: expected integer, got string");
    expect(error.issues[0]?.path).toEqual(['repeat_count']);
    expect(configError(() => executor('message: hi\nrepeat_count: 1.5\n')).message).toContain('line 2: repeat_count: expected integer, got number');
  });

  it('names a missing required key at the line of the mapping that lacks it', () => {
    expect(configError(() => executor('repeat_count: 2\n')).message).toBe(
      "Invalid configuration for factory 'test-executor': line 1: missing required key 'message'",
    );
    expect(configError(() => executor('# a comment first\n\nrepeat_count: 2\n')).message).toContain("line 3: missing required key 'message'");
  });

  it('lists every problem, one per line, in line order', () => {
    const error = configError(() => executor('# test\nrepeat_count: 0\nfail: yes\nextra: 1\n'));
    expect(error.message).toBe(
      [
        "Invalid configuration for factory 'test-executor': 4 problems",
        "line 2: missing required key 'message'",
        'line 2: repeat_count: must be at least 1, got 0',
        'line 3: fail: expected boolean, got string',
        "line 4: unknown key 'extra'",
      ].join('\n'),
    );
    expect(error.issues.map((i) => i.line)).toEqual([2, 2, 3, 4]);
  });

  it('reports nested keys with their full path and line', () => {
    const error = configError(() => testDirFactory.validate('name: x\nmetadata:\n  owner: me\n  size: 3\n  "a.b": [x]\n'));
    expect(error.message.split('\n').slice(1)).toEqual(['line 4: metadata.size: expected string, got integer', 'line 5: metadata["a.b"]: expected string, got array']);
  });

  it('explains an empty document and a document of the wrong shape', () => {
    expect(configError(() => executor('')).message).toBe("Invalid configuration for factory 'test-executor': line 1: the configuration is empty; expected object");
    expect(configError(() => executor('- message: hi\n')).message).toBe("Invalid configuration for factory 'test-executor': line 1: expected object, got array");
  });

  it('returns the config with schema defaults filled in, given values kept', () => {
    expect(executor('message: hi\n')).toEqual({ message: 'hi', repeat_count: 1, fail: false });
    expect(executor('message: hi\nrepeat_count: 4\nfail: true\n')).toEqual({ message: 'hi', repeat_count: 4, fail: true });
    expect(testFileFactory.validate('content: x\n')).toEqual({ content: 'x' });
  });
});

describe('placeholders', () => {
  it('are plain strings wherever the schema allows a string, and stay raw', () => {
    expect(executor('message: "${env:GREETING:-hello} $$5"\n')).toEqual({ message: '${env:GREETING:-hello} $$5', repeat_count: 1, fail: false });
    expect(testDirFactory.validate('name: ${env:DIR_NAME}\nmetadata: { token: "${env:TOKEN}" }\n')).toMatchObject({ metadata: { token: '${env:TOKEN}' } });
  });

  it('are rejected, with the line, where the schema wants an integer', () => {
    const error = configError(() => executor('message: hi\n\nrepeat_count: ${env:REPEAT}\n'));
    expect(error.message).toBe("Invalid configuration for factory 'test-executor': line 3: repeat_count: expected integer, got string");
  });
});

describe('hostile YAML', () => {
  it('refuses an alias bomb instead of expanding it', () => {
    const lol = (name: string, of: string) => `${name}: &${name} [${Array(9).fill(`*${of}`).join(', ')}]`;
    const bomb = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]', lol('b', 'a'), lol('c', 'b'), lol('d', 'c'), lol('e', 'd'), lol('f', 'e'), lol('g', 'f'), 'message: boom', ''].join('\n');
    const error = configError(() => executor(bomb));
    expect(error.message).toMatch(/^Invalid configuration for factory 'test-executor': line 2: too many alias expansions \(more than 100\)/);
  });

  it('still accepts ordinary anchors and aliases', () => {
    expect(testDirFactory.validate('name: &n shared\nmetadata:\n  copy: *n\n')).toEqual({ name: 'shared', metadata: { copy: 'shared' } });
  });

  it('refuses documents over 1 MiB before parsing, and accepts large ones under it', () => {
    const big = `content: "${'x'.repeat(MAX_CONFIG_BYTES)}"\n`;
    expect(configError(() => testFileFactory.validate(big)).message).toBe(
      "Invalid configuration for factory 'test-file': the configuration is larger than 1 MiB (1048576 bytes), the limit for a factory config",
    );
    // Counted in UTF-8 bytes: 400 Ki three-byte characters are 1.2 MiB although the string is shorter than 1 Mi units.
    expect(configError(() => testFileFactory.validate(`content: "${'€'.repeat(400 * 1024)}"\n`)).message).toContain('larger than 1 MiB');
    const fine = `content: "${'x'.repeat(MAX_CONFIG_BYTES - 100)}"\n`;
    expect((testFileFactory.validate(fine) as { content: string }).content).toHaveLength(MAX_CONFIG_BYTES - 100);
  });
});

describe('nested configs keep the outer key path and line', () => {
  interface Entries {
    readonly entries: readonly { readonly name: string; readonly factory: string; readonly config: unknown }[];
  }
  const registry = new FactoryRegistry(staticSecrets({}), [testFileFactory, testDirFactory]);
  const entriesFactory = defineFactory<Entries>({
    name: 'test-entries',
    description: 'A directory of entries, each made by a factory from a nested config (tests only).',
    kind: 'directory',
    configSchema: {
      type: 'object',
      properties: {
        entries: {
          type: 'array',
          description: 'The children.',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string', description: 'Child name.' },
              factory: { type: 'string', description: 'Factory of the child.' },
              config: { type: ['object', 'string'], description: 'The child factory’s config.' },
            },
            required: ['name', 'factory', 'config'],
            additionalProperties: false,
          },
        },
      },
      required: ['entries'],
      additionalProperties: false,
    },
    examples: [],
    check: (config, parsed) => config.entries.flatMap((entry, i) => nestedConfigIssues(registry, entry.factory, parsed, ['entries', i, 'config'])),
    async createDirectory() {
      return [];
    },
  });
  registry.register(entriesFactory);

  const yaml = [
    'entries:', // 1
    '  - name: a', // 2
    '    factory: test-file', // 3
    '    config:', // 4
    '      content: hi', // 5
    '  - name: b', // 6
    '    factory: test-dir', // 7
    '    config: { name: b, colour: red }', // 8
    '  - name: c', // 9
    '    factory: test-file', // 10
    '    config:', // 11
    '      mime_type: text/plain', // 12
    '  - name: d', // 13
    '    factory: test-file', // 14
    '    config: |', // 15
    '      # a YAML string holding the config', // 16
    '      content: 5', // 17
    '  - name: e', // 18
    '    factory: nope', // 19
    '    config: {}', // 20
    '',
  ].join('\n');

  it('validates each entry with its own factory’s schema and reports every problem in outer coordinates', () => {
    const error = configError(() => registry.validate('test-entries', yaml));
    expect(error.message).toBe(
      [
        "Invalid configuration for factory 'test-entries': 4 problems",
        "line 8: entries[1].config: unknown key 'colour'",
        "line 12: entries[2].config: missing required key 'content'",
        'line 17: entries[3].config.content: expected string, got integer',
        "line 20: entries[4].config: unknown factory 'nope'",
      ].join('\n'),
    );
    expect(error.issues.map((i) => [i.line, i.column])).toEqual([
      [8, 24],
      [12, 7],
      [17, 7],
      [20, 5],
    ]);
  });

  it('accepts the document once the entries are fixed', () => {
    const fixed = yaml
      .replace(', colour: red', '')
      .replace('mime_type: text/plain', 'content: c')
      .replace('content: 5', 'content: "5"')
      .replace('factory: nope', 'factory: test-dir')
      .replace('config: {}', 'config: { name: e }');
    expect(registry.validate('test-entries', fixed)).toMatchObject({ entries: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }, { name: 'e' }] });
  });

  it('registry.validate and validateConfig take the key path (and validateConfig a line offset) of a nested text', () => {
    const viaRegistry = configError(() => registry.validate('test-file', 'colour: red\n', ['entries', 2, 'config']));
    expect(viaRegistry.message).toBe(
      "Invalid configuration for factory 'test-file': 2 problems\nline 1: entries[2].config: missing required key 'content'\nline 1: entries[2].config: unknown key 'colour'",
    );
    const direct = configError(() => validateConfig('test-file', testFileFactory.configSchema, 'content: 1\n', { keyPath: ['entries', 0, 'config'], lineOffset: 9 }));
    expect(direct.message).toBe("Invalid configuration for factory 'test-file': line 10: entries[0].config.content: expected string, got integer");
  });
});

describe('factory checks beyond the schema', () => {
  it('reports a check’s issues at the line of the key they name, after the schema passed', () => {
    let checked = 0;
    const factory = defineFactory<{ from: number; to: number }>({
      name: 'test-range',
      description: 'tests only',
      kind: 'file',
      configSchema: {
        type: 'object',
        properties: { from: { type: 'integer', description: 'start' }, to: { type: 'integer', description: 'end' } },
        required: ['from', 'to'],
        additionalProperties: false,
      },
      examples: [],
      check: (config) => {
        checked++;
        return config.to < config.from ? [{ path: ['to'], message: `must not be before from (${config.from})` }] : [];
      },
      async createFile() {
        return new Uint8Array();
      },
    });
    expect(configError(() => factory.validate('from: 5\n\nto: 2\n')).message).toBe("Invalid configuration for factory 'test-range': line 3: to: must not be before from (5)");
    expect(factory.validate('from: 1\nto: 2\n')).toEqual({ from: 1, to: 2 });
    expect(checked).toBe(2);
    configError(() => factory.validate('from: x\nto: 2\n'));
    expect(checked).toBe(2); // not run on a config the schema refused
  });
});

describe('formatKeyPath', () => {
  it('writes indexes in brackets and quotes keys that are not plain words', () => {
    expect(formatKeyPath(['entries', 2, 'config', 'content'])).toBe('entries[2].config.content');
    expect(formatKeyPath(['metadata', 'a.b', 'x y'])).toBe('metadata["a.b"]["x y"]');
    expect(formatKeyPath([])).toBe('');
  });
});
