import { PondError, errorMessage } from '../../errors';
import { normalizeName } from '../../tinyfs';
import { defineFactory } from '../registry';
import type { FactoryRegistryView } from '../types';
import { type CheckIssue, type KeyPath, type ParsedConfig, formatKeyPath, nestedConfigIssues, nodeAt, parseConfig } from '../validate';

/** One child of a `dynamic-dir`: its name, the factory that makes it and that factory's config. */
export interface DynamicDirEntry {
  readonly name: string;
  readonly factory: string;
  readonly config: Readonly<Record<string, unknown>>;
}

/** `dynamic-dir` config. */
export interface DynamicDirConfig {
  readonly entries: readonly DynamicDirEntry[];
}

/** The factory's name, as configs and nested entries write it. */
export const DYNAMIC_DIR = 'dynamic-dir';

/**
 * How many `dynamic-dir`s may nest inside one another (the outermost counts as 1). Every level re-validates
 * the levels below it when it is listed, so the bound keeps listing cheap; real trees are 2 or 3 deep.
 */
export const MAX_DYNAMIC_DIR_DEPTH = 8;

/**
 * A directory composed of children, each made by a named factory from the config nested in its entry.
 * Nested configs are validated with their own factory's schema when this config is (errors carry the full
 * key path and the line in this document); each child gets its nested config as YAML text, exactly as
 * written (comments kept, placeholders unexpanded: the child expands them when it is read).
 */
export const dynamicDirFactory = defineFactory<DynamicDirConfig>({
  name: DYNAMIC_DIR,
  description: 'A read-only directory composed of children, each produced by a named factory from its own nested config.',
  kind: 'directory',
  configSchema: {
    type: 'object',
    description: 'The children of the directory, in any order (they are listed by name).',
    properties: {
      entries: {
        type: 'array',
        description: 'One item per child: its name, the factory that produces it, and that factory’s config.',
        default: [],
        examples: [[{ name: 'hello.txt', factory: 'test-file', config: { content: 'Hello' } }]],
        items: {
          type: 'object',
          description: 'A child of the directory.',
          properties: {
            name: {
              type: 'string',
              description: 'The child’s name: one path component (no "/", not "." or ".."), unique in this directory.',
              minLength: 1,
              examples: ['readme.txt', 'waves', 'report.md'],
            },
            factory: {
              type: 'string',
              description: 'The factory that produces the child: a file, table or directory factory (see list-factories); not an executable one.',
              examples: ['test-file', 'synthetic-timeseries', 'template', 'dynamic-dir'],
            },
            config: {
              type: 'object',
              description: 'The config of the child’s factory, as a mapping; checked against that factory’s schema.',
              // For the config editor's form view: this value is a config for the factory named by the sibling key `factory`.
              'x-config-of': 'factory',
              default: {},
              examples: [{ content: 'Hello' }],
            },
          },
          required: ['name', 'factory', 'config'],
          additionalProperties: false,
        },
      },
    },
    required: ['entries'],
    additionalProperties: false,
  },
  examples: [
    {
      title: 'A file and a nested directory',
      yaml: [
        'entries:',
        '  - name: hello.txt',
        '    factory: test-file',
        '    config:',
        '      content: Hello from a composed directory',
        '  - name: inner',
        '    factory: dynamic-dir',
        '    config:',
        '      entries:',
        '        - name: deeper.txt',
        '          factory: test-file',
        '          config: { content: two levels down }',
        '',
      ].join('\n'),
    },
  ],
  check: (config, parsed, registry) => {
    if (registry === undefined) {
      throw new PondError('InvalidArgument', `${DYNAMIC_DIR} validates its entries with their own factories: validate it through the registry`);
    }
    return entryIssues(config, parsed, registry);
  },
  async createDirectory(_config, context) {
    // The raw text, not the expanded config: each child gets its config as written and expands it itself
    // (expanding here too would expand twice, turning `$${env:X}` into a lookup of X).
    const parsed = parseConfig(DYNAMIC_DIR, context.rawConfig);
    const raw = parsed.value as DynamicDirConfig;
    return raw.entries.map((entry, i) => ({ name: entry.name, factory: entry.factory, config: childConfigText(parsed, ['entries', i, 'config']) }));
  },
});

function entryIssues(config: DynamicDirConfig, parsed: ParsedConfig, registry: FactoryRegistryView): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const seen = new Map<string, number>();
  config.entries.forEach((entry, i) => {
    const at = (key: string): KeyPath => ['entries', i, key];
    try {
      const name = normalizeName(entry.name);
      const first = seen.get(name);
      if (first === undefined) seen.set(name, i);
      else issues.push({ path: at('name'), message: `duplicate name '${name}' (entries[${first}] has it too)` });
    } catch (error) {
      issues.push({ path: at('name'), message: `not a valid name: ${errorMessage(error)}` });
    }
    const factory = entry.factory;
    const known = registry.list();
    const target = known.find((f) => f.name === factory);
    if (target === undefined) {
      const names = known.filter((f) => f.kind !== 'executable').map((f) => f.name);
      issues.push({ path: at('factory'), message: `unknown factory '${factory}' in entries[${i}] (file, table and directory factories: ${names.join(', ')})` });
      return;
    }
    if (target.kind === 'executable') {
      issues.push({ path: at('factory'), message: `'${factory}' is an executable factory; a ${DYNAMIC_DIR} child is made by a file, table or directory factory` });
      return;
    }
    const tooDeep = depthExceeded(entry, [...at('config')], 2);
    if (tooDeep !== null) {
      issues.push({ path: tooDeep, message: `${DYNAMIC_DIR}s nest at most ${MAX_DYNAMIC_DIR_DEPTH} deep` });
      return;
    }
    issues.push(...nestedConfigIssues(registry, factory, parsed, at('config')));
  });
  return issues;
}

/** The key path of the first `dynamic-dir` nested deeper than the limit under `entry` (at `level`), or null. */
function depthExceeded(entry: DynamicDirEntry, path: (string | number)[], level: number): KeyPath | null {
  if (entry.factory !== DYNAMIC_DIR) return null;
  if (level > MAX_DYNAMIC_DIR_DEPTH) return path;
  const entries = (entry.config as Partial<DynamicDirConfig>).entries;
  if (!Array.isArray(entries)) return null;
  for (const [i, child] of entries.entries()) {
    if (typeof child !== 'object' || child === null) continue;
    const found = depthExceeded(child as DynamicDirEntry, [...path, 'entries', i, 'config'], level + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * The nested config at `path` as a YAML document of its own: its source text, from the line after its key
 * when it starts below it (so comments above its first key come along), moved left by the indentation every
 * line shares. Moving every line by the same amount keeps YAML's structure.
 */
function childConfigText(parsed: ParsedConfig, path: KeyPath): string {
  const value = nodeAt(parsed, path);
  const key = nodeAt(parsed, path, true);
  if (value?.range == null || key?.range == null) throw new PondError('Corrupt', `no nested config at ${formatKeyPath(path)} of a validated ${DYNAMIC_DIR} config`);
  const keyLine = parsed.lineCounter.linePos(key.range[0]).line;
  const valueLine = parsed.lineCounter.linePos(value.range[0]).line;
  const start = valueLine > keyLine ? (parsed.lineCounter.lineStarts[keyLine] as number) : value.range[0];
  const column = start === value.range[0] ? parsed.lineCounter.linePos(start).col - 1 : 0;
  const lines = `${' '.repeat(column)}${parsed.source.slice(start, value.range[1])}`.split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map(indentOf);
  const shared = indents.length === 0 ? 0 : Math.min(...indents);
  const text = lines.map((line) => line.slice(Math.min(shared, indentOf(line)))).join('\n').trimEnd();
  return `${text}\n`;
}

const indentOf = (line: string): number => /^ */.exec(line)?.[0].length ?? 0;
