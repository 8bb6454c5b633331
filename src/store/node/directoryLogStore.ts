import { access, mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PondError } from '../../errors';
import { closedError } from '../closed';
import {
  blobNotFound,
  checkRange,
  checkTxnSeq,
  checkpointNotFound,
  commitExists,
  commitNotFound,
  controlRecordToStore,
  toMetaValue,
} from '../logRules';
import type { LogStore } from '../ports';
import type { CommitMeta, CommitWrite, ControlRecord, StoredCommit, StoredControlRecord } from '../records';
import { CopyBuffers } from './copyBuffers';
import {
  createFileExclusive,
  ensureDirectory,
  isErrno,
  ownBytes,
  readBytes,
  readPieces,
  replaceFileAtomically,
  syncDirectory,
  tempName,
  unlinkIfPresent,
  writeError,
  writeNewFileDurably,
} from './fsUtil';

/**
 * A pond as a plain directory tree on disk (the CLI's store; SPEC §9: the pond file packs the same tree).
 * The layout and the commit protocol are documented in `docs/pond-format.md`; in short:
 *
 *     duckpond.json                      format marker {"format":"duckpond-pond","version":1}
 *     meta/<key>.json                    readMeta / writeMeta (one file per key)
 *     commits/<seq>/meta.json            CommitMeta — a commit exists iff this file exists
 *     commits/<seq>/log.arrow            the commit's log record (Arrow IPC stream)
 *     commits/<seq>/control.json         the control records written with the commit (if any)
 *     control/<seq>.json                 a set of control records, or a reservation of seqs for a commit's set
 *     blobs/<hash[0..2]>/<hash>          content-addressed blobs
 *     checkpoints/<seq>.arrow            checkpoints
 *     tmp/                               staging (not part of the pond)
 *     write.lock, runner.lock            lock files (not part of the pond)
 *
 * `<seq>` is the number zero-padded to 20 digits, so names sort as numbers do.
 *
 * A commit is staged as a complete directory under `tmp/` (files fsynced) and made visible by one
 * `rename` onto `commits/<seq>`: all of it appears at once or not at all, even if the process is killed,
 * and the rename fails when the commit exists, which makes it put-if-absent (`Conflict`) even for two
 * processes racing past the write lock.
 */

export const POND_FORMAT = 'duckpond-pond';
export const POND_FORMAT_VERSION = 1;
/** The marker file that makes a directory a pond directory. */
export const FORMAT_FILE = 'duckpond.json';
/** The lock files of a pond directory (see `LockFileWriteLock.forPond`). */
export const WRITE_LOCK_FILE = 'write.lock';
export const RUNNER_LOCK_FILE = 'runner.lock';

const COMMITS = 'commits';
const CONTROL = 'control';
const BLOBS = 'blobs';
const CHECKPOINTS = 'checkpoints';
const META = 'meta';
const TMP = 'tmp';
const SUBDIRECTORIES = [COMMITS, CONTROL, BLOBS, CHECKPOINTS, META, TMP] as const;

const COMMIT_META = 'meta.json';
const COMMIT_LOG = 'log.arrow';
const COMMIT_CONTROL = 'control.json';

/** How many commit files are read at once. */
const READ_PARALLELISM = 32;
/** Allocation of control seqs retries when another writer took the same seq; this many times at most. */
const CONTROL_ALLOCATION_ATTEMPTS = 1000;

/** The steps of `appendCommit`, for the failure-injection hook of tests. */
export type CommitStep = 'blobs-written' | 'control-reserved' | 'staged';

export interface DirectoryLogStoreOptions {
  /**
   * Create the pond directory (and its parents) when it does not exist, and make it a pond directory when
   * it is empty. Without it, opening a directory that is not a pond fails with `NotFound`.
   */
  readonly create?: boolean;
  /**
   * Test hook, called at each step of `appendCommit` before the commit becomes visible. Throwing simulates
   * a failed write; killing the process there simulates a crash.
   */
  readonly onCommitStep?: (step: CommitStep, txnSeq: number) => void | Promise<void>;
}

/** `seq` as a file name: 20 digits, zero-padded. */
export function seqName(seq: number): string {
  return String(seq).padStart(20, '0');
}

const SEQ_NAME = /^(\d{20})(\.[a-z]+)?$/;

/** A control file (`control/<seq>.json`): a set of records, or a reservation of seqs for a commit's set. */
interface ControlSetFile {
  readonly firstSeq: number;
  readonly count: number;
  /** The records of a set appended on its own (`appendControl`). */
  readonly records?: readonly StoredControlRecord[];
  /** A reservation: the records are in `commits/<commit>/control.json`, if that commit landed with them. */
  readonly commit?: number;
}

/** `commits/<seq>/control.json`: the control records of one commit, numbered from its reservation. */
interface CommitControlFile {
  readonly firstSeq: number;
  readonly records: readonly StoredControlRecord[];
}

export class DirectoryLogStore implements LogStore {
  private closed = false;
  /** The copies of blobs and checkpoints being written, reused from write to write (see `CopyBuffers`). */
  private readonly copies = new CopyBuffers();

  private constructor(
    /** The pond directory, absolute. */
    readonly dir: string,
    private readonly options: DirectoryLogStoreOptions,
  ) {}

  /** Opens the pond directory `dir` (see `DirectoryLogStoreOptions.create`). */
  static async open(dir: string, options: DirectoryLogStoreOptions = {}): Promise<DirectoryLogStore> {
    const root = resolve(dir);
    if (options.create === true) await createPondDirectory(root);
    await checkFormat(root);
    return new DirectoryLogStore(root, options);
  }

  /** True when `dir` holds a pond (its format marker), without opening it. */
  static async isPond(dir: string): Promise<boolean> {
    try {
      await access(join(resolve(dir), FORMAT_FILE));
      return true;
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) return false;
      throw error;
    }
  }

  async appendCommit(commit: CommitWrite): Promise<void> {
    this.checkOpen();
    const { txnSeq } = commit.meta;
    checkTxnSeq(txnSeq);
    // Everything that can fail without touching the disk first, on copies: the caller may mutate its
    // buffers and records as soon as this returns a promise.
    const metaText = jsonText(commit.meta);
    const log = ownBytes(commit.log);
    for (const hash of commit.blobs.keys()) checkBlobName(hash);
    const blobs = [...commit.blobs].map(([hash, bytes]) => [hash, this.copies.copy(bytes)] as const);
    const control = commit.control.map(controlRecordToStore);
    const target = this.commitDir(txnSeq);
    try {
      // Cheap early refusal: a writer that slipped past the lock writes nothing, not even its blobs.
      if (await this.commitVisible(txnSeq)) throw commitExists(txnSeq);
      await this.ensureLayout();
      // 1. Blobs, each put-if-absent. One left behind by a commit that then fails is unreferenced garbage
      //    (`maintain` reclaims it); it can never be wrong, since its name is its content's hash.
      for (const [hash, bytes] of blobs) await this.putBlob(hash, bytes);
      await this.step('blobs-written', txnSeq);
      // 2. Seqs for the commit's control records, reserved in the table's append order. The reservation
      //    names the commit; its records count only once the commit holds a control.json that claims it.
      let controlText: string | null = null;
      if (control.length > 0) {
        const firstSeq = await this.writeControlSet(control.length, (first) => ({
          firstSeq: first,
          count: control.length,
          commit: txnSeq,
        }));
        const file: CommitControlFile = { firstSeq, records: numbered(control, firstSeq) };
        controlText = jsonText(file);
      }
      await this.step('control-reserved', txnSeq);
      // 3. The whole commit as one directory in tmp/, every file fsynced; then 4. one rename publishes it.
      const staging = join(this.path(TMP), tempName(`commit-${seqName(txnSeq)}`));
      await mkdir(staging);
      try {
        await writeNewFileDurably(join(staging, COMMIT_LOG), log);
        if (controlText !== null) await writeNewFileDurably(join(staging, COMMIT_CONTROL), controlText);
        await writeNewFileDurably(join(staging, COMMIT_META), metaText);
        await syncDirectory(staging);
        await this.step('staged', txnSeq);
        await this.publish(staging, target, txnSeq);
      } catch (error) {
        await rm(staging, { recursive: true, force: true });
        throw error;
      }
      await syncDirectory(this.path(COMMITS));
    } catch (error) {
      throw writeError(error, `commit ${txnSeq} in ${this.dir}`);
    } finally {
      for (const [, bytes] of blobs) this.copies.release(bytes);
    }
  }

  async appendControl(records: readonly ControlRecord[]): Promise<void> {
    this.checkOpen();
    const control = records.map(controlRecordToStore);
    if (control.length === 0) return;
    try {
      await this.ensureLayout();
      await this.writeControlSet(control.length, (firstSeq) => ({
        firstSeq,
        count: control.length,
        records: numbered(control, firstSeq),
      }));
    } catch (error) {
      throw writeError(error, `control records in ${this.dir}`);
    }
  }

  async lastTxnSeq(): Promise<number> {
    this.checkOpen();
    // One directory listing; the highest name is checked to hold its meta.json (normally the first one).
    const seqs = await this.listSeqs(COMMITS, '');
    for (let i = seqs.length - 1; i >= 0; i--) {
      const seq = seqs[i] as number;
      if (await this.commitVisible(seq)) return seq;
    }
    return 0;
  }

  async readCommits(from: number, to: number): Promise<StoredCommit[]> {
    this.checkOpen();
    if (!checkRange(from, to)) return [];
    const commits: StoredCommit[] = [];
    // Window by window, so a range far beyond the last commit stops at the first missing seq.
    for (let start = from; start <= to; start += READ_PARALLELISM) {
      const seqs = seqRange(start, Math.min(to, start + READ_PARALLELISM - 1));
      const metas = await Promise.all(seqs.map((seq) => this.readCommitMeta(seq)));
      const missing = metas.indexOf(null);
      if (missing >= 0) throw commitNotFound(start + missing);
      const logs = await Promise.all(seqs.map((seq) => this.readLog(seq)));
      metas.forEach((meta, i) => commits.push({ meta: meta as CommitMeta, log: logs[i] as Uint8Array }));
    }
    return commits;
  }

  async readCommitMetas(from: number, to: number): Promise<CommitMeta[]> {
    this.checkOpen();
    if (!checkRange(from, to)) return [];
    const seqs = (await this.listSeqs(COMMITS, '')).filter((seq) => seq >= from && seq <= to);
    const metas = await mapLimit(seqs, READ_PARALLELISM, (seq) => this.readCommitMeta(seq));
    return metas.filter((meta): meta is CommitMeta => meta !== null);
  }

  async deleteCommitsBefore(txnSeq: number): Promise<void> {
    this.checkOpen();
    checkTxnSeq(txnSeq);
    try {
      // Control sets first: a set goes when it is a pruned commit's reservation or all its records are of pruned txns.
      for (const seq of await this.listSeqs(CONTROL, '.json')) {
        const set = await this.readControlFile(seq);
        const pruned = set.records === undefined ? (set.commit as number) < txnSeq : set.records.every((record) => record.txnSeq < txnSeq);
        if (pruned) await unlinkIfPresent(join(this.path(CONTROL), `${seqName(seq)}.json`));
      }
      await syncIfPresent(this.path(CONTROL));
      // A commit stops existing when its meta.json goes (commitVisible); the rest of its directory follows.
      for (const seq of await this.listSeqs(COMMITS, '')) {
        if (seq >= txnSeq) break;
        await unlinkIfPresent(join(this.commitDir(seq), COMMIT_META));
        await rm(this.commitDir(seq), { recursive: true, force: true });
      }
      await syncIfPresent(this.path(COMMITS));
    } catch (error) {
      throw writeError(error, `history before txn ${txnSeq} in ${this.dir}`);
    }
  }

  async getBlob(hash: string): Promise<Uint8Array> {
    this.checkOpen();
    if (!isBlobName(hash)) throw blobNotFound(hash);
    try {
      return await readBytes(this.blobPath(hash));
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) throw blobNotFound(hash);
      throw error;
    }
  }

  async *readBlobPieces(hash: string, buffer: Uint8Array): AsyncIterable<Uint8Array> {
    this.checkOpen();
    if (!isBlobName(hash)) throw blobNotFound(hash);
    yield* piecesOf(this.blobPath(hash), buffer, () => blobNotFound(hash));
  }

  async hasBlob(hash: string): Promise<boolean> {
    this.checkOpen();
    return isBlobName(hash) && (await exists(this.blobPath(hash)));
  }

  async listBlobs(): Promise<string[]> {
    this.checkOpen();
    const hashes: string[] = [];
    for (const shard of await listNames(this.path(BLOBS))) {
      if (!isBlobName(shard) || shard.length > 2) continue;
      for (const name of await listNames(join(this.path(BLOBS), shard))) {
        if (isBlobName(name) && shardOf(name) === shard) hashes.push(name);
      }
    }
    return hashes.sort();
  }

  async deleteBlobs(hashes: readonly string[]): Promise<void> {
    this.checkOpen();
    const shards = new Set<string>();
    for (const hash of hashes) {
      if (!isBlobName(hash)) continue; // such a blob cannot exist
      await unlinkIfPresent(this.blobPath(hash));
      shards.add(shardOf(hash));
    }
    for (const shard of shards) await syncIfPresent(join(this.path(BLOBS), shard));
  }

  async readControl(filter: { txnSeq?: number } = {}): Promise<StoredControlRecord[]> {
    this.checkOpen();
    const { txnSeq } = filter;
    if (txnSeq !== undefined) checkTxnSeq(txnSeq);
    const sets = await mapLimit(await this.listSeqs(CONTROL, '.json'), READ_PARALLELISM, (seq) => this.readControlSet(seq));
    const records = sets.flat();
    return txnSeq === undefined ? records : records.filter((record) => record.txnSeq === txnSeq);
  }

  async writeCheckpoint(txnSeq: number, bytes: Uint8Array): Promise<void> {
    this.checkOpen();
    checkTxnSeq(txnSeq);
    const data = this.copies.copy(bytes);
    try {
      await this.ensureLayout();
      await replaceFileAtomically(this.checkpointPath(txnSeq), data, this.path(TMP));
    } catch (error) {
      throw writeError(error, `checkpoint ${txnSeq} in ${this.dir}`);
    } finally {
      this.copies.release(data);
    }
  }

  async readCheckpoint(txnSeq: number): Promise<Uint8Array> {
    this.checkOpen();
    checkTxnSeq(txnSeq);
    try {
      return await readBytes(this.checkpointPath(txnSeq));
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) throw checkpointNotFound(txnSeq);
      throw error;
    }
  }

  async *readCheckpointPieces(txnSeq: number, buffer: Uint8Array): AsyncIterable<Uint8Array> {
    this.checkOpen();
    checkTxnSeq(txnSeq);
    yield* piecesOf(this.checkpointPath(txnSeq), buffer, () => checkpointNotFound(txnSeq));
  }

  async listCheckpoints(): Promise<number[]> {
    this.checkOpen();
    return this.listSeqs(CHECKPOINTS, '.arrow');
  }

  async deleteCheckpoints(txnSeqs: readonly number[]): Promise<void> {
    this.checkOpen();
    txnSeqs.forEach(checkTxnSeq);
    for (const seq of txnSeqs) await unlinkIfPresent(this.checkpointPath(seq));
    await syncIfPresent(this.path(CHECKPOINTS));
  }

  async readMeta<T>(key: string): Promise<T | null> {
    this.checkOpen();
    const path = this.metaPath(key);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) return null;
      throw error;
    }
    return parseJson(text, path) as T;
  }

  async writeMeta(key: string, value: unknown): Promise<void> {
    this.checkOpen();
    const path = this.metaPath(key);
    const text = jsonText(toMetaValue(key, value));
    try {
      await this.ensureLayout();
      await replaceFileAtomically(path, text, this.path(TMP));
    } catch (error) {
      throw writeError(error, `meta '${key}' in ${this.dir}`);
    }
  }

  close(): void {
    this.closed = true;
  }

  /**
   * Removes what interrupted writes left in `tmp/` (staged commits, temporary files) older than
   * `olderThanMs`: never anything a commit refers to. A running writer's files are younger than any sane
   * threshold. Returns how many entries were removed. For `maintain`.
   */
  async removeTemporaryFiles(options: { olderThanMs: number; now?: number }): Promise<number> {
    this.checkOpen();
    const cutoff = (options.now ?? Date.now()) - options.olderThanMs;
    let removed = 0;
    for (const name of await listNames(this.path(TMP))) {
      const path = join(this.path(TMP), name);
      try {
        if ((await stat(path)).mtimeMs >= cutoff) continue;
      } catch (error) {
        if (isErrno(error, 'ENOENT')) continue;
        throw error;
      }
      await rm(path, { recursive: true, force: true });
      removed++;
    }
    return removed;
  }

  // --- commits ---

  /** Renames the staged commit onto `target`; a commit already there makes it `Conflict`. */
  private async publish(staging: string, target: string, txnSeq: number): Promise<void> {
    try {
      // POSIX: renaming a directory onto a non-empty directory fails (ENOTEMPTY/EEXIST); Windows refuses
      // any existing target (EPERM/EACCES). A committed directory is never empty.
      await rename(staging, target);
    } catch (error) {
      if (isErrno(error, 'EEXIST', 'ENOTEMPTY', 'EPERM', 'EACCES') && (await exists(target))) {
        if (await this.commitVisible(txnSeq)) throw commitExists(txnSeq);
        throw new PondError('Corrupt', `${target} exists without ${COMMIT_META}: it was not written by this store; move it away`);
      }
      throw error;
    }
  }

  private async commitVisible(txnSeq: number): Promise<boolean> {
    return exists(join(this.commitDir(txnSeq), COMMIT_META));
  }

  /** The commit's metadata, or null when the commit does not exist. */
  private async readCommitMeta(txnSeq: number): Promise<CommitMeta | null> {
    const path = join(this.commitDir(txnSeq), COMMIT_META);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) return null;
      throw error;
    }
    const meta = parseJson(text, path);
    if (!isObject(meta) || meta.txnSeq !== txnSeq) throw new PondError('Corrupt', `${path}: not the metadata of commit ${txnSeq}`);
    return meta as unknown as CommitMeta;
  }

  private async readLog(txnSeq: number): Promise<Uint8Array> {
    const path = join(this.commitDir(txnSeq), COMMIT_LOG);
    try {
      return await readBytes(path);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) throw new PondError('Corrupt', `commit ${txnSeq} has no log record (${path} is missing)`);
      throw error;
    }
  }

  // --- control records ---

  /**
   * Creates the next control file, put-if-absent on its first seq: two writers that pick the same seq
   * cannot both win; the loser picks again. Returns the first seq of the set.
   */
  private async writeControlSet(count: number, body: (firstSeq: number) => ControlSetFile): Promise<number> {
    for (let attempt = 0; attempt < CONTROL_ALLOCATION_ATTEMPTS; attempt++) {
      const firstSeq = await this.nextControlSeq();
      const path = join(this.path(CONTROL), `${seqName(firstSeq)}.json`);
      if (await createFileExclusive(path, jsonText(body(firstSeq)), this.path(TMP))) return firstSeq;
    }
    throw new PondError('Conflict', `could not append ${count} control records to ${this.dir}: too many concurrent writers`);
  }

  /** The seq after the last control file's records (1 for an empty table). */
  private async nextControlSeq(): Promise<number> {
    const seqs = await this.listSeqs(CONTROL, '.json');
    const last = seqs[seqs.length - 1];
    if (last === undefined) return 1;
    const set = await this.readControlFile(last);
    return set.firstSeq + set.count;
  }

  private async readControlFile(seq: number): Promise<ControlSetFile> {
    const path = join(this.path(CONTROL), `${seqName(seq)}.json`);
    const set = parseJson(await readFile(path, 'utf8'), path);
    const valid =
      isObject(set) &&
      set.firstSeq === seq &&
      Number.isSafeInteger(set.count) &&
      (set.count as number) >= 1 &&
      (Array.isArray(set.records) ? set.records.length === set.count && set.commit === undefined : Number.isSafeInteger(set.commit));
    if (!valid) throw new PondError('Corrupt', `${path}: not a control record set starting at ${seq}`);
    return set as unknown as ControlSetFile;
  }

  /** The records of one control file: its own, or its commit's when the commit landed with this reservation. */
  private async readControlSet(seq: number): Promise<StoredControlRecord[]> {
    const set = await this.readControlFile(seq);
    if (set.records !== undefined) return [...set.records];
    const commit = set.commit as number;
    const path = join(this.commitDir(commit), COMMIT_CONTROL);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      // The commit never landed (a crash, or it lost a race), or landed without control records.
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) return [];
      throw error;
    }
    const file = parseJson(text, path);
    if (!isObject(file) || !Number.isSafeInteger(file.firstSeq) || !Array.isArray(file.records)) {
      throw new PondError('Corrupt', `${path}: not a commit's control records`);
    }
    // Another attempt at the same txn_seq reserved other seqs: this reservation is an orphan.
    if (file.firstSeq !== set.firstSeq) return [];
    if (!(await this.commitVisible(commit))) return [];
    return file.records as StoredControlRecord[];
  }

  // --- paths and helpers ---

  private path(sub: (typeof SUBDIRECTORIES)[number]): string {
    return join(this.dir, sub);
  }

  private commitDir(txnSeq: number): string {
    return join(this.dir, COMMITS, seqName(txnSeq));
  }

  private checkpointPath(txnSeq: number): string {
    return join(this.dir, CHECKPOINTS, `${seqName(txnSeq)}.arrow`);
  }

  private blobPath(hash: string): string {
    return join(this.dir, BLOBS, shardOf(hash), hash);
  }

  private metaPath(key: string): string {
    return join(this.dir, META, `${metaFileName(key)}.json`);
  }

  private async putBlob(hash: string, bytes: Uint8Array): Promise<void> {
    const path = this.blobPath(hash);
    if (await exists(path)) return; // an existing blob is kept as it is
    await ensureDirectory(join(this.dir, BLOBS, shardOf(hash)));
    // false: another writer stored it meanwhile — same name, same content.
    await createFileExclusive(path, bytes, this.path(TMP));
  }

  /** The seqs named in a subdirectory (`<20 digits><suffix>`), ascending; a missing directory is empty. */
  private async listSeqs(sub: (typeof SUBDIRECTORIES)[number], suffix: string): Promise<number[]> {
    const seqs: number[] = [];
    for (const name of await listNames(this.path(sub))) {
      const match = SEQ_NAME.exec(name);
      if (match === null || (match[2] ?? '') !== suffix) continue;
      const seq = Number(match[1]);
      if (Number.isSafeInteger(seq) && seq >= 1) seqs.push(seq);
    }
    return seqs.sort((a, b) => a - b);
  }

  /** The subdirectories, in case an unpacked pond lost its empty ones. */
  private async ensureLayout(): Promise<void> {
    for (const sub of SUBDIRECTORIES) await ensureDirectory(this.path(sub));
  }

  private async step(step: CommitStep, txnSeq: number): Promise<void> {
    await this.options.onCommitStep?.(step, txnSeq);
  }

  private checkOpen(): void {
    if (this.closed) throw closedError(`directory log store ${this.dir}`);
  }
}

/** Makes `root` a pond directory: creates it, refuses a non-empty non-pond directory, writes the marker. */
async function createPondDirectory(root: string): Promise<void> {
  await ensureDirectory(root);
  if (await DirectoryLogStore.isPond(root)) return;
  const foreign = (await listNames(root)).filter((name) => !isOwnName(name));
  if (foreign.length > 0) {
    throw new PondError('AlreadyExists', `'${root}' is not empty and is not a pond directory (it holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''})`);
  }
  for (const sub of SUBDIRECTORIES) await ensureDirectory(join(root, sub));
  // Put-if-absent: two processes creating the same pond at once both succeed, with one marker.
  await createFileExclusive(join(root, FORMAT_FILE), jsonText({ format: POND_FORMAT, version: POND_FORMAT_VERSION }), join(root, TMP));
}

/** Names a fresh pond directory may already hold: our own subdirectories and lock files. */
function isOwnName(name: string): boolean {
  return (
    (SUBDIRECTORIES as readonly string[]).includes(name) ||
    name === WRITE_LOCK_FILE ||
    name === RUNNER_LOCK_FILE ||
    name.startsWith(`${WRITE_LOCK_FILE}.`) ||
    name.startsWith(`${RUNNER_LOCK_FILE}.`)
  );
}

async function checkFormat(root: string): Promise<void> {
  const path = join(root, FORMAT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) throw new PondError('NotFound', `pond directory ${root} (no ${FORMAT_FILE})`);
    throw error;
  }
  const marker = parseJson(text, path);
  if (!isObject(marker) || marker.format !== POND_FORMAT || !Number.isSafeInteger(marker.version)) {
    throw new PondError('Corrupt', `${path}: not a DuckPond format marker`);
  }
  if (marker.version !== POND_FORMAT_VERSION) {
    throw new PondError('Unsupported', `pond directory ${root} has format version ${String(marker.version)}; this build reads version ${POND_FORMAT_VERSION}`);
  }
}

/**
 * Blob keys are BLAKE3 hex; any lowercase letters and digits are accepted (tests use short keys), nothing
 * that could escape the directory or collide on a case-insensitive file system.
 */
const BLOB_NAME = /^[0-9a-z]{1,128}$/;

function isBlobName(hash: string): boolean {
  return BLOB_NAME.test(hash);
}

function checkBlobName(hash: string): void {
  if (!isBlobName(hash)) throw new PondError('InvalidArgument', `blob key '${hash}' (expected lowercase hex)`);
}

function shardOf(hash: string): string {
  return hash.slice(0, 2);
}

/**
 * A meta key as a file name: letters a–z, digits, `_` and `-` as they are; every other UTF-8 byte
 * (capitals included, for case-insensitive file systems) as `%XX`. `pond` → `pond`, `a.B` → `a%2E%42`.
 */
export function metaFileName(key: string): string {
  if (key === '') throw new PondError('InvalidArgument', 'meta key cannot be empty');
  let name = '';
  for (const byte of new TextEncoder().encode(key)) {
    const char = String.fromCharCode(byte);
    name += /[a-z0-9_-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (name.length > 200) throw new PondError('InvalidArgument', `meta key '${key.slice(0, 40)}…' is too long`);
  return name;
}

function numbered(records: readonly ControlRecord[], firstSeq: number): StoredControlRecord[] {
  return records.map((record, i) => ({ seq: firstSeq + i, ...record }));
}

function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new PondError('Corrupt', `${path}: not valid JSON`, { cause });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) return false;
    throw error;
  }
}

/** The names in `dir`; a missing directory has none. */
async function listNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) return [];
    throw error;
  }
}

/** A file's pieces (`readPieces`); a missing file is `notFound()`. */
async function* piecesOf(path: string, buffer: Uint8Array, notFound: () => PondError): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    yield* readPieces(path, buffer);
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) throw notFound();
    throw error;
  }
}

async function syncIfPresent(dir: string): Promise<void> {
  try {
    await syncDirectory(dir);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}

function seqRange(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** `items.map(fn)` with at most `limit` calls in flight, results in order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
