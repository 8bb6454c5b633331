/**
 * Pond-file benchmark cases (bench/pondfile.bench.mjs, `npm run bench:pondfile`): `exportPond` and
 * `importPond` (verification included) of a ~200 MB pond over the real IndexedDB store (`BrowserLogStore`),
 * each beside a raw baseline that reads/writes the same bytes with plain `idb` in the same run.
 *
 * Runs in a dedicated Web Worker (pondfile.worker.ts), where the product runs its engine. The pond file
 * lives as a `Blob` (what a download or an `<input type=file>` File is): export writes each chunk into a
 * Blob part, import reads it through a `ByteSource` of `blob.slice().arrayBuffer()`. The page samples this
 * worker's JS heap while a case runs (pondfile.ts). Product code is not instrumented: the breakdown re-times
 * phases by calling the same functions over the same data.
 */
import { type IDBPDatabase, deleteDB, openDB } from 'idb';
import { exportPond, importPond, verifyPondFile } from '../../src/bundle';
import { type ByteSource, type ZipEntry, crc32, readZipDirectory, readZipEntry } from '../../src/bundle/zip';
import { BrowserLogStore, WebLockWriteLock, pondDatabaseName } from '../../src/store/browser';
import { OpLog, blake3Hex, verifyPond } from '../../src/tlogfs';
import { bytesOf, gcNow, pad } from './benchData';

type Figures = Record<string, number>;
export interface CaseResult {
  metrics: Figures;
  breakdown: Figures;
  info: Record<string, number | string>;
}

const now = (): number => performance.now();


/** A pond file held as a Blob, read with random access (as the app would read a File). */
function blobSource(blob: Blob): ByteSource & { reads: number } {
  const source = {
    size: blob.size,
    reads: 0,
    async read(offset: number, length: number): Promise<Uint8Array> {
      source.reads++;
      return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
    },
  };
  return source;
}

/** The sink of an export: every chunk becomes a Blob part at once (its bytes leave the JS heap), as a download would. */
class BlobSink {
  private parts: Blob[] = [];
  bytes = 0;
  push(chunk: Uint8Array): void {
    this.parts.push(new Blob([chunk as Uint8Array<ArrayBuffer>]));
    this.bytes += chunk.length;
  }
  blob(): Blob {
    const blob = new Blob(this.parts, { type: 'application/zip' });
    this.parts = [];
    return blob;
  }
}

/** The last exported pond file, kept for the import case and for the download to Node (the CLI's input). */
let lastFile: Blob | null = null;
let held: Uint8Array | null = null;

// ---------------------------------------------------------------------------------------------------------
// Building the pond

export interface BuildParams {
  localId: string;
  commits: number;
  smallFiles: number;
  smallMin: number;
  smallMax: number;
  blobs: number;
  blobSize: number;
}

/**
 * `commits` commits after init, through the real OpLog: each adds `smallFiles / commits` small files
 * (inline in the log record, below 64 KiB) in one of 20 directories, and every `commits / blobs`-th also a
 * `blobSize` file (stored as a blob). Checkpoints as the OpLog writes them (every 10 commits).
 */
export async function build(p: BuildParams): Promise<Record<string, number>> {
  await deleteDB(pondDatabaseName(p.localId));
  const store = await BrowserLogStore.open(p.localId);
  const t0 = now();
  let contentBytes = 0;
  try {
    const log = await OpLog.init(store, { lock: new WebLockWriteLock(p.localId), localId: p.localId, birthplace: 'bench' });
    const perCommit = Math.ceil(p.smallFiles / p.commits);
    const blobEvery = Math.max(1, Math.floor(p.commits / p.blobs));
    let small = 0;
    let big = 0;
    for (let c = 0; c < p.commits; c++) {
      const tx = await log.beginWrite(`bench: commit ${c}`);
      const dir = `/d${pad(c % 20, 2)}`;
      if (c < 20) await tx.root().createDirPath(dir);
      for (let i = 0; i < perCommit && small < p.smallFiles; i++, small++) {
        const size = p.smallMin + ((small * 7919) % (p.smallMax - p.smallMin + 1));
        await tx.root().createFilePath(`${dir}/f${pad(small)}.txt`, bytesOf(small + 1, size));
        contentBytes += size;
      }
      if (c % blobEvery === blobEvery - 1 && big < p.blobs) {
        if (big === 0) await tx.root().createDirPath('/big');
        await tx.root().createFilePath(`/big/b${pad(big, 3)}.bin`, bytesOf(1_000_000 + big, p.blobSize));
        contentBytes += p.blobSize;
        big++;
      }
      await tx.commit();
    }
    return { buildMs: now() - t0, last: log.txnSeq, contentBytes, smallFiles: small, blobs: big };
  } finally {
    store.close();
  }
}

export async function deletePond(p: { localId: string }): Promise<void> {
  await deleteDB(pondDatabaseName(p.localId));
}

// ---------------------------------------------------------------------------------------------------------
// Export

/** `exportPond` of the pond into a Blob (kept as `lastFile`); stage times from its progress events. */
export async function exportCase(p: { localId: string }): Promise<CaseResult> {
  lastFile = null;
  gcNow();
  const store = await BrowserLogStore.open(p.localId);
  try {
    const sink = new BlobSink();
    let scanEnd = 0;
    let total = 0;
    const t0 = now();
    for await (const chunk of exportPond(store, {
      onProgress: (e) => {
        if (e.stage === 'write' && scanEnd === 0) scanEnd = now();
        if (e.totalBytes !== null) total = e.totalBytes;
      },
    })) {
      sink.push(chunk);
    }
    const file = sink.blob();
    const t1 = now();
    lastFile = file;
    const entries = await readZipDirectory(blobSource(file), 0xfffe);
    const largest = entries.reduce((a, e) => (e.size > a.size ? e : a));
    const ms = t1 - t0;
    return {
      metrics: { ms, 'MB/s': total / 1e3 / ms, 'scan pass ms (plan + read + BLAKE3 of every member)': scanEnd - t0, 'write pass ms (read + BLAKE3 + zip + sink)': t1 - scanEnd },
      breakdown: {},
      info: { 'content bytes': total, 'file bytes': file.size, members: entries.length, 'largest member bytes': largest.size, 'largest member': largest.name },
    };
  } finally {
    store.close();
  }
}

/**
 * Export, re-timed by phase over the same pond (run after the timed case, untimed by the sampler): the store
 * reads, BLAKE3 of every member, CRC-32 (the bundle's reader's table CRC as a proxy for fflate's), deflate of
 * the non-blob members, the Blob sink.
 */
export async function exportBreakdown(p: { localId: string }): Promise<Figures> {
  const store = await BrowserLogStore.open(p.localId);
  try {
    const file = lastFile;
    if (file === null) throw new Error('no exported file');
    const source = blobSource(file);
    const entries = (await readZipDirectory(source, 0xfffe)).slice(1);
    const out: Figures = {};
    const last = await store.lastTxnSeq();
    // Store reads of one pass: commits (meta + log) 100 at a time as plan() does for blobs, blobs one by one, checkpoints.
    gcNow();
    let t = now();
    for (let seq = 1; seq <= last; seq++) await store.readCommits(seq, seq);
    const blobNames = entries.filter((e) => e.name.startsWith('blobs/')).map((e) => e.name.split('/')[2] as string);
    for (const h of blobNames) await store.getBlob(h);
    for (const seq of await store.listCheckpoints()) await store.readCheckpoint(seq);
    out['store reads of one pass (readCommits per commit, getBlob, readCheckpoint)'] = now() - t;
    t = now();
    for (let from = 1; from <= last; from += 100) await store.readCommits(from, Math.min(last, from + 99));
    out['plan(): readCommits in batches of 100 (blob references)'] = now() - t;
    // Member bytes, then CPU phases over them (one pass each).
    const members: { entry: ZipEntry; bytes: Uint8Array }[] = [];
    for (const entry of entries) members.push({ entry, bytes: await readZipEntry(source, entry) });
    gcNow();
    t = now();
    for (const m of members) blake3Hex(m.bytes);
    out['BLAKE3 of every member, one pass'] = now() - t;
    t = now();
    for (const m of members) crc32(m.bytes);
    out['CRC-32 of every member, one pass (table CRC)'] = now() - t;
    const { deflateSync } = await import('fflate');
    t = now();
    for (const m of members) if (m.entry.method === 8) deflateSync(m.bytes, { level: 6 });
    out['deflate (level 6) of the non-blob members'] = now() - t;
    t = now();
    const sink = new BlobSink();
    for (const m of members) sink.push(m.bytes);
    sink.blob();
    out['Blob sink of the same bytes'] = now() - t;
    members.length = 0;
    return out;
  } finally {
    store.close();
  }
}

/** Raw baseline: the same stored bytes read from IndexedDB with plain `idb` (one get per value) into the same Blob sink. */
export async function rawExport(p: { localId: string }): Promise<CaseResult> {
  gcNow();
  const t0 = now();
  const db = await openDB(pondDatabaseName(p.localId));
  const sink = new BlobSink();
  try {
    for (const name of ['commits', 'logs', 'checkpoints', 'meta', 'control', 'blobs'] as const) {
      for (const key of await db.getAllKeys(name)) {
        const value: unknown = await db.get(name, key);
        sink.push(value instanceof Uint8Array ? value : new TextEncoder().encode(JSON.stringify(value)));
      }
    }
    sink.blob();
  } finally {
    db.close();
  }
  const ms = now() - t0;
  return { metrics: { ms, 'MB/s': sink.bytes / 1e3 / ms }, breakdown: {}, info: { bytes: sink.bytes } };
}

// ---------------------------------------------------------------------------------------------------------
// Import

/** `importPond` (mode new) of the last exported file into a new BrowserLogStore; verify pass timed by progress. */
export async function importCase(p: { localId: string; keep?: boolean }): Promise<CaseResult> {
  const file = lastFile;
  if (file === null) throw new Error('no exported file to import');
  await deleteDB(pondDatabaseName(p.localId));
  gcNow();
  const store = await BrowserLogStore.open(p.localId);
  try {
    const source = blobSource(file);
    let verifyEnd = 0;
    let total = 0;
    const t0 = now();
    const result = await importPond(source, store, {
      mode: 'new',
      onProgress: (e) => {
        if (e.stage === 'write' && verifyEnd === 0) verifyEnd = now();
        if (e.totalBytes !== null) total = e.totalBytes;
      },
    });
    const t1 = now();
    const ms = t1 - t0;
    return {
      metrics: { ms, 'MB/s': total / 1e3 / ms, 'verify pass ms': verifyEnd - t0, 'write pass ms': t1 - verifyEnd },
      breakdown: {},
      info: { 'content bytes': total, members: result.members, commits: result.lastTxnSeq, 'Blob reads': source.reads },
    };
  } finally {
    store.close();
    if (p.keep !== true) await deleteDB(pondDatabaseName(p.localId));
  }
}

/** Import, re-timed by phase over the same file: directory, member reads (inflate + CRC), BLAKE3, verify alone, verifyPond after. */
export async function importBreakdown(p: { localId: string }): Promise<Figures> {
  const file = lastFile;
  if (file === null) throw new Error('no exported file');
  const out: Figures = {};
  const source = blobSource(file);
  gcNow();
  let t = now();
  const entries = await readZipDirectory(source, 0xfffe);
  out['readZipDirectory (central directory + every local header)'] = now() - t;
  out['Blob reads it made'] = source.reads;
  let bytes = 0;
  t = now();
  for (const entry of entries) bytes += (await readZipEntry(source, entry)).length;
  out['readZipEntry of every member, one pass (Blob read, inflate, CRC-32)'] = now() - t;
  t = now();
  const whole = new Uint8Array(await file.arrayBuffer());
  out['one Blob read of the whole file'] = now() - t;
  t = now();
  for (let at = 0; at < whole.length; at += 4 << 20) blake3Hex(whole.subarray(at, Math.min(whole.length, at + (4 << 20))));
  out['BLAKE3 of the same bytes, one pass'] = now() - t;
  gcNow();
  t = now();
  await verifyPondFile(blobSource(file));
  out['verifyPondFile alone (the first pass of importPond)'] = now() - t;
  const store = await BrowserLogStore.open(p.localId);
  try {
    t = now();
    const report = await verifyPond(store);
    out['verifyPond of the imported store (not part of importPond; the CLI runs it after)'] = now() - t;
    if (report.problems.length > 0) throw new Error(`imported pond does not verify: ${report.problems.join('; ')}`);
  } finally {
    store.close();
    await deleteDB(pondDatabaseName(p.localId));
  }
  out['member bytes'] = bytes;
  return out;
}

/**
 * Raw baseline: the same file's members read from the Blob (one slice read per member, stored bytes) and
 * written with plain `idb` into a new database: one `strict` transaction per commit (its meta, log and
 * control) and per blob, as the import's `appendCommit` would.
 */
export async function rawImport(p: { localId: string }): Promise<CaseResult> {
  const file = lastFile;
  if (file === null) throw new Error('no exported file');
  const name = `${pondDatabaseName(p.localId)}-raw`;
  await deleteDB(name);
  gcNow();
  const t0 = now();
  const db: IDBPDatabase = await openDB(name, 1, { upgrade: (d) => void d.createObjectStore('members') });
  let bytes = 0;
  try {
    const source = blobSource(file);
    const entries = await readZipDirectory(source, 0xfffe);
    let group: { key: string; value: Uint8Array }[] = [];
    let groupOf = '';
    const flush = async (): Promise<void> => {
      if (group.length === 0) return;
      const tx = db.transaction('members', 'readwrite', { durability: 'strict' });
      for (const g of group) void tx.store.put(g.value, g.key);
      await tx.done;
      group = [];
    };
    for (const entry of entries) {
      const value = await source.read(entry.dataOffset, entry.compressedSize);
      bytes += value.length;
      const parts = entry.name.split('/');
      const of = parts[0] === 'commits' ? `c${parts[1]}` : entry.name;
      if (of !== groupOf) await flush();
      groupOf = of;
      group.push({ key: entry.name, value });
    }
    await flush();
  } finally {
    db.close();
  }
  const ms = now() - t0;
  await deleteDB(name);
  return { metrics: { ms, 'MB/s': bytes / 1e3 / ms }, breakdown: {}, info: { bytes } };
}

// ---------------------------------------------------------------------------------------------------------
// Misc

/** The last exported file, for the page to hand to Node as a download. */
export async function takeFile(): Promise<Blob> {
  if (lastFile === null) throw new Error('no exported file');
  return lastFile;
}

/** Holds `bytes` in an ArrayBuffer, so the page can check that the heap measurement counts ArrayBuffer contents. */
export async function hold(p: { bytes: number }): Promise<void> {
  held = p.bytes > 0 ? new Uint8Array(p.bytes).fill(1) : null;
  gcNow();
}

export async function collectGarbage(): Promise<void> {
  gcNow();
}

export async function ping(): Promise<{ gc: boolean }> {
  return { gc: typeof (globalThis as { gc?: unknown }).gc === 'function' };
}

export const CASES = { build, deletePond, exportCase, exportBreakdown, rawExport, importCase, importBreakdown, rawImport, takeFile, hold, collectGarbage, ping } as const;

export async function runCase(name: string, params: unknown): Promise<unknown> {
  const run = (CASES as Record<string, (p: never) => Promise<unknown>>)[name];
  if (run === undefined) throw new Error(`unknown bench case '${name}'`);
  return run(params as never);
}
