/**
 * Model-based fuzz test of the TinyFS `WD` API (SPEC §3).
 *
 * A seeded generator produces a few thousand path operations over a tiny name pool. Every operation is
 * applied to a real `FS` (memory backend) and to a deliberately simple model: a plain tree of Maps.
 * After each operation both must agree (both succeed with the same result, or both fail with the same
 * error kind); every `CHECK_EVERY` operations and at the end the whole state is compared.
 *
 * Short run (CI): 4 seeds × 1,500 ops. Long run: `FUZZ_SEEDS=<count> FUZZ_OPS=<ops>` (seeds 1..count).
 * Replay one seed: `FUZZ_SEED=<seed>` (with `FUZZ_OPS` if the failure came from a long run).
 * A failing seed is shrunk to a short op sequence, printed as WD calls ready to become a regression test.
 */
import { describe, expect, it } from 'vitest';
import { type ErrorKind, errorMessage, isPondError } from '../errors';
import type { EntryType, PhysicalFileType } from './entryType';
import { newNodeId } from './id';
import { MemoryPersistence } from './memory';
import { Rng, fuzzPlan, testResolver } from './testing';
import { FS, type WD } from './wd';

// ---------------------------------------------------------------------------------------------------
// Deterministic randomness


// ---------------------------------------------------------------------------------------------------
// Operations: plain data, so a recorded run (or any subsequence of it) replays without the generator.

const E_NFC = '\u00e9'; // é, one code point
const E_NFD = 'e\u0301'; // é, e + combining acute: the same name once normalized to NFC
const NAMES = ['a', 'b', 'c', 'd', 'e', E_NFC, E_NFD] as const;
/**
 * Rare names at the edges of SPEC §3.4's name rules: 127 × é is 254 UTF-8 bytes in NFC (valid) but 381
 * spelled NFD, so it is valid only once normalized; 256 bytes and a control character are InvalidName.
 */
const EDGE_NAMES = [E_NFD.repeat(127), 'x'.repeat(256), 'bel\u0007'] as const;

const PHYSICAL_FILE_TYPES: readonly PhysicalFileType[] = [
  'file:physical:version',
  'file:physical:series',
  'table:physical:version',
  'table:physical:series',
];
type DynType = 'file:dynamic' | 'dir:dynamic';
const KNOWN_FACTORIES = new Set(['test-file', 'test-dir', 'test-listing', 'test-executor']);

type Op =
  | { readonly op: 'mkdir'; readonly path: string }
  | { readonly op: 'mkdirAll'; readonly path: string }
  | { readonly op: 'createFile'; readonly path: string; readonly content: string; readonly type: string }
  | { readonly op: 'write'; readonly path: string; readonly content: string }
  | { readonly op: 'symlink'; readonly path: string; readonly target: string }
  | { readonly op: 'rename'; readonly from: string; readonly to: string }
  | { readonly op: 'remove'; readonly path: string; readonly recursive: boolean }
  | {
      readonly op: 'dynamic';
      readonly path: string;
      readonly entryType: DynType;
      readonly factory: string;
      readonly config: string;
      readonly overwrite: boolean;
    }
  | { readonly op: 'read'; readonly path: string }
  | { readonly op: 'exists'; readonly path: string };

/** Paths that exist in the model right now (real paths, NFC): generated ops aim at them half the time. */
interface Known {
  readonly nodes: readonly string[];
  /** Directories, dynamic ones included. */
  readonly dirs: readonly string[];
  readonly physicalDirs: readonly string[];
}

/**
 * Generates ops. It looks at the model's state to aim at existing paths often enough, but the ops it
 * returns are plain data: replaying any subsequence of them needs no generator (that is what makes
 * shrinking possible).
 */
class Gen {
  /** Ops of a burst still to be returned. */
  private readonly pending: Op[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly known: () => Known,
  ) {}

  /** An absolute path of 1..maxDepth pool names, sometimes spelled with `//`, `.`, `..` or a trailing `/`. */
  random(maxDepth: number): string {
    const rng = this.rng;
    const depths: [number, number][] = [[1, 4], [2, 4], [3, 2], [4, 1]];
    const depth = rng.weighted(depths.filter(([d]) => d <= maxDepth));
    const parts: string[] = [];
    for (let i = 0; i < depth; i++) {
      if (i > 0 && rng.chance(0.03)) parts.push('.');
      if (i > 0 && rng.chance(0.03)) parts.push('..', rng.pick(NAMES)); // `x/../y/z`: pops x, continues in y
      parts.push(rng.chance(0.01) ? rng.pick(EDGE_NAMES) : rng.pick(NAMES));
    }
    let path = `/${parts.join(rng.chance(0.05) ? '//' : '/')}`;
    if (rng.chance(0.04)) path += '/';
    return path;
  }

  /** An existing path half the time (NFC é respelled as NFD at random), else a random one. */
  any(maxDepth: number): string {
    const { nodes } = this.known();
    if (nodes.length === 0 || this.rng.chance(0.5)) return this.random(maxDepth);
    return this.respell(this.rng.pick(nodes));
  }

  /** A new name in an existing directory half the time, else a random path. */
  fresh(maxDepth: number): string {
    const { dirs } = this.known();
    if (this.rng.chance(0.5)) return this.random(maxDepth);
    return this.respell(join(this.rng.pick(dirs), this.rng.pick(NAMES)));
  }

  /** Half the time the same path spelled with NFD é: the FS must find the NFC-named entries. */
  private respell(path: string): string {
    return this.rng.chance(0.5) ? path.replaceAll(E_NFC, E_NFD) : path;
  }

  /** Mostly absolute targets (often dangling), some relative ones (`b`, `../c`, `b/c`), rarely the root. */
  target(): string {
    const rng = this.rng;
    const r = rng.float();
    if (r < 0.01) return rng.pick(['', 'a/bel\u0007']); // InvalidPath, InvalidName
    if (r < 0.65) return this.any(3);
    if (r < 0.98) {
      const parts: string[] = [];
      if (rng.chance(0.4)) parts.push('..');
      parts.push(rng.pick(NAMES));
      if (rng.chance(0.3)) parts.push(rng.pick(NAMES));
      return parts.join('/');
    }
    return '/';
  }

  content(): string {
    return this.rng.chance(0.05) ? '' : `v${this.rng.int(1000)}`;
  }

  /** `test-listing` lines: `child-`/`raw-` files and a `dir-` whose own lines are joined by `;`. */
  listingConfig(nested: boolean): string {
    const rng = this.rng;
    const used = new Set<string>(); // two lines producing one name would be a factory error
    const lines: string[] = [];
    for (let i = rng.int(nested ? 2 : 4) + 1; i > 0; i--) {
      const name = rng.pick(NAMES);
      if (used.has(name.normalize('NFC'))) continue;
      used.add(name.normalize('NFC'));
      const kind = rng.weighted<string>([['child', 3], ['raw', 2], ['dir', nested ? 0 : 2]]);
      lines.push(`${kind}-${name}: ${kind === 'dir' ? this.listingConfig(true).trim().split('\n').join(';') : `w${rng.int(100)}`}`);
    }
    return `${lines.join('\n')}\n`;
  }

  /**
   * A chain of 8..12 symlinks to a file, then reads through it: SPEC §3.4 allows 10 nested links, an
   * 11th is a SymlinkLoop. Random links alone almost never build chains that long.
   */
  private chain(): Op[] {
    const rng = this.rng;
    const { nodes, physicalDirs } = this.known();
    const taken = new Set(nodes);
    const links = 8 + rng.int(5);
    const paths = new Set<string>();
    for (let tries = 0; paths.size <= links && tries < 200; tries++) {
      const path = join(rng.pick(physicalDirs), rng.pick(NAMES));
      if (!taken.has(path.normalize('NFC'))) paths.add(path);
    }
    const chain = [...paths];
    if (chain.length < 2) return []; // no free names left: no chain this time
    const ops: Op[] = chain.slice(0, -1).map((path, i) => ({ op: 'symlink', path, target: chain[i + 1] as string }));
    const [head, end] = [chain[0] as string, chain[chain.length - 1] as string];
    ops.push({ op: 'createFile', path: end, content: this.content(), type: 'file:physical:version' });
    ops.push({ op: 'read', path: head }, { op: 'write', path: head, content: this.content() }, { op: 'exists', path: `${head}/x` });
    return ops;
  }

  op(): Op {
    const queued = this.pending.shift();
    if (queued !== undefined) return queued;
    if (this.rng.chance(0.004)) this.pending.push(...this.chain());
    const rng = this.rng;
    const kind = rng.weighted<Op['op']>([
      ['mkdir', 10],
      ['mkdirAll', 6],
      ['createFile', 14],
      ['write', 13],
      ['symlink', 4],
      ['rename', 12],
      ['remove', 10],
      ['dynamic', 9],
      ['read', 10],
      ['exists', 5],
    ]);
    switch (kind) {
      case 'mkdir':
        return { op: 'mkdir', path: this.fresh(3) };
      case 'mkdirAll':
        return { op: 'mkdirAll', path: rng.chance(0.5) ? this.random(4) : `${this.any(2)}/${this.random(2).slice(1)}` };
      case 'createFile': {
        const type = rng.chance(0.01)
          ? rng.pick(['dir:physical', 'symlink', 'file:dynamic'])
          : rng.weighted<string>([
              ['file:physical:version', 5],
              ['file:physical:series', 4],
              ['table:physical:version', 1],
              ['table:physical:series', 1],
            ]);
        return { op: 'createFile', path: this.fresh(3), content: this.content(), type };
      }
      case 'write':
        return { op: 'write', path: this.any(3), content: this.content() };
      case 'symlink':
        return { op: 'symlink', path: this.fresh(3), target: this.target() };
      case 'rename': {
        if (rng.chance(0.003)) return { op: 'rename', from: '/', to: this.fresh(2) };
        const from = this.any(3);
        // Often try to move an entry below itself: the refused case (or NotFound/NotADirectory for files).
        const to = rng.chance(0.2) ? `${from.replace(/\/+$/, '')}/${rng.pick(NAMES)}` : this.fresh(3);
        return { op: 'rename', from, to };
      }
      case 'remove':
        return { op: 'remove', path: rng.chance(0.01) ? '/' : this.any(3), recursive: rng.chance(0.4) };
      case 'dynamic': {
        const path = rng.chance(0.6) ? this.fresh(3) : this.any(3);
        const overwrite = rng.chance(0.5);
        const word = `w${rng.int(100)}`;
        if (rng.chance(0.02)) return { op: 'dynamic', path, entryType: 'file:dynamic', factory: 'nope', config: `content: ${word}\n`, overwrite };
        if (rng.chance(0.2)) return { op: 'dynamic', path, entryType: 'dir:dynamic', factory: 'test-dir', config: `name: ${word}\n`, overwrite };
        if (rng.chance(0.2)) return { op: 'dynamic', path, entryType: 'dir:dynamic', factory: 'test-listing', config: this.listingConfig(false), overwrite };
        if (rng.chance(0.2)) return { op: 'dynamic', path, entryType: 'file:dynamic', factory: 'test-executor', config: `run: ${word}\n`, overwrite };
        return { op: 'dynamic', path, entryType: 'file:dynamic', factory: 'test-file', config: `content: ${word}\n`, overwrite };
      }
      case 'read':
        return { op: 'read', path: this.any(3) };
      case 'exists':
        return { op: 'exists', path: this.any(3) };
    }
  }
}

/**
 * A string literal with non-ASCII escaped, so NFC and NFD spellings stay distinguishable in reports;
 * long runs (the edge names) become `${"é".repeat(127)}` in a template literal.
 */
function q(text: string): string {
  const escape = (t: string): string =>
    JSON.stringify(t)
      .slice(1, -1)
      .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const run = /(.{1,2}?)\1{7,}/su;
  if (!run.test(text)) return `"${escape(text)}"`;
  let out = '';
  let rest = text;
  for (let m = run.exec(rest); m !== null; m = run.exec(rest)) {
    const unit = m[1] as string;
    out += `${escape(rest.slice(0, m.index))}\${"${escape(unit)}".repeat(${m[0].length / unit.length})}`;
    rest = rest.slice(m.index + m[0].length);
  }
  return `\`${out}${escape(rest)}\``;
}

/** An op as the WD call it makes (string arguments stand for their UTF-8 bytes). */
function showOp(op: Op): string {
  switch (op.op) {
    case 'mkdir':
      return `createDirPath(${q(op.path)})`;
    case 'mkdirAll':
      return `createDirAll(${q(op.path)})`;
    case 'createFile':
      return `createFilePath(${q(op.path)}, ${q(op.content)}, ${q(op.type)})`;
    case 'write':
      return `writeFilePath(${q(op.path)}, ${q(op.content)})`;
    case 'symlink':
      return `createSymlinkPath(${q(op.path)}, ${q(op.target)})`;
    case 'rename':
      return `renameEntry(${q(op.from)}, ${q(op.to)})`;
    case 'remove':
      return `removeEntry(${q(op.path)}, { recursive: ${op.recursive} })`;
    case 'dynamic':
      return `createDynamicPath(${q(op.path)}, ${q(op.entryType)}, ${q(op.factory)}, ${q(op.config)}, { overwrite: ${op.overwrite} })`;
    case 'read':
      return `readFilePath(${q(op.path)})`;
    case 'exists':
      return `exists(${q(op.path)})`;
  }
}

// ---------------------------------------------------------------------------------------------------
// The model: a tree of Maps. Names are NFC-normalized; a node object moves on rename (identity = node).

type MDir = { kind: 'dir'; children: Map<string, MNode> };
type MFile = { kind: 'file'; type: PhysicalFileType; versions: string[] };
type MLink = { kind: 'link'; target: string };
/**
 * A dynamic node: stored (`produced: false`, one version per config) or a child its parent directory's
 * factory produced (`produced: true`). Factory `(content)` marks a produced file with fixed content.
 */
type MDyn = { kind: 'dyn'; type: DynType; versions: { factory: string; config: string }[]; produced: boolean };
type MNode = MDir | MFile | MLink | MDyn;

interface Frame {
  readonly node: MNode;
  readonly name: string;
}
type Lookup = { kind: 'found'; stack: Frame[] } | { kind: 'missing' };

/** The model's expected failure: only the kind is compared. */
class Refused {
  constructor(readonly kind: ErrorKind) {}
}

const MAX_LINKS = 10; // SPEC §3.4: more than 10 nested links → SymlinkLoop

function typeOf(node: MNode): EntryType {
  switch (node.kind) {
    case 'dir':
      return 'dir:physical';
    case 'file':
      return node.type;
    case 'link':
      return 'symlink';
    case 'dyn':
      return node.type;
  }
}

function isDirLike(node: MNode): boolean {
  return asDir(node) !== null;
}

/** The node as a directory (physical or dynamic), or null. */
function asDir(node: MNode): MDir | MDyn | null {
  return node.kind === 'dir' || (node.kind === 'dyn' && node.type === 'dir:dynamic') ? node : null;
}

function latest(node: MDyn): { factory: string; config: string } {
  const version = node.versions[node.versions.length - 1];
  if (version === undefined) throw new Error('model: dynamic node without versions');
  return version;
}

/** `key: value` lines, as testing.ts's `simpleConfig` reads them (the generator writes no comments). */
function configLines(config: string): [string, string][] {
  return config
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
    });
}

// Produced children are cached per config so that the same directory is the same model node each time.
const producedCache = new WeakMap<MDyn, { config: string; children: Map<string, MNode> }>();

/**
 * The entries of a directory. `test-dir` produces nothing; `test-listing` produces a `test-file` child
 * per `child-<name>: <content>` line, a fixed-content file per `raw-<name>: <content>` and a nested
 * `test-listing` directory per `dir-<name>: <lines joined by ;>` (see testing.ts).
 */
function childrenOf(dir: MDir | MDyn): Map<string, MNode> {
  if (dir.kind === 'dir') return dir.children;
  const { factory, config } = latest(dir);
  const cached = producedCache.get(dir);
  if (cached !== undefined && cached.config === config) return cached.children;
  const children = new Map<string, MNode>();
  if (factory === 'test-listing') {
    for (const [key, value] of configLines(config)) {
      const produce = (type: DynType, factory: string, config: string): void =>
        void children.set(key.slice(key.indexOf('-') + 1).normalize('NFC'), { kind: 'dyn', type, versions: [{ factory, config }], produced: true });
      if (key.startsWith('child-')) produce('file:dynamic', 'test-file', `content: ${value}\n`);
      else if (key.startsWith('raw-')) produce('file:dynamic', '(content)', value);
      else if (key.startsWith('dir-')) produce('dir:dynamic', 'test-listing', value.replace(/;/g, '\n'));
    }
  }
  producedCache.set(dir, { config, children });
  return children;
}

function top(stack: readonly Frame[]): Frame {
  const frame = stack[stack.length - 1];
  if (frame === undefined) throw new Error('model: empty stack');
  return frame;
}

/** The real path of a stack: every frame is a child of the one before it, from the root. */
function stackPath(stack: readonly Frame[]): string {
  return `/${stack.slice(1).map((f) => f.name).join('/')}`;
}

function join(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** Splits a path; names are NFC, at most 255 UTF-8 bytes, free of control characters (SPEC §3.4). */
function parse(path: string): { absolute: boolean; steps: string[] } {
  if (path === '') throw new Refused('InvalidPath');
  const steps = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (s === '.' || s === '..' ? s : s.normalize('NFC')));
  for (const step of steps) {
    if (/[\u0000-\u001f\u007f-\u009f]/.test(step) || encoder.encode(step).length > 255) throw new Refused('InvalidName');
  }
  return { absolute: path.startsWith('/'), steps };
}

/** What a test-file / test-executor / produced node reads as. */
function dynContent(node: MDyn): string {
  const { factory, config } = latest(node);
  if (factory === 'test-executor' || factory === '(content)') return config; // an executable reads as its config
  const match = /^content:(.*)$/m.exec(config);
  if (match?.[1] === undefined) throw new Error('model: test-file config without content');
  return match[1].trim();
}

/** The fake table codec given to the FS: a "union" is the versions joined by `|`. */
const TABLE_SEPARATOR = '|';

function fileContent(node: MFile | MDyn): string {
  if (node.kind === 'dyn') return dynContent(node);
  switch (node.type) {
    case 'file:physical:series':
      return node.versions.join('');
    case 'table:physical:series':
      return node.versions.join(TABLE_SEPARATOR);
    default:
      return node.versions[node.versions.length - 1] ?? '';
  }
}

class Model {
  readonly root: MDir = { kind: 'dir', children: new Map() };
  private readonly rootFrame: Frame = { node: this.root, name: '' };

  /**
   * Resolves `path` (SPEC §3.4): `.` skipped, `..` pops the stack (never past the root), symlinks
   * followed (absolute targets from the root, relative ones from the link's directory), except a
   * final one when `follow` is false. A step below a non-directory is NotADirectory.
   */
  walk(start: readonly Frame[], path: string, follow: boolean, depth = 0): Lookup {
    const { absolute, steps } = parse(path);
    let stack: Frame[] = absolute ? [this.rootFrame] : [...start];
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as string;
      if (step === '.') continue;
      if (step === '..') {
        if (stack.length > 1) stack.pop();
        continue;
      }
      const dir = asDir(top(stack).node);
      if (dir === null) throw new Refused('NotADirectory');
      const child = childrenOf(dir).get(step);
      if (child === undefined) return { kind: 'missing' };
      if (child.kind === 'link' && (i < steps.length - 1 || follow)) {
        if (depth >= MAX_LINKS) throw new Refused('SymlinkLoop');
        const resolved = this.walk(stack, child.target, true, depth + 1);
        if (resolved.kind === 'missing') return resolved;
        stack = resolved.stack;
        continue;
      }
      stack.push({ node: child, name: step });
    }
    return { kind: 'found', stack };
  }

  private found(path: string, follow: boolean): Frame[] {
    const lookup = this.walk([this.rootFrame], path, follow);
    if (lookup.kind === 'missing') throw new Refused('NotFound');
    return lookup.stack;
  }

  /** The writable physical directory that will hold the last component of `path`. */
  private parentForCreate(path: string, allowExisting = false): { stack: Frame[]; dir: MDir; name: string } {
    const { absolute, steps } = parse(path);
    const name = steps[steps.length - 1];
    if (name === undefined || name === '.' || name === '..') throw new Error(`generator made an uncreatable path ${path}`);
    const parentPath = `${absolute ? '/' : ''}${steps.slice(0, -1).join('/')}` || '.';
    const lookup = this.walk([this.rootFrame], parentPath, true);
    if (lookup.kind === 'missing') throw new Refused('NotFound');
    const dir = top(lookup.stack).node;
    if (!isDirLike(dir)) throw new Refused('NotADirectory');
    if (dir.kind !== 'dir') throw new Refused('ReadOnly'); // a factory's directory cannot be changed
    if (!allowExisting && dir.children.has(name)) throw new Refused('AlreadyExists');
    return { stack: lookup.stack, dir, name };
  }

  /**
   * `mkdir -p`: existing directories (also through symlinks) are entered, missing ones created. A
   * dangling symlink is followed and its whole target created, so that afterwards `path` is a directory.
   */
  private mkdirAll(start: readonly Frame[], path: string, depth: number): Frame[] {
    const { absolute, steps } = parse(path);
    let stack: Frame[] = absolute ? [this.rootFrame] : [...start];
    for (const step of steps) {
      if (step === '.') continue;
      if (step === '..') {
        if (stack.length > 1) stack.pop();
        continue;
      }
      const dir = asDir(top(stack).node);
      if (dir === null) throw new Refused('NotADirectory');
      const child = childrenOf(dir).get(step);
      if (child === undefined) {
        if (dir.kind !== 'dir') throw new Refused('ReadOnly');
        const created: MDir = { kind: 'dir', children: new Map() };
        dir.children.set(step, created);
        stack.push({ node: created, name: step });
      } else if (child.kind === 'link') {
        if (depth >= MAX_LINKS) throw new Refused('SymlinkLoop');
        stack = this.mkdirAll(stack, child.target, depth + 1);
      } else if (isDirLike(child)) {
        stack.push({ node: child, name: step });
      } else {
        throw new Refused('NotADirectory');
      }
    }
    return stack;
  }

  /** Applies `op`; returns what the WD call returns (reduced to comparable data) or throws `Refused`. */
  apply(op: Op): unknown {
    switch (op.op) {
      case 'mkdir': {
        const { stack, dir, name } = this.parentForCreate(op.path);
        dir.children.set(name, { kind: 'dir', children: new Map() });
        return join(stackPath(stack), name);
      }
      case 'mkdirAll':
        return stackPath(this.mkdirAll([this.rootFrame], op.path, 0));
      case 'createFile': {
        const type = PHYSICAL_FILE_TYPES.find((t) => t === op.type);
        if (type === undefined) throw new Refused('InvalidArgument');
        const { stack, dir, name } = this.parentForCreate(op.path);
        dir.children.set(name, { kind: 'file', type, versions: [op.content] });
        return join(stackPath(stack), name);
      }
      case 'write': {
        const node = top(this.found(op.path, true)).node;
        if (node.kind === 'dyn') throw new Refused('ReadOnly'); // change a dynamic node through its config
        if (node.kind !== 'file') throw new Refused('NotAFile');
        node.versions.push(op.content);
        return node.versions.length;
      }
      case 'symlink': {
        parse(op.target); // the target must be a valid path, checked before anything else
        const { stack, dir, name } = this.parentForCreate(op.path);
        dir.children.set(name, { kind: 'link', target: op.target });
        return join(stackPath(stack), name);
      }
      case 'rename': {
        const source = this.found(op.from, false);
        if (source.length === 1) throw new Refused('InvalidArgument'); // the root cannot move (as in removeEntry)
        const { node, name: oldName } = top(source);
        const from = top(source.slice(0, -1)).node;
        if (from.kind !== 'dir') throw new Refused('ReadOnly');
        const { stack, dir, name } = this.parentForCreate(op.to);
        if (isDirLike(node) && stack.some((f) => f.node === node)) throw new Refused('InvalidArgument');
        from.children.delete(oldName);
        dir.children.set(name, node);
        return join(stackPath(stack), name);
      }
      case 'remove': {
        const stack = this.found(op.path, false);
        const { node, name } = top(stack);
        if (node === this.root) throw new Refused('InvalidArgument');
        const parent = top(stack.slice(0, -1)).node;
        if (parent.kind !== 'dir') throw new Refused('ReadOnly');
        if (node.kind === 'dir' && !op.recursive && node.children.size > 0) throw new Refused('NotEmpty');
        parent.children.delete(name);
        return undefined;
      }
      case 'dynamic': {
        if (!KNOWN_FACTORIES.has(op.factory)) throw new Refused('UnknownFactory');
        const { stack, dir, name } = this.parentForCreate(op.path, true);
        const existing = dir.children.get(name);
        const version = { factory: op.factory, config: op.config };
        if (existing !== undefined) {
          if (!op.overwrite) throw new Refused('AlreadyExists');
          if (existing.kind !== 'dyn' || existing.type !== op.entryType) throw new Refused('TypeMismatch');
          existing.versions.push(version);
        } else {
          dir.children.set(name, { kind: 'dyn', type: op.entryType, versions: [version], produced: false });
        }
        return join(stackPath(stack), name);
      }
      case 'read': {
        const node = top(this.found(op.path, true)).node;
        if (node.kind === 'dir' || node.kind === 'link' || isDirLike(node)) throw new Refused('NotAFile');
        return fileContent(node);
      }
      case 'exists':
        return this.walk([this.rootFrame], op.path, false).kind === 'found';
    }
  }

  /** Every node by its real path, parents before children: stored ones and those factories produce (no symlink is followed). */
  nodes(): { path: string; node: MNode }[] {
    const out: { path: string; node: MNode }[] = [{ path: '/', node: this.root }];
    const visit = (dir: MDir | MDyn, path: string): void => {
      for (const [name, node] of sortedEntries(dir)) {
        out.push({ path: join(path, name), node });
        const dir = asDir(node);
        if (dir !== null) visit(dir, join(path, name));
      }
    };
    visit(this.root, '/');
    return out;
  }

  known(): Known {
    const all = this.nodes();
    return {
      nodes: all.slice(1).map((n) => n.path),
      dirs: all.filter((n) => isDirLike(n.node)).map((n) => n.path),
      physicalDirs: all.filter((n) => n.node.kind === 'dir').map((n) => n.path),
    };
  }

  /**
   * What a glob over the whole tree must return: `levels: 'all'` is `collectMatches('/**')`, a number n
   * is `/*` repeated n times (entries exactly n levels down). Symlinks are listed as themselves and
   * also entered when they lead to a directory, so entries appear under link paths too.
   *
   * Loops: the generator makes symlinks freely (targets at ancestors included, and renames can create a
   * loop long after the link was made), so instead of avoiding loops the model predicts them. With `**`,
   * entering a directory that is already on the current path is a `VisitLoop`; entering a link that
   * cannot be resolved because of nested links is a `SymlinkLoop`. Which problem is hit first depends
   * on traversal order, so the model returns every problem it sees and the FS must fail with one of
   * them. A link that leads nowhere is listed but not entered: a dangling one, and equally one whose
   * target runs through a file (`/l → /file/x`; POSIX `stat` says ENOTDIR, `find -L` lists it as a
   * broken link): one broken link must not make the whole tree unlistable.
   */
  listing(levels: number | 'all'): { entries: string[]; problems: Set<ErrorKind> } {
    const entries: string[] = [];
    const problems = new Set<ErrorKind>();
    const visit = (stack: Frame[], path: string, onPath: Set<MNode>, level: number): void => {
      const dir = asDir(top(stack).node);
      const children = dir === null ? [] : sortedEntries(dir);
      if (levels === 'all' || level === levels) {
        for (const [name, node] of children) entries.push(`${join(path, name)} ${typeOf(node)}`);
      }
      if (levels !== 'all' && level >= levels) return;
      for (const [name, node] of children) {
        let entered: Frame[] | null = null;
        if (isDirLike(node)) entered = [...stack, { node, name }];
        else if (node.kind === 'link') {
          try {
            const lookup = this.walk(stack, name, true);
            if (lookup.kind === 'found' && isDirLike(top(lookup.stack).node)) entered = lookup.stack;
          } catch (error) {
            if (!(error instanceof Refused)) throw error;
            if (error.kind !== 'NotADirectory') problems.add(error.kind);
          }
        }
        if (entered === null) continue;
        const target = top(entered).node;
        if (levels === 'all' && onPath.has(target)) {
          problems.add('VisitLoop');
          continue;
        }
        visit(entered, join(path, name), new Set([...onPath, target]), level + 1);
      }
    };
    visit([this.rootFrame], '/', new Set([this.root]), 1);
    return { entries, problems };
  }
}

function sortedEntries(dir: MDir | MDyn): [string, MNode][] {
  return [...childrenOf(dir).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Path order of SPEC §3.4 (component by component), written independently of visit.ts. */
function byPath(a: string, b: string): number {
  const pa = a.split(' ')[0]?.split('/') ?? [];
  const pb = b.split(' ')[0]?.split('/') ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

// ---------------------------------------------------------------------------------------------------
// The harness: one FS and one model, kept in step.

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);

type Outcome = { ok: true; value: unknown } | { ok: false; kind: string };

function showOutcome(outcome: Outcome): string {
  return outcome.ok ? `ok ${outcome.value === undefined ? '' : JSON.stringify(outcome.value)}`.trim() : outcome.kind;
}

/** A thrown value as an outcome kind; anything but a PondError is a crash and never matches the model. */
function kindOf(error: unknown): string {
  return isPondError(error) ? error.kind : `crash (${errorMessage(error)})`;
}

interface Failure {
  /** Index of the op after which the divergence was seen. */
  readonly index: number;
  /** Same signature ⇔ the same symptom; used to keep shrinking on the same bug. */
  readonly signature: string;
  readonly message: string;
}

class Harness {
  readonly persistence: MemoryPersistence;
  readonly fs: FS;
  readonly root: WD;
  readonly model = new Model();

  constructor(seed: number) {
    // Ids and timestamps come from their own seeded stream, so a seed replays exactly.
    const idRng = new Rng(seed ^ 0x5eed1d5);
    let clock = 1_700_000_000_000;
    this.persistence = new MemoryPersistence({ now: () => clock });
    this.fs = new FS(this.persistence, {
      resolver: testResolver(),
      newId: (type) => newNodeId(type, ++clock, (n) => idRng.bytes(n)),
      tables: { union: (versions) => bytes(versions.map((v) => decoder.decode(v)).join(TABLE_SEPARATOR)) },
    });
    this.root = this.fs.root();
  }

  private async run(op: Op): Promise<unknown> {
    const root = this.root;
    switch (op.op) {
      case 'mkdir':
        return (await root.createDirPath(op.path)).path;
      case 'mkdirAll':
        return (await root.createDirAll(op.path)).path;
      case 'createFile':
        return (await root.createFilePath(op.path, bytes(op.content), op.type as PhysicalFileType)).path;
      case 'write':
        return root.writeFilePath(op.path, bytes(op.content));
      case 'symlink':
        return (await root.createSymlinkPath(op.path, op.target)).path;
      case 'rename':
        return (await root.renameEntry(op.from, op.to)).path;
      case 'remove':
        return root.removeEntry(op.path, { recursive: op.recursive });
      case 'dynamic':
        return (await root.createDynamicPath(op.path, op.entryType, op.factory, bytes(op.config), { overwrite: op.overwrite })).path;
      case 'read':
        return decoder.decode(await root.readFilePath(op.path));
      case 'exists':
        return root.exists(op.path);
    }
  }

  /** Applies `op` to both; a description of the disagreement, or null. */
  async step(op: Op): Promise<{ signature: string; message: string } | null> {
    let expected: Outcome;
    try {
      expected = { ok: true, value: this.model.apply(op) };
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      expected = { ok: false, kind: error.kind };
    }
    let actual: Outcome;
    try {
      actual = { ok: true, value: await this.run(op) };
    } catch (error) {
      actual = { ok: false, kind: kindOf(error) };
    }
    const e = showOutcome(expected);
    const a = showOutcome(actual);
    if (e === a) return null;
    const crash = !actual.ok && actual.kind.startsWith('crash');
    return {
      signature: `${op.op}: expected ${expected.ok ? 'ok' : expected.kind}, got ${actual.ok ? 'ok' : crash ? 'crash' : actual.kind}`,
      message: `${showOp(op)}\n    model: ${e}\n    fs:    ${a}`,
    };
  }

  /** Compares the whole state; a description of the first difference, or null. */
  async checkState(): Promise<{ signature: string; message: string } | null> {
    // 1. Every node by its real path: directory entries, symlink targets, file contents, stored versions.
    for (const { path, node } of this.model.nodes()) {
      try {
        const problem = await this.checkNode(path, node);
        if (problem !== null) return { signature: `state: ${problem[0]}`, message: `state at ${q(path)}: ${problem[1]}` };
      } catch (error) {
        return { signature: 'state: error', message: `state at ${q(path)} (${typeOf(node)}): ${kindOf(error)}: ${errorMessage(error)}` };
      }
    }

    // 2. The logical listing through symlinks and dynamic directories: everything, and two levels deep
    //    (which cannot loop, so it is still compared when the whole tree is a VisitLoop).
    return (
      (await this.compareGlob('/**', this.model.listing('all'), (path) => [path.slice(path.lastIndexOf('/') + 1)])) ??
      (await this.compareGlob('/*/*', this.model.listing(2), (path) => path.split('/').slice(1)))
    );
  }

  /** The first difference at one node, as [what, detail], or null. */
  private async checkNode(path: string, node: MNode): Promise<[string, string] | null> {
    const dynVersions = (versions: readonly { factory: string; config: string }[]): string[] => versions.map((v) => `${v.factory} ${v.config}`);
    if (node.kind === 'dir' || (node.kind === 'dyn' && node.type === 'dir:dynamic')) {
      const dir = await this.root.openDirPath(path);
      const actual = (await dir.entries()).map((n) => `${n.path} ${n.entryType}`);
      const expected = sortedEntries(node).map(([name, child]) => `${join(path, name)} ${typeOf(child)}`);
      const diff = diffLines(expected, actual);
      if (diff !== null) return ['entries', `entries differ\n${diff}`];
      if (node.kind === 'dyn' && !node.produced) {
        // A directory's config versions are not readable through WD (it is not a file): ask the backend.
        const versions = await this.persistence.listFileVersions(dir.node.id);
        const configs = await Promise.all(versions.map((v) => this.persistence.readFileVersion(dir.node.id, v.version)));
        const stored = versions.map((v, i) => `${v.extendedMetadata['factory']} ${decoder.decode(configs[i])}`);
        if (JSON.stringify(stored) !== JSON.stringify(dynVersions(node.versions))) {
          return ['versions', `configs ${JSON.stringify(stored)}, expected ${JSON.stringify(dynVersions(node.versions))}`];
        }
      }
      return null;
    }
    if (node.kind === 'link') {
      const found = await this.root.getNodePath(path, { follow: false });
      const stored = await this.persistence.loadNode(found.id);
      const target = stored.kind === 'symlink' ? stored.target : `<${stored.kind}>`;
      if (found.entryType !== 'symlink' || target !== node.target) {
        return ['symlink', `expected symlink → ${q(node.target)}, got ${found.entryType} → ${q(target)}`];
      }
      return null;
    }
    const content = decoder.decode(await this.root.readFilePath(path));
    if (content !== fileContent(node)) return ['content', `content ${q(content)}, expected ${q(fileContent(node))}`];
    if (node.kind === 'dyn' && node.produced) {
      const listed = await this.root.listFileVersions(path).then(
        (versions) => `${versions.length} versions`,
        (error: unknown) => kindOf(error),
      );
      return listed === 'Unsupported' ? null : ['versions', `listFileVersions of a produced node gave ${listed}, expected Unsupported`];
    }
    const versions = await this.root.listFileVersions(path);
    const stored = await Promise.all(versions.map(async (v) => decoder.decode(await this.root.readFileVersion(path, v.version))));
    const expected = node.kind === 'file' ? node.versions : dynVersions(node.versions);
    const actual = node.kind === 'file' ? stored : stored.map((config, i) => `${versions[i]?.extendedMetadata['factory']} ${config}`);
    const numbers = versions.map((v) => v.version).join(',');
    const expectedNumbers = expected.map((_, i) => i + 1).join(',');
    if (JSON.stringify(actual) !== JSON.stringify(expected) || numbers !== expectedNumbers) {
      return ['versions', `versions [${numbers}] ${JSON.stringify(actual)}, expected [${expectedNumbers}] ${JSON.stringify(expected)}`];
    }
    return null;
  }

  private async compareGlob(
    pattern: string,
    expected: { entries: string[]; problems: Set<ErrorKind> },
    capturesOf: (path: string) => string[],
  ): Promise<{ signature: string; message: string } | null> {
    const call = `collectMatches(${q(pattern)})`;
    let actual: string[];
    try {
      const matches = await this.root.collectMatches(pattern);
      actual = matches.map(([node]) => `${node.path} ${node.entryType}`);
      const badCapture = matches.find(([node, captures]) => JSON.stringify(captures) !== JSON.stringify(capturesOf(node.path)));
      if (badCapture !== undefined) {
        return { signature: `state: ${pattern} captures`, message: `${call}: ${badCapture[0].path} captured ${JSON.stringify(badCapture[1])}` };
      }
      const sorted = [...actual].sort(byPath);
      if (JSON.stringify(sorted) !== JSON.stringify(actual)) {
        return { signature: `state: ${pattern} order`, message: `${call} is not sorted by path:\n${actual.join('\n')}` };
      }
    } catch (error) {
      const kind = kindOf(error);
      if (expected.problems.has(kind as ErrorKind)) return null;
      return {
        signature: `state: ${pattern} ${kind}`,
        message: `${call} failed with ${kind} (${errorMessage(error)}); the model expected ${
          expected.problems.size > 0 ? [...expected.problems].join(' or ') : `${expected.entries.length} entries`
        }`,
      };
    }
    if (expected.problems.size > 0) {
      return { signature: `state: ${pattern} ok`, message: `${call} succeeded; the model expected ${[...expected.problems].join(' or ')}` };
    }
    const diff = diffLines(expected.entries.sort(byPath), actual);
    if (diff !== null) return { signature: `state: ${pattern}`, message: `${call} differs from the model\n${diff}` };
    return null;
  }
}

/** `- line` for lines only expected, `+ line` for lines only actual; null when equal as lists. */
function diffLines(expected: string[], actual: string[]): string | null {
  if (JSON.stringify(expected) === JSON.stringify(actual)) return null;
  const missing = expected.filter((line) => !actual.includes(line)).map((line) => `    - ${line}`);
  const extra = actual.filter((line) => !expected.includes(line)).map((line) => `    + ${line}`);
  const lines = [...missing, ...extra];
  return lines.length > 0 ? lines.join('\n') : `    same lines, different order:\n    ${actual.join('\n    ')}`;
}

// ---------------------------------------------------------------------------------------------------
// Running, and shrinking a failure to a short op sequence.

const CHECK_EVERY = 200;

/** Where a run's ops come from: generated from the seed as the run goes, or replayed as recorded. */
type Plan = { readonly generate: number } | { readonly replay: readonly Op[] };

/** Changes the FS behind the model's back before a run (only the harness self-tests use it). */
type Tamper = (root: WD) => Promise<unknown>;

async function runOps(seed: number, plan: Plan, checkEvery: number, tamper?: Tamper): Promise<{ ops: Op[]; failure: Failure | null }> {
  const harness = new Harness(seed);
  await tamper?.(harness.root);
  const gen = new Gen(new Rng(seed), () => harness.model.known());
  const count = 'generate' in plan ? plan.generate : plan.replay.length;
  const ops: Op[] = [];
  for (let i = 0; i < count; i++) {
    const op = 'generate' in plan ? gen.op() : (plan.replay[i] as Op);
    ops.push(op);
    const diverged = await harness.step(op);
    if (diverged !== null) return { ops, failure: { index: i, ...diverged, message: `op #${i}: ${diverged.message}` } };
    if ((i + 1) % checkEvery === 0 || i === count - 1) {
      const state = await harness.checkState();
      if (state !== null) return { ops, failure: { index: i, ...state, message: `after op #${i} (${showOp(op)}): ${state.message}` } };
    }
  }
  return { ops, failure: null };
}

/** Removes ops while the same symptom remains (delta debugging), within a time budget. */
async function shrink(
  seed: number,
  ops: readonly Op[],
  failure: Failure,
  budgetMs: number,
  tamper?: Tamper,
): Promise<{ ops: Op[]; failure: Failure }> {
  const deadline = Date.now() + budgetMs;
  let current = ops.slice(0, failure.index + 1);
  let best = failure;
  const stillFails = async (candidate: Op[]): Promise<Failure | null> => {
    const { failure: f } = await runOps(seed, { replay: candidate }, 1, tamper); // state checked after every op
    return f !== null && f.signature === best.signature ? f : null;
  };
  // With the state checked after every op the first divergence may show earlier, possibly as another
  // symptom: that earlier one is the one to shrink and report.
  const { failure: first } = await runOps(seed, { replay: current }, 1, tamper);
  if (first === null) return { ops: current, failure: best }; // cannot happen: the ops are replayed exactly
  current = current.slice(0, first.index + 1);
  best = first;
  let chunk = Math.max(1, Math.floor(current.length / 2));
  while (Date.now() < deadline) {
    let removed = false;
    for (let start = 0; start < current.length && Date.now() < deadline; ) {
      const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
      const f = candidate.length > 0 ? await stillFails(candidate) : null;
      if (f !== null) {
        current = candidate.slice(0, f.index + 1);
        best = f;
        removed = true;
      } else {
        start += chunk;
      }
    }
    if (!removed) {
      if (chunk === 1) break;
      chunk = Math.max(1, Math.floor(chunk / 2));
    }
  }
  return { ops: current, failure: best };
}

async function fuzzSeed(seed: number, opCount: number): Promise<string | null> {
  const { ops, failure } = await runOps(seed, { generate: opCount }, CHECK_EVERY);
  if (failure === null) return null;
  const shrunk = await shrink(seed, ops, failure, 20_000);
  const earlier = shrunk.failure.signature !== failure.signature;
  return [
    `seed ${seed}, ${opCount} ops: ${failure.message}`,
    '',
    ...(earlier ? ['checking the state after every op, a divergence shows earlier, as another symptom; that one is shrunk.'] : []),
    `shrunk to ${shrunk.ops.length} op(s) — replay with FUZZ_SEED=${seed}${opCount === DEFAULT_OPS ? '' : ` FUZZ_OPS=${opCount}`}:`,
    ...shrunk.ops.map((op, i) => `  ${i === shrunk.ops.length - 1 ? '>' : ' '} await root.${showOp(op)};`),
    `  ${shrunk.failure.message.replace(/\n/g, '\n  ')}`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Configuration (process.env is fine in a test: tests run in Node).

const DEFAULT_SEEDS = 4;
const DEFAULT_OPS = 1500;

const { seeds: SEEDS, ops: OPS } = fuzzPlan(process.env, { seeds: DEFAULT_SEEDS, ops: DEFAULT_OPS });

describe('TinyFS against a model (seeded fuzz)', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: ${OPS} ops agree with the model`, async () => {
      const report = await fuzzSeed(seed, OPS);
      expect(report === null, `\n${report}\n`).toBe(true);
    }, 60_000 + OPS * 20);
  }
});

describe('the fuzz harness itself (it must be able to fail)', () => {
  it('generates the same ops for the same seed, and different ops for another', async () => {
    const ops = async (seed: number): Promise<Op[]> => (await runOps(seed, { generate: 300 }, 300)).ops;
    expect(await ops(7)).toEqual(await ops(7));
    expect(await ops(7)).not.toEqual(await ops(8));
  });

  it('prints ops as code that evaluates to the same strings', () => {
    for (const text of ['/a/b', `/${E_NFD}/${E_NFC}`, `/${E_NFD.repeat(127)}/c`, `/${'x'.repeat(256)}`, 'a/bel\u0007', '']) {
      expect(new Function(`return ${q(text)};`)()).toBe(text);
    }
    expect(q(`/${E_NFD.repeat(127)}/c`)).toBe('`/${"e\\u0301".repeat(127)}/c`');
  });

  it('shrinks a failing run to the ops that matter', async () => {
    const tamper: Tamper = (root) => root.createDirPath('/zz'); // an entry only the FS has: any state check fails
    const { ops, failure } = await runOps(9, { generate: 300 }, 300, tamper);
    expect(failure?.signature).toBe('state: entries');
    expect(ops).toHaveLength(300);
    const shrunk = await shrink(9, ops, failure as Failure, 10_000, tamper);
    expect(shrunk.ops).toHaveLength(1);
    expect(shrunk.failure.message).toContain('+ /zz dir:physical');
  });

  it('reports an op whose outcome differs from the model', async () => {
    const harness = new Harness(1);
    await harness.root.createDirPath('/a'); // behind the model's back
    const diverged = await harness.step({ op: 'mkdir', path: '/a' });
    expect(diverged?.signature).toBe('mkdir: expected ok, got AlreadyExists');
  });

  it('reports state that differs from the model', async () => {
    const harness = new Harness(1);
    for (const op of [
      { op: 'mkdir', path: '/a' },
      { op: 'createFile', path: '/a/f', content: 'one', type: 'file:physical:series' },
      { op: 'symlink', path: '/l', target: '/a' },
      { op: 'dynamic', path: '/d', entryType: 'file:dynamic', factory: 'test-file', config: 'content: x\n', overwrite: false },
    ] as const) {
      expect(await harness.step(op)).toBeNull();
    }
    expect(await harness.checkState()).toBeNull();

    await harness.root.writeFilePath('/a/f', bytes('two')); // a version the model does not know
    expect((await harness.checkState())?.signature).toBe('state: content');
    harness.model.apply({ op: 'write', path: '/a/f', content: 'two' });
    expect(await harness.checkState()).toBeNull();

    await harness.root.createDynamicPath('/d', 'file:dynamic', 'test-file', bytes('content: x\n'), { overwrite: true });
    expect((await harness.checkState())?.signature).toBe('state: versions');
    harness.model.apply({ op: 'dynamic', path: '/d', entryType: 'file:dynamic', factory: 'test-file', config: 'content: x\n', overwrite: true });
    expect(await harness.checkState()).toBeNull();

    await harness.root.createDirPath('/a/x'); // an entry the model does not know
    expect((await harness.checkState())?.signature).toBe('state: entries');
    await harness.root.removeEntry('/a/x');

    await harness.root.createSymlinkPath('/a/up', '/'); // a loop only the FS has
    expect((await harness.checkState())?.signature).toBe('state: entries');
    harness.model.apply({ op: 'symlink', path: '/a/up', target: '/' });
    expect(await harness.checkState()).toBeNull(); // both agree it is a VisitLoop
    expect(harness.model.listing('all').problems).toEqual(new Set(['VisitLoop']));
  });
});
