import { Zip, ZipDeflate, ZipPassThrough, deflateSync } from 'fflate';
import { PondError, errorMessage, isPondError } from '../../errors';
import { type WD, isDirectory } from '../../tinyfs';
import { type RunningTask, throwIfCancelled } from './tasks';

/**
 * A folder of the pond (as of the view `root` was opened on) as one zip, for "download a folder" (SPEC §8).
 * Two passes: the first lists the tree and sums sizes from metadata only, so progress has a total; the second
 * reads one file at a time and streams it through fflate's `Zip`. The output is gathered as Blob parts, never
 * one big array: a browser may keep Blob data outside the JS heap (or on disk), so memory holds one file and
 * a few MiB of output at a time. Decisions (symlinks, compression, limits): docs/decisions.md.
 */

/** What the zip holds, planned from metadata before any content is read. */
type Member =
  | { readonly kind: 'dir'; readonly name: string; readonly modified: number | null }
  | { readonly kind: 'file'; readonly name: string; readonly path: string; readonly size: number; readonly modified: number | null }
  /** A symlink that cannot be stored as the file it points to: a small text file saying where it points. */
  | { readonly kind: 'note'; readonly name: string; readonly text: string };

/** fflate writes no zip64: past these, offsets and counts would wrap and the archive would be corrupt. */
const ZIP32_MAX_BYTES = 0xffff_ffff;
const ZIP32_MAX_MEMBERS = 0xffff;
/** Level 1: most of the size win on text, CSV and Arrow at a fraction of the time of the default level 6. */
const DEFLATE_LEVEL = 1;
/** Files at least this big are sampled first; smaller ones are always deflated (cheap either way). */
const SAMPLE_BYTES = 64 * 1024;
/** A sample that deflates to more than this share of its size is stored as is (already compressed: images, zips). */
const STORE_ABOVE_RATIO = 0.9;
/** Bytes pushed per step: progress moves within a big file, and a cancel lands between steps. */
const SLICE_BYTES = 1024 * 1024;
/** Output gathered in the JS heap before it is folded into a Blob part. */
const FOLD_BYTES = 8 * 1024 * 1024;
/** DOS time in zip headers starts in 1980; an older clock reading would make fflate throw. */
const EARLIEST_MTIME = new Date(1980, 0, 1, 12, 0, 0).getTime();
/** What a symlink that is not followed becomes in the zip: `name` + this, a text file naming its target. */
export const SYMLINK_NOTE_SUFFIX = '.symlink.txt';

export interface ZipOptions {
  /** The top directory of a zip of `/`, which has no name of its own (the app gives the pond's name). */
  readonly rootName?: string;
}

/** The folder at `path` as a zip whose top directory is the folder's name; progress and cancel through `running`. */
export async function zipFolder(root: WD, path: string, running: RunningTask, options: ZipOptions = {}): Promise<Blob> {
  const lookup = await root.resolvePath(path);
  if (lookup.kind === 'missing') throw new PondError('NotFound', `${path}: there is no folder to download`, { path });
  if (!isDirectory(lookup.node.entryType)) {
    throw new PondError('NotADirectory', `${path} is a ${lookup.node.entryType}: download it as a file; only folders are zipped`, { path });
  }
  const top = lastName(path) || options.rootName || 'pond';
  const members = await plan(root, path, top, running);
  return write(root, path, members, running);
}

/** Lists the folder depth first, folders before their contents, each folder's entries by name. */
async function plan(root: WD, folder: string, top: string, running: RunningTask): Promise<Member[]> {
  const members: Member[] = [];
  let bytes = 0;
  const add = (member: Member): void => {
    members.push(member);
    if (member.kind === 'file') bytes += member.size;
    if (members.length > ZIP32_MAX_MEMBERS || bytes > ZIP32_MAX_BYTES) throw tooBig(folder);
    running.onProgress({ stage: 'scan', bytes, totalBytes: null });
  };
  const walk = async (dirPath: string, name: string): Promise<void> => {
    throwIfCancelled(running.signal, 'download');
    const dir = await reading(folder, dirPath, () => root.openDirPath(dirPath));
    add({ kind: 'dir', name: `${name}/`, modified: (await reading(folder, dirPath, () => root.metadata(dirPath))).timestamp });
    for (const child of await reading(folder, dirPath, () => dir.entries())) {
      const childName = `${name}/${lastName(child.path)}`;
      if (isDirectory(child.entryType)) await walk(child.path, childName);
      else if (child.entryType === 'symlink') add(await planLink(root, folder, child.path, childName));
      else add(await planFile(root, folder, child.path, childName));
    }
  };
  await walk(folder, top);
  return members;
}

async function planFile(root: WD, folder: string, path: string, name: string): Promise<Member> {
  const meta = await reading(folder, path, () => root.metadata(path));
  return { kind: 'file', name, path, size: meta.size, modified: meta.timestamp };
}

/**
 * A symlink to a file is stored as that file's content under the link's name (what opening it in the pond
 * shows). A link to a folder is not expanded (it may point at the folder being zipped, a loop, or pull in a
 * whole other tree), and a dangling link has nothing to store: both become a note naming the target.
 */
async function planLink(root: WD, folder: string, path: string, name: string): Promise<Member> {
  const target = await reading(folder, path, () => root.readSymlink(path));
  const lookup = await reading(folder, path, () => root.resolvePath(path));
  if (lookup.kind === 'found' && !isDirectory(lookup.node.entryType)) return planFile(root, folder, path, name);
  const why = lookup.kind === 'missing' ? `it points to nothing (${lookup.at} does not exist)` : 'it points to a folder, which is not copied into the zip';
  return { kind: 'note', name: `${name}${SYMLINK_NOTE_SUFFIX}`, text: `${path} is a symbolic link to ${target}\n${why}.\n` };
}

/** Streams the planned members into a zip, one file read at a time, reporting bytes done of the total. */
async function write(root: WD, folder: string, members: readonly Member[], running: RunningTask): Promise<Blob> {
  const sink = new BlobSink(folder);
  const zip = new Zip((error, chunk) => (error === null ? sink.push(chunk) : sink.fail(error)));
  let total = members.reduce((sum, m) => sum + (m.kind === 'file' ? m.size : 0), 0);
  let done = 0;
  const report = (): void => running.onProgress({ stage: 'write', bytes: done, totalBytes: total });
  report();
  for (const member of members) {
    throwIfCancelled(running.signal, 'download');
    if (member.kind === 'dir') {
      addStored(zip, member.name, new Uint8Array(0), member.modified);
    } else if (member.kind === 'note') {
      addStored(zip, member.name, new TextEncoder().encode(member.text), null);
    } else {
      const bytes = await reading(folder, member.path, () => root.readFilePath(member.path));
      // Metadata gives a dynamic file's config size and a series' last version: the total follows what is read.
      total += bytes.length - member.size;
      const file = compressible(bytes) ? new ZipDeflate(member.name, { level: DEFLATE_LEVEL }) : new ZipPassThrough(member.name);
      file.mtime = zipTime(member.modified);
      zip.add(file);
      for (let offset = 0; ; offset += SLICE_BYTES) {
        const slice = bytes.subarray(offset, offset + SLICE_BYTES);
        const last = offset + SLICE_BYTES >= bytes.length;
        file.push(slice, last);
        sink.check();
        done += slice.length;
        report();
        if (last) break;
        // A turn of the event loop, so that a `cancel` request reaches the worker within a big file.
        await new Promise((resolve) => setTimeout(resolve, 0));
        throwIfCancelled(running.signal, 'download');
      }
    }
    sink.check();
  }
  zip.end();
  return sink.blob();
}

/** A member written as is: folders (no data), notes. */
function addStored(zip: Zip, name: string, bytes: Uint8Array, modified: number | null): void {
  const entry = new ZipPassThrough(name);
  entry.mtime = zipTime(modified);
  zip.add(entry);
  entry.push(bytes, true);
}

/**
 * Whether deflating is worth it: small files always (cheap), bigger ones when their first 64 KiB shrink by
 * more than a tenth. Pond content is mostly text, CSV, JSON and Arrow, which shrink a lot; images, archives
 * and other compressed data do not, and storing them saves the time a useless deflate would take.
 */
function compressible(bytes: Uint8Array): boolean {
  if (bytes.length < SAMPLE_BYTES) return true;
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  return deflateSync(sample, { level: DEFLATE_LEVEL }).length <= sample.length * STORE_ABOVE_RATIO;
}

/** The node's time (entries produced by a dynamic directory have none: they are made now). */
function zipTime(modified: number | null): Date {
  return new Date(Math.max(modified ?? Date.now(), EARLIEST_MTIME));
}

/** Gathers the zip's output: chunks folded into Blob parts every few MiB, with the zip32 size limit checked. */
class BlobSink {
  private readonly parts: Blob[] = [];
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private written = 0;
  private failure: unknown = null;

  constructor(private readonly folder: string) {}

  push(chunk: Uint8Array): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    this.written += chunk.length;
    if (this.pendingBytes >= FOLD_BYTES) this.fold();
  }

  fail(error: unknown): void {
    this.failure ??= error;
  }

  /** Throws what the zip writer reported, or when the archive outgrew what a zip without zip64 can address. */
  check(): void {
    if (this.failure !== null) throw new PondError('Corrupt', `the zip writer failed on ${this.folder}: ${errorMessage(this.failure)}`, { path: this.folder, cause: this.failure });
    if (this.written > ZIP32_MAX_BYTES) throw tooBig(this.folder);
  }

  blob(): Blob {
    this.check();
    this.fold();
    return new Blob(this.parts, { type: 'application/zip' });
  }

  private fold(): void {
    if (this.pending.length === 0) return;
    this.parts.push(new Blob(this.pending as Uint8Array<ArrayBuffer>[]));
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/** Runs one read of the walk; a failure keeps its kind and names the entry and the folder being zipped. */
async function reading<T>(folder: string, path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isPondError(error)) throw error;
    throw new PondError(error.kind, `${path}: ${error.detail}`, { path, cause: error, message: `Failed to read '${path}' for the zip of ${folder}: ${error.message}` });
  }
}

function tooBig(folder: string): PondError {
  return new PondError('Unsupported', `${folder} is too big for one zip (over 4 GiB or 65,535 entries, which needs zip64): download its folders one by one`, { path: folder });
}

/** The last component of a path ('' for the root). */
function lastName(path: string): string {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  return parts[parts.length - 1] ?? '';
}
