/**
 * Checks SPEC §2: each layer imports only the layers its row lists (plus src/errors.ts), and the core stays
 * free of environment globals, Node built-ins and React, so it runs unchanged in a Web Worker and in Node.
 *
 * Pure (no file access) so that its own test can feed it in-memory sources and prove that it fails.
 * It does not parse TypeScript: a small scanner blanks comments, string and template text and regular
 * expression literals (keeping line breaks), and the rules run on what is left. Known limits, on purpose:
 * local variables named like a forbidden global (`const { fetch } = ports`) are reported too (rename them),
 * and computed access such as `globalThis['fetch']` is not seen.
 */

export type Layer =
  | 'errors'
  | 'tinyfs'
  | 'tlogfs'
  | 'store'
  | 'factory'
  | 'steward'
  | 'bundle'
  | 'cmd'
  | 'app/engine'
  | 'app'
  | 'cli'
  | 'tooling';

/** Layers of our own code each layer may import, besides itself and `errors` (SPEC §2). */
const ALLOWED: Readonly<Record<Layer, readonly Layer[]>> = {
  errors: [],
  tinyfs: [],
  store: [],
  tlogfs: ['tinyfs', 'store'],
  factory: ['tinyfs'],
  steward: ['tinyfs', 'tlogfs', 'factory', 'store'],
  bundle: ['steward', 'tinyfs', 'tlogfs', 'factory', 'store'],
  cmd: ['bundle', 'steward', 'tinyfs', 'tlogfs', 'factory', 'store'],
  'app/engine': ['cmd', 'bundle', 'steward', 'tinyfs', 'tlogfs', 'factory', 'store'],
  app: ['app/engine'],
  cli: ['cmd', 'store'],
  // This checker and its test: nobody may import them.
  tooling: [],
};

/** Layers that talk to the environment directly; everything else is core. */
const ENVIRONMENT_LAYERS: ReadonlySet<Layer> = new Set(['app', 'app/engine', 'cli', 'tooling']);
const ENVIRONMENT_FOLDERS = ['src/store/browser/', 'src/store/node/'];

const FORBIDDEN_GLOBALS = ['window', 'document', 'navigator', 'indexedDB', 'fetch', 'localStorage', 'process'];

const NODE_BUILTINS = new Set([
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'crypto', 'dgram',
  'diagnostics_channel', 'dns', 'events', 'fs', 'http', 'http2', 'https', 'inspector', 'module', 'net', 'os',
  'path', 'perf_hooks', 'process', 'querystring', 'readline', 'repl', 'stream', 'string_decoder', 'timers',
  'tls', 'tty', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
]);

export interface SourceFile {
  /** Repo-relative POSIX path, e.g. `src/tinyfs/wd.ts`. */
  path: string;
  source: string;
}

export type Rule = 'unknown-layer' | 'layer-import' | 'node-builtin' | 'react' | 'env-global';

export interface Violation {
  path: string;
  line: number;
  rule: Rule;
  message: string;
}

export function formatViolation(v: Violation): string {
  return `${v.path}:${v.line}: [${v.rule}] ${v.message}`;
}

/** Layers named by their folder (or, for `errors`, their file) directly under src/. */
const FOLDER_LAYERS = ['errors', 'tinyfs', 'tlogfs', 'store', 'factory', 'steward', 'bundle', 'cmd', 'cli'] as const;

const isTestFile = (path: string): boolean => /\.test\.tsx?$/.test(path);

/** The layer a repo-relative path belongs to, or null when it is outside every layer. */
export function layerOf(path: string): Layer | null {
  const parts = path.split('/');
  if (parts[0] !== 'src' || parts.length < 2) return null;
  // `errors.ts`, `errors` (an import without extension) and `tinyfs/…` all name their layer by the
  // first segment up to its first dot.
  const head = (parts[1] ?? '').split('.')[0];
  if (head === 'app') return parts[2] === 'engine' ? 'app/engine' : 'app';
  if (head === 'layering') return 'tooling';
  return FOLDER_LAYERS.find((layer) => layer === head) ?? null;
}

export function checkLayering(files: readonly SourceFile[]): Violation[] {
  return files.flatMap(checkFile);
}

function checkFile(file: SourceFile): Violation[] {
  const violations: Violation[] = [];
  const { code, strings } = scan(file.source);
  const lineAt = lineLocator(file.source);
  const report = (offset: number, rule: Rule, message: string) =>
    violations.push({ path: file.path, line: lineAt(offset), rule, message });

  const layer = layerOf(file.path);
  if (layer === null) {
    report(0, 'unknown-layer', 'file is outside every layer of SPEC §2; move it into one');
    return violations;
  }
  // Tests may use Node and the environment freely (they run in Node), but obey the import table.
  const core =
    !ENVIRONMENT_LAYERS.has(layer) &&
    !ENVIRONMENT_FOLDERS.some((folder) => file.path.startsWith(folder)) &&
    !isTestFile(file.path);

  for (const { start, specifier } of importSpecifiers(code, strings)) {
    const target = resolve(file.path, specifier);
    if (target !== null) {
      const targetLayer = layerOf(target);
      if (targetLayer === null) {
        report(start, 'layer-import', `${layer} imports '${specifier}', which is outside every layer`);
      } else if (targetLayer !== layer && targetLayer !== 'errors' && !ALLOWED[layer].includes(targetLayer)) {
        const allowed = [...ALLOWED[layer], 'errors'].join(', ');
        report(start, 'layer-import', `${layer} may not import ${targetLayer} ('${specifier}'); allowed: ${allowed}`);
      }
    } else if (core) {
      const bare = specifier.replace(/^node:/, '').split('/')[0] ?? '';
      if (specifier.startsWith('node:') || NODE_BUILTINS.has(bare)) {
        report(start, 'node-builtin', `core layer ${layer} may not import Node built-in '${specifier}'`);
      } else if (bare === 'react' || bare === 'react-dom') {
        report(start, 'react', `core layer ${layer} may not import '${specifier}'; only src/app uses React`);
      }
    }
  }

  if (core) {
    for (const { offset, name } of globalReferences(code)) {
      const message = `core layer ${layer} may not use the global '${name}'; inject a port from src/store`;
      report(offset, 'env-global', message);
    }
  }
  return violations;
}

/** Resolves a relative (or Vite root-absolute) specifier to a repo-relative path; null for packages. */
function resolve(fromPath: string, specifier: string): string | null {
  const clean = specifier.replace(/[?#].*$/, ''); // Vite suffixes such as `?worker`
  let parts: string[];
  if (clean === '.' || clean === '..' || clean.startsWith('./') || clean.startsWith('../')) {
    parts = [...fromPath.split('/').slice(0, -1), ...clean.split('/')];
  } else if (clean.startsWith('/')) {
    parts = clean.slice(1).split('/');
  } else {
    return null;
  }
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') {
      // Climbing above the repo root leaves a leading '..', which no layer matches.
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else out.push('..');
    } else if (part !== '.' && part !== '') {
      out.push(part);
    }
  }
  return out.join('/');
}

interface StringLiteral {
  /** Offset of the opening quote. */
  start: number;
  /** Offset just past the closing quote. */
  end: number;
  value: string;
}

/**
 * Every module specifier: `import … from 'x'`, `import 'x'`, `export … from 'x'`, `import('x')`
 * (also in types), `require('x')` and Vite's `new URL('x', import.meta.url)`.
 */
function importSpecifiers(code: string, strings: readonly StringLiteral[]): { start: number; specifier: string }[] {
  const found: { start: number; specifier: string }[] = [];
  for (const literal of strings) {
    const before = code.slice(Math.max(0, literal.start - 100), literal.start);
    const after = code.slice(literal.end, literal.end + 100);
    if (
      /(?<![.\w$])(?:from|import)\s*$/.test(before) ||
      /(?<![.\w$])(?:import|require)\s*\(\s*$/.test(before) ||
      (/(?<![.\w$])new\s+URL\s*\(\s*$/.test(before) && /^\s*,\s*import\.meta\.url\b/.test(after))
    ) {
      found.push({ start: literal.start, specifier: literal.value });
    }
  }
  return found;
}

/**
 * References to forbidden globals, also as `globalThis.x` / `self.x`, but not as a property (`port.fetch`),
 * an object or interface key (`{ fetch: … }`, `fetch?: …`) or a method declaration (`fetch(url): T`).
 */
function globalReferences(code: string): { offset: number; name: string }[] {
  const found: { offset: number; name: string }[] = [];
  const pattern = new RegExp(`(?<![\\w$])(${FORBIDDEN_GLOBALS.join('|')})(?![\\w$])`, 'g');
  for (const match of code.matchAll(pattern)) {
    const name = match[1] ?? '';
    const offset = match.index;
    const before = code.slice(0, offset);
    const after = code.slice(offset + name.length);
    const viaGlobalObject = /(?<![\w$.])(?:globalThis|self)\s*\??\.\s*$/.test(before);
    if (!viaGlobalObject && /\.\s*$/.test(before)) continue; // a property of something else
    const memberPosition = /(?:^|[{,;]|\b(?:readonly|public|private|protected|static|override|async|get|set))\s*$/.test(before);
    if (memberPosition && /^\s*\??\s*:/.test(after)) continue; // key: value / name?: Type
    if (memberPosition && isMethodDeclaration(after)) continue;
    found.push({ offset, name });
  }
  return found;
}

/** `name(params): Type` or `name(params) {` or `name<T>(…)…`, as opposed to a call `name(args);`. */
function isMethodDeclaration(after: string): boolean {
  const head = /^\s*\??\s*(?:<[^()]*>)?\s*\(/.exec(after);
  if (head === null) return false;
  let depth = 0;
  for (let i = head[0].length - 1; i < after.length; i++) {
    if (after[i] === '(') depth++;
    else if (after[i] === ')' && --depth === 0) return /^\s*[:{]/.test(after.slice(i + 1));
  }
  return false;
}

function lineLocator(source: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

const REGEX_AFTER_PUNCTUATION = new Set([...'(,=:[!&|?{};+-*%~^<>']);
const REGEX_AFTER_WORD = new Set([
  'return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await',
  'instanceof',
]);

/**
 * Blanks comments, the text of strings and templates, and regular expression bodies with spaces (line
 * breaks kept, so offsets and line numbers still match the source). Code inside `${…}` stays visible.
 * Quotes that do not close on their line are not strings (an apostrophe in JSX text), so they are skipped.
 */
export function scan(source: string): { code: string; strings: StringLiteral[] } {
  const out = source.split('');
  const strings: StringLiteral[] = [];
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  // Brace depth at which each open `${` returns to its template.
  const templateReturns: number[] = [];
  let depth = 0;
  let i = 0;

  // Scans template text from `from`; returns the offset to continue at in code.
  const template = (from: number, opening: number): number => {
    let j = from;
    while (j < source.length) {
      const c = source[j];
      if (c === '\\') j += 2;
      else if (c === '`') {
        blank(from, j);
        if (opening >= 0) strings.push({ start: opening, end: j + 1, value: source.slice(from, j) });
        return j + 1;
      } else if (c === '$' && source[j + 1] === '{') {
        blank(from, j + 2);
        templateReturns.push(depth);
        return j + 2;
      } else j++;
    }
    blank(from, source.length);
    return source.length;
  };

  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      const end = closingQuote(source, i, c);
      if (end < 0) {
        i++;
      } else {
        strings.push({ start: i, end, value: source.slice(i + 1, end - 1) });
        blank(i + 1, end - 1);
        i = end;
      }
    } else if (c === '`') {
      i = template(i + 1, i);
    } else if (c === '/' && regexMayStart(out, i)) {
      const end = regexEnd(source, i);
      if (end < 0) {
        i++;
      } else {
        blank(i + 1, end - 1);
        i = end;
      }
    } else if (c === '}' && templateReturns.length > 0 && templateReturns[templateReturns.length - 1] === depth) {
      templateReturns.pop();
      out[i] = ' ';
      i = template(i + 1, -1);
    } else {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      i++;
    }
  }
  return { code: out.join(''), strings };
}

/** Offset just past the closing quote, or -1 if the line (or file) ends first. */
function closingQuote(source: string, start: number, quote: string): number {
  for (let j = start + 1; j < source.length; j++) {
    const c = source[j];
    if (c === '\\') j++;
    else if (c === quote) return j + 1;
    else if (c === '\n') return -1;
  }
  return -1;
}

/** Whether a `/` at `at` starts a regular expression (rather than dividing), judged by what precedes it. */
function regexMayStart(code: readonly string[], at: number): boolean {
  let j = at - 1;
  while (j >= 0 && /\s/.test(code[j] ?? '')) j--;
  if (j < 0) return true;
  const last = code[j] ?? '';
  if (!/[\w$]/.test(last)) return REGEX_AFTER_PUNCTUATION.has(last);
  let k = j;
  while (k >= 0 && /[\w$]/.test(code[k] ?? '')) k--;
  return REGEX_AFTER_WORD.has(code.slice(k + 1, j + 1).join(''));
}

/** Offset just past a regex literal's closing slash (flags are plain code), or -1 if the line ends first. */
function regexEnd(source: string, start: number): number {
  let inClass = false;
  for (let j = start + 1; j < source.length; j++) {
    const c = source[j];
    if (c === '\\') j++;
    else if (c === '\n') return -1;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) return j + 1;
  }
  return -1;
}
