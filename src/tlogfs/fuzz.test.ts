/**
 * Seeded property test of the OpLog layer (SPEC §4).
 *
 * Per seed, a pond is created on a `MemoryLogStore` with a small checkpoint interval (3–5) and retention
 * (6, 10 or 12), deterministic node ids (`newNodeId` over a counter and PRNG bytes) and a deterministic clock
 * (which sometimes stands still or steps back). Then a generated plan of steps runs against it:
 *   - write transactions of 1–5 random WD operations (mkdir, mkdir -p, files of every physical type, some
 *     ≥ 64 KiB blobs from a small pool so blobs dedupe, appended versions, symlinks, renames, removes — some
 *     recursive —, test-file/test-dir/test-listing/test-executor dynamic nodes, config overwrites, reads),
 *     ending in a commit (most), an abort, a transaction whose ops change nothing (create-then-remove,
 *     rename there and back: its commit must write nothing), a commit the store refuses (StorageFull), or a
 *     commit whose due checkpoint cannot be written;
 *   - "reopens" (the OpLog object is dropped and `OpLog.open` reads the same store: a page reload);
 *   - "side" commits through a second OpLog on the same store (the first catches up through `refresh`);
 *   - property checks at random points and at the end.
 * Operations failing with an expected `PondError` kind are fine; any other error (a crash, `Corrupt`, a
 * PondError wrapping a crash, …) is a failure.
 *
 * After every commit the state digest (`stateDigest`) and a logical listing (the `/**` glob with every
 * file's content fingerprint, plus the tree without following symlinks, with every stored version) are
 * recorded for that txn_seq. Properties:
 *   P0  a commit shows what its transaction showed, and its ChangeSummary names exactly what changed;
 *       an abort, a transaction that changes nothing, or a refused commit leaves no commit and no change;
 *   P1  live state == `OpLog.open(store)` (latest checkpoint + tail) == replay of every commit from 1 with no
 *       checkpoint (by `stateDigest`, and by the path every node is linked at);
 *   P2  time travel: for earlier seqs K, `beginRead(K)` (live log and a cold one) shows the listing recorded
 *       at K; `buildState(store, pondId, K)` and the replay from 1 to K have the digest recorded at K; a view
 *       taken at one check still shows its K at the next;
 *   P3  txn seqs are contiguous 1..last, and last is what the commits that landed say;
 *   P4  `verifyPond(store)` finds no problem and no unreferenced blob;
 *   P5  the checkpoints are exactly the latest one by interval plus the multiples of retention (a failed
 *       checkpoint write leaves the previous ones, and a warning on the commit).
 *
 * Short run (CI): 3 seeds × 150 steps, a few seconds. Long run: `FUZZ_SEEDS=<count> FUZZ_OPS=<steps per
 * seed>` (seeds 1..count). Replay one seed: `FUZZ_SEED=<seed>` (with the same `FUZZ_OPS`). `FUZZ_STATS=1`
 * prints what the generator exercised. A failing seed is shrunk to a short plan,
 * printed as WD calls, ready to become a regression test.
 */
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { type ErrorKind, PondError, errorMessage, isPondError } from '../errors';
import { MemoryLogStore, MemoryWriteLock } from '../store/memory';
import type { ChangeSummary } from '../store/records';
import {
  type DynamicEntryType,
  type EntryType,
  type PhysicalFileType,
  type WD,
  isDirectory,
  isPhysicalFile,
  isTable,
  newNodeId,
  newUuidV7,
} from '../tinyfs';
import { testResolver, Rng, fuzzPlan, mulberry32 } from '../tinyfs/testing';
import { OpLog, type OpLogOptions, type ReadView, buildState } from './oplog';
import { decodeEntries, encodeEntries } from './schema';
import { PondState } from './state';
import { stateDigest, verifyPond } from './verify';

// ---------------------------------------------------------------------------------------------------
// Deterministic randomness


// ---------------------------------------------------------------------------------------------------
// Content: described by small values in the plan, materialized when an operation runs.

/** `small n`: a few bytes (text, sometimes empty or binary); `large n`: one of a few ≥ 64 KiB buffers (blobs, deduped). */
type Content = { readonly size: 'small' | 'large'; readonly n: number };

const BLOB_SIZES = [65_536, 65_535, 70_001, 65_536] as const; // exactly the threshold, one below (inline), above, threshold again
const contentCache = new Map<string, Uint8Array>();

function patterned(length: number, seed: number): Uint8Array {
  const rng = mulberry32(seed);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (rng() * 256) | 0;
  return out;
}

/** The bytes of `content` for a file of `type`: Arrow IPC (one schema) for tables, anything for other files. */
function materialize(content: Content, type: EntryType): Uint8Array {
  const table = isTable(type);
  const key = `${content.size} ${content.n} ${table}`;
  let bytes = contentCache.get(key);
  if (bytes === undefined) {
    const n = content.n;
    if (table) {
      // 9,000 float64 rows are ≈ 72 KB: a table stored as a blob.
      const rows = content.size === 'large' ? 9_000 : 1 + (n % 3);
      bytes = tableToIPC(tableFromArrays({ x: Float64Array.from({ length: rows }, (_, i) => n + i) }), 'stream');
    } else if (content.size === 'large') {
      const index = n % BLOB_SIZES.length;
      bytes = patterned(BLOB_SIZES[index] as number, 1000 + index);
    } else if (n % 13 === 0) {
      bytes = new Uint8Array(0);
    } else if (n % 11 === 0) {
      bytes = patterned(1 + ((n * 37) % 3000), n);
    } else {
      bytes = new TextEncoder().encode(`v${n}\n`);
    }
    contentCache.set(key, bytes);
  }
  return bytes.slice(); // a fresh buffer each time: nothing may keep a reference to the caller's bytes
}

// ---------------------------------------------------------------------------------------------------
// The plan: plain data, so that any part of it can be replayed (which is what makes shrinking possible).

type Op =
  | { readonly op: 'mkdir'; readonly path: string }
  | { readonly op: 'mkdirAll'; readonly path: string }
  | { readonly op: 'createFile'; readonly path: string; readonly type: PhysicalFileType; readonly content: Content }
  | { readonly op: 'write'; readonly path: string; readonly content: Content }
  | { readonly op: 'symlink'; readonly path: string; readonly target: string }
  | { readonly op: 'rename'; readonly from: string; readonly to: string }
  | { readonly op: 'remove'; readonly path: string; readonly recursive: boolean }
  | {
      readonly op: 'dynamic';
      readonly path: string;
      readonly entryType: DynamicEntryType;
      readonly factory: string;
      readonly config: string;
      readonly overwrite: boolean;
    }
  | { readonly op: 'read'; readonly path: string };

type End = 'commit' | 'abort' | 'noop' | 'storeFails' | 'checkpointFails';

type Step =
  /**
   * A write transaction. `noop`: its ops change nothing, so its commit must write nothing. `storeFails`: the
   * store refuses the commit (StorageFull), which must leave no trace. `checkpointFails`: the commit lands but
   * the checkpoint it is due for cannot be written (a warning; the older checkpoints stay).
   */
  | { readonly step: 'txn'; readonly ops: readonly Op[]; readonly end: End }
  /** Drop the OpLog object and open the store again (a page reload). */
  | { readonly step: 'reopen' }
  /** A commit made by a second OpLog on the same store; the main one catches up on its next refresh. */
  | { readonly step: 'side'; readonly ops: readonly Op[] }
  /** Check every property now. */
  | { readonly step: 'check' };

const E_NFC = '\u00e9';
const E_NFD = 'e\u0301'; // the same name once normalized
const NAMES = ['a', 'b', 'c', 'd', 'e', E_NFC] as const;
const FILE_TYPES: readonly (readonly [PhysicalFileType, number])[] = [
  ['file:physical:version', 5],
  ['file:physical:series', 4],
  ['table:physical:version', 1],
  ['table:physical:series', 2],
];

/** Paths in the committed state when a step is generated (real paths, NFC, sorted). */
interface Known {
  readonly all: readonly { readonly path: string; readonly type: EntryType }[];
  readonly dirs: readonly string[];
  readonly physicalDirs: readonly string[];
  readonly files: readonly string[];
  readonly dynamic: readonly { readonly path: string; readonly type: EntryType }[];
}

function knownOf(state: PondState): Known {
  const all: { path: string; type: EntryType }[] = [];
  for (const node of state.nodes.values()) {
    const path = state.pathOf(node.nodeId);
    if (path !== null) all.push({ path, type: node.entryType });
  }
  all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    all,
    dirs: all.filter((n) => isDirectory(n.type)).map((n) => n.path),
    physicalDirs: all.filter((n) => n.type === 'dir:physical').map((n) => n.path),
    files: all.filter((n) => isPhysicalFile(n.type)).map((n) => n.path),
    dynamic: all.filter((n) => n.type === 'dir:dynamic' || n.type === 'file:dynamic' || n.type === 'table:dynamic'),
  };
}

function join(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** Generates steps. It looks at the committed state to aim at existing paths, but returns plain data. */
class Gen {
  private tmp = 0;
  private known: Known = knownOf(new PondState('x'));

  constructor(
    private readonly rng: Rng,
    private readonly checkpointInterval: number,
  ) {}

  step(state: PondState): Step {
    this.known = knownOf(state);
    const rng = this.rng;
    const checkpointDue = (state.txnSeq + 1) % this.checkpointInterval === 0;
    const kind = rng.weighted<string>([
      ['commit', 74],
      ['abort', 9],
      ['noop', 7],
      ['storeFails', 2],
      ['checkpointFails', checkpointDue ? 8 : 0],
      ['reopen', 3],
      ['side', 3],
      ['check', 2],
    ]);
    switch (kind) {
      case 'reopen':
        return { step: 'reopen' };
      case 'check':
        return { step: 'check' };
      case 'side':
        return { step: 'side', ops: this.ops(1 + rng.int(3)) };
      case 'noop':
        return { step: 'txn', ops: this.noopOps(), end: 'noop' };
      default:
        return { step: 'txn', ops: this.ops(1 + rng.int(5)), end: kind as End };
    }
  }

  private ops(count: number): Op[] {
    return Array.from({ length: count }, () => this.op());
  }

  private name(): string {
    const name = this.rng.pick(NAMES);
    return name === E_NFC && this.rng.chance(0.3) ? E_NFD : name;
  }

  /** A path of 1..maxDepth pool names. */
  private random(maxDepth: number): string {
    const depth = 1 + this.rng.int(maxDepth);
    return `/${Array.from({ length: depth }, () => this.name()).join('/')}`;
  }

  /** An existing non-root path most of the time, else a random one. */
  private any(maxDepth = 3): string {
    const nodes = this.known.all.filter((n) => n.path !== '/');
    if (nodes.length === 0 || this.rng.chance(0.35)) return this.random(maxDepth);
    return this.rng.pick(nodes).path;
  }

  /** A new name in an existing directory most of the time, else a random path. */
  private fresh(maxDepth = 3): string {
    if (this.rng.chance(0.3)) return this.random(maxDepth);
    return join(this.rng.pick(this.known.physicalDirs), this.name());
  }

  private content(): Content {
    return this.rng.chance(0.025) ? { size: 'large', n: this.rng.int(4) } : { size: 'small', n: this.rng.int(1000) };
  }

  private target(): string {
    const r = this.rng.int(100);
    const { files, dirs } = this.known;
    if (r < 45 && files.length > 0) return this.rng.pick(files);
    const below = dirs.filter((d) => d !== '/');
    if (r === 49) return '/'; // the root, or often an ancestor below: a loop, so '/**' is a VisitLoop
    if (r < 49 && below.length > 0) return this.rng.pick(below);
    if (r < 85) return this.random(3); // often dangling
    return this.rng.chance(0.5) ? this.name() : `../${this.name()}`;
  }

  private op(): Op {
    const rng = this.rng;
    const kind = rng.weighted<Op['op']>([
      ['mkdir', 10],
      ['mkdirAll', 5],
      ['createFile', 16],
      ['write', 14],
      ['symlink', 4],
      ['rename', 10],
      ['remove', 9],
      ['dynamic', 8],
      ['read', 4],
    ]);
    switch (kind) {
      case 'mkdir':
        return { op: 'mkdir', path: this.fresh() };
      case 'mkdirAll':
        return { op: 'mkdirAll', path: rng.chance(0.5) ? this.random(4) : `${this.any(2)}/${this.name()}/${this.name()}` };
      case 'createFile':
        return { op: 'createFile', path: this.fresh(), type: rng.weighted(FILE_TYPES), content: this.content() };
      case 'write': {
        const files = this.known.files;
        const path = files.length > 0 && rng.chance(0.75) ? rng.pick(files) : this.any();
        return { op: 'write', path, content: this.content() };
      }
      case 'symlink':
        return { op: 'symlink', path: this.fresh(), target: this.target() };
      case 'rename': {
        const from = this.any();
        return { op: 'rename', from, to: rng.chance(0.15) ? `${from}/${this.name()}` : this.fresh() };
      }
      case 'remove':
        return { op: 'remove', path: this.any(), recursive: rng.chance(0.5) };
      case 'dynamic':
        return this.dynamic();
      case 'read':
        return { op: 'read', path: this.any() };
    }
  }

  private dynamic(): Op {
    const rng = this.rng;
    const word = `w${rng.int(100)}`;
    const existing = this.known.dynamic;
    if (existing.length > 0 && rng.chance(0.35)) {
      // Overwrite an existing dynamic node's config (rarely with another type: a TypeMismatch).
      const { path, type } = rng.pick(existing);
      const entryType = rng.chance(0.1) ? rng.pick<DynamicEntryType>(['dir:dynamic', 'file:dynamic', 'table:dynamic']) : (type as DynamicEntryType);
      return { op: 'dynamic', path, entryType, ...this.factoryConfig(entryType, word), overwrite: true };
    }
    const entryType = rng.weighted<DynamicEntryType>([
      ['file:dynamic', 5],
      ['dir:dynamic', 4],
      ['table:dynamic', 1],
    ]);
    return { op: 'dynamic', path: this.fresh(), entryType, ...this.factoryConfig(entryType, word), overwrite: rng.chance(0.2) };
  }

  private factoryConfig(entryType: DynamicEntryType, word: string): { factory: string; config: string } {
    const rng = this.rng;
    if (entryType === 'dir:dynamic') {
      if (rng.chance(0.5)) return { factory: 'test-dir', config: `# a comment that must survive\nname: ${word}\n` };
      const used = new Set<string>();
      const lines: string[] = [];
      for (let i = 1 + rng.int(3); i > 0; i--) {
        const name = rng.pick(NAMES);
        if (used.has(name)) continue;
        used.add(name);
        const kind = rng.pick(['child', 'raw', 'dir']);
        lines.push(`${kind}-${name}: ${kind === 'dir' ? `child-x: ${word}` : `${word}${i}`}`);
      }
      return { factory: 'test-listing', config: `${lines.join('\n')}\n` };
    }
    if (entryType === 'file:dynamic' && rng.chance(0.25)) return { factory: 'test-executor', config: `run: ${word}\n` };
    return { factory: 'test-file', config: `content:   ${word}  \n` };
  }

  /** Operations that change nothing once all have run: read, create-then-remove, rename there and back. */
  private noopOps(): Op[] {
    const rng = this.rng;
    const ops: Op[] = [];
    for (let i = 1 + rng.int(3); i > 0; i--) {
      const tmp = join(rng.pick(this.known.physicalDirs), `tmp${this.tmp++}`);
      switch (rng.int(6)) {
        case 0:
          ops.push({ op: 'read', path: this.any() });
          break;
        case 1:
          ops.push(
            { op: 'createFile', path: tmp, type: rng.weighted(FILE_TYPES), content: this.content() },
            { op: 'write', path: tmp, content: this.content() },
            { op: 'remove', path: tmp, recursive: false },
          );
          break;
        case 2:
          ops.push(
            { op: 'mkdir', path: tmp },
            { op: 'createFile', path: `${tmp}/f`, type: 'file:physical:version', content: this.content() },
            { op: 'symlink', path: `${tmp}/l`, target: this.target() },
            { op: 'remove', path: tmp, recursive: true },
          );
          break;
        case 3: {
          const from = this.any();
          ops.push({ op: 'rename', from, to: tmp }, { op: 'rename', from: tmp, to: from });
          break;
        }
        case 4: {
          const dir = rng.pick(this.known.physicalDirs);
          ops.push({ op: 'mkdirAll', path: dir });
          break;
        }
        default:
          ops.push(
            { op: 'dynamic', path: tmp, entryType: 'file:dynamic', factory: 'test-file', config: 'content: t\n', overwrite: false },
            { op: 'dynamic', path: tmp, entryType: 'file:dynamic', factory: 'test-file', config: 'content: u\n', overwrite: true },
            { op: 'rename', from: tmp, to: `${tmp}x` },
            { op: 'remove', path: `${tmp}x`, recursive: false },
          );
      }
    }
    return ops;
  }
}

// ---------------------------------------------------------------------------------------------------
// Showing a plan as code (for failure reports and regression tests)

function q(text: string): string {
  return JSON.stringify(text).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function showContent(c: Content): string {
  return `content(${q(c.size)}, ${c.n})`;
}

function showOp(op: Op): string {
  switch (op.op) {
    case 'mkdir':
      return `root.createDirPath(${q(op.path)})`;
    case 'mkdirAll':
      return `root.createDirAll(${q(op.path)})`;
    case 'createFile':
      return `root.createFilePath(${q(op.path)}, ${showContent(op.content)}, ${q(op.type)})`;
    case 'write':
      return `root.writeFilePath(${q(op.path)}, ${showContent(op.content)})`;
    case 'symlink':
      return `root.createSymlinkPath(${q(op.path)}, ${q(op.target)})`;
    case 'rename':
      return `root.renameEntry(${q(op.from)}, ${q(op.to)})`;
    case 'remove':
      return `root.removeEntry(${q(op.path)}, { recursive: ${op.recursive} })`;
    case 'dynamic':
      return `root.createDynamicPath(${q(op.path)}, ${q(op.entryType)}, ${q(op.factory)}, encode(${q(op.config)}), { overwrite: ${op.overwrite} })`;
    case 'read':
      return `root.readFilePath(${q(op.path)})`;
  }
}

function showStep(step: Step, index: number): string[] {
  switch (step.step) {
    case 'reopen':
      return [`// #${index}: reopen`, 'log = await OpLog.open(store, options);'];
    case 'check':
      return [`// #${index}: check`];
    case 'side':
      return [`// #${index}: commit through a second OpLog`, ...step.ops.map((op) => `await ${showOp(op)}; // (other log)`)];
    case 'txn':
      return [`// #${index}: transaction → ${step.end}`, ...step.ops.map((op) => `await ${showOp(op)};`)];
  }
}

// ---------------------------------------------------------------------------------------------------
// Running

/** Kinds an operation may legitimately fail with, given what the generator produces. */
const EXPECTED_KINDS = new Set<ErrorKind>([
  'NotFound',
  'AlreadyExists',
  'NotADirectory',
  'NotAFile',
  'NotEmpty',
  'SymlinkLoop',
  'VisitLoop',
  'InvalidArgument',
  'TypeMismatch',
  'ReadOnly',
  'Unsupported',
]);

/** `Kind` of an expected PondError, or null for anything else (a crash, Corrupt, a wrapped non-PondError). */
function expectedKind(error: unknown): ErrorKind | null {
  if (!isPondError(error) || !EXPECTED_KINDS.has(error.kind)) return null;
  let cause: unknown = error.cause;
  while (cause !== undefined) {
    if (!isPondError(cause)) return null; // a crash wrapped by accessError/callFactory
    cause = cause.cause;
  }
  return error.kind;
}

function describeError(error: unknown): string {
  const kind = isPondError(error) ? error.kind : error instanceof Error ? error.constructor.name : typeof error;
  const stack = error instanceof Error && !isPondError(error) ? `\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}` : '';
  return `${kind}: ${errorMessage(error)}${stack}`;
}

/** FNV-1a 32 + length: a cheap content fingerprint for listings. */
function fingerprint(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return `${bytes.length}:${(h >>> 0).toString(16)}`;
}

/** What a probe found: a fingerprint, or the expected error kind (anything else is thrown on). */
async function probe(what: string, read: () => Promise<Uint8Array>): Promise<string> {
  try {
    return fingerprint(await read());
  } catch (error) {
    const kind = expectedKind(error);
    if (kind === null) throw new ListingError(`${what}: ${describeError(error)}`);
    return `!${kind}`;
  }
}

class ListingError extends Error {}

/**
 * The logical listing of a pond as a WD shows it: the `/**` glob (through symlinks and dynamic
 * directories) with every file's content, then the tree without following symlinks with every stored
 * version of every file (read from the log for old versions).
 */
async function listing(root: WD): Promise<string> {
  const lines: string[] = [];
  try {
    for (const [node] of await root.collectMatches('/**')) {
      const content = isDirectory(node.entryType) ? '' : ` ${await probe(`read ${node.path}`, () => root.readFilePath(node.path))}`;
      lines.push(`glob ${node.path} ${node.entryType}${content}`);
    }
  } catch (error) {
    if (error instanceof ListingError) throw error;
    const kind = expectedKind(error);
    if (kind === null) throw new ListingError(`collectMatches('/**'): ${describeError(error)}`);
    lines.push(`glob !${kind}`);
  }
  await tree(root, '/', lines);
  return lines.join('\n');
}

async function tree(root: WD, path: string, lines: string[]): Promise<void> {
  let children;
  try {
    children = await (await root.openDirPath(path)).entries();
  } catch (error) {
    const kind = expectedKind(error);
    if (kind === null) throw new ListingError(`entries of ${path}: ${describeError(error)}`);
    lines.push(`tree ${path} !${kind}`);
    return;
  }
  for (const child of children) {
    if (isDirectory(child.entryType)) {
      lines.push(`tree ${child.path} ${child.entryType}${child.source === undefined ? '' : ' produced'}`);
      await tree(root, child.path, lines);
      continue;
    }
    const produced = child.source === undefined ? '' : ' produced';
    lines.push(`tree ${child.path} ${child.entryType}${produced} ${await probe(`read ${child.path}`, () => root.readFilePath(child.path))}`);
    if (child.entryType === 'symlink' || child.source !== undefined) continue; // no stored versions of its own
    let versions;
    try {
      versions = await root.listFileVersions(child.path);
    } catch (error) {
      const kind = expectedKind(error);
      if (kind === null) throw new ListingError(`versions of ${child.path}: ${describeError(error)}`);
      lines.push(`  versions !${kind}`);
      continue;
    }
    for (const v of versions) {
      const bytes = await probe(`version ${v.version} of ${child.path}`, () => root.readFileVersion(child.path, v.version));
      lines.push(`  v${v.version} size=${v.size} t=${v.timestamp} ${JSON.stringify(v.extendedMetadata)} ${bytes}`);
    }
  }
}

async function listingOf(view: ReadView, what: string): Promise<string> {
  try {
    return await listing(view.root());
  } catch (error) {
    if (error instanceof ListingError) throw new Broken('listing error', `${what}: ${error.message}`);
    throw error;
  }
}

/** Where every node is linked (null when unlinked): the part of a state `stateDigest` does not show. */
function linksDigest(state: PondState): string {
  return [...state.nodes.keys()]
    .sort()
    .map((id) => `${id} ${state.pathOf(id) ?? '-'}`)
    .join('\n');
}

function firstDifference(expected: string, actual: string): string {
  const e = expected.split('\n');
  const a = actual.split('\n');
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) {
      return `line ${i + 1}:\n      expected ${e[i] === undefined ? '(nothing)' : q(e[i] as string)}\n      actual   ${a[i] === undefined ? '(nothing)' : q(a[i] as string)}`;
    }
  }
  return 'no line differs';
}

/** A property that does not hold: `signature` names the symptom (stable across shrinking). */
class Broken extends Error {
  constructor(
    readonly signature: string,
    detail: string,
  ) {
    super(`${signature}: ${detail}`);
  }
}

function same(signature: string, what: string, expected: string, actual: string): void {
  if (expected !== actual) throw new Broken(signature, `${what} differ at ${firstDifference(expected, actual)}`);
}

/** The seqs with a checkpoint after `last` commits when every checkpoint write succeeded: the latest by interval, and those retention keeps. */
function expectedCheckpoints(last: number, interval: number, retention: number): number[] {
  const latest = Math.floor(last / interval) * interval;
  const out: number[] = [];
  for (let s = interval; s <= last; s += interval) if (s === latest || s % retention === 0) out.push(s);
  return out;
}

interface Config {
  readonly checkpointInterval: number;
  readonly checkpointRetention: number;
}

/** One pond under test, with everything recorded at each commit. */
class Harness {
  readonly store = new MemoryLogStore();
  readonly config: Config;
  log!: OpLog;
  private readonly options: OpLogOptions;
  private readonly idRng: Rng;
  private readonly checkRng: Rng;
  private idCounter = 0;
  private clock = 1_700_000_000_000;
  /** Digest and listing recorded right after each commit, by txn_seq. */
  readonly digests = new Map<number, string>();
  readonly listings = new Map<number, string>();
  /** The last txn_seq, counted from the commits that said they landed. */
  expectedLast = 1;
  /** The checkpoints there should be (SPEC §4.2: the latest, plus those at multiples of retention). */
  readonly checkpoints = new Set<number>();
  private checkpointFailed = false;
  /** A read view taken at one check and read again at the next: it must still show its own txn_seq. */
  private held: ReadView | null = null;
  readonly stats = new Stats();

  constructor(readonly seed: number) {
    const rng = new Rng(seed ^ 0x5eed);
    this.config = { checkpointInterval: 3 + rng.int(3), checkpointRetention: rng.pick([6, 10, 12]) };
    this.idRng = new Rng(seed ^ 0x1d5);
    this.checkRng = new Rng(seed ^ 0xc4ec);
    const lock = new MemoryWriteLock(); // one lock per pond, shared by every OpLog object on it
    this.options = {
      resolver: testResolver(),
      lock,
      ...this.config,
      // The clock mostly moves forward, sometimes not at all, and now and then steps back (NTP, DST bugs).
      now: () => {
        const r = this.idRng.int(100);
        this.clock += r < 3 ? -60_000 : r < 20 ? 0 : 1 + this.idRng.int(2_000);
        return this.clock;
      },
      newId: (type) => newNodeId(type, 1_700_000_000_000 + this.idCounter++, (n) => this.idRng.bytes(n)),
    };
  }

  async init(): Promise<void> {
    const pondId = newUuidV7(1_600_000_000_000 + this.seed, (n) => this.idRng.bytes(n));
    this.log = await OpLog.init(this.store, { ...this.options, pondId, birthplace: `fuzz seed ${this.seed}` });
    await this.record(this.log);
  }

  private async record(log: OpLog): Promise<void> {
    const seq = log.txnSeq;
    const state = log.currentState();
    this.digests.set(seq, stateDigest(state));
    const text = await listing((await log.beginRead()).root());
    this.listings.set(seq, text);
    this.stats.max('nodes in the state', state.nodes.size);
    this.stats.max('linked paths', knownOf(state).all.length);
    this.stats.max('versions of one node', Math.max(...[...state.nodes.values()].map((n) => n.versions.length)));
    if (text.includes('glob !VisitLoop')) this.stats.count('commit where /** is a VisitLoop');
  }

  /** Runs one step; throws `Broken` when a property does not hold. */
  async run(step: Step): Promise<void> {
    await this.log.refresh();
    switch (step.step) {
      case 'reopen':
        return this.reopen();
      case 'check':
        return this.check();
      case 'side': {
        const other = await OpLog.open(this.store, this.options);
        return this.transaction(other, step.ops, 'commit');
      }
      case 'txn':
        return this.transaction(this.log, step.ops, step.end);
    }
  }

  /** Makes the store's `method` fail as a full disk would, until the returned undo is called. */
  private inject(method: 'appendCommit' | 'writeCheckpoint'): () => void {
    const store = this.store as unknown as Record<string, unknown>;
    store[method] = async (): Promise<never> => {
      throw new PondError('StorageFull', `injected: ${method} fails`);
    };
    return () => void Reflect.deleteProperty(store, method); // the class's own method shows again
  }

  private async reopen(): Promise<void> {
    this.stats.count('step reopen');
    const before = stateDigest(this.log.currentState());
    this.log = await OpLog.open(this.store, this.options);
    if (this.log.txnSeq !== this.expectedLast) throw new Broken('P3 reopen seq', `reopened at txn ${this.log.txnSeq}, expected ${this.expectedLast}`);
    same('P1 reopen', 'state before and after reopen', before, stateDigest(this.log.currentState()));
  }

  private async transaction(log: OpLog, ops: readonly Op[], end: End): Promise<void> {
    const before = log.txnSeq;
    const digestBefore = stateDigest(log.currentState());
    const tx = await log.beginWrite(`fuzz ${end}`);
    if (tx.txnSeq !== before + 1) throw new Broken('P3 txn seq', `a transaction on txn ${before} got txn ${tx.txnSeq}`);
    try {
      for (const [i, op] of ops.entries()) {
        const outcome = await applyOp(tx.root(), op, i);
        this.stats.count(`op ${op.op} ${outcome}`);
        if ((op.op === 'createFile' || op.op === 'write') && op.content.size === 'large' && outcome === 'ok') this.stats.count('large content written (blob path)');
      }
    } catch (error) {
      await tx.abort();
      throw error;
    }
    if (end === 'abort') {
      this.stats.count('step abort');
      await tx.abort();
      await this.expectNoCommit('P0 abort', log, before, digestBefore);
      return;
    }
    const seen = await listing(tx.root()).catch((error: unknown) => {
      throw error instanceof ListingError ? new Broken('listing error', `inside the transaction: ${error.message}`) : error;
    });
    const undo = end === 'storeFails' ? this.inject('appendCommit') : end === 'checkpointFails' ? this.inject('writeCheckpoint') : () => undefined;
    let result;
    try {
      result = await tx.commit();
    } catch (error) {
      undo();
      if (end !== 'storeFails' || !isPondError(error, 'StorageFull')) throw error;
      this.stats.count('step commit refused by the store');
      await this.expectNoCommit('P0 failed commit', log, before, digestBefore);
      return;
    } finally {
      undo();
    }
    if (end === 'storeFails' && result !== null) throw new Broken('P0 failed commit', `the store refused the commit, yet commit() returned txn ${result.meta.txnSeq}`);
    if (result === null) {
      this.stats.count(end === 'noop' ? 'step noop (nothing committed)' : 'step commit with nothing to commit');
      await this.expectNoCommit('P0 empty commit', log, before, digestBefore);
      same('P0 uncommitted changes', 'listings before and after an empty commit', this.listings.get(before) ?? '', seen);
      return;
    }
    if (end === 'noop') throw new Broken('P0 noop committed', `a transaction that changes nothing wrote txn ${result.meta.txnSeq}: ${JSON.stringify(result.meta.summary)}`);
    this.expectedLast += 1;
    this.stats.count(log === this.log ? 'step commit' : 'step side commit (second OpLog)');
    const seq = result.meta.txnSeq;
    if (seq !== before + 1 || log.txnSeq !== seq || (await this.store.lastTxnSeq()) !== seq) {
      throw new Broken('P3 commit seq', `commit on txn ${before} landed as ${seq}; log at ${log.txnSeq}, store at ${await this.store.lastTxnSeq()}`);
    }
    const { checkpointInterval, checkpointRetention } = this.config;
    const due = seq % checkpointInterval === 0;
    if (due && end === 'checkpointFails') {
      this.stats.count('checkpoint not written (injected failure)');
      this.checkpointFailed = true;
      if (result.warnings.length !== 1) throw new Broken('P5 checkpoint warning', `a checkpoint that could not be written gave warnings ${JSON.stringify(result.warnings)}`);
    } else {
      if (result.warnings.length > 0) throw new Broken('commit warnings', result.warnings.join('; '));
      if (due) {
        this.stats.count('checkpoint written');
        for (const s of this.checkpoints) if (s % checkpointRetention !== 0) this.checkpoints.delete(s);
        this.checkpoints.add(seq);
      }
    }
    await this.record(log);
    const after = this.listings.get(seq) ?? '';
    same('P0 commit shows the transaction', 'listings inside the transaction and after its commit', seen, after);
    checkSummary(result.meta.summary, this.listings.get(before) ?? '', after);
  }

  private async expectNoCommit(signature: string, log: OpLog, before: number, digestBefore: string): Promise<void> {
    const last = await this.store.lastTxnSeq();
    if (last !== before || log.txnSeq !== before) throw new Broken(signature, `txn ${before} → store at ${last}, log at ${log.txnSeq}`);
    same(signature, 'states before and after', digestBefore, stateDigest(log.currentState()));
  }

  /** P1–P5. */
  async check(): Promise<void> {
    this.stats.count('check');
    await this.log.refresh();
    const { store } = this;
    const pondId = this.log.identity.pondId;
    const last = await store.lastTxnSeq();
    const live = this.log.currentState();

    // P3: contiguous seqs, as many as landed.
    const metas = await store.readCommitMetas(1, last);
    const seqs = metas.map((m) => m.txnSeq).join(',');
    const expectedSeqs = Array.from({ length: this.expectedLast }, (_, i) => i + 1).join(',');
    if (last !== this.expectedLast || seqs !== expectedSeqs) {
      throw new Broken('P3 seqs', `store has txns [${seqs}] (last ${last}), expected 1..${this.expectedLast}`);
    }
    if (this.log.txnSeq !== last) throw new Broken('P3 live seq', `live log at txn ${this.log.txnSeq}, store at ${last}`);

    // P1: live == open from the latest checkpoint == replay from commit 1; P2 for every seq of the replay.
    const opened = await OpLog.open(store, this.options);
    const replayed = new PondState(pondId);
    for (const commit of await store.readCommits(1, last)) {
      const seq = commit.meta.txnSeq;
      replayed.apply(seq, decodeEntries(commit.log, `log record of txn ${seq}`).entries);
      same('P2 replay to K', `digests recorded at txn ${seq} and replayed from txn 1 to it`, this.digests.get(seq) ?? '(none recorded)', stateDigest(replayed));
    }
    const liveDigest = stateDigest(live);
    same('P1 live vs open', 'live state and state opened from the latest checkpoint', liveDigest, stateDigest(opened.currentState()));
    same('P1 live vs replay', 'live state and state replayed from txn 1', liveDigest, stateDigest(replayed));
    same('P1 links live vs open', 'node paths of the live state and the opened one', linksDigest(live), linksDigest(opened.currentState()));
    same('P1 links live vs replay', 'node paths of the live state and the replayed one', linksDigest(live), linksDigest(replayed));
    same('P1 listing after open', `listings recorded at txn ${last} and after open`, this.listings.get(last) ?? '', await this.list(opened, last));

    // P2: time travel to earlier seqs, through the live log and through checkpoints.
    const ks = [1, ...Array.from({ length: 4 }, () => 1 + this.checkRng.int(last))];
    for (const k of ks) {
      same('P2 time travel listing', `listings recorded at txn ${k} and from beginRead(${k})`, this.listings.get(k) ?? '', await this.list(this.log, k));
      same('P2 buildState', `digests recorded at txn ${k} and of buildState(${k})`, this.digests.get(k) ?? '', stateDigest(await buildState(store, pondId, k)));
    }
    const k = 1 + this.checkRng.int(last); // a cold log (nothing cached) reading old versions
    same('P2 time travel listing (opened)', `listings recorded at txn ${k} and from a freshly opened log`, this.listings.get(k) ?? '', await this.list(opened, k));

    // P2: a view taken earlier still shows its txn_seq, though commits landed since.
    if (this.held !== null) {
      const view = this.held;
      same('P2 held view', `listings recorded at txn ${view.txnSeq} and of a view of it taken before later commits`, this.listings.get(view.txnSeq) ?? '', await listingOf(view, `a held view of txn ${view.txnSeq}`));
    }
    // Half the time a view of the current txn (served from the live state until a commit lands), else an earlier one.
    this.held = await this.log.beginRead(last > 1 && this.checkRng.int(2) === 0 ? 1 + this.checkRng.int(last - 1) : undefined);

    // P4
    const report = await verifyPond(store);
    if (report.problems.length > 0) throw new Broken('P4 verify', report.problems.slice(0, 5).join('\n    '));
    if (report.unreferencedBlobs !== 0) throw new Broken('P4 unreferenced blobs', `${report.unreferencedBlobs} blob(s) no record references`);

    // P5
    const checkpoints = (await store.listCheckpoints()).join(',');
    const expected = [...this.checkpoints].sort((a, b) => a - b).join(',');
    const formula = expectedCheckpoints(last, this.config.checkpointInterval, this.config.checkpointRetention).join(',');
    if (!this.checkpointFailed && expected !== formula) throw new Error(`harness: checkpoint model [${expected}] ≠ formula [${formula}]`);
    if (checkpoints !== expected) {
      throw new Broken('P5 checkpoints', `checkpoints [${checkpoints}] after ${last} commits, expected [${expected}] (interval ${this.config.checkpointInterval}, retention ${this.config.checkpointRetention})`);
    }
  }

  private async list(log: OpLog, seq: number): Promise<string> {
    return listingOf(await log.beginRead(seq), `as of txn ${seq}`);
  }
}

/** Stored paths of a listing's tree part: path → `type` and the lines of its versions. */
function storedTree(text: string): Map<string, { type: string; versions: string }> {
  const out = new Map<string, { type: string; versions: string }>();
  let current: { type: string; versions: string } | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('  v')) {
      if (current !== null) current.versions += `${line}\n`;
      continue;
    }
    current = null;
    if (!line.startsWith('tree ')) continue;
    const [, path, type, marker] = line.split(' ');
    if (path === undefined || type === undefined || type.startsWith('!') || marker === 'produced') continue;
    current = { type, versions: '' };
    out.set(path, current);
  }
  return out;
}

function ancestorsAndSelf(path: string): string[] {
  const parts = path.split('/').filter((p) => p !== '');
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

/**
 * The commit's ChangeSummary against the listings before and after it: what it names is true (added and
 * modified paths exist after, removed ones existed before, with those types), and it misses nothing (a stored
 * path that appeared, vanished or got new versions is named, itself or through an added/removed ancestor).
 */
function checkSummary(summary: ChangeSummary, beforeText: string, afterText: string): void {
  const before = storedTree(beforeText);
  const after = storedTree(afterText);
  const show = JSON.stringify(summary);
  for (const { path, entryType } of summary.added) {
    if (after.get(path)?.type !== entryType) throw new Broken('P0 summary added', `${path} (${entryType}) is not there after the commit; summary ${show}`);
  }
  for (const { path, entryType } of summary.modified) {
    if (after.get(path)?.type !== entryType) throw new Broken('P0 summary modified', `${path} (${entryType}) is not there after the commit; summary ${show}`);
  }
  for (const { path, entryType } of summary.removed) {
    if (before.get(path)?.type !== entryType) throw new Broken('P0 summary removed', `${path} (${entryType}) was not there before the commit; summary ${show}`);
  }
  const added = new Set(summary.added.map((c) => c.path));
  const removed = new Set(summary.removed.map((c) => c.path));
  const modified = new Set(summary.modified.map((c) => c.path));
  for (const [path, node] of after) {
    const old = before.get(path);
    const coveredByAdded = ancestorsAndSelf(path).some((p) => added.has(p));
    if ((old === undefined || old.type !== node.type) && !coveredByAdded) {
      throw new Broken('P0 summary misses an addition', `${path} (${node.type}) appeared but the summary does not say so: ${show}`);
    }
    if (old !== undefined && old.type === node.type && old.versions !== node.versions && !coveredByAdded && !modified.has(path)) {
      throw new Broken('P0 summary misses a modification', `${path} (${node.type}) has new versions but the summary does not say so: ${show}`);
    }
  }
  for (const [path, node] of before) {
    const now = after.get(path);
    if ((now === undefined || now.type !== node.type) && !ancestorsAndSelf(path).some((p) => removed.has(p))) {
      throw new Broken('P0 summary misses a removal', `${path} (${node.type}) vanished but the summary does not say so: ${show}`);
    }
  }
}

/** Runs one op; returns 'ok' or the expected error kind it failed with (anything else throws `Broken`). */
async function applyOp(root: WD, op: Op, index: number): Promise<string> {
  try {
    switch (op.op) {
      case 'mkdir':
        await root.createDirPath(op.path);
        return 'ok';
      case 'mkdirAll':
        await root.createDirAll(op.path);
        return 'ok';
      case 'createFile':
        await root.createFilePath(op.path, materialize(op.content, op.type), op.type);
        return 'ok';
      case 'write': {
        const target = await root.resolvePath(op.path);
        const type = target.kind === 'found' ? target.node.entryType : 'file:physical:version';
        await root.writeFilePath(op.path, materialize(op.content, type));
        return 'ok';
      }
      case 'symlink':
        await root.createSymlinkPath(op.path, op.target);
        return 'ok';
      case 'rename':
        await root.renameEntry(op.from, op.to);
        return 'ok';
      case 'remove':
        await root.removeEntry(op.path, { recursive: op.recursive });
        return 'ok';
      case 'dynamic':
        await root.createDynamicPath(op.path, op.entryType, op.factory, new TextEncoder().encode(op.config), { overwrite: op.overwrite });
        return 'ok';
      case 'read': {
        await root.readFilePath(op.path);
        const versions = await root.listFileVersions(op.path);
        for (const v of [versions[0], versions[versions.length - 1]]) if (v !== undefined) await root.readFileVersion(op.path, v.version);
        return 'ok';
      }
    }
  } catch (error) {
    const kind = expectedKind(error);
    if (kind !== null) return kind;
    throw new Broken(`op ${op.op} failed unexpectedly`, `op ${index} ${showOp(op)}: ${describeError(error)}`);
  }
}

/** Counters and maxima of what a run exercised (printed with FUZZ_STATS=1). */
class Stats {
  readonly counts = new Map<string, number>();
  count(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  max(key: string, value: number): void {
    this.counts.set(`max ${key}`, Math.max(this.counts.get(`max ${key}`) ?? 0, value));
  }
  add(other: Stats): void {
    for (const [key, value] of other.counts) {
      this.counts.set(key, key.startsWith('max ') ? Math.max(this.counts.get(key) ?? 0, value) : (this.counts.get(key) ?? 0) + value);
    }
  }
  show(): string {
    return [...this.counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `  ${k}: ${v}`).join('\n');
  }
}

// ---------------------------------------------------------------------------------------------------
// Seeds, plans and shrinking

interface Failure {
  readonly index: number;
  readonly signature: string;
  readonly message: string;
}

type Plan = { readonly generate: number } | { readonly replay: readonly Step[] };

/**
 * Runs a plan: generated from the seed (checks at the plan's `check` steps and at the end), or replayed as
 * recorded (checks at its `check` steps and at the end; what it found first is the failure).
 */
async function runPlan(seed: number, plan: Plan): Promise<{ steps: Step[]; failure: Failure | null; harness: Harness }> {
  const replay = 'replay' in plan;
  const harness = new Harness(seed);
  const gen = new Gen(new Rng(seed), harness.config.checkpointInterval);
  const steps: Step[] = [];
  const fail = (index: number, error: unknown): Failure => {
    const signature = error instanceof Broken ? error.signature : `crash: ${isPondError(error) ? error.kind : (error as Error).constructor?.name ?? 'error'}`;
    const step = steps[index];
    const where =
      index < 0
        ? 'at init'
        : step === undefined
          ? `before step #${index} (refresh or generation)`
          : `at step #${index} (${step.step}${step.step === 'txn' ? ` → ${step.end}` : ''}, log at txn ${harness.log?.txnSeq})`;
    return { index, signature, message: `seed ${seed} ${where}: ${error instanceof Broken ? error.message : describeError(error)}` };
  };
  try {
    await harness.init();
  } catch (error) {
    return { steps, failure: fail(-1, error), harness };
  }
  const count = replay ? plan.replay.length : plan.generate;
  for (let i = 0; i < count; i++) {
    let step: Step;
    try {
      await harness.log.refresh();
      step = replay ? (plan.replay[i] as Step) : gen.step(harness.log.currentState());
    } catch (error) {
      return { steps, failure: fail(i, error), harness };
    }
    steps.push(step);
    try {
      await harness.run(step);
      if (i === count - 1 && step.step !== 'check') await harness.check();
    } catch (error) {
      return { steps, failure: fail(i, error), harness };
    }
  }
  return { steps, failure: null, harness };
}

/**
 * Shrinks a failing plan while the same symptom remains, within a time budget: first the shortest failing
 * prefix (binary search), then whole steps (delta debugging), then single ops inside transactions.
 */
async function shrink(seed: number, steps: readonly Step[], failure: Failure, budgetMs: number): Promise<{ steps: Step[]; failure: Failure }> {
  const deadline = Date.now() + budgetMs;
  let current = steps.slice(0, failure.index + 1);
  let best = failure;
  const attempt = async (candidate: Step[]): Promise<boolean> => {
    const { failure: f } = await runPlan(seed, { replay: candidate });
    if (f === null || f.signature !== best.signature) return false;
    current = candidate.slice(0, f.index + 1);
    best = f;
    return true;
  };
  // 0. The shortest prefix that fails alike (a corruption stays once made, so this is mostly monotone).
  let [low, high] = [1, current.length];
  while (low < high && Date.now() < deadline) {
    const mid = Math.floor((low + high) / 2);
    if (await attempt(current.slice(0, mid))) high = current.length;
    else low = mid + 1;
  }
  // 1. Whole steps, in halving chunks.
  let chunk = Math.max(1, Math.floor(current.length / 2));
  while (Date.now() < deadline) {
    let removed = false;
    for (let start = 0; start < current.length && Date.now() < deadline; ) {
      const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
      if (candidate.length > 0 && (await attempt(candidate))) removed = true;
      else start += chunk;
    }
    if (!removed) {
      if (chunk === 1) break;
      chunk = Math.max(1, Math.floor(chunk / 2));
    }
  }
  // 2. Single ops inside transactions; then simpler steps (a side commit or a noop as a plain commit).
  for (let s = 0; s < current.length && Date.now() < deadline; s++) {
    for (let o = 0; Date.now() < deadline; ) {
      const step = current[s];
      if (step === undefined || (step.step !== 'txn' && step.step !== 'side') || o >= step.ops.length) break;
      const ops = [...step.ops.slice(0, o), ...step.ops.slice(o + 1)];
      const candidate = [...current.slice(0, s), { ...step, ops }, ...current.slice(s + 1)];
      if (!(ops.length > 0 && (await attempt(candidate)))) o++;
    }
    const step = current[s];
    if (step !== undefined && (step.step === 'side' || (step.step === 'txn' && step.end === 'noop')) && Date.now() < deadline) {
      await attempt([...current.slice(0, s), { step: 'txn', ops: step.ops, end: 'commit' }, ...current.slice(s + 1)]);
    }
  }
  return { steps: current, failure: best };
}

const totals = new Stats();

async function fuzzSeed(seed: number, stepCount: number): Promise<string | null> {
  const { steps, failure, harness } = await runPlan(seed, { generate: stepCount });
  totals.add(harness.stats);
  totals.max('blobs in one store', (await harness.store.listBlobs()).length);
  totals.max('checkpoints kept in one store', (await harness.store.listCheckpoints()).length);
  if (failure === null) return null;
  const shrunk = await shrink(seed, steps, failure, SHRINK_BUDGET_MS);
  const { checkpointInterval, checkpointRetention } = harness.config;
  return [
    failure.message,
    '',
    `shrunk to ${shrunk.steps.length} step(s) — replay with FUZZ_SEED=${seed}${stepCount === DEFAULT_STEPS ? '' : ` FUZZ_OPS=${stepCount}`}`,
    `(OpLog.init with checkpointInterval ${checkpointInterval}, checkpointRetention ${checkpointRetention}; all properties checked at the end):`,
    ...shrunk.steps.flatMap((step, i) => showStep(step, i)).map((line) => `  ${line}`),
    `  ${shrunk.failure.message.replace(/\n/g, '\n  ')}`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Configuration (process.env is fine in a test: tests run in Node).

const DEFAULT_SEEDS = 3;
const DEFAULT_STEPS = 150;
const SHRINK_BUDGET_MS = 30_000;

const { seeds: SEEDS, ops: STEPS } = fuzzPlan(process.env, { seeds: DEFAULT_SEEDS, ops: DEFAULT_STEPS });

describe('OpLog under random transactions (seeded property test)', () => {
  if (process.env['FUZZ_STATS'] === '1') afterAll(() => console.log(`OpLog fuzz, ${SEEDS.length} seed(s) × ${STEPS} steps:\n${totals.show()}`));
  for (const seed of SEEDS) {
    it(`seed ${seed}: ${STEPS} steps keep live, reopened, replayed and time-travelled states in agreement`, async () => {
      const report = await fuzzSeed(seed, STEPS);
      expect(report === null, `\n${report}\n`).toBe(true);
    }, 60_000 + STEPS * 200 + SHRINK_BUDGET_MS);
  }
});

describe('the OpLog fuzz harness itself (it must be able to fail)', () => {
  it('generates the same plan for the same seed, and another for another seed', async () => {
    const plan = async (seed: number): Promise<Step[]> => (await runPlan(seed, { generate: 25 })).steps;
    const first = await plan(7);
    expect(await plan(7)).toEqual(first);
    expect(await plan(8)).not.toEqual(first);
  });

  it('knows which checkpoints retention keeps', () => {
    expect(expectedCheckpoints(2, 3, 10)).toEqual([]);
    expect(expectedCheckpoints(65, 10, 30)).toEqual([30, 60]);
    expect(expectedCheckpoints(47, 4, 10)).toEqual([20, 40, 44]);
    expect(expectedCheckpoints(60, 5, 12)).toEqual([60]);
  });

  const plan: Step[] = [
    { step: 'txn', ops: [{ op: 'mkdir', path: '/a' }, { op: 'createFile', path: '/a/f', type: 'file:physical:series', content: { size: 'small', n: 1 } }], end: 'commit' },
    { step: 'txn', ops: [{ op: 'write', path: '/a/f', content: { size: 'large', n: 0 } }], end: 'commit' },
    { step: 'txn', ops: [{ op: 'symlink', path: '/l', target: '/a/f' }], end: 'commit' },
    { step: 'txn', ops: [{ op: 'rename', from: '/a/f', to: '/g' }], end: 'commit' },
    { step: 'txn', ops: [{ op: 'write', path: '/g', content: { size: 'small', n: 2 } }], end: 'commit' },
    { step: 'txn', ops: [{ op: 'remove', path: '/a', recursive: true }], end: 'commit' },
    { step: 'txn', ops: [{ op: 'mkdir', path: '/lost' }], end: 'storeFails' },
    { step: 'side', ops: [{ op: 'dynamic', path: '/d', entryType: 'dir:dynamic', factory: 'test-listing', config: 'child-x: 1\nraw-y: 2\n', overwrite: false }] },
    { step: 'check' },
    { step: 'txn', ops: [{ op: 'dynamic', path: '/d', entryType: 'dir:dynamic', factory: 'test-dir', config: 'name: n\n', overwrite: true }], end: 'checkpointFails' },
    { step: 'reopen' },
    { step: 'txn', ops: [{ op: 'mkdir', path: '/tmp' }, { op: 'remove', path: '/tmp', recursive: false }], end: 'noop' },
  ];

  it('passes a small hand-written plan', async () => {
    const { failure } = await runPlan(3, { replay: plan });
    expect(failure).toBeNull();
  });

  it('reports checkpoints that lose a row (P1/P4)', async () => {
    const harness = new Harness(3);
    await harness.init();
    const original = harness.store.writeCheckpoint.bind(harness.store);
    harness.store.writeCheckpoint = async (seq, bytes) => {
      const { entries, metadata } = decodeEntries(bytes, 'checkpoint');
      return original(seq, encodeEntries(entries.slice(0, -1), metadata));
    };
    const error = await (async () => {
      for (const step of plan) await harness.run(step);
      await harness.check();
    })().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Broken);
    expect((error as Broken).signature).toMatch(/^P[124]/);
  });

  it('reports a ChangeSummary that misses or invents a change (P0)', () => {
    const before = 'tree /a dir:physical\ntree /a/f file:physical:version 2:x\n  v1 size=2 t=1 {} 2:x';
    const after = 'tree /a dir:physical\ntree /a/f file:physical:version 2:y\n  v1 size=2 t=1 {} 2:x\n  v2 size=2 t=2 {} 2:y\ntree /b dir:physical';
    const summary = (s: Partial<ChangeSummary>): ChangeSummary => ({ added: [], modified: [], removed: [], ...s });
    const signature = (s: ChangeSummary): string | null => {
      try {
        checkSummary(s, before, after);
        return null;
      } catch (error) {
        return (error as Broken).signature;
      }
    };
    const b = { path: '/b', entryType: 'dir:physical' as const, version: 1 };
    const f = { path: '/a/f', entryType: 'file:physical:version' as const, from: 1, to: 2 };
    expect(signature(summary({ added: [b], modified: [f] }))).toBeNull();
    expect(signature(summary({ modified: [f] }))).toBe('P0 summary misses an addition');
    expect(signature(summary({ added: [b] }))).toBe('P0 summary misses a modification');
    expect(signature(summary({ added: [b], modified: [f], removed: [{ ...b, path: '/c' }] }))).toBe('P0 summary removed');
    expect(signature(summary({ added: [b, { ...b, path: '/c' }], modified: [f] }))).toBe('P0 summary added');
  });

  it('reports a commit whose record the store lost (P3)', async () => {
    const harness = new Harness(3);
    await harness.init();
    for (const step of plan.slice(0, 3)) await harness.run(step);
    harness.expectedLast += 1; // as if one more commit had said it landed
    await expect(harness.check()).rejects.toThrow(/P3 seqs/);
  });

  it('reports an operation that crashes instead of failing with a PondError', async () => {
    const harness = new Harness(3);
    await harness.init();
    const store = harness.store;
    const original = store.readCommits.bind(store);
    for (const step of plan.slice(0, 2)) await harness.run(step);
    await harness.run({ step: 'reopen' }); // a cold log: old versions are read from the store
    store.readCommits = async () => {
      throw new TypeError('boom');
    };
    const error = await harness.run({ step: 'txn', ops: [{ op: 'read', path: '/a/f' }], end: 'commit' }).then(
      () => null,
      (e: unknown) => e,
    );
    store.readCommits = original;
    expect((error as Broken).signature).toBe('op read failed unexpectedly');
  });
});
