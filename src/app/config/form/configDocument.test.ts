import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { keysAt, parseConfig, valueAt, withItem, withItemMoved, withKeyRenamed, withValue, withoutValue } from './configDocument';
import { fieldKind, initialValue, resolve, typeLabel } from './schemaFields';

const CONFIG = `# produced by the test-file factory
content: Hello # the greeting
# what kind of text
mime_type: text/plain
entries:
  - name: a.txt # first
    config: { content: A }
  - name: b.txt
`;

describe('form edits through the yaml Document', () => {
  it('keeps every comment and the key order when a value changes', () => {
    const edited = withValue(CONFIG, ['content'], 'Goodbye');
    expect(edited).toBe(CONFIG.replace('content: Hello', 'content: Goodbye'));
  });

  it('adds a missing key at the end, with its parents, and removes keys and items in place', () => {
    const added = withValue(CONFIG, ['metadata', 'owner'], 'data-team');
    expect(added).toBe(`${CONFIG}metadata:\n  owner: data-team\n`);
    expect(withoutValue(added, ['mime_type'])).not.toContain('mime_type');
    expect(withoutValue(added, ['mime_type'])).toContain('# produced by the test-file factory');
    const dropped = withoutValue(CONFIG, ['entries', 0]);
    expect(parse(dropped).entries).toEqual([{ name: 'b.txt' }]);
  });

  it('appends, moves and renames without touching the rest', () => {
    const appended = withItem(CONFIG, ['entries'], { name: 'c.txt', factory: 'test-file', config: { content: '' } });
    expect(parse(appended).entries.map((e: { name: string }) => e.name)).toEqual(['a.txt', 'b.txt', 'c.txt']);
    const moved = withItemMoved(CONFIG, ['entries'], 0, 1);
    expect(parse(moved).entries.map((e: { name: string }) => e.name)).toEqual(['b.txt', 'a.txt']);
    expect(moved).toContain('name: a.txt # first');
    const renamed = withKeyRenamed('labels:\n  b: 2 # two\n  a: 1\n', ['labels'], 'b', 'z');
    expect(renamed).toBe('labels:\n  z: 2 # two\n  a: 1\n');
  });

  it('writes strings that look like numbers or booleans as strings, and multi-line text as a block', () => {
    expect(parse(withValue('content: x\n', ['content'], '123')).content).toBe('123');
    expect(parse(withValue('content: x\n', ['content'], 'true')).content).toBe('true');
    const block = withValue('content: |\n  one\n', ['content'], 'one\ntwo\n');
    expect(parse(block).content).toBe('one\ntwo\n');
  });

  it('lets a value typed into an empty field print plainly, and keeps quotes the author chose', () => {
    expect(withValue('labels:\n  team: ""\n', ['labels', 'team'], 'water')).toBe('labels:\n  team: water\n');
    expect(withValue("content: 'quoted'\n", ['content'], 'still')).toBe("content: 'still'\n");
  });

  it('starts an empty config as a mapping', () => {
    expect(withValue('', ['content'], 'x')).toBe('content: x\n');
  });

  it('reads values and keys as the form shows them', () => {
    const parsed = parseConfig(CONFIG);
    if (!parsed.ok) throw new Error('the fixture parses');
    expect(keysAt(parsed.doc, [])).toEqual(['content', 'mime_type', 'entries']);
    expect(valueAt(parsed.doc, ['entries', 0, 'config'])).toEqual({ content: 'A' });
    expect(valueAt(parsed.doc, ['nothing'])).toBeUndefined();
  });

  it('refuses to edit a text that does not parse, naming the line', () => {
    const broken = 'content: ok\nmime_type: [text\n';
    const parsed = parseConfig(broken);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.line).toBe(3);
    expect(() => withValue(broken, ['content'], 'x')).toThrow(/line 3/);
  });
});

describe('the schema as the form reads it', () => {
  const root = {
    type: 'object',
    $defs: { wave: { type: 'string', enum: ['sine', 'square'], default: 'sine' } },
    properties: {
      count: { type: 'integer', minimum: 1 },
      wave: { $ref: '#/$defs/wave', description: 'The shape.' },
      tags: { type: 'array', items: { type: 'string' } },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      entry: { type: 'object', properties: { name: { type: 'string' }, size: { type: 'number', default: 2 } }, required: ['name'] },
      config: { type: 'object', 'x-config-of': 'factory' },
      anything: {},
    },
  };
  const prop = (name: string) => resolve((root.properties as Record<string, Record<string, unknown>>)[name] as Record<string, unknown>, root);

  it('gives each kind of field its control', () => {
    expect(['count', 'wave', 'tags', 'labels', 'entry', 'config', 'anything'].map((name) => fieldKind(prop(name)))).toEqual([
      'integer',
      'enum',
      'array',
      'map',
      'object',
      'config',
      'other',
    ]);
  });

  it('follows local $refs and keeps the referring keyword', () => {
    expect(prop('wave')).toMatchObject({ enum: ['sine', 'square'], description: 'The shape.' });
  });

  it('labels types and starts new values from defaults and required keys', () => {
    expect(typeLabel(prop('count'), root)).toBe('integer ≥ 1');
    expect(typeLabel(prop('tags'), root)).toBe('list of string');
    expect(typeLabel(prop('labels'), root)).toBe('map of string');
    expect(initialValue(prop('wave'), root)).toBe('sine');
    expect(initialValue(prop('count'), root)).toBe(1);
    expect(initialValue(prop('entry'), root)).toEqual({ name: '' });
  });
});
