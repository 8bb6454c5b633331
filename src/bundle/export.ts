import { PondError } from '../errors';
import { BLOB_PIECE_BYTES } from '../store/logRules';
import type { LogStore } from '../store/ports';
import type { StoredCommit, StoredControlRecord } from '../store/records';
import { blake3Hex, blake3OfPieces, createBlake3 } from '../tlogfs/blake3';
import { IDENTITY_KEY, type PondIdentity } from '../tlogfs/oplog';
import { BASE_KEY, readBase, retainedOfCheckpoint } from '../tlogfs/base';
import { type OplogEntry, decodeEntries } from '../tlogfs/schema';
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
import { ZipWriter } from './zipWrite';

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

/** A small member read whole (JSON, log records) and deflated. */
interface WholeMember {
  readonly name: string;
  read(): Promise<Uint8Array>;
}

/**
 * A large member streamed piece by piece through one reused buffer, never held whole: a blob (stored as it
 * is, often already compressed) or a checkpoint (deflated). A blob's size and hash are known without reading
 * (its key is its BLAKE3, its size is in the log record), so the manifest pass skips it; the write pass
 * still hashes it and refuses a mismatch.
 */
interface StreamedMember {
  readonly name: string;
  readonly deflate: boolean;
  readonly known?: { readonly size: number; readonly blake3: string };
  pieces(buffer: Uint8Array): AsyncIterable<Uint8Array>;
}

type PlannedMember = WholeMember | StreamedMember;

const isStreamed = (member: PlannedMember): member is StreamedMember => 'pieces' in member;

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
  const fixed = (name: string, value: unknown): WholeMember => ({ name, read: async () => jsonBytes(value) });
  members.push(fixed(DIRECTORY_FORMAT_NAME, DIRECTORY_FORMAT));
  for (const key of META_KEYS) {
    const value = await store.readMeta<unknown>(key);
    if (value !== null) members.push({ name: names.meta(key), read: async () => jsonBytes(await store.readMeta<unknown>(key)) });
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
  // A pruned log starts at its base: the commits from there, the base checkpoint, and the blobs it keeps.
  const base = await readBase(store);
  const first = base?.txnSeq ?? 1;
  for (let seq = first; seq <= last; seq++) {
    members.push({ name: names.commitMeta(seq), read: async () => jsonBytes((await commit(seq)).meta) });
    members.push({ name: names.commitLog(seq), read: async () => (await commit(seq)).log });
    const set = commitSets.get(seq);
    if (set !== undefined) {
      const file: CommitControlFile = { firstSeq: set.firstSeq, records: set.records };
      members.push(fixed(names.commitControl(seq), file));
    }
  }
  // Blobs: only those a log record references (a blob nothing references is garbage `maintain` reclaims).
  const note = (e: OplogEntry): void => {
    if (e.blake3 !== null && isBlobVersion(e.fileType, e.size)) blobs.set(e.blake3, e.size as number);
  };
  for (let from = first; from <= last; from += 100) {
    for (const c of await store.readCommits(from, Math.min(last, from + 99))) decodeEntries(c.log, `log record of txn ${c.meta.txnSeq}`, { views: true }).entries.forEach(note);
  }
  if (base !== null) {
    const { entries } = decodeEntries(await store.readCheckpoint(first), `base checkpoint ${first}`, { views: true });
    const kept = retainedOfCheckpoint(entries).blobs;
    for (const e of entries) if (e.blake3 !== null && kept.has(e.blake3)) note(e);
  }
  for (const set of sets) {
    const file: ControlFile =
      set.commit === null ? { firstSeq: set.firstSeq, count: set.records.length, records: set.records } : { firstSeq: set.firstSeq, count: set.records.length, commit: set.commit };
    members.push(fixed(names.control(set.firstSeq), file));
  }
  for (const [hash, size] of [...blobs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    members.push({ name: names.blob(hash), deflate: false, known: { size, blake3: hash }, pieces: (buffer) => store.readBlobPieces(hash, buffer) });
  }
  for (const seq of await store.listCheckpoints()) {
    if (seq <= last && seq >= first) members.push({ name: names.checkpoint(seq), deflate: true, pieces: (buffer) => store.readCheckpointPieces(seq, buffer) });
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
 * small member at a time, plus the small per-member tables; blobs and checkpoints, the large members, pass
 * through one reused buffer piece by piece. The same pond always gives the same bytes, from any store.
 *
 * Each chunk is valid only until the next one is requested (a blob's pieces are views of that reused
 * buffer): a sink writes it out at once, or copies what it keeps.
 */
export async function* exportPond(store: LogStore, options: ExportOptions = {}): AsyncGenerator<Uint8Array, void, undefined> {
  const { identity, last, members } = await plan(store);
  const buffer = new Uint8Array(BLOB_PIECE_BYTES);
  const listed: ManifestMember[] = [];
  let scanned = 0;
  for (const member of members) {
    checkCancelled(options.signal);
    let measured: { size: number; blake3: string };
    if (!isStreamed(member)) {
      const bytes = await member.read();
      measured = { size: bytes.length, blake3: blake3Hex(bytes) };
    } else measured = member.known ?? (await blake3OfPieces(member.pieces(buffer)));
    listed.push({ name: member.name, ...measured });
    scanned += measured.size;
    options.onProgress?.({ stage: 'scan', bytes: scanned, totalBytes: null });
  }
  const manifest: Manifest = { format: POND_FILE_FORMAT, formatVersion: POND_FILE_FORMAT_VERSION, pondId: identity.pondId, identity, lastTxnSeq: last, members: listed };
  const total = scanned;

  const zip = new ZipWriter();
  yield* zip.whole(MANIFEST_NAME, jsonBytes(manifest));
  let written = 0;
  const progress = (bytes: number): void => {
    written += bytes;
    options.onProgress?.({ stage: 'write', bytes: written, totalBytes: total });
  };
  for (let i = 0; i < members.length; i++) {
    checkCancelled(options.signal);
    const member = members[i]!;
    const expected = listed[i]!;
    // A blob's hash is its name (known ahead): a mismatch is damage in the store. Anything else changed meanwhile.
    const mismatch = (): PondError =>
      isStreamed(member) && member.known !== undefined
        ? new PondError('Corrupt', `export: ${member.name} does not match its hash or size; run verify`)
        : new PondError('Conflict', `export: ${member.name} changed while the pond was being exported; export again`);
    if (!isStreamed(member)) {
      const bytes = await member.read();
      if (bytes.length !== expected.size || blake3Hex(bytes) !== expected.blake3) throw mismatch();
      yield* zip.whole(member.name, bytes);
      progress(bytes.length);
      continue;
    }
    const writer = member.deflate ? zip.deflated(member.name, expected.size) : zip.stored(member.name);
    const hasher = createBlake3();
    let size = 0;
    for await (const piece of member.pieces(buffer)) {
      checkCancelled(options.signal);
      size += piece.length;
      if (size > expected.size) throw mismatch();
      hasher.update(piece);
      // Yielded before the next piece is read into `buffer` (the chunk contract above).
      yield* writer.push(piece);
      progress(piece.length);
    }
    if (size !== expected.size || hasher.digestHex() !== expected.blake3) throw mismatch();
    yield* writer.end();
  }
  yield* zip.end();
}

/** The whole pond file as one array (for callers whose sink takes bytes, e.g. `HostFiles.write`). */
export async function exportPondBytes(store: LogStore, options: ExportOptions = {}): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  // Copied: a chunk is only valid until the next one is requested (see exportPond).
  for await (const chunk of exportPond(store, options)) chunks.push(chunk.slice());
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
