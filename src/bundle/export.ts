import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { PondError } from '../errors';
import type { LogStore } from '../store/ports';
import type { StoredCommit, StoredControlRecord } from '../store/records';
import { blake3Hex } from '../tlogfs/blake3';
import { IDENTITY_KEY, type PondIdentity } from '../tlogfs/oplog';
import { decodeEntries } from '../tlogfs/schema';
import { isBlobVersion } from '../tlogfs/state';
import {
  COMMIT_CONTROL_KINDS,
  type CommitControlFile,
  type ControlFile,
  DIRECTORY_FORMAT,
  DIRECTORY_FORMAT_NAME,
  MANIFEST_NAME,
  type Manifest,
  type ManifestMember,
  META_KEYS,
  POND_FILE_FORMAT,
  POND_FILE_FORMAT_VERSION,
  jsonBytes,
  names,
} from './format';

export interface BundleProgress {
  /** `scan`: reading and hashing every member; `write`: the zip being produced (export) or the pond written (import). */
  readonly stage: 'scan' | 'write' | 'verify';
  readonly bytes: number;
  /** Known from the start of the second stage on. */
  readonly totalBytes: number | null;
}

export interface ExportOptions {
  readonly onProgress?: (progress: BundleProgress) => void;
  readonly signal?: AbortSignal;
}

/**
 * Every zip member is written with this modification time, so that exports are byte-identical. It is
 * built from local-time fields because zip stores local (DOS) time: 1980-01-01 12:00 in any time zone.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 12, 0, 0);
const DEFLATE_LEVEL = 6;

interface PlannedMember {
  readonly name: string;
  /** Blobs are stored as they are (often already compressed); everything else is deflated. */
  readonly deflate: boolean;
  /**
   * Size and hash known without reading (a blob: its key is its BLAKE3, its size is in the log record), so
   * the manifest pass skips reading it; the write pass still hashes it and refuses a mismatch.
   */
  readonly known?: { readonly size: number; readonly blake3: string };
  read(): Promise<Uint8Array>;
}

/** A control set as the directory store keeps it: a commit's records, or records appended on their own. */
export interface ControlSet {
  readonly firstSeq: number;
  readonly records: readonly StoredControlRecord[];
  /** The commit these records were written with, if any. */
  readonly commit: number | null;
}

/**
 * Splits the control table into sets (the store port does not keep set boundaries, so they are derived,
 * deterministically): a commit's set is its `data_committed` record followed by the records the steward
 * writes with a commit (pending/skipped runs, defaulted settings) of the same `txn_seq`; every other run of
 * records is one set. A set never spans a gap in `seq`.
 */
export function controlSets(records: readonly StoredControlRecord[], lastTxnSeq: number): ControlSet[] {
  const sets: ControlSet[] = [];
  const withSets = new Set<number>();
  let lastCommit = 0;
  const startsCommit = (r: StoredControlRecord): boolean =>
    r.kind === 'data_committed' && Number.isSafeInteger(r.txnSeq) && r.txnSeq > lastCommit && r.txnSeq <= lastTxnSeq && !withSets.has(r.txnSeq);
  let i = 0;
  while (i < records.length) {
    const first = records[i]!;
    let j = i + 1;
    if (startsCommit(first)) {
      while (j < records.length && records[j]!.seq === first.seq + (j - i) && records[j]!.txnSeq === first.txnSeq && COMMIT_CONTROL_KINDS.has(records[j]!.kind)) j++;
      withSets.add(first.txnSeq);
      lastCommit = first.txnSeq;
      sets.push({ firstSeq: first.seq, records: records.slice(i, j), commit: first.txnSeq });
    } else {
      while (j < records.length && records[j]!.seq === first.seq + (j - i) && !startsCommit(records[j]!)) j++;
      sets.push({ firstSeq: first.seq, records: records.slice(i, j), commit: null });
    }
    i = j;
  }
  return sets;
}

/** The members of a pond's file, in archive order (after `manifest.json`), and what the manifest says of the pond. */
async function plan(store: LogStore): Promise<{ identity: PondIdentity; last: number; members: PlannedMember[] }> {
  const identity = await store.readMeta<PondIdentity>(IDENTITY_KEY);
  if (identity === null) throw new PondError('NotFound', 'no pond in this store: nothing to export');
  const last = await store.lastTxnSeq();
  const members: PlannedMember[] = [];
  const fixed = (name: string, value: unknown): PlannedMember => ({ name, deflate: true, read: async () => jsonBytes(value) });
  members.push(fixed(DIRECTORY_FORMAT_NAME, DIRECTORY_FORMAT));
  for (const key of META_KEYS) {
    const value = await store.readMeta<unknown>(key);
    if (value !== null) members.push({ name: names.meta(key), deflate: true, read: async () => jsonBytes(await store.readMeta<unknown>(key)) });
  }
  const sets = controlSets(await store.readControl(), last);
  const commitSets = new Map(sets.filter((s) => s.commit !== null).map((s) => [s.commit as number, s]));
  // One commit read serves its meta.json and log.arrow members.
  let cached: StoredCommit | null = null;
  const commit = async (seq: number): Promise<StoredCommit> => {
    if (cached?.meta.txnSeq !== seq) cached = (await store.readCommits(seq, seq))[0] ?? null;
    if (cached === null) throw new PondError('NotFound', `commit ${seq}`);
    return cached;
  };
  const blobs = new Map<string, number>(); // referenced blob → size
  for (let seq = 1; seq <= last; seq++) {
    members.push({ name: names.commitMeta(seq), deflate: true, read: async () => jsonBytes((await commit(seq)).meta) });
    members.push({ name: names.commitLog(seq), deflate: true, read: async () => (await commit(seq)).log });
    const set = commitSets.get(seq);
    if (set !== undefined) {
      const file: CommitControlFile = { firstSeq: set.firstSeq, records: set.records };
      members.push(fixed(names.commitControl(seq), file));
    }
  }
  // Blobs: only those a log record references (a blob nothing references is garbage `maintain` reclaims).
  for (let from = 1; from <= last; from += 100) {
    for (const c of await store.readCommits(from, Math.min(last, from + 99))) {
      for (const e of decodeEntries(c.log, `log record of txn ${c.meta.txnSeq}`).entries) {
        if (e.blake3 !== null && isBlobVersion(e.fileType, e.size)) blobs.set(e.blake3, e.size as number);
      }
    }
  }
  for (const set of sets) {
    const file: ControlFile =
      set.commit === null ? { firstSeq: set.firstSeq, count: set.records.length, records: set.records } : { firstSeq: set.firstSeq, count: set.records.length, commit: set.commit };
    members.push(fixed(names.control(set.firstSeq), file));
  }
  for (const [hash, size] of [...blobs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    members.push({ name: names.blob(hash), deflate: false, known: { size, blake3: hash }, read: () => store.getBlob(hash) });
  }
  for (const seq of await store.listCheckpoints()) {
    if (seq <= last) members.push({ name: names.checkpoint(seq), deflate: true, read: () => store.readCheckpoint(seq) });
  }
  return { identity, last, members };
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new PondError('Conflict', 'export cancelled');
}

/**
 * Writes the pond in `store` as a pond file, chunk by chunk (docs/pond-file-format.md). Two passes over
 * the store: the first reads and hashes every member for the manifest (which comes first in the file),
 * the second reads each member again and streams it into the zip, checking it is still what the manifest
 * says (`Conflict` if the pond changed meanwhile — hold the write lock, or export again). Memory holds one
 * member at a time plus the small per-member tables. The same pond always gives the same bytes.
 */
export async function* exportPond(store: LogStore, options: ExportOptions = {}): AsyncGenerator<Uint8Array, void, undefined> {
  const { identity, last, members } = await plan(store);
  const listed: ManifestMember[] = [];
  let scanned = 0;
  for (const member of members) {
    checkCancelled(options.signal);
    if (member.known !== undefined) {
      listed.push({ name: member.name, ...member.known });
      scanned += member.known.size;
    } else {
      const bytes = await member.read();
      listed.push({ name: member.name, size: bytes.length, blake3: blake3Hex(bytes) });
      scanned += bytes.length;
    }
    options.onProgress?.({ stage: 'scan', bytes: scanned, totalBytes: null });
  }
  const manifest: Manifest = { format: POND_FILE_FORMAT, formatVersion: POND_FILE_FORMAT_VERSION, pondId: identity.pondId, identity, lastTxnSeq: last, members: listed };
  const total = scanned;

  const out: Uint8Array[] = [];
  let failure: unknown = null;
  let done = false;
  const zip = new Zip((error, chunk, final) => {
    if (error !== null) failure ??= error;
    else out.push(chunk);
    if (final) done = true;
  });
  const add = (name: string, bytes: Uint8Array, deflate: boolean): void => {
    const file = deflate ? new ZipDeflate(name, { level: DEFLATE_LEVEL }) : new ZipPassThrough(name);
    file.mtime = FIXED_MTIME;
    zip.add(file);
    file.push(bytes, true);
    if (failure !== null) throw new PondError('Corrupt', `export: zip writer failed on ${name}`, { cause: failure });
  };
  add(MANIFEST_NAME, jsonBytes(manifest), true);
  yield* out.splice(0);
  let written = 0;
  for (let i = 0; i < members.length; i++) {
    checkCancelled(options.signal);
    const member = members[i]!;
    const expected = listed[i]!;
    const bytes = await member.read();
    if (bytes.length !== expected.size || blake3Hex(bytes) !== expected.blake3) {
      if (member.known !== undefined) throw new PondError('Corrupt', `export: ${member.name} does not match its hash or size; run verify`);
      throw new PondError('Conflict', `export: ${member.name} changed while the pond was being exported; export again`);
    }
    add(member.name, bytes, member.deflate);
    written += bytes.length;
    options.onProgress?.({ stage: 'write', bytes: written, totalBytes: total });
    yield* out.splice(0);
  }
  zip.end();
  if (failure !== null || !done) throw new PondError('Corrupt', 'export: the zip writer did not finish', { cause: failure });
  yield* out.splice(0);
}

/** The whole pond file as one array (for callers whose sink takes bytes, e.g. `HostFiles.write`). */
export async function exportPondBytes(store: LogStore, options: ExportOptions = {}): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of exportPond(store, options)) chunks.push(chunk);
  return concat(chunks);
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const c of chunks) size += c.length;
  const all = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.length;
  }
  return all;
}
