/**
 * Storage benchmark cases (bench/oplog.bench.mjs, `npm run bench`): the real OpLog over the real IndexedDB
 * store, each case beside a raw IndexedDB baseline of the same bytes and a breakdown of where the time goes.
 *
 * Runs in the bench worker (bench.worker.ts), where the product runs its engine; the page (bench.ts) can
 * also run it on its own thread when it must (heap figures without cross-origin isolation). The breakdown is
 * measured from outside: every phase is re-timed by calling the same product function over the same data
 * (blake3Hex, encodeSnapshot, encodeEntries, PondState.apply, the store's reads) or by writing the same bytes
 * with plain `idb` — the product code is not instrumented.
 */
import { Binary, type DataType, RecordBatch, Struct, Table, Utf8, makeData, tableToIPC } from 'apache-arrow';
import { type IDBPDatabase, deleteDB, openDB } from 'idb';
import { BroadcastChangeNotifier, BrowserLogStore, WebLockWriteLock, pondDatabaseName } from '../../src/store/browser';
import type { CommitWrite } from '../../src/store/records';
import { type EntryType, ROOT_ID, compareNames, newNodeId, newUuidV7 } from '../../src/tinyfs';
import { OPLOG_COLUMNS, OPLOG_SCHEMA, type OpLog, OpLog as OpLogClass, type OplogEntry, PondState, blake3Hex, buildState, decodeEntries, decodeSnapshot, encodeEntries, encodeSnapshot } from '../../src/tlogfs';
import { columnData } from '../../src/tlogfs/columns';
import { bytesOf, gcNow, pad } from './benchData';

export type Figures = Record<string, number>;

/** One run of one case: headline figures, the breakdown (ms), and facts about the data. */
export interface CaseResult {
  metrics: Figures;
  breakdown: Figures;
  info: Record<string, number | string>;
}

const FILE_TYPE: EntryType = 'file:physical:version';
const now = (): number => performance.now();

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/**
 * Median ms of `reps` calls of `work` (awaited one after another). `gc`: collect garbage before each call
 * (untimed), so that a large re-timed phase is not charged for the garbage of the one before it.
 */
async function medianMs(reps: number, work: (i: number) => unknown, options: { gc?: boolean } = {}): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    if (options.gc === true) gcNow();
    const t = now();
    await work(i);
    times.push(now() - t);
  }
  return median(times);
}

/** `medianMs` with garbage collected before each call: for the large re-timed phases. */
const gcMedianMs = (reps: number, work: (i: number) => unknown): Promise<number> => medianMs(reps, work, { gc: true });



// ---------------------------------------------------------------------------------------------------------
// Ponds and the raw baseline database

interface Pond {
  readonly localId: string;
  readonly store: BrowserLogStore;
  readonly log: OpLog;
  readonly notifier: BroadcastChangeNotifier;
}

/** The options the engine worker gives OpLog (src/app/engine/engine.ts): Web Lock, broadcast, local id. */
function pondOptions(localId: string, notifier?: BroadcastChangeNotifier) {
  return { lock: new WebLockWriteLock(localId), localId, ...(notifier === undefined ? {} : { notifier }) };
}

function uniqueId(tag: string): string {
  return `bench-${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

async function newPond(localId: string): Promise<Pond> {
  await deleteDB(pondDatabaseName(localId));
  const store = await BrowserLogStore.open(localId);
  const notifier = new BroadcastChangeNotifier(localId);
  const log = await OpLogClass.init(store, { ...pondOptions(localId, notifier), birthplace: 'bench' });
  return { localId, store, log, notifier };
}

async function openPond(localId: string): Promise<Pond> {
  const store = await BrowserLogStore.open(localId);
  const notifier = new BroadcastChangeNotifier(localId);
  const log = await OpLogClass.open(store, pondOptions(localId, notifier));
  return { localId, store, log, notifier };
}

function closePond(pond: Pond): void {
  pond.notifier.close();
  pond.store.close();
}

async function dropPond(pond: Pond): Promise<void> {
  closePond(pond);
  await deleteDB(pondDatabaseName(pond.localId));
}

type Durability = 'strict' | 'relaxed' | 'default';

/** A plain `idb` database with the pond's store layout: the baseline writes the same bytes here. */
class RawDb {
  private key = 0;

  private constructor(
    readonly db: IDBPDatabase,
    readonly name: string,
  ) {}

  static async open(tag: string): Promise<RawDb> {
    const name = uniqueId(`raw-${tag}`);
    const db = await openDB(name, 1, {
      upgrade(database) {
        database.createObjectStore('commits', { keyPath: 'txnSeq' });
        for (const store of ['logs', 'blobs', 'checkpoints', 'files']) database.createObjectStore(store);
      },
    });
    return new RawDb(db, name);
  }

  nextKey(): number {
    return ++this.key;
  }

  /** All `values` in one readwrite transaction. */
  async write(values: readonly { store: string; value: unknown; key?: IDBValidKey }[], durability: Durability): Promise<void> {
    const tx = this.db.transaction([...new Set(values.map((v) => v.store))], 'readwrite', { durability });
    const requests = values.map((v) => (v.key === undefined ? tx.objectStore(v.store).put(v.value) : tx.objectStore(v.store).put(v.value, v.key)));
    await Promise.all([...requests, tx.done]);
  }

  /** A commit's metadata and log record, as the store writes them (one transaction). */
  writeCommit(meta: object, log: Uint8Array, durability: Durability, extra: { store: string; value: unknown; key?: IDBValidKey }[] = []): Promise<void> {
    const seq = this.nextKey();
    return this.write([{ store: 'commits', value: { ...meta, txnSeq: seq } }, { store: 'logs', key: seq, value: log }, ...extra], durability);
  }

  async drop(): Promise<void> {
    this.db.close();
    await deleteDB(this.name);
  }
}

/** The raw reads an open does: the checkpoint value and the log records after it, from a plain `idb` connection. */
async function rawOpenRead(localId: string, checkpoint: number | undefined, last: number): Promise<{ ms: number; bytes: Uint8Array[] }> {
  const t = now();
  const db = await openDB(pondDatabaseName(localId));
  const tx = db.transaction(['checkpoints', 'logs', 'commits', 'meta'], 'readonly');
  const from = (checkpoint ?? 0) + 1;
  const [cp, logs] = await Promise.all([
    checkpoint === undefined ? Promise.resolve(undefined) : tx.objectStore('checkpoints').get(checkpoint),
    from <= last ? tx.objectStore('logs').getAll(IDBKeyRange.bound(from, last)) : Promise.resolve([]),
    from <= last ? tx.objectStore('commits').getAll(IDBKeyRange.bound(from, last)) : Promise.resolve([]),
    tx.objectStore('meta').get('pond'),
  ]);
  await tx.done;
  const ms = now() - t;
  db.close();
  return { ms, bytes: [...(cp === undefined ? [] : [cp as Uint8Array]), ...(logs as Uint8Array[])] };
}

/** The sorted entries of the directory at `name` under the root of `state`. */
function dirSnapshot(state: PondState, name: string) {
  const id = state.node(ROOT_ID)?.entries?.get(name)?.childNodeId;
  const entries = id === undefined ? undefined : state.node(id)?.entries;
  if (entries == null) throw new Error(`bench: no directory /${name}`);
  return [...entries.values()].sort((a, b) => compareNames(a.name, b.name));
}

/** The internal OpLog transaction behind a WriteTransaction, to time its `prepare()` from outside. */
function preparer(tx: object): { prepare(pondId: string): Promise<unknown> } {
  return (tx as unknown as { tx: { prepare(pondId: string): Promise<unknown> } }).tx;
}

async function readLog(pond: Pond, txnSeq: number): Promise<{ meta: object; log: Uint8Array; entries: OplogEntry[] }> {
  const [commit] = await pond.store.readCommits(txnSeq, txnSeq);
  if (commit === undefined) throw new Error(`bench: no commit ${txnSeq}`);
  return { meta: commit.meta, log: commit.log, entries: decodeEntries(commit.log, `txn ${txnSeq}`).entries };
}

/** Median ms of `PondState.apply(txnSeq, entries)` on the state just before it (rebuilt, untimed, each rep). */
async function applyMs(pond: Pond, txnSeq: number, entries: readonly OplogEntry[], reps: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const state = await buildState(pond.store, pond.log.identity.pondId, txnSeq - 1);
    const t = now();
    state.apply(txnSeq, entries);
    times.push(now() - t);
  }
  return median(times);
}

/** Median ms of the Web Lock round trip a commit makes (acquire, with its holder-label lock, and release). */
function lockMs(localId: string, reps: number): Promise<number> {
  const lock = new WebLockWriteLock(localId);
  return medianMs(reps, async () => (await lock.acquire({ holder: 'bench', timeoutMs: 5_000 })).release());
}

/**
 * Median ms of the product store's own `appendCommit` of the same commit (meta, log record, blobs), into a
 * scratch pond database that has had one small commit first (like a pond after `init`). `fresh` makes a new
 * scratch database per rep (a first large write into a database), else the reps append in turn.
 */
async function storeAppendMs(sample: { meta: object; log: Uint8Array }, blobs: ReadonlyMap<string, Uint8Array>, reps: number, fresh: boolean): Promise<number> {
  const times: number[] = [];
  let scratch: { id: string; store: BrowserLogStore; seq: number } | null = null;
  const write = (seq: number, log: Uint8Array, withBlobs: ReadonlyMap<string, Uint8Array>): CommitWrite => ({
    meta: { ...(sample.meta as CommitWrite['meta']), txnSeq: seq },
    log,
    blobs: withBlobs,
    control: [],
  });
  try {
    for (let i = 0; i < reps; i++) {
      if (scratch === null || fresh) {
        if (scratch !== null) {
          scratch.store.close();
          await deleteDB(pondDatabaseName(scratch.id));
        }
        const id = uniqueId('scratch');
        scratch = { id, store: await BrowserLogStore.open(id), seq: 1 };
        await scratch.store.appendCommit(write(1, new Uint8Array(64), new Map()));
      }
      scratch.seq++;
      const commit = write(scratch.seq, sample.log, blobs);
      const t = now();
      await scratch.store.appendCommit(commit);
      times.push(now() - t);
    }
  } finally {
    if (scratch !== null) {
      scratch.store.close();
      await deleteDB(pondDatabaseName(scratch.id));
    }
  }
  return median(times);
}

/** Median ms of a plain idb write of `values` as the first large write into a new database (after one small write). */
async function rawFreshMs(values: (raw: RawDb) => { store: string; value: unknown; key?: IDBValidKey }[], reps: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const raw = await RawDb.open('fresh');
    try {
      await raw.write([{ store: 'logs', key: raw.nextKey(), value: new Uint8Array(64) }], 'strict');
      const v = values(raw);
      const t = now();
      await raw.write(v, 'strict');
      times.push(now() - t);
    } finally {
      await raw.drop();
    }
  }
  return median(times);
}

/** Column values as `encodeEntries` reads them (src/tlogfs/schema.ts), to time its stages separately. */
const COLUMN_OF = OPLOG_COLUMNS;

/** `encodeEntries` in its three stages: string/binary columns (a TextEncoder call per value), int64 columns, Arrow IPC writer. */
async function encodeStagesMs(entries: readonly OplogEntry[], reps: number): Promise<Figures> {
  const fields = OPLOG_SCHEMA.fields;
  const isBytes = (type: DataType): boolean => type instanceof Utf8 || type instanceof Binary;
  const values = (name: string): unknown[] => entries.map(COLUMN_OF[name] as (e: OplogEntry) => unknown);
  const children = fields.map((f) => columnData(f.type as DataType, values(f.name)));
  return {
    strings: await gcMedianMs(reps, () => fields.filter((f) => isBytes(f.type as DataType)).map((f) => columnData(f.type as DataType, values(f.name)))),
    ints: await gcMedianMs(reps, () => fields.filter((f) => !isBytes(f.type as DataType)).map((f) => columnData(f.type as DataType, values(f.name)))),
    ipc: await gcMedianMs(reps, () => {
      const data = makeData({ type: new Struct(OPLOG_SCHEMA.fields), length: entries.length, nullCount: 0, children: children as never });
      return tableToIPC(new Table(new RecordBatch(OPLOG_SCHEMA, data)), 'stream');
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Case 1: latency of a commit of one small file into a directory of 1,000

export async function commitOne(p: { seedFiles: number; commits: number; fileSize: number }): Promise<CaseResult> {
  const pond = await newPond(uniqueId('commit1'));
  const raw = await RawDb.open('commit1');
  try {
    const { log, store } = pond;
    const seed = await log.beginWrite('bench: seed');
    await seed.root().createDirPath('/files');
    for (let i = 0; i < p.seedFiles; i++) await seed.root().createFilePath(`/files/seed-${pad(i)}.txt`, bytesOf(i, p.fileSize));
    await seed.commit();

    const contents = Array.from({ length: p.commits }, (_, i) => bytesOf(1_000_000 + i, p.fileSize));
    const total: number[] = [];
    const begin: number[] = [];
    const fsOps: number[] = [];
    const commit: number[] = [];
    const commitPlain: number[] = [];
    const commitCheckpoint: number[] = [];
    for (let i = 0; i < p.commits; i++) {
      const t0 = now();
      const tx = await log.beginWrite('bench: commit 1 file');
      const t1 = now();
      await tx.root().createFilePath(`/files/new-${pad(i)}.txt`, contents[i] as Uint8Array);
      const t2 = now();
      const result = await tx.commit();
      const t3 = now();
      total.push(t3 - t0);
      begin.push(t1 - t0);
      fsOps.push(t2 - t1);
      commit.push(t3 - t2);
      ((result?.meta.txnSeq ?? 0) % 10 === 0 ? commitCheckpoint : commitPlain).push(t3 - t2);
    }

    // For reference: the same commits into a directory of 100 files (what depends on the directory's size).
    const small = await log.beginWrite('bench: seed small');
    await small.root().createDirPath('/small');
    for (let i = 0; i < 100; i++) await small.root().createFilePath(`/small/seed-${pad(i)}.txt`, bytesOf(2_000_000 + i, p.fileSize));
    await small.commit();
    const smallTotal: number[] = [];
    for (let i = 0; i < Math.min(50, p.commits); i++) {
      const t0 = now();
      const tx = await log.beginWrite('bench: commit 1 file (small dir)');
      await tx.root().createFilePath(`/small/new-${pad(i)}.txt`, contents[i] as Uint8Array);
      await tx.commit();
      smallTotal.push(now() - t0);
    }
    const bigDirCommit = await log.beginWrite('bench: commit 1 file');
    await bigDirCommit.root().createFilePath('/files/last.txt', contents[0] as Uint8Array);
    await bigDirCommit.commit();

    // Breakdown: each phase re-timed over the same data (the last commit: one file into /files).
    const last = log.txnSeq;
    const sample = await readLog(pond, last);
    const state = log.currentState();
    const snapshot = dirSnapshot(state, 'files');
    const checkpoint = state.toCheckpoint();
    const snapshotBytes = encodeSnapshot(snapshot);
    const breakdown: Figures = {
      'Web Lock acquire + release': await lockMs(pond.localId, 50),
      'refresh (store.lastTxnSeq)': await medianMs(50, () => store.lastTxnSeq()),
      'ids (1 node id + 1 txn id)': (await medianMs(20, () => {
        for (let k = 0; k < 100; k++) {
          newNodeId(FILE_TYPE);
          newUuidV7();
        }
      })) / 100,
      'BLAKE3 of the file': await medianMs(contents.length, (i) => blake3Hex(contents[i] as Uint8Array)),
      [`encodeSnapshot (${snapshot.length} entries)`]: await medianMs(30, () => encodeSnapshot(snapshot)),
      [`encodeEntries (log record, ${sample.entries.length} rows)`]: await medianMs(30, () => encodeEntries(sample.entries)),
      'prepare() in all (hash + snapshot + summary)': 0,
      'PondState.apply (decodes the snapshot again)': await applyMs(pond, last, sample.entries, 15),
      [`… of which decodeSnapshot (${snapshot.length} entries)`]: await medianMs(30, () => decodeSnapshot(snapshotBytes, 'snapshot')),
      'IndexedDB: same bytes, durability strict': await medianMs(30, () => raw.writeCommit(sample.meta, sample.log, 'strict')),
      'IndexedDB: same bytes, durability relaxed': await medianMs(30, () => raw.writeCommit(sample.meta, sample.log, 'relaxed')),
      'BrowserLogStore.appendCommit of the same commit (scratch pond)': await storeAppendMs(sample, new Map(), 30, false),
      'checkpoint: toCheckpoint()': await medianMs(5, () => state.toCheckpoint()),
      'checkpoint: IndexedDB put of it': await medianMs(5, () => raw.write([{ store: 'checkpoints', key: raw.nextKey(), value: checkpoint }], 'default')),
    };
    const prepares: number[] = [];
    for (let i = 0; i < 20; i++) {
      const tx = await log.beginWrite('bench: prepare only');
      await tx.root().createFilePath('/files/probe.txt', contents[i] as Uint8Array);
      const t = now();
      await preparer(tx).prepare(log.identity.pondId);
      prepares.push(now() - t);
      await tx.abort();
    }
    breakdown['prepare() in all (hash + snapshot + summary)'] = median(prepares);

    return {
      metrics: {
        median: median(total),
        p95: percentile(total, 95),
        mean: total.reduce((a, b) => a + b, 0) / total.length,
        'beginWrite (lock + refresh)': median(begin),
        'FS ops (createFilePath)': median(fsOps),
        'commit()': median(commit),
        'commit() without checkpoint': median(commitPlain),
        'commit() with checkpoint (every 10th)': median(commitCheckpoint),
        'median, same commits into a directory of 100 (reference)': median(smallTotal),
        baseline: breakdown['IndexedDB: same bytes, durability strict'] as number,
      },
      breakdown,
      info: {
        commits: p.commits,
        'files in the directory at the end': snapshot.length,
        'log record bytes': sample.log.byteLength,
        'checkpoint bytes': checkpoint.byteLength,
        'checkpoint rows': decodeEntries(checkpoint, 'checkpoint').entries.length,
      },
    };
  } finally {
    await raw.drop();
    await dropPond(pond);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Case 2: throughput of one commit of 10,000 small files

export async function bulk(p: { files: number; fileSize: number }): Promise<CaseResult> {
  const pond = await newPond(uniqueId('bulk'));
  const raw = await RawDb.open('bulk');
  try {
    const { log } = pond;
    const contents = Array.from({ length: p.files }, (_, i) => bytesOf(i, p.fileSize));
    const t0 = now();
    const tx = await log.beginWrite('bench: bulk');
    await tx.root().createDirPath('/bulk');
    for (let i = 0; i < p.files; i++) await tx.root().createFilePath(`/bulk/f-${pad(i)}.txt`, contents[i] as Uint8Array);
    const t1 = now();
    await tx.commit();
    const t2 = now();

    const sample = await readLog(pond, log.txnSeq);
    const snapshot = dirSnapshot(log.currentState(), 'bulk');
    const breakdown: Figures = {
      [`ids (${p.files} node ids)`]: await gcMedianMs(3, () => {
        for (let i = 0; i < p.files; i++) newNodeId(FILE_TYPE);
      }),
      [`BLAKE3 of ${p.files} files`]: await gcMedianMs(3, () => {
        for (const c of contents) blake3Hex(c);
      }),
      [`encodeSnapshot (${snapshot.length} entries)`]: await gcMedianMs(3, () => encodeSnapshot(snapshot)),
      [`encodeEntries (log record, ${sample.entries.length} rows)`]: await gcMedianMs(3, () => encodeEntries(sample.entries)),
      ...(await encodeStagesMs(sample.entries, 3).then((st) => ({
        '… of which Utf8/Binary columns (TextEncoder per value, copies)': st.strings as number,
        '… of which Int64 columns (BigInt per value)': st.ints as number,
        '… of which Arrow IPC writer (tableToIPC)': st.ipc as number,
      }))),
      'prepare() in all (hash + snapshot + summary)': 0,
      'PondState.apply': await applyMs(pond, log.txnSeq, sample.entries, 3),
      'IndexedDB: same bytes, durability strict': await gcMedianMs(3, () => raw.writeCommit(sample.meta, sample.log, 'strict')),
      'IndexedDB: same bytes, durability relaxed': await gcMedianMs(3, () => raw.writeCommit(sample.meta, sample.log, 'relaxed')),
      'IndexedDB: same bytes, strict, first large write into a new database': await rawFreshMs(
        (r) => [
          { store: 'commits', value: { ...sample.meta, txnSeq: r.nextKey() } },
          { store: 'logs', key: r.nextKey(), value: sample.log },
        ],
        3,
      ),
      'BrowserLogStore.appendCommit of the same commit (new scratch pond)': await storeAppendMs(sample, new Map(), 3, true),
      [`IndexedDB: ${p.files} separate puts, one transaction (strict)`]: await gcMedianMs(1, () =>
        raw.write(
          contents.map((value, i) => ({ store: 'files', key: `r${raw.nextKey()}-${i}`, value })),
          'strict',
        ),
      ),
      'decodeEntries of the log record (for reference)': await gcMedianMs(3, () => decodeEntries(sample.log, 'log')),
    };
    // prepare() alone, on a second batch that is then aborted.
    {
      const probe = await log.beginWrite('bench: prepare only');
      await probe.root().createDirPath('/probe');
      const f0 = now();
      for (let i = 0; i < p.files; i++) await probe.root().createFilePath(`/probe/f-${pad(i)}.txt`, contents[i] as Uint8Array);
      breakdown['FS ops again (second batch, for reference)'] = now() - f0;
      const l0 = now();
      for (let i = 0; i < p.files; i++) await probe.root().exists(`/probe/f-${pad(i)}.txt`);
      breakdown[`… path lookups alone: exists() ×${p.files} (for reference)`] = now() - l0;
      const t = now();
      await preparer(probe).prepare(log.identity.pondId);
      breakdown['prepare() in all (hash + snapshot + summary)'] = now() - t;
      await probe.abort();
    }
    const totalMs = t2 - t0;
    return {
      metrics: {
        'files/s': p.files / (totalMs / 1000),
        total: totalMs,
        'beginWrite + FS ops (mkdir + createFilePath ×N)': t1 - t0,
        'commit()': t2 - t1,
        baseline: breakdown['IndexedDB: same bytes, durability strict'] as number,
        'baseline files/s': p.files / ((breakdown['IndexedDB: same bytes, durability strict'] as number) / 1000),
      },
      breakdown,
      info: { files: p.files, 'file size': p.fileSize, 'log record bytes': sample.log.byteLength },
    };
  } finally {
    await raw.drop();
    await dropPond(pond);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Case 3: write and verified read of one 16 MiB file

export async function bigFile(p: { size: number }): Promise<CaseResult> {
  const pond = await newPond(uniqueId('big'));
  const raw = await RawDb.open('big');
  try {
    const { log, store } = pond;
    const content = bytesOf(42, p.size);
    const t0 = now();
    const tx = await log.beginWrite('bench: big write');
    await tx.root().createFilePath('/big.bin', content);
    await tx.commit();
    const t1 = now();
    const t2 = now();
    const view = await log.beginRead();
    const back = await view.root().readFilePath('/big.bin');
    const t3 = now();
    if (back.length !== content.length || back[p.size >> 1] !== content[p.size >> 1]) throw new Error('bench: big file read back differs');

    const sample = await readLog(pond, log.txnSeq);
    const hash = sample.entries[0]?.blake3 ?? blake3Hex(content);
    const rawWrite = (durability: Durability) => () =>
      raw.writeCommit(sample.meta, sample.log, durability, [{ store: 'blobs', key: `${hash}-${raw.nextKey()}`, value: content }]);
    const strictMs = await gcMedianMs(3, rawWrite('strict'));
    const relaxedMs = await gcMedianMs(3, rawWrite('relaxed'));
    const rawKey = `${hash}-raw`;
    await raw.write([{ store: 'blobs', key: rawKey, value: content }], 'strict');
    const rawGetMs = await gcMedianMs(3, () => raw.db.get('blobs', rawKey));
    const freshMs = await rawFreshMs(
      (r) => [
        { store: 'commits', value: { ...sample.meta, txnSeq: r.nextKey() } },
        { store: 'logs', key: r.nextKey(), value: sample.log },
        { store: 'blobs', key: hash, value: content },
      ],
      3,
    );
    const storeMs = await storeAppendMs(sample, new Map([[hash, content]]), 3, true);
    const breakdown: Figures = {
      'write: copy of the content (transaction copies it in)': await gcMedianMs(3, () => content.slice()),
      'write: BLAKE3 of the content': await gcMedianMs(3, () => blake3Hex(content)),
      'write: encodeEntries (log record)': await gcMedianMs(10, () => encodeEntries(sample.entries)),
      'write: IndexedDB, same bytes (blob + log + meta), strict': strictMs,
      'write: IndexedDB, same bytes, relaxed': relaxedMs,
      'write: IndexedDB, same bytes, strict, first large write into a new database': freshMs,
      'write: BrowserLogStore.appendCommit of the same commit (new scratch pond)': storeMs,
      'read: store.getBlob (IndexedDB get)': await gcMedianMs(3, () => store.getBlob(hash)),
      'read: plain idb get of the same bytes': rawGetMs,
      'read: BLAKE3 verify': await gcMedianMs(3, () => blake3Hex(back)),
    };
    const mb = p.size / 1e6;
    return {
      metrics: {
        'write ms': t1 - t0,
        'write MB/s': mb / ((t1 - t0) / 1000),
        'read ms': t3 - t2,
        'read MB/s': mb / ((t3 - t2) / 1000),
        'baseline write MB/s': mb / (strictMs / 1000),
        'baseline read MB/s': mb / (rawGetMs / 1000),
      },
      breakdown,
      info: { bytes: p.size },
    };
  } finally {
    await raw.drop();
    await dropPond(pond);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Case 4 and 5: open (flatness over history length) and time travel, on ponds built once per size

/** Builds `commits` write commits (after init) that add `files` files in all, spread over `dirs` directories. */
export async function buildHistory(p: { localId: string; commits: number; files: number; dirs: number; fileSize: number }): Promise<Record<string, number | string>> {
  const t0 = now();
  const pond = await newPond(p.localId);
  try {
    let made = 0;
    let dirMade = -1;
    for (let c = 0; c < p.commits; c++) {
      const upTo = Math.floor(((c + 1) * p.files) / p.commits);
      const dir = Math.floor((c * p.dirs) / p.commits);
      const tx = await pond.log.beginWrite(`bench: history ${c + 1}`);
      if (dir !== dirMade) {
        await tx.root().createDirPath(`/d${pad(dir, 3)}`);
        dirMade = dir;
      }
      for (; made < upTo; made++) await tx.root().createFilePath(`/d${pad(dir, 3)}/f${pad(made)}.txt`, bytesOf(made, p.fileSize));
      await tx.commit();
    }
    const checkpoints = await pond.store.listCheckpoints();
    return { localId: p.localId, buildMs: now() - t0, last: pond.log.txnSeq, checkpoints: checkpoints.join(',') };
  } finally {
    closePond(pond);
  }
}

export async function deletePond(p: { localId: string }): Promise<void> {
  await deleteDB(pondDatabaseName(p.localId));
}

/** OpLog.open + root entries() of a pond built by buildHistory, then its parts re-timed. */
export async function openHistory(p: { localId: string }): Promise<CaseResult> {
  const t0 = now();
  const store = await BrowserLogStore.open(p.localId);
  const t1 = now();
  const log = await OpLogClass.open(store, pondOptions(p.localId));
  const t2 = now();
  const entries = await (await log.beginRead()).root().entries();
  const t3 = now();
  try {
    const last = log.txnSeq;
    const pondId = log.identity.pondId;
    const listMs = await gcMedianMs(3, () => store.listCheckpoints());
    const checkpoint = (await store.listCheckpoints()).filter((s) => s <= last).pop();
    const cpBytes = checkpoint === undefined ? null : await store.readCheckpoint(checkpoint);
    const tail = await store.readCommits((checkpoint ?? 0) + 1, last);
    const decodeMs = cpBytes === null ? 0 : await gcMedianMs(3, () => decodeEntries(cpBytes, 'checkpoint'));
    const fromCpMs = cpBytes === null ? 0 : await gcMedianMs(3, () => PondState.fromCheckpoint(cpBytes, 'checkpoint'));
    const tailTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const state = cpBytes === null ? new PondState(pondId) : PondState.fromCheckpoint(cpBytes, 'checkpoint');
      const t = now();
      for (const c of tail) state.apply(c.meta.txnSeq, decodeEntries(c.log, 'log').entries);
      tailTimes.push(now() - t);
    }
    const tailApplyMs = median(tailTimes);
    const rawRead = await rawOpenRead(p.localId, checkpoint, last);
    const reopen = await gcMedianMs(3, async () => (await BrowserLogStore.open(p.localId)).close());
    const breakdown: Figures = {
      'BrowserLogStore.open (IndexedDB connection)': reopen,
      'identity + lastTxnSeq reads': await gcMedianMs(3, async () => {
        await store.readMeta('pond');
        await store.lastTxnSeq();
      }),
      'listCheckpoints': listMs,
      'readCheckpoint (IndexedDB get)': checkpoint === undefined ? 0 : await gcMedianMs(3, () => store.readCheckpoint(checkpoint)),
      'decodeEntries of the checkpoint (Arrow → rows)': decodeMs,
      'PondState from the rows (apply, snapshots decoded)': Math.max(0, fromCpMs - decodeMs),
      [`readCommits of the tail (${tail.length})`]: await gcMedianMs(3, () => store.readCommits((checkpoint ?? 0) + 1, last)),
      'decode + apply of the tail': tailApplyMs,
      'root entries()': await gcMedianMs(3, async () => (await log.beginRead()).root().entries()),
      'raw: plain idb open + get checkpoint + tail records': rawRead.ms,
    };
    return {
      metrics: {
        total: t3 - t0,
        'BrowserLogStore.open': t1 - t0,
        'OpLog.open': t2 - t1,
        'root entries()': t3 - t2,
        baseline: rawRead.ms,
      },
      breakdown,
      info: {
        txnSeq: last,
        checkpoint: checkpoint ?? 0,
        'checkpoint bytes': cpBytes?.byteLength ?? 0,
        'checkpoint rows': cpBytes === null ? 0 : decodeEntries(cpBytes, 'checkpoint').entries.length,
        'tail commits replayed': tail.length,
        'root entries': entries.length,
      },
    };
  } finally {
    store.close();
  }
}

/** `beginRead(last - back)` + one read, on an open pond; also the worst replay (99 commits) for reference. */
export async function timeTravel(p: { localId: string; back: number; path: string }): Promise<CaseResult> {
  const pond = await openPond(p.localId);
  try {
    const { log, store } = pond;
    const last = log.txnSeq;
    const asOf = last - p.back;
    const t0 = now();
    const view = await log.beginRead(asOf);
    const bytes = await view.root().readFilePath(p.path);
    const t1 = now();
    if (bytes.length === 0) throw new Error('bench: empty read');
    // Worst case for the same depth: the newest K ≤ asOf that sits 99 commits after a retained checkpoint.
    const worst = asOf - ((asOf - 99 + 100) % 100);
    const w0 = now();
    await (await log.beginRead(worst)).root().readFilePath(p.path);
    const w1 = now();

    const checkpoint = (await store.listCheckpoints()).filter((s) => s <= asOf).pop();
    const cpBytes = checkpoint === undefined ? null : await store.readCheckpoint(checkpoint);
    const tail = await store.readCommits((checkpoint ?? 0) + 1, asOf);
    const rawRead = await rawOpenRead(p.localId, checkpoint, asOf);
    const breakdown: Figures = {
      'listCheckpoints': await gcMedianMs(3, () => store.listCheckpoints()),
      'readCheckpoint (IndexedDB get)': checkpoint === undefined ? 0 : await gcMedianMs(3, () => store.readCheckpoint(checkpoint)),
      'PondState.fromCheckpoint (decode + apply)': cpBytes === null ? 0 : await gcMedianMs(3, () => PondState.fromCheckpoint(cpBytes, 'checkpoint')),
      [`readCommits of the tail (${tail.length})`]: await gcMedianMs(3, () => store.readCommits((checkpoint ?? 0) + 1, asOf)),
      'read of the file on the view': await gcMedianMs(3, () => view.root().readFilePath(p.path)),
      'raw: plain idb open + get checkpoint + tail records': rawRead.ms,
    };
    return {
      metrics: { total: t1 - t0, baseline: rawRead.ms, 'worst case (99 commits replayed)': w1 - w0 },
      breakdown,
      info: { last, asOf, checkpoint: checkpoint ?? 0, 'tail commits replayed': tail.length, 'worst case asOf': worst },
    };
  } finally {
    closePond(pond);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Case 6: JS heap after open — what is held, measured by the page around these calls

let held: unknown = null;

/** A pond of `files` files of `fileSize` bytes written once, then each rewritten `rewrites` times (one commit per round). */
export async function heapBuild(p: { files: number; rewrites: number; fileSize: number }): Promise<{ localId: string; last: number }> {
  const pond = await newPond(uniqueId(`heap-${p.rewrites}`));
  try {
    const first = await pond.log.beginWrite('bench: heap files');
    await first.root().createDirPath('/h');
    for (let i = 0; i < p.files; i++) await first.root().createFilePath(`/h/f-${pad(i)}.txt`, bytesOf(i, p.fileSize));
    await first.commit();
    for (let r = 1; r <= p.rewrites; r++) {
      const tx = await pond.log.beginWrite(`bench: heap rewrite ${r}`);
      for (let i = 0; i < p.files; i++) await tx.root().writeFilePath(`/h/f-${pad(i)}.txt`, bytesOf(r * 1_000_003 + i, p.fileSize));
      await tx.commit();
    }
    return { localId: pond.localId, last: pond.log.txnSeq };
  } finally {
    closePond(pond);
  }
}

/** Opens the pond and lists / and /h, keeping it all alive for the page to measure. */
export async function heapOpen(p: { localId: string }): Promise<Record<string, number>> {
  const pond = await openPond(p.localId);
  const root = (await pond.log.beginRead()).root();
  const listed = [await root.entries(), await (await root.openDirPath('/h')).entries()];
  const state = pond.log.currentState();
  let versions = 0;
  for (const node of state.nodes.values()) versions += node.versions.length;
  held = { pond, listed };
  gcNow();
  return { nodes: state.nodes.size, versions };
}

/** Baseline: the stored bytes that open reads (checkpoint + tail records), read with plain idb and kept. */
export async function heapRaw(p: { localId: string }): Promise<Record<string, number>> {
  const db = await openDB(pondDatabaseName(p.localId));
  const last = ((await db.transaction('commits').store.openKeyCursor(null, 'prev'))?.key as number | undefined) ?? 0;
  const checkpoints = (await db.getAllKeys('checkpoints')) as number[];
  db.close();
  const read = await rawOpenRead(p.localId, checkpoints.filter((s) => s <= last).pop(), last);
  held = read.bytes;
  gcNow();
  return { bytes: read.bytes.reduce((s, b) => s + b.byteLength, 0) };
}

export async function heapRelease(): Promise<void> {
  const h = held as { pond?: Pond } | null;
  if (h?.pond !== undefined) closePond(h.pond);
  held = null;
  gcNow();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gcNow();
}

export async function collectGarbage(): Promise<void> {
  gcNow();
  await new Promise((resolve) => setTimeout(resolve, 20));
  gcNow();
}

export async function ping(): Promise<{ gc: boolean; where: string }> {
  return { gc: typeof (globalThis as { gc?: unknown }).gc === 'function', where: typeof document === 'undefined' ? 'worker' : 'page' };
}

export const CASES = { commitOne, bulk, bigFile, buildHistory, deletePond, openHistory, timeTravel, heapBuild, heapOpen, heapRaw, heapRelease, collectGarbage, ping } as const;
export type CaseName = keyof typeof CASES;

export function runCase(name: string, params: unknown): Promise<unknown> {
  const fn = (CASES as Record<string, (p: never) => Promise<unknown>>)[name];
  if (fn === undefined) return Promise.reject(new Error(`bench: unknown case ${name}`));
  return fn(params as never);
}

