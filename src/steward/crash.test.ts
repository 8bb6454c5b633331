import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { isPondError } from '../errors';
import { type Fault, type FaultAction, FaultyLogStore, type TracedCall } from '../store/faulty';
import { BrowserLogStore } from '../store/browser/logStore';
import { MemoryLogStore } from '../store/memory';
import { DirectoryLogStore, type CommitStep } from '../store/node/directoryLogStore';
import { tempDirs } from '../store/node/testDirs';
import type { LogStore } from '../store/ports';
import { Rng } from '../tinyfs/testing';
import { verifyPond } from '../tlogfs';
import { Pond } from './pond';
import { memoryEnvironment } from './testing';

/**
 * Issue 11, part 1: a fault at every step of a commit. A seeded scenario builds a pond at txn N (with a
 * post-commit executor, so a commit is followed by a run that commits too), then commits N+1 with a fault at
 * one write step of a clean run's trace — thrown, quota, or a crash just before or just after the store call
 * (for the directory store also inside its `appendCommit`: after the blobs, after the control reservation,
 * with the commit staged but not yet renamed). After each: reopen → the pond is exactly at N or N+1 (or N+2
 * when the run's own commit landed), every earlier write is there byte for byte, `verify` is clean, `recover`
 * leaves nothing incomplete or interrupted, and a following commit works.
 *
 * `RELIABILITY_SEEDS=n` runs seeds 1..n (default 1: every step and action once per store, the CI run);
 * `RELIABILITY_SEED=n` replays one seed.
 */

const env = process.env;
const SEEDS = env['RELIABILITY_SEED'] !== undefined ? [Number(env['RELIABILITY_SEED'])] : range(1, Number(env['RELIABILITY_SEEDS'] ?? 1));
const ACTIONS: readonly FaultAction[] = ['throw', 'quota', 'crash-before', 'crash-after'];
const INNER_STEPS: readonly CommitStep[] = ['blobs-written', 'control-reserved', 'staged'];
const dirs = tempDirs('duckpond-crash-');
afterAll(dirs.cleanup);

/** Where a pond's bytes live across a "crash": each kind reopens its storage as a new process would. */
interface StoreKind {
  readonly name: string;
  /** Opens fresh storage; `hook` is called at the directory store's steps inside `appendCommit`. */
  create(hook: (step: CommitStep, txnSeq: number) => Promise<void> | void): Promise<{ store: LogStore; reopen: () => Promise<LogStore> }>;
}

let idb = 0;
const KINDS: readonly StoreKind[] = [
  {
    name: 'memory',
    async create() {
      const store = new MemoryLogStore();
      return { store, reopen: async () => store }; // the same Maps: memory outlives the "process"
    },
  },
  {
    name: 'indexeddb (fake-indexeddb)',
    async create() {
      const localId = `crash-${++idb}`;
      const store = await BrowserLogStore.open(localId);
      return {
        store,
        // The dead process's connection goes away with it; a new one opens the same database.
        reopen: async () => (store.close(), BrowserLogStore.open(localId)),
      };
    },
  },
  {
    name: 'directory',
    async create(hook) {
      const dir = dirs.make();
      const store = await DirectoryLogStore.open(dir, { create: true, onCommitStep: hook });
      return { store, reopen: () => DirectoryLogStore.open(dir) };
    },
  },
];

/** What a seed commits: a few files, some inline and some blobs (≥ 64 KiB), and the bytes the target commit writes. */
interface Scenario {
  readonly base: ReadonlyMap<string, Uint8Array>;
  readonly target: ReadonlyMap<string, Uint8Array>;
  /** Checkpoint interval: chosen so that the target commit or its run writes a checkpoint (and drops one). */
  readonly checkpointInterval: number;
}

function scenario(seed: number): Scenario {
  const rng = new Rng(seed);
  const files = (prefix: string, count: number): Map<string, Uint8Array> => {
    const out = new Map<string, Uint8Array>();
    for (let i = 0; i < count; i++) out.set(`/data/${prefix}${i}.bin`, rng.bytes(rng.chance(0.4) ? 64 * 1024 + rng.int(4096) : 1 + rng.int(2000)));
    return out;
  };
  const base = files('base', 1 + rng.int(3));
  // init (1), setup + its run (2, 3), each base file + its run: the target is txn 4 + 2·|base|, its run the next.
  // Interval 2 puts a checkpoint (and retention's deletion of older ones) in the target commit; the other choice
  // puts the only checkpoint in the run's commit.
  const target = 4 + 2 * base.size;
  return { base, target: files('new', 1 + rng.int(3)), checkpointInterval: rng.pick([2, target + 1]) };
}

/** Builds the pond at N: init, the post-commit executor, then the base files (each commit followed by its run). */
async function buildBase(pond: Pond, s: Scenario): Promise<void> {
  const setup = await pond.transact('setup', async (root) => {
    await root.createDirAll('/etc/system.d');
    await root.createDirAll('/data');
    await root.createDynamicPath('/etc/system.d/run.yaml', 'file:dynamic', 'test-executor', encode('message: after commit\n'));
  });
  await setup.runs;
  for (const [path, bytes] of s.base) await (await pond.transact(`write ${path}`, (root) => root.createFilePath(path, bytes).then(() => undefined))).runs;
}

/** The commit under test, with its post-commit run. */
async function commitTarget(pond: Pond, s: Scenario): Promise<void> {
  const done = await pond.transact('target', async (root) => {
    for (const [path, bytes] of s.target) await root.createFilePath(path, bytes);
  });
  await done.runs;
}

interface Outcome {
  readonly crashed: boolean;
  readonly error: unknown;
}

/** Runs one fault: base (clean), then the target commit with `fault`; returns the storage to reopen. */
async function runWithFault(kind: StoreKind, s: Scenario, fault: (base: FaultyLogStore) => { store?: Fault; inner?: { step: CommitStep; txnSeq: number } }) {
  let faulty!: FaultyLogStore;
  let inner: { step: CommitStep; txnSeq: number } | undefined;
  const { store, reopen } = await kind.create((step, txnSeq) => (inner !== undefined && inner.step === step && inner.txnSeq === txnSeq ? faulty.stop() : undefined));
  faulty = new FaultyLogStore(store);
  const pond = await Pond.init(withInterval(memoryEnvironment(faulty), s), { birthplace: 'crash test' });
  await buildBase(pond, s);
  const base = await pond.env.store.lastTxnSeq();
  const chosen = fault(faulty);
  if (chosen.store !== undefined) faulty.inject([chosen.store]);
  inner = chosen.inner;
  const writesBefore = faulty.writes().length;
  let error: unknown = null;
  const outcome = await Promise.race([
    commitTarget(pond, s).then(
      () => 'done' as const,
      (e: unknown) => ((error = e), 'failed' as const),
    ),
    faulty.crashed.then(() => 'crashed' as const),
  ]);
  return { faulty, pond, base, writesBefore, reopen, outcome: { crashed: outcome === 'crashed', error } satisfies Outcome };
}

function withInterval(e: ReturnType<typeof memoryEnvironment>, s: Scenario): ReturnType<typeof memoryEnvironment> {
  return { ...e, oplog: { checkpointInterval: s.checkpointInterval, checkpointRetention: s.checkpointInterval * 2 } };
}

/** The write steps of the target commit in a clean run (the same calls every run makes, in order). */
async function cleanTrace(kind: StoreKind, s: Scenario): Promise<{ steps: TracedCall[]; base: number }> {
  const run = await runWithFault(kind, s, () => ({}));
  expect(run.outcome).toEqual({ crashed: false, error: null });
  const steps = run.faulty.writes().slice(run.writesBefore);
  run.pond.close();
  return { steps, base: run.base };
}

/** The properties every fault must leave intact (see the file's comment); returns where the pond ended. */
async function checkAfter(store: LogStore, s: Scenario, base: number, what: string): Promise<number> {
  const report = await verifyPond(store);
  expect(report.problems, `${what}: verify`).toEqual([]);
  const last = await store.lastTxnSeq();
  expect([base, base + 1, base + 2], `${what}: last txn ${last}`).toContain(last);
  const reopened = await Pond.open(withInterval(memoryEnvironment(store), s));
  const read = (await reopened.read()).root();
  for (const [path, bytes] of s.base) expect(same(await read.readFilePath(path), bytes), `${what}: ${path} (committed before the fault)`).toBe(true);
  for (const [path, bytes] of s.target) {
    if (last > base) expect(same(await read.readFilePath(path), bytes), `${what}: ${path} (the target commit landed)`).toBe(true);
    else expect(await read.exists(path), `${what}: ${path} (the target commit did not land)`).toBe(false);
  }
  // Nothing is left half done: recover marks what began and never ended, and resumes interrupted runs.
  await reopened.recover();
  expect(await reopened.incomplete(), `${what}: incomplete after recover`).toEqual([]);
  const runs = await reopened.runs();
  expect(runs.filter((r) => r.status === 'interrupted' || r.status === 'pending' || r.status === 'running'), `${what}: runs after recover`).toEqual([]);
  // A run whose own records or commit were refused ended as failed, saying why; re-running it works.
  for (const failed of runs.filter((r) => r.status === 'failed')) {
    expect(failed.errorMessage, `${what}: failed run`).toMatch(/injected|quota exceeded/);
    expect((await reopened.rerun(failed.txnSeq, failed.executionSeq)).status, `${what}: re-run`).toBe('completed');
  }
  // A following commit works, and so does verify after it.
  const before = await store.lastTxnSeq();
  const next = await reopened.transact('after the fault', (root) => root.createFilePath('/after.txt', encode(what)).then(() => undefined));
  await next.runs;
  expect(next.commit?.meta.txnSeq, `${what}: the following commit`).toBe(before + 1);
  expect(await (await reopened.read()).root().readFilePath('/after.txt')).toEqual(encode(what));
  expect((await verifyPond(store)).problems, `${what}: verify after the following commit`).toEqual([]);
  return last;
}

const stats = { runs: 0, faults: 0, crashes: 0, errors: 0, atN: 0, atN1: 0, atN2: 0 };

describe.each(KINDS)('a fault at every write step of a commit: $name store', (kind) => {
  for (const seed of SEEDS) {
    it(`seed ${seed}`, { timeout: 600_000 }, async () => {
      const s = scenario(seed);
      const { steps, base } = await cleanTrace(kind, s);
      // The trace has what the issue names: the begin record, the commit (blobs + log + control), a checkpoint, the run's records and commit.
      const ops = new Set(steps.map((c) => c.op));
      expect([...ops].sort()).toEqual(expect.arrayContaining(['appendCommit', 'appendControl', 'writeCheckpoint']));
      const cases: { label: string; fault: (f: FaultyLogStore) => { store?: Fault; inner?: { step: CommitStep; txnSeq: number } } }[] = [];
      for (const step of steps) {
        for (const action of ACTIONS) {
          cases.push({ label: `${action} at ${step.op} #${step.call} (${step.detail})`, fault: () => ({ store: { op: step.op, call: step.call, action } }) });
        }
      }
      if (kind.name === 'directory') {
        for (const txnSeq of [base + 1, base + 2]) {
          for (const step of INNER_STEPS) cases.push({ label: `crash inside appendCommit ${txnSeq} at ${step}`, fault: () => ({ inner: { step, txnSeq } }) });
        }
      }
      for (const c of cases) {
        const what = `${kind.name}, seed ${seed}: ${c.label}`;
        const run = await runWithFault(kind, s, c.fault);
        expect(run.base, what).toBe(base);
        stats.runs++;
        stats.faults++;
        if (run.outcome.crashed) stats.crashes++;
        else if (run.outcome.error !== null) {
          stats.errors++;
          // A refused write fails with the store's error as it is (the injected one), never a guessed kind.
          const e = run.outcome.error;
          expect(isPondError(e, 'StorageFull') || (e as Error).name === 'InjectedFault', `${what}: ${String(e)}`).toBe(true);
        }
        // No close, even when it did not crash: the reopen stands for the next process (the memory store is the
        // very same object, which a close would end).
        const store = await run.reopen();
        const last = await checkAfter(store, s, base, what);
        if (last === base) stats.atN++;
        else if (last === base + 1) stats.atN1++;
        else stats.atN2++;
        store.close();
      }
    });
  }
});

/** CI: a crash right after each step (a pond is built per case, ~4 s each); the long version: every action. */
const PRUNE_ACTIONS: readonly FaultAction[] = SEEDS.length > 1 || env['RELIABILITY_SEED'] !== undefined ? ACTIONS : ['crash-after'];
const pruneStats = { runs: 0, crashes: 0, errors: 0, before: 0, after: 0 };

/** Issue 11 item 7: a fault at every write step of `maintain --prune-before N` leaves the pond before or after it. */
describe.each(KINDS)('a fault at every write step of a prune: $name store', (kind) => {
  for (const seed of SEEDS) {
    it(`seed ${seed}`, { timeout: 600_000 }, async () => {
      const s = scenario(seed);
      /** A pond with the scenario's commits, and a prune at `n` with `fault` (none for the clean trace). */
      const pruneWith = async (fault: Fault | null) => {
        const { store, reopen } = await kind.create(() => undefined);
        const faulty = new FaultyLogStore(store);
        const pond = await Pond.init(withInterval(memoryEnvironment(faulty), s), { birthplace: 'prune crash test' });
        await buildBase(pond, s);
        await commitTarget(pond, s);
        // A blob only a version before N needs, so the prune has one to reclaim.
        await (await pond.transact('scratch', (root) => root.createFilePath('/data/scratch.bin', new Uint8Array(70_000).fill(7)).then(() => undefined))).runs;
        await (await pond.transact('scratch small', (root) => root.writeFilePath('/data/scratch.bin', encode('small')).then(() => undefined))).runs;
        const last = await faulty.lastTxnSeq();
        const n = last - 1;
        const expected = new Map<number, Map<string, Uint8Array | null>>();
        for (const t of [n - 1, n, last]) expected.set(t, await snapshot(pond, t, s));
        const writesBefore = faulty.writes().length;
        if (fault !== null) faulty.inject([fault]);
        let error: unknown = null;
        const outcome = await Promise.race([
          pond.prune(n).then(
            () => 'done' as const,
            (e: unknown) => ((error = e), 'failed' as const),
          ),
          faulty.crashed.then(() => 'crashed' as const),
        ]);
        return { faulty, pond, reopen, n, last, expected, writesBefore, outcome, error };
      };
      const clean = await pruneWith(null);
      expect(clean.outcome).toBe('done');
      const steps = clean.faulty.writes().slice(clean.writesBefore);
      expect(steps.map((c) => c.op)).toEqual(expect.arrayContaining(['writeCheckpoint', 'writeMeta', 'deleteCommitsBefore', 'deleteBlobs']));
      clean.pond.close();
      for (const step of steps) {
        for (const action of PRUNE_ACTIONS) {
          const what = `${kind.name}, seed ${seed}: ${action} at ${step.op} #${step.call} (${step.detail})`;
          const run = await pruneWith({ op: step.op, call: step.call, action });
          pruneStats.runs++;
          if (run.outcome === 'crashed') pruneStats.crashes++;
          else if (run.outcome === 'failed') pruneStats.errors++;
          const store = await run.reopen();
          expect((await verifyPond(store)).problems, `${what}: verify`).toEqual([]);
          expect(await store.lastTxnSeq(), what).toBe(run.last);
          const reopened = await Pond.open(withInterval(memoryEnvironment(store), s));
          for (const t of [run.n, run.last]) expect(await snapshot(reopened, t, s), `${what}: txn ${t}`).toEqual(run.expected.get(t));
          const pruned = (await store.readMeta('base')) !== null;
          if (pruned) {
            pruneStats.after++;
            expect((await rejectionOf(reopened.read(run.n - 1))).kind, `${what}: before the base`).toBe('Pruned');
          } else {
            pruneStats.before++;
            expect(await snapshot(reopened, run.n - 1, s), `${what}: txn ${run.n - 1}`).toEqual(run.expected.get(run.n - 1));
          }
          // Pruning again (at the same txn) finishes what was cut short; the pond goes on.
          await reopened.prune(run.n);
          expect(await store.readCommitMetas(1, run.n - 1), `${what}: leftovers`).toEqual([]);
          expect((await verifyPond(store)).problems, `${what}: verify after finishing`).toEqual([]);
          const next = await reopened.transact('after the prune', (root) => root.createFilePath('/after.txt', encode(what)).then(() => undefined));
          await next.runs;
          expect(next.commit?.meta.txnSeq, what).toBe(run.last + 1);
          store.close();
        }
      }
    });
  }
});

/** Every scenario file as of txn `t` (null when absent then). */
async function snapshot(pond: Pond, t: number, s: Scenario): Promise<Map<string, Uint8Array | null>> {
  const root = (await pond.read(t)).root();
  const out = new Map<string, Uint8Array | null>();
  for (const path of [...s.base.keys(), ...s.target.keys()]) out.set(path, (await root.exists(path)) ? await root.readFilePath(path) : null);
  return out;
}

async function rejectionOf(promise: Promise<unknown>): Promise<{ kind?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { kind?: string };
  }
  throw new Error('expected a rejection');
}

afterAll(() => {
  // One line for docs/reliability.md: how many runs, faults and where they ended.
  console.log(`crash.test: ${JSON.stringify({ seeds: SEEDS.length, ...stats })}`);
  console.log(`crash.test prune: ${JSON.stringify({ seeds: SEEDS.length, ...pruneStats })}`);
});

/** Byte equality without vitest's deep equality, which takes most of a second on a 64 KiB array. */
function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}
