import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { type Document, LineCounter, type Node as YamlNode, isAlias, isCollection, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { PondError, errorMessage, isPondError } from '../errors';
import type { FactoryRegistryView, JsonSchema } from './types';

/**
 * Config validation (SPEC §5): YAML is parsed with the `yaml` package's Document API (so every problem has a
 * line), then checked against the factory's JSON Schema by `@cfworker/json-schema`, which interprets schemas
 * and never generates code (the app's CSP forbids `eval` / `new Function`).
 *
 * Every problem becomes a {@link ConfigIssue} (line, key path, text); all of them are reported at once in one
 * {@link ConfigError} (`InvalidConfig`), one per line of its message, for the editor to list.
 */

/** Configs larger than this (UTF-8 bytes) are refused before parsing. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Alias expansions allowed while turning YAML into data (a "billion laughs" document exceeds it). */
export const MAX_ALIAS_COUNT = 100;
/**
 * Collections nested deeper than this are refused before parsing: the YAML parser recurses per level, so a
 * hostile `[[[[…` of a few hundred KB would otherwise exhaust the stack (a "Maximum call stack size exceeded"
 * message, after seconds). No real config comes near it.
 */
export const MAX_NESTING_DEPTH = 64;

/** A path into a config: mapping keys and sequence indexes (`['entries', 2, 'config']`). */
export type KeyPath = readonly (string | number)[];

/** One problem in a config. `path` is what the text is about; `line`/`column` are 1-based. */
export interface ConfigIssue {
  readonly message: string;
  readonly path: KeyPath;
  /** Absent only when the problem has no place in the text (e.g. the document is too large). */
  readonly line?: number;
  readonly column?: number;
  /** Where the offending node ends, for editors that underline it. */
  readonly endLine?: number;
  readonly endColumn?: number;
  /** Syntax problems show their column in the message; schema problems show the line and key path. */
  readonly kind: 'syntax' | 'schema' | 'check' | 'limit';
}

/** An issue a factory's own `check` reports: located by its key path unless it gives a line. */
export type CheckIssue = { readonly path: KeyPath; readonly message: string; readonly line?: number; readonly column?: number };

/** `InvalidConfig` with every problem found; `message` names the factory and lists the issues, one per line. */
export class ConfigError extends PondError {
  readonly factory: string;
  readonly issues: readonly ConfigIssue[];

  constructor(factory: string, issues: readonly ConfigIssue[]) {
    const text = formatConfigError(factory, issues);
    super('InvalidConfig', text, { message: text });
    this.factory = factory;
    this.issues = issues;
  }
}

/** `Invalid configuration for factory 'f': line 2: unknown key 'x'` (several issues: a count, then one per line). */
export function formatConfigError(factory: string, issues: readonly ConfigIssue[]): string {
  const head = `Invalid configuration for factory '${factory}'`;
  if (issues.length === 1) return `${head}: ${formatIssue(issues[0] as ConfigIssue)}`;
  return [`${head}: ${issues.length} problems`, ...issues.map(formatIssue)].join('\n');
}

/** `line 3: repeat_count: expected integer, got string`; syntax issues also give the column. */
export function formatIssue(issue: ConfigIssue): string {
  let where = '';
  if (issue.line !== undefined) {
    where = issue.kind === 'syntax' && issue.column !== undefined ? `line ${issue.line}, column ${issue.column}: ` : `line ${issue.line}: `;
  }
  const subject = issue.path.length > 0 ? `${formatKeyPath(issue.path)}: ` : '';
  return `${where}${subject}${issue.message}`;
}

/** `entries[2].config.content`; keys that are not plain words are quoted (`metadata["a.b"]`). */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** A parsed config: the YAML document (positions), its line counter, the source and the plain data. */
export interface ParsedConfig {
  readonly source: string;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  readonly value: unknown;
}

export interface ValidateOptions<C = unknown> {
  /** Prefixed to every issue's key path (a nested config: `['entries', 2, 'config']`). */
  readonly keyPath?: KeyPath;
  /** Added to every issue's line (a nested config that starts below line 1 of the outer document). */
  readonly lineOffset?: number;
  /** Rules the schema cannot say; runs only when the schema check passed. */
  readonly check?: (config: C, parsed: ParsedConfig) => readonly CheckIssue[] | void;
}

/**
 * Parses `rawYaml` and checks it against `schema`; returns the config with schema defaults filled in.
 * Throws {@link ConfigError} listing every problem. Placeholders (`${env:…}`) are plain strings here.
 */
export function validateConfig<C = unknown>(factoryName: string, schema: JsonSchema, rawYaml: string, options: ValidateOptions<C> = {}): C {
  try {
    const parsed = parseConfig(factoryName, rawYaml);
    const issues = schemaIssues(schema, parsed);
    if (issues.length > 0) throw new ConfigError(factoryName, issues);
    const config = applyDefaults(schema, parsed.value) as C;
    const extra = options.check?.(config, parsed) ?? [];
    if (extra.length > 0) {
      throw new ConfigError(factoryName, sortIssues(extra.map((issue) => checkIssue(parsed, issue))));
    }
    return config;
  } catch (error) {
    throw relocate(error, factoryName, options.keyPath ?? [], options.lineOffset ?? 0);
  }
}

/**
 * Parses YAML text for `factoryName`: refuses oversized documents, syntax errors (with line and column),
 * unresolved tags, non-scalar keys and alias bombs, all as {@link ConfigError}.
 */
export function parseConfig(factoryName: string, rawYaml: string): ParsedConfig {
  if (utf8Length(rawYaml) > MAX_CONFIG_BYTES) {
    const message = `the configuration is larger than 1 MiB (${MAX_CONFIG_BYTES} bytes), the limit for a factory config`;
    throw new ConfigError(factoryName, [{ message, path: [], kind: 'limit' }]);
  }
  const tooDeep = nestingBeyond(rawYaml, MAX_NESTING_DEPTH);
  if (tooDeep !== null) {
    const message = `the configuration nests deeper than ${MAX_NESTING_DEPTH} levels, the limit for a factory config`;
    throw new ConfigError(factoryName, [{ message, path: [], ...lineAndColumn(rawYaml, tooDeep), kind: 'limit' }]);
  }
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    // Plain JSON-like data only: YAML 1.1 tags (!!binary, !!timestamp, !!set…) stay unresolved and are refused.
    // logLevel 'error' keeps warnings off the console ('silent' would also drop the multiple-documents error).
    doc = parseDocument(rawYaml, { lineCounter, prettyErrors: false, resolveKnownTags: false, logLevel: 'error' });
  } catch (error) {
    throw new ConfigError(factoryName, [{ message: `could not parse the document: ${errorMessage(error)}`, path: [], kind: 'limit' }]);
  }
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  const syntax = (offset: number, message: string): void => {
    const { line, col } = lineCounter.linePos(offset);
    const key = `${line}:${col}:${message}`;
    if (seen.has(key)) return; // yaml reports some errors once per nesting level
    seen.add(key);
    issues.push({ message, path: [], line, column: col, kind: 'syntax' });
  };
  for (const error of doc.errors) syntax(error.pos[0], error.message);
  for (const warning of doc.warnings) if (warning.code === 'TAG_RESOLVE_FAILED') syntax(warning.pos[0], warning.message);
  visit(doc, {
    Pair(_key, pair) {
      if (isCollection(pair.key)) syntax(pair.key.range?.[0] ?? 0, 'a mapping key must be a plain value, not a mapping or a list');
    },
  });
  if (issues.length > 0) throw new ConfigError(factoryName, sortIssues(issues));
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message =
      error instanceof ReferenceError && /alias/i.test(error.message)
        ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}); the document expands like an alias bomb`
        : `could not read the document: ${errorMessage(error)}`;
    const first = firstAlias(doc);
    const at = first === undefined ? {} : position(lineCounter, first);
    throw new ConfigError(factoryName, [{ message, path: [], ...at, kind: 'limit' }]);
  }
  return { source: rawYaml, doc, lineCounter, value };
}

const validators = new WeakMap<JsonSchema, Validator>();

function validatorFor(schema: JsonSchema): Validator {
  let validator = validators.get(schema);
  if (validator === undefined) {
    // shortCircuit = false: every error, so the editor can list them all.
    validator = new Validator(schema as Schema, '2020-12', false);
    validators.set(schema, validator);
  }
  return validator;
}

/** The schema problems of a parsed config (none when it is valid), sorted by line. */
export function schemaIssues(schema: JsonSchema, parsed: ParsedConfig): ConfigIssue[] {
  const value = parsed.value;
  const result = validatorFor(schema).validate(value);
  if (result.valid) return [];
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  // Errors come in tree order: a wrapper ("property x does not match") is followed by its causes.
  const dropUnder: string[] = [];
  let previous: string | undefined;
  for (const unit of result.errors) {
    // A `false` schema reports its own instance location as keyword location; place it under its wrapper.
    const location = unit.keyword === 'false' ? `${previous ?? '#'}/<false>` : unit.keywordLocation;
    const wrapper = previous;
    previous = unit.keywordLocation;
    if (dropUnder.some((prefix) => location.startsWith(prefix))) continue;
    if (['anyOf', 'oneOf', 'not', 'propertyNames', 'contains'].includes(unit.keyword)) dropUnder.push(`${unit.keywordLocation}/`);
    const issue = describeError(schema, parsed, unit, wrapper);
    if (issue === null) continue;
    const key = `${issue.line}:${formatIssue(issue)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  if (issues.length === 0) {
    // Cannot happen with the keywords above, but never report "invalid" without a reason.
    issues.push({ message: 'does not match the schema', path: [], ...locate(parsed, []), kind: 'schema' });
  }
  return sortIssues(issues);
}

/** Keywords whose error only says "a part below had errors"; the causes follow it in the list. */
const WRAPPERS = new Set([
  'properties',
  'patternProperties',
  'additionalProperties',
  'unevaluatedProperties',
  'items',
  'prefixItems',
  'additionalItems',
  'unevaluatedItems',
  '$ref',
  '$recursiveRef',
  '$dynamicRef',
  'allOf',
  'if',
  'dependentSchemas',
]);

function describeError(schema: JsonSchema, parsed: ParsedConfig, unit: OutputUnit, wrapper: string | undefined): ConfigIssue | null {
  if (WRAPPERS.has(unit.keyword)) return null;
  if (unit.keyword === 'dependencies' && unit.error.includes('does not match dependant schema')) return null;
  const instancePath = toKeyPath(parsed.value, unit.instanceLocation);
  const value = valueAt(parsed.value, instancePath);
  const keyword = schemaAt(schema, unit.keywordLocation);
  const at = (path: KeyPath, message: string): ConfigIssue => ({ message, path, ...locate(parsed, path), kind: 'schema' });

  switch (unit.keyword) {
    case 'false': {
      const last = instancePath[instancePath.length - 1];
      const parent = instancePath.slice(0, -1);
      const issue = (message: string): ConfigIssue => ({ message, path: parent, ...locate(parsed, instancePath), kind: 'schema' });
      if (typeof last === 'number') return issue(`item ${last} is not allowed`);
      if (last === undefined) return at([], 'no value is allowed here');
      const known = wrapper !== undefined && /\/properties$/.test(wrapper);
      return issue(known ? `key '${last}' is not allowed` : `unknown key '${last}'`);
    }
    case 'required': {
      const key = /required property "(.*)"\.$/.exec(unit.error)?.[1] ?? '?';
      return at(instancePath, `missing required key '${key}'`);
    }
    case 'type': {
      const expected = Array.isArray(keyword) ? keyword.join(' or ') : typeof keyword === 'string' ? keyword : /Expected "(.*)"\.$/.exec(unit.error)?.[1] ?? '?';
      if (value === null && parsed.doc.contents === null && instancePath.length === 0) {
        return at([], `the configuration is empty; expected ${expected}`);
      }
      return at(instancePath, `expected ${expected}, got ${typeName(value)}`);
    }
    case 'enum':
      return at(instancePath, Array.isArray(keyword) ? `expected one of ${keyword.map(show).join(', ')}, got ${show(value)}` : unit.error);
    case 'const':
      return at(instancePath, keyword === undefined ? unit.error : `expected ${show(keyword)}, got ${show(value)}`);
    case 'minimum':
      return at(instancePath, `must be at least ${String(keyword)}, got ${show(value)}`);
    case 'maximum':
      return at(instancePath, `must be at most ${String(keyword)}, got ${show(value)}`);
    case 'exclusiveMinimum':
      return at(instancePath, `must be greater than ${String(keyword)}, got ${show(value)}`);
    case 'exclusiveMaximum':
      return at(instancePath, `must be less than ${String(keyword)}, got ${show(value)}`);
    case 'multipleOf':
      return at(instancePath, `must be a multiple of ${String(keyword)}, got ${show(value)}`);
    case 'minLength':
      return at(instancePath, `must be at least ${String(keyword)} characters long`);
    case 'maxLength':
      return at(instancePath, `must be at most ${String(keyword)} characters long`);
    case 'pattern':
      return at(instancePath, `does not match the pattern ${String(keyword)}`);
    case 'format':
      return at(instancePath, `is not a valid ${String(keyword)}`);
    case 'minItems':
      return at(instancePath, `needs at least ${String(keyword)} items`);
    case 'maxItems':
      return at(instancePath, `may have at most ${String(keyword)} items`);
    case 'minProperties':
      return at(instancePath, `needs at least ${String(keyword)} keys`);
    case 'maxProperties':
      return at(instancePath, `may have at most ${String(keyword)} keys`);
    case 'propertyNames': {
      const key = /Property name "(.*)" does not match schema\.$/.exec(unit.error)?.[1];
      return key === undefined ? at(instancePath, unit.error) : { message: `key '${key}' is not allowed`, path: instancePath, ...locate(parsed, [...instancePath, key]), kind: 'schema' };
    }
    case 'anyOf':
    case 'oneOf':
      return at(instancePath, unit.error.includes('(0 matches)') || unit.keyword === 'anyOf' ? 'does not match any of the allowed forms' : 'matches more than one of the allowed forms');
    case 'not':
      return at(instancePath, 'is not allowed here');
    default:
      return at(instancePath, unit.error);
  }
}

/** `#/entries/2/config` → `['entries', 2, 'config']` (indexes as numbers where the data is a list). */
function toKeyPath(root: unknown, pointer: string): KeyPath {
  const raw = pointer.replace(/^#/, '');
  if (raw === '') return [];
  const out: (string | number)[] = [];
  let current: unknown = root;
  for (const encoded of raw.slice(1).split('/')) {
    const segment = decodeSegment(encoded);
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      out.push(Number(segment));
      current = current[Number(segment)];
    } else {
      out.push(segment);
      current = isRecord(current) ? current[segment] : undefined;
    }
  }
  return out;
}

/** Undoes @cfworker/json-schema's pointer encoding (`encodeURI` of the RFC 6901 escape). */
function decodeSegment(encoded: string): string {
  let text = encoded;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    // keep it as it is
  }
  return text.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The schema value at a keyword location, following local `$ref`s; undefined when it cannot be found. */
function schemaAt(root: JsonSchema, pointer: string): unknown {
  let current: unknown = root;
  for (const encoded of pointer.replace(/^#\/?/, '').split('/').filter((s) => s !== '')) {
    const segment = decodeSegment(encoded);
    if (segment === '$ref' && isRecord(current) && typeof current['$ref'] === 'string') {
      const ref = current['$ref'];
      if (!ref.startsWith('#')) return undefined;
      current = schemaAt(root, ref);
      continue;
    }
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isRecord(current)) current = current[segment];
    else return undefined;
  }
  return current;
}

function valueAt(root: unknown, path: KeyPath): unknown {
  let current = root;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isRecord(current)) current = current[String(segment)];
    else return undefined;
  }
  return current;
}

type Position = Pick<ConfigIssue, 'line' | 'column' | 'endLine' | 'endColumn'>;

/**
 * Where the node at `path` is written: the key for a mapping entry, the item for a list entry, the whole
 * document for `[]`. A path that goes missing (a required key) stops at the deepest node that exists.
 */
export function locate(parsed: ParsedConfig, path: KeyPath): Position {
  const target = nodeAt(parsed, path, true);
  if (target === undefined) return { line: 1, column: 1 };
  return position(parsed.lineCounter, target);
}

/** The YAML node at `path` (aliases followed); with `preferKey`, the key node of the last mapping entry. */
export function nodeAt(parsed: ParsedConfig, path: KeyPath, preferKey = false): YamlNode | undefined {
  let node: unknown = parsed.doc.contents;
  let found: YamlNode | undefined = isNode(node) ? node : undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as string | number;
    if (isAlias(node)) node = node.resolve(parsed.doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(segment));
      if (pair === undefined) return found;
      const last = i === path.length - 1;
      if (last && preferKey && isNode(pair.key)) return pair.key;
      node = pair.value;
      if (isNode(pair.value)) found = pair.value;
      else if (isNode(pair.key)) return pair.key; // `key:` with nothing after it
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (!isNode(item)) return found;
      node = item;
      found = item;
    } else {
      return found;
    }
  }
  return found;
}

function position(lineCounter: LineCounter, node: YamlNode): Position {
  const range = node.range;
  if (range === undefined || range === null) return { line: 1, column: 1 };
  const start = lineCounter.linePos(range[0]);
  const end = lineCounter.linePos(range[1]);
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}

function isNode(value: unknown): value is YamlNode {
  return isScalar(value) || isCollection(value) || isAlias(value);
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return undefined;
}

function firstAlias(doc: Document.Parsed): YamlNode | undefined {
  let first: YamlNode | undefined;
  visit(doc, {
    Alias(_key, alias) {
      first = alias;
      return visit.BREAK;
    },
  });
  return first;
}

/**
 * The text of the nested config at `path` inside an outer config, padded so that its lines and columns match
 * the outer document: validate it with `lineOffset` and every issue points into the outer text.
 * A block string (`config: |`) gives its content; a mapping or list gives its source, indentation kept.
 */
export function nestedConfigSource(parsed: ParsedConfig, path: KeyPath): { raw: string; lineOffset: number } | undefined {
  const node = nodeAt(parsed, path);
  if (node === undefined || node.range === undefined || node.range === null) return undefined;
  const start = parsed.lineCounter.linePos(node.range[0]);
  if (isScalar(node)) {
    if (typeof node.value !== 'string') return undefined;
    if (node.type === 'BLOCK_LITERAL') {
      // `config: |`: its source lines after the header are the nested text with its indentation kept, so
      // lines and columns both match the outer document.
      const header = parsed.source.indexOf('\n', node.range[0]);
      if (header >= 0 && header < node.range[1]) return { raw: parsed.source.slice(header + 1, node.range[1]), lineOffset: start.line };
    }
    // Other strings: the value itself; lines still match for a folded block, columns only approximately.
    return { raw: node.value, lineOffset: node.type === 'BLOCK_FOLDED' ? start.line : start.line - 1 };
  }
  if (isAlias(node)) return undefined;
  const text = parsed.source.slice(node.range[0], node.range[1]);
  return { raw: `${' '.repeat(start.col - 1)}${text}`, lineOffset: start.line - 1 };
}

/**
 * Validates the nested config at `path` (a mapping, or a YAML string) with `factoryName`'s schema through
 * the registry; returns its issues with the outer key path and lines (empty when valid). For factories
 * whose entries carry `{factory, config}`, from their `check`.
 */
export function nestedConfigIssues(registry: FactoryRegistryView, factoryName: string, parsed: ParsedConfig, path: KeyPath): ConfigIssue[] {
  const at = (message: string): ConfigIssue[] => [{ message, path, ...locate(parsed, path), kind: 'check' }];
  try {
    registry.get(factoryName);
  } catch (error) {
    if (isPondError(error, 'UnknownFactory')) return at(`unknown factory '${factoryName}'`);
    throw error;
  }
  const source = nestedConfigSource(parsed, path);
  if (source === undefined) return at('expected a mapping (or a YAML string) for the nested config');
  try {
    // The view's validate prefixes the key path; the lines are moved here (the nested text starts lower).
    registry.validate(factoryName, source.raw, path);
    return [];
  } catch (error) {
    const moved = relocate(error, factoryName, [], source.lineOffset);
    if (moved instanceof ConfigError) return [...moved.issues];
    throw moved;
  }
}

/** Moves a validation error under an outer key path and line offset (a nested config). */
export function relocate(error: unknown, factoryName: string, keyPath: KeyPath, lineOffset: number): unknown {
  if (keyPath.length === 0 && lineOffset === 0) return error;
  if (error instanceof ConfigError) {
    return new ConfigError(
      error.factory,
      error.issues.map((issue) => ({
        ...issue,
        path: [...keyPath, ...issue.path],
        ...(issue.line === undefined ? {} : { line: issue.line + lineOffset }),
        ...(issue.endLine === undefined ? {} : { endLine: issue.endLine + lineOffset }),
      })),
    );
  }
  if (isPondError(error, 'InvalidConfig')) {
    return new ConfigError(factoryName, [{ message: error.detail, path: keyPath, line: lineOffset + 1, kind: 'check' }]);
  }
  return error;
}

function checkIssue(parsed: ParsedConfig, issue: CheckIssue): ConfigIssue {
  const at = issue.line === undefined ? locate(parsed, issue.path) : { line: issue.line, ...(issue.column === undefined ? {} : { column: issue.column }) };
  return { message: issue.message, path: issue.path, ...at, kind: 'check' };
}

function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * Fills in `default`s of a valid config's `properties` (recursively into present sub-mappings and the items
 * of lists with one `items` schema), so factories get the values the schema documents. Only plain
 * `properties` and `items` are followed (not `$ref`, `anyOf`…).
 */
export function applyDefaults(schema: unknown, value: unknown): unknown {
  if (isRecord(schema) && Array.isArray(value) && isRecord(schema['items'])) {
    const items = schema['items'];
    return value.map((item) => applyDefaults(items, item));
  }
  if (!isRecord(schema) || !isRecord(value)) return value;
  const properties = schema['properties'];
  if (!isRecord(properties)) return value;
  const out: Record<string, unknown> = { ...value };
  for (const [key, sub] of Object.entries(properties)) {
    if (!isRecord(sub)) continue;
    if (Object.prototype.hasOwnProperty.call(out, key)) out[key] = applyDefaults(sub, out[key]);
    else if ('default' in sub) out[key] = structuredClone(sub['default']);
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON Schema type names, with whole numbers as `integer`. */
function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function utf8Length(text: string): number {
  // UTF-8 needs at least one byte per UTF-16 unit: a long string is over the limit without counting.
  if (text.length > MAX_CONFIG_BYTES) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The offset where `text` first nests deeper than `limit`, or null. Counts flow collections (`[`, `{` outside
 * quotes and comments), block indentation levels (a stack of increasing indents, as Python's tokenizer keeps)
 * and compact block sequences (`- - -` on one line). An estimate on the safe side: it never under-counts.
 */
export function nestingBeyond(text: string, limit: number): number | null {
  const indents: number[] = [];
  let flow = 0;
  let quote: '"' | "'" | null = null;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote !== null) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      else if (c === '\n') lineStart = true;
      continue;
    }
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (c === ' ') {
        indent++;
        continue;
      }
      lineStart = false;
      if (flow === 0 && c !== '#') {
        while (indents.length > 0 && (indents[indents.length - 1] as number) >= indent) indents.pop();
        indents.push(indent);
        // `- - - x`: each dash opens a sequence one level deeper on the same line.
        for (let j = i; text[j] === '-' && text[j + 1] === ' '; j += 2) {
          while (text[j + 2] === ' ') j++;
          indents.push(indent + 1 + (j - i));
        }
      }
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') flow++;
    else if ((c === ']' || c === '}') && flow > 0) flow--;
    if (flow + indents.length > limit) return i;
  }
  return null;
}

/** 1-based line and column of `offset` in `text`. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}
