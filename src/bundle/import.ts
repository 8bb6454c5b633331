import { PondError, errorMessage } from '../errors';
import { BLOB_PIECE_BYTES } from '../store/logRules';
import type { LogStore } from '../store/ports';
import type { CommitMeta, ControlRecord, StoredControlRecord } from '../store/records';
import { newUuidV7 } from '../tinyfs';
import { blake3Hex, blake3OfPieces } from '../tlogfs/blake3';
import { IDENTITY_KEY, type PondIdentity } from '../tlogfs/oplog';
import { type OplogEntry, decodeEntries, encodeEntries } from '../tlogfs/schema';
import { BASE_KEY, type HistoryBase, parseBase, retainedOfCheckpoint } from '../tlogfs/base';
import { isBlobVersion } from '../tlogfs/state';
import { type BundleProgress, concat } from './export';
import { DIRECTORY_FORMAT, MANIFEST_NAME, type Manifest, type ManifestMember, POND_FILE_FORMAT, POND_FILE_FORMAT_VERSION, memberNameProblem, names } from './format';
import { type ByteSource, type EntryBuffers, Scratch, type ZipEntry, bytesSource, entryBuffers, readZipDirectory, readZipEntry, readZipEntryPieces, reserveFor } from './zip';

export type ImportMode = 'new' | 'replace' | 'copy';

export interface ImportOptions {
  /**
   * `new` and `replace` keep the pond id (whether an existing pond is replaced is the caller's business:
   * it passes a fresh store and swaps it in); `copy` mints a new pond id and re-encodes every log record
   * and checkpoint with it.
   */
  readonly mode: ImportMode;
  readonly onProgress?: (progress: BundleProgress) => void;
  readonly signal?: AbortSignal;
  /** Refuse files whose members add up to more than this (default 64 GiB). */
  readonly maxTotalBytes?: number;
  /** Refuse files that expand more than this many times their own size (default 200; small files may reach 64 MiB). */
  readonly maxExpansion?: number;
  /** For tests: the new pond id of a copy. */
  readonly newPondId?: () => string;
}

export interface ImportResult {
  readonly identity: PondIdentity;
  /** The pond id in the file (equal to `identity.pondId` unless imported as a copy). */
  readonly sourcePondId: string;
  readonly lastTxnSeq: number;
  readonly members: number;
  readonly bytes: number;
}

export type PondFileInput = Uint8Array | ByteSource | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

const MAX_MEMBERS = 0xfffe;
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const MAX_MEMBER_BYTES = 0xfffffffe;
/** Deflate cannot expand more than 1032:1; a member claiming more is lying. */
const MAX_MEMBER_RATIO = 1100;
const SMALL_FILE_ALLOWANCE = 64 * 1024 * 1024;
const HEX64 = /^[0-9a-f]{64}$/;

const EMPTY: Uint8Array = new Uint8Array(0);

const corrupt = (message: string): PondError => new PondError('Corrupt', `not a valid pond file: ${message}`);

/** What the first pass learned, kept for the second (small: per commit and per blob, no bytes). */
interface Checked {
  readonly manifest: Manifest;
  readonly entries: Map<string, ZipEntry>;
  readonly listed: Map<string, ManifestMember>;
  /** blob hash → the first commit that references it. */
  readonly blobFirstUse: Map<string, number>;
  /** Control sets in seq order: records appended on their own, or a commit's records. */
  readonly controlSets: { firstSeq: number; commit: number | null }[];
  readonly checkpoints: number[];
  readonly metaKeys: string[];
  readonly totalBytes: number;
  /** Where a pruned pond's log starts; null when at txn 1. */
  readonly base: HistoryBase | null;
}

/**
 * Imports a pond file into `target`, which must be empty. Everything is verified first (manifest, format
 * version, every member's size, CRC and BLAKE3, names, layout, contiguous commits, every log record and
 * checkpoint decoded with the pond's id, every referenced blob present, control sets consistent); only
 * then is anything written: commits in order through `appendCommit` (so the store's commit protocol
 * holds), control sets in their order, checkpoints, meta values, and the identity last — a store whose
 * import fails midway has no identity and is therefore no pond. Callers that need "nothing at all"
 * (the CLI, the app) import into a fresh store and discard it on failure.
 */
export async function importPond(input: PondFileInput, target: LogStore, options: ImportOptions): Promise<ImportResult> {
  if ((await target.lastTxnSeq()) !== 0 || (await target.readMeta(IDENTITY_KEY)) !== null) {
    throw new PondError('AlreadyExists', 'import needs an empty store: a pond already exists here');
  }
  const source = await toSource(input);
  // Members are read into reused buffers, not one allocation each (see `Scratch`), the same ones in both passes.
  const buffers = entryBuffers();
  const checked = await verifyPondFile(source, options, buffers);
  const { manifest } = checked;
  const copy = options.mode === 'copy';
  const pondId = copy ? (options.newPondId ?? newUuidV7)() : manifest.pondId;
  const identity: PondIdentity = copy ? { ...manifest.identity, pondId } : manifest.identity;
  let done = 0;
  // The bytes `read` returns are a view of `into` (by default the member buffer), valid until it is read
  // into again: every store copies what it is given before `appendCommit`/`writeCheckpoint` return. While a
  // commit is assembled its log record keeps a buffer of its own, its first blob takes the member buffer and
  // any further blob one more buffer each.
  const logBuffers: EntryBuffers = { member: new Scratch(), compressed: buffers.compressed };
  const blobBuffers: EntryBuffers[] = [buffers];
  const read = async (name: string, into: EntryBuffers = buffers): Promise<Uint8Array> => {
    if (options.signal?.aborted === true) throw new PondError('Conflict', 'import cancelled; the pond was not created');
    const entry = checked.entries.get(name);
    const member = checked.listed.get(name);
    if (entry === undefined || member === undefined) throw corrupt(`member '${name}' is missing`);
    const bytes = await readZipEntry(source, entry, into);
    if (bytes.length !== member.size || blake3Hex(bytes) !== member.blake3) throw corrupt(`member '${name}' changed between verification and writing`);
    done += bytes.length;
    options.onProgress?.({ stage: 'write', bytes: done, totalBytes: checked.totalBytes });
    return bytes;
  };
  const json = async <T>(name: string): Promise<T> => JSON.parse(new TextDecoder().decode(await read(name))) as T;
  const reencode = (bytes: Uint8Array, what: string): Uint8Array => {
    if (!copy) return bytes;
    const { entries, metadata } = decodeEntries(bytes, what);
    const meta = new Map(metadata);
    if (meta.has('duckpond.pond_id')) meta.set('duckpond.pond_id', pondId);
    return encodeEntries(entries.map((e): OplogEntry => ({ ...e, pondId })), meta);
  };
  const strip = (records: readonly StoredControlRecord[]): ControlRecord[] => records.map(({ seq: _seq, ...record }) => record);

  // Blobs go with the first commit that references them.
  const blobsOf = new Map<number, string[]>();
  for (const [hash, seq] of checked.blobFirstUse) blobsOf.set(seq, [...(blobsOf.get(seq) ?? []), hash]);
  let appended = (checked.base?.txnSeq ?? 1) - 1;
  const appendCommit = async (seq: number, control: ControlRecord[]): Promise<void> => {
    const meta = await json<CommitMeta>(names.commitMeta(seq));
    const log = reencode(await read(names.commitLog(seq), logBuffers), `log record of txn ${seq}`);
    const blobs = new Map<string, Uint8Array>();
    for (const [i, hash] of (blobsOf.get(seq) ?? []).sort().entries()) {
      blobBuffers[i] ??= { member: new Scratch(), compressed: buffers.compressed };
      blobs.set(hash, await read(names.blob(hash), blobBuffers[i]));
    }
    await target.appendCommit({ meta, log, blobs, control });
    appended = seq;
  };
  for (const set of checked.controlSets) {
    const records = strip(
      set.commit === null
        ? ((await json<{ records: StoredControlRecord[] }>(names.control(set.firstSeq))).records)
        : (await json<{ records: StoredControlRecord[] }>(names.commitControl(set.commit))).records,
    );
    if (set.commit === null) {
      await target.appendControl(records);
      continue;
    }
    while (appended + 1 < set.commit) await appendCommit(appended + 1, []);
    await appendCommit(set.commit, records);
  }
  while (appended < manifest.lastTxnSeq) await appendCommit(appended + 1, []);
  let baseCheckpoint: string | null = null;
  for (const seq of checked.checkpoints) {
    const bytes = reencode(await read(names.checkpoint(seq)), `checkpoint ${seq}`);
    if (seq === checked.base?.txnSeq) baseCheckpoint = blake3Hex(bytes);
    await target.writeCheckpoint(seq, bytes);
  }
  for (const key of checked.metaKeys) {
    if (key === IDENTITY_KEY) continue;
    const value = await json<unknown>(names.meta(key));
    // A copy's base checkpoint names the copy's pond id: its bytes, and so its hash, are new.
    await target.writeMeta(key, key === BASE_KEY ? { ...(value as HistoryBase), checkpointBlake3: baseCheckpoint } : value);
  }
  await read(names.meta(IDENTITY_KEY)); // counted, and re-checked like every other member
  await target.writeMeta(IDENTITY_KEY, identity);
  return { identity, sourcePondId: manifest.pondId, lastTxnSeq: manifest.lastTxnSeq, members: checked.listed.size + 1, bytes: checked.totalBytes };
}

async function toSource(input: PondFileInput): Promise<ByteSource> {
  if (input instanceof Uint8Array) return bytesSource(input);
  if ('read' in input && 'size' in input) return input;
  const chunks: Uint8Array[] = [];
  if (Symbol.asyncIterator in input) for await (const chunk of input) chunks.push(chunk);
  else for (const chunk of input) chunks.push(chunk);
  return bytesSource(concat(chunks));
}

/**
 * Only the zip directory and the manifest (schema-checked), without reading any other member: what a caller
 * needs to decide how to import (e.g. whether that pond id exists already) before paying for verification.
 */
export async function readPondFileManifest(input: Uint8Array | ByteSource): Promise<Manifest> {
  return (await readManifest(await toSource(input))).manifest;
}

async function readManifest(source: ByteSource): Promise<{ entries: ZipEntry[]; manifest: Manifest }> {
  const entries = await readZipDirectory(source, MAX_MEMBERS);
  const first = entries[0];
  if (first === undefined || first.name !== MANIFEST_NAME) throw corrupt(`the first member is ${first === undefined ? 'missing' : `'${first.name}'`}, not ${MANIFEST_NAME} (a zip, but not a pond file)`);
  if (first.size > MAX_MANIFEST_BYTES) throw corrupt(`${MANIFEST_NAME} declares ${first.size} bytes (limit ${MAX_MANIFEST_BYTES})`);
  checkRatio(first);
  return { entries, manifest: parseManifest(await readZipEntry(source, first)) };
}

/** The first pass: reads and checks every member, writes nothing. Throws `Corrupt`/`Unsupported` naming the problem. */
export async function verifyPondFile(source: ByteSource, options: Omit<ImportOptions, 'mode'> = {}, buffers: EntryBuffers = entryBuffers()): Promise<Checked> {
  const { entries, manifest } = await readManifest(source);
  const first = entries[0] as ZipEntry;

  // Names: safe, unique, exactly the manifest's list, in its order.
  const byName = new Map<string, ZipEntry>();
  for (const entry of entries) {
    if (byName.has(entry.name)) throw corrupt(`duplicate member '${entry.name}'`);
    byName.set(entry.name, entry);
    if (entry !== first) {
      const problem = memberNameProblem(entry.name);
      if (problem !== null) throw corrupt(`member '${printable(entry.name)}' has ${problem}`);
    }
  }
  const listed = new Map<string, ManifestMember>();
  for (const member of manifest.members) {
    if (listed.has(member.name)) throw corrupt(`the manifest lists '${member.name}' twice`);
    const problem = member.name === MANIFEST_NAME ? 'the name of the manifest itself' : memberNameProblem(member.name);
    if (problem !== null) throw corrupt(`the manifest lists '${printable(member.name)}', which has ${problem}`);
    listed.set(member.name, member);
    if (!byName.has(member.name)) throw corrupt(`member '${member.name}' is listed in the manifest but missing from the file`);
  }
  for (const entry of entries) if (entry !== first && !listed.has(entry.name)) throw corrupt(`the file holds '${entry.name}', which the manifest does not list`);
  manifest.members.forEach((member, i) => {
    if (entries[i + 1]?.name !== member.name) throw corrupt(`member ${i + 1} is '${entries[i + 1]?.name}', the manifest lists '${member.name}' there`);
  });

  // Sizes: declared sizes agree, each is possible, and the whole is not a bomb.
  let total = 0;
  for (const member of manifest.members) {
    const entry = byName.get(member.name) as ZipEntry;
    if (entry.size !== member.size) throw corrupt(`member '${member.name}' is ${entry.size} bytes in the zip, ${member.size} in the manifest`);
    checkRatio(entry);
    total += member.size;
  }
  const maxTotal = options.maxTotalBytes ?? 64 * 1024 ** 3;
  if (total > maxTotal) throw corrupt(`its members add up to ${total} bytes, more than the limit of ${maxTotal}`);
  const maxExpansion = options.maxExpansion ?? 200;
  if (total > Math.max(SMALL_FILE_ALLOWANCE, maxExpansion * source.size)) {
    throw corrupt(`its ${source.size} bytes would expand to ${total} bytes (more than ${maxExpansion}×): refusing a likely zip bomb`);
  }

  // Layout: which records the names say there are.
  const has = (name: string): boolean => listed.has(name);
  if (!has('duckpond.json')) throw corrupt('member duckpond.json is missing');
  if (!has(names.meta(IDENTITY_KEY))) throw corrupt(`member ${names.meta(IDENTITY_KEY)} (the pond identity) is missing`);
  const commitSeqs = new Set<number>();
  const controlFiles: number[] = [];
  const checkpoints: number[] = [];
  const metaKeys: string[] = [];
  const blobs = new Set<string>();
  for (const name of listed.keys()) {
    const parts = name.split('/');
    if (parts[0] === 'commits') commitSeqs.add(Number(parts[1]));
    else if (parts[0] === 'control') controlFiles.push(Number(parts[1]!.slice(0, 20)));
    else if (parts[0] === 'checkpoints') checkpoints.push(Number(parts[1]!.slice(0, 20)));
    else if (parts[0] === 'meta') metaKeys.push(parts[1]!.slice(0, -'.json'.length));
    else if (parts[0] === 'blobs') blobs.add(parts[2]!);
  }
  const last = manifest.lastTxnSeq;
  // A pruned pond's log starts at its base (meta/base.json), whose checkpoint stands for the dropped history.
  const base = has(names.meta(BASE_KEY)) ? await readBaseMember(source, byName, listed, buffers) : null;
  const firstSeq = base?.txnSeq ?? 1;
  if (firstSeq > last) throw corrupt(`the base at txn ${firstSeq} is beyond the last commit ${last}`);
  for (let seq = firstSeq; seq <= last; seq++) {
    if (!has(names.commitMeta(seq)) || !has(names.commitLog(seq))) throw corrupt(`commit ${seq} is missing (txn_seq must run ${firstSeq}..${last} without gaps)`);
  }
  for (const seq of commitSeqs) {
    if (Number.isSafeInteger(seq) && seq >= 1 && seq < firstSeq) throw corrupt(`commit ${seq} is before the base at txn ${firstSeq}`);
    if (!(Number.isSafeInteger(seq) && seq >= 1 && seq <= last)) throw corrupt(`commit ${seq} is beyond the last commit ${last} the manifest names`);
  }
  for (const seq of checkpoints) if (seq < firstSeq || seq > last) throw corrupt(`checkpoint ${seq} is outside the log ${firstSeq}..${last}`);
  if (base !== null && listed.get(names.checkpoint(firstSeq))?.blake3 !== base.checkpointBlake3) {
    throw corrupt(`the base checkpoint at txn ${firstSeq} is missing or is not the one meta/${BASE_KEY}.json names`);
  }

  // Contents, member by member in archive order. The buffers take the largest member at once (its size was
  // checked above), so growing them leaves no smaller ones behind as garbage.
  reserveFor(buffers, entries);
  const blobFirstUse = new Map<string, number>();
  const commitControl = new Map<number, { firstSeq: number; count: number }>();
  const sets: { firstSeq: number; count: number; commit: number | null }[] = [];
  let scanned = 0;
  // `buffers` is reused for member after member: every check below is done with the bytes before the next read.
  const piece = new Uint8Array(BLOB_PIECE_BYTES);
  for (const member of manifest.members) {
    if (options.signal?.aborted === true) throw new PondError('Conflict', 'import cancelled; nothing was written');
    const entry = byName.get(member.name) as ZipEntry;
    const parts = member.name.split('/');
    // A blob is only hashed: in pieces, never whole. Everything else is decoded, so it is read whole.
    let bytes = EMPTY;
    let measured: { size: number; blake3: string };
    if (parts[0] === 'blobs') measured = await blake3OfPieces(readZipEntryPieces(source, entry, piece, buffers));
    else {
      bytes = await readZipEntry(source, entry, buffers);
      measured = { size: bytes.length, blake3: blake3Hex(bytes) };
    }
    if (measured.size !== member.size) throw corrupt(`member '${member.name}' is ${measured.size} bytes, the manifest says ${member.size}`);
    if (measured.blake3 !== member.blake3) throw corrupt(`member '${member.name}' fails its BLAKE3 checksum`);
    const what = `member '${member.name}'`;
    try {
      switch (parts[0]) {
        case 'duckpond.json': {
          const value = parseJson(bytes, what) as { format?: unknown; version?: unknown };
          if (value.format !== DIRECTORY_FORMAT.format) throw corrupt(`${what} does not name the duckpond-pond layout`);
          if (typeof value.version === 'number' && value.version > DIRECTORY_FORMAT.version) {
            throw new PondError('Unsupported', `this pond file holds pond layout version ${value.version}; this build reads version ${DIRECTORY_FORMAT.version}`);
          }
          if (value.version !== DIRECTORY_FORMAT.version) throw corrupt(`${what} has layout version ${String(value.version)}`);
          break;
        }
        case 'meta': {
          const value = parseJson(bytes, what);
          if (member.name === names.meta(IDENTITY_KEY) && canonical(value) !== canonical(manifest.identity)) throw corrupt(`${what} differs from the identity in the manifest`);
          if (member.name === names.meta('settings') && !isStringRecord(value)) throw corrupt(`${what} is not a map of settings`);
          break;
        }
        case 'commits': {
          const seq = Number(parts[1]);
          if (parts[2] === 'meta.json') checkCommitMeta(parseJson(bytes, what), seq, what);
          else if (parts[2] === 'log.arrow') {
            // Views: the entries are checked here and dropped (the member buffer is reused next).
            for (const e of decodeEntries(bytes, `log record of txn ${seq}`, { views: true }).entries) {
              if (e.pondId !== manifest.pondId) throw corrupt(`log record of txn ${seq} holds a record of pond ${e.pondId}, not ${manifest.pondId}`);
              if (e.txnSeq !== seq) throw corrupt(`log record of txn ${seq} holds a record of txn ${e.txnSeq}`);
              if (e.blake3 !== null && isBlobVersion(e.fileType, e.size) && !blobFirstUse.has(e.blake3)) {
                if (!blobs.has(e.blake3)) throw corrupt(`txn ${seq} node ${e.nodeId} v${e.version} references blob ${e.blake3}, which the file does not hold`);
                if (listed.get(names.blob(e.blake3))?.size !== e.size) throw corrupt(`blob ${e.blake3} is not the ${e.size} bytes txn ${seq} says`);
                blobFirstUse.set(e.blake3, seq);
              }
            }
          } else {
            const file = parseJson(bytes, what) as { firstSeq?: unknown; records?: unknown };
            const records = checkRecords(file.records, file.firstSeq, what);
            if (records[0]?.kind !== 'data_committed' || records.some((r) => r.txnSeq !== seq)) throw corrupt(`${what} does not hold the records of commit ${seq}`);
            commitControl.set(seq, { firstSeq: file.firstSeq as number, count: records.length });
          }
          break;
        }
        case 'control': {
          const firstSeq = Number(parts[1]!.slice(0, 20));
          const file = parseJson(bytes, what) as { firstSeq?: unknown; count?: unknown; records?: unknown; commit?: unknown };
          if (file.firstSeq !== firstSeq || !isCount(file.count)) throw corrupt(`${what} does not start at seq ${firstSeq} with a count`);
          if (file.records !== undefined) {
            if (checkRecords(file.records, firstSeq, what).length !== file.count) throw corrupt(`${what}: count ${String(file.count)} does not match its records`);
            sets.push({ firstSeq, count: file.count, commit: null });
          } else if (Number.isSafeInteger(file.commit) && (file.commit as number) >= 1) sets.push({ firstSeq, count: file.count, commit: file.commit as number });
          else throw corrupt(`${what} has neither records nor a commit`);
          break;
        }
        case 'blobs':
          if (member.blake3 !== parts[2]) throw corrupt(`blob ${parts[2]} holds content hashing to ${member.blake3}`);
          break;
        case 'checkpoints': {
          const seq = Number(parts[1]!.slice(0, 20));
          const { entries: rows, metadata } = decodeEntries(bytes, `checkpoint ${seq}`, { views: true });
          if (metadata.get('duckpond.pond_id') !== manifest.pondId || metadata.get('duckpond.checkpoint_txn_seq') !== String(seq)) throw corrupt(`checkpoint ${seq} is not of this pond at txn ${seq}`);
          if (rows.some((r) => r.pondId !== manifest.pondId)) throw corrupt(`checkpoint ${seq} holds records of another pond`);
          if (seq === firstSeq && base !== null) {
            // The blobs the base keeps go with its commit (the first one), as if it had written them.
            for (const hash of retainedOfCheckpoint(rows).blobs) {
              if (!blobs.has(hash)) throw corrupt(`the base checkpoint at txn ${seq} keeps blob ${hash}, which the file does not hold`);
              if (!blobFirstUse.has(hash)) blobFirstUse.set(hash, seq);
            }
          }
          break;
        }
        default:
          throw corrupt(`unexpected member '${member.name}'`);
      }
    } catch (error) {
      if (error instanceof PondError) throw error.kind === 'Corrupt' && !error.message.startsWith('Corrupt: not a valid pond file') ? corrupt(errorMessage(error)) : error;
      throw corrupt(`${what}: ${errorMessage(error)}`);
    }
    scanned += measured.size;
    options.onProgress?.({ stage: 'verify', bytes: scanned, totalBytes: total });
  }
  for (const hash of blobs) if (!blobFirstUse.has(hash)) throw corrupt(`blob ${hash} is not referenced by any log record`);

  // Control sets: ascending, non-overlapping; each commit's records reserved exactly once.
  sets.sort((a, b) => a.firstSeq - b.firstSeq);
  const controlSets: { firstSeq: number; commit: number | null }[] = [];
  let nextFree = 1;
  let lastCommitWithSet = 0;
  for (const set of sets) {
    if (set.firstSeq < nextFree) throw corrupt(`control set at seq ${set.firstSeq} overlaps the set before it`);
    nextFree = set.firstSeq + set.count;
    if (set.commit === null) {
      controlSets.push({ firstSeq: set.firstSeq, commit: null });
      continue;
    }
    const reserved = commitControl.get(set.commit);
    if (reserved === undefined || reserved.firstSeq !== set.firstSeq) continue; // an orphan reservation: skipped, as in the directory
    if (reserved.count !== set.count) throw corrupt(`control set at seq ${set.firstSeq} reserves ${set.count} records, commit ${set.commit} has ${reserved.count}`);
    if (set.commit <= lastCommitWithSet) throw corrupt(`control records of commit ${set.commit} are out of order`);
    lastCommitWithSet = set.commit;
    controlSets.push({ firstSeq: set.firstSeq, commit: set.commit });
  }
  for (const seq of commitControl.keys()) {
    if (!controlSets.some((s) => s.commit === seq)) throw corrupt(`commit ${seq} has control records but no reservation in control/`);
  }
  checkpoints.sort((a, b) => a - b);
  return { manifest, entries: byName, listed, blobFirstUse, controlSets, checkpoints, metaKeys, totalBytes: total, base };
}

/** The base a pruned pond's file names, read ahead of the other members (the layout depends on it) and checked. */
async function readBaseMember(source: ByteSource, byName: Map<string, ZipEntry>, listed: Map<string, ManifestMember>, buffers: EntryBuffers): Promise<HistoryBase> {
  const name = names.meta(BASE_KEY);
  const entry = byName.get(name) as ZipEntry;
  const bytes = await readZipEntry(source, entry, buffers);
  if (blake3Hex(bytes) !== listed.get(name)?.blake3) throw corrupt(`member '${name}' fails its BLAKE3 checksum`);
  return parseBase(parseJson(bytes, `member '${name}'`), `member '${name}'`);
}

function checkRatio(entry: ZipEntry): void {
  if (entry.size > MAX_MEMBER_BYTES) throw corrupt(`member '${entry.name}' declares an absurd size of ${entry.size} bytes`);
  if (entry.method === 8 && entry.size > 1024 * 1024 && entry.size > MAX_MEMBER_RATIO * entry.compressedSize) {
    throw corrupt(`member '${entry.name}' claims to expand ${entry.compressedSize} bytes to ${entry.size} (more than ${MAX_MEMBER_RATIO}×): refusing a likely zip bomb`);
  }
}

function parseManifest(bytes: Uint8Array): Manifest {
  const value = parseJson(bytes, MANIFEST_NAME) as Record<string, unknown>;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw corrupt(`${MANIFEST_NAME} is not a JSON object`);
  if (value['format'] !== POND_FILE_FORMAT) throw corrupt(`${MANIFEST_NAME} names format '${String(value['format'])}', not ${POND_FILE_FORMAT} (a zip, but not a pond file)`);
  const version = value['formatVersion'];
  if (!Number.isSafeInteger(version) || (version as number) < 1) throw corrupt(`${MANIFEST_NAME} has no valid formatVersion`);
  if ((version as number) > POND_FILE_FORMAT_VERSION) {
    throw new PondError('Unsupported', `this file needs DuckPond pond file format ${String(version)}; this build reads format ${POND_FILE_FORMAT_VERSION} — update DuckPond to import it`);
  }
  const extra = Object.keys(value).filter((k) => !['format', 'formatVersion', 'pondId', 'identity', 'lastTxnSeq', 'members'].includes(k));
  if (extra.length > 0) throw corrupt(`${MANIFEST_NAME} has unknown fields: ${extra.join(', ')}`);
  const { pondId, identity, lastTxnSeq, members } = value as Record<string, unknown> & { identity: Record<string, unknown> };
  if (typeof pondId !== 'string' || pondId.length === 0 || pondId.length > 200) throw corrupt(`${MANIFEST_NAME} has no valid pondId`);
  if (identity === null || typeof identity !== 'object' || identity['pondId'] !== pondId || typeof identity['created'] !== 'number' || typeof identity['birthplace'] !== 'string') {
    throw corrupt(`${MANIFEST_NAME} has no valid identity for pond ${pondId}`);
  }
  if (!Number.isSafeInteger(lastTxnSeq) || (lastTxnSeq as number) < 1) throw corrupt(`${MANIFEST_NAME} has no valid lastTxnSeq`);
  if (!Array.isArray(members)) throw corrupt(`${MANIFEST_NAME} has no member list`);
  for (const [i, m] of members.entries()) {
    const ok =
      m !== null &&
      typeof m === 'object' &&
      Object.keys(m).length === 3 &&
      typeof m.name === 'string' &&
      Number.isSafeInteger(m.size) &&
      m.size >= 0 &&
      m.size <= MAX_MEMBER_BYTES &&
      typeof m.blake3 === 'string' &&
      HEX64.test(m.blake3);
    if (!ok) throw corrupt(`${MANIFEST_NAME}: member ${i} is not {name, size, blake3} with a sane size`);
  }
  return value as unknown as Manifest;
}

function checkCommitMeta(value: unknown, seq: number, what: string): void {
  const m = value as Partial<CommitMeta> | null;
  const ok =
    m !== null &&
    typeof m === 'object' &&
    m.txnSeq === seq &&
    typeof m.txnId === 'string' &&
    typeof m.time === 'number' &&
    typeof m.origin === 'string' &&
    m.summary !== undefined &&
    Array.isArray(m.summary.added) &&
    Array.isArray(m.summary.modified) &&
    Array.isArray(m.summary.removed);
  if (!ok) throw corrupt(`${what} is not the metadata of commit ${seq}`);
}

const CONTROL_KINDS = new Set([
  'begin',
  'data_committed',
  'completed',
  'failed',
  'post_commit_pending',
  'post_commit_started',
  'post_commit_completed',
  'post_commit_failed',
  'post_commit_skipped',
  'setting',
]);

function checkRecords(records: unknown, firstSeq: unknown, what: string): StoredControlRecord[] {
  if (!Number.isSafeInteger(firstSeq) || (firstSeq as number) < 1 || !Array.isArray(records) || records.length === 0) throw corrupt(`${what} is not a control set`);
  records.forEach((r: Partial<StoredControlRecord> | null, i) => {
    const ok = r !== null && typeof r === 'object' && r.seq === (firstSeq as number) + i && CONTROL_KINDS.has(r.kind as string) && Number.isSafeInteger(r.txnSeq) && typeof r.time === 'number';
    if (!ok) throw corrupt(`${what}: record ${i} is not a control record with seq ${(firstSeq as number) + i}`);
  });
  return records as StoredControlRecord[];
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 1;

function isStringRecord(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw corrupt(`${what} is not valid JSON (${errorMessage(error)})`);
  }
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
