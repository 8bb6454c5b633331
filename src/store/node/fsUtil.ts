import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PondError } from '../../errors';

/**
 * The file-system primitives the directory store and the lock file are built from: durable writes, atomic
 * put-if-absent (`link`) and replace (`rename`), directory fsync, and the mapping of Node's error codes to
 * our kinds. Node only (`node:fs`).
 */

/** The `code` of a Node system error (`ENOENT`, `EEXIST`, …), or undefined. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function isErrno(error: unknown, ...codes: string[]): boolean {
  const code = errnoCode(error);
  return code !== undefined && codes.includes(code);
}

/**
 * `StorageFull` for a full disk or an exceeded quota (ENOSPC, EDQUOT); any other error as it is — a guessed
 * kind would hide what happened (the same rule as the IndexedDB store).
 */
export function writeError(error: unknown, what: string): unknown {
  if (isErrno(error, 'ENOSPC', 'EDQUOT')) {
    return new PondError('StorageFull', `no space left on the device (or quota exceeded) while writing ${what}`, { cause: error });
  }
  return error;
}

/** `bytes` as a plain, compact Uint8Array that is the caller's own (never a pooled or shared Buffer). */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.byteLength);
  out.set(bytes);
  return out;
}

/** A file's bytes as a plain Uint8Array of exactly its size. */
export async function readBytes(path: string): Promise<Uint8Array> {
  const buffer = await readFile(path);
  // `readFile` of a regular file allocates a buffer of exactly the file's size; copy otherwise.
  if (buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength) {
    return new Uint8Array(buffer.buffer, 0, buffer.byteLength);
  }
  return ownBytes(buffer);
}

/**
 * A file's bytes in pieces read into `buffer` (each piece is a view of it, valid until the next is requested):
 * reading a large file this way allocates nothing of its size. The file is closed when the loop ends or stops.
 */
export async function* readPieces(path: string, buffer: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
  if (buffer.length === 0) throw new PondError('InvalidArgument', `reading ${path} in pieces needs a non-empty buffer`);
  const handle = await open(path, 'r');
  try {
    for (let position = 0; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** A unique name for a temporary file or directory (in the same file system as its destination). */
export function tempName(prefix: string): string {
  return `${prefix}-${process.pid}-${randomUUID()}`;
}

/** Writes `data` to a new file at `path` (which must not exist) and fsyncs it before returning. */
export async function writeNewFileDurably(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes a directory's entries (new, renamed and removed names) to disk. File systems that cannot open or
 * fsync a directory (Windows, some network file systems) are skipped: there the rename itself is all we have.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    if (isErrno(error, 'EISDIR', 'EPERM', 'EACCES', 'ENOTSUP', 'EINVAL')) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!isErrno(error, 'EISDIR', 'EPERM', 'EACCES', 'ENOTSUP', 'EINVAL', 'EBADF')) throw error;
  } finally {
    await handle.close();
  }
}

/** Removes a file, ignoring one that is already gone. */
export async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}

/**
 * Creates `dest` with `data`, atomically and only if it does not exist: the data goes to a temporary file in
 * `tempDir` (same file system), is fsynced, and is then hard-linked to `dest` — `link` fails with EEXIST
 * when `dest` exists, and a reader never sees a partly written `dest`. Returns false when `dest` existed.
 * The directory of `dest` is fsynced on success, so the new name survives a crash once this returns.
 */
export async function createFileExclusive(
  dest: string,
  data: Uint8Array | string,
  tempDir: string,
  tempPrefix = 'new',
): Promise<boolean> {
  const temp = join(tempDir, tempName(tempPrefix));
  try {
    await writeNewFileDurably(temp, data);
    try {
      await link(temp, dest);
    } catch (error) {
      if (isErrno(error, 'EEXIST')) return false;
      throw error;
    }
  } finally {
    await unlinkIfPresent(temp);
  }
  await syncDirectory(dirname(dest));
  return true;
}

/**
 * Writes `dest` with `data`, replacing any previous file atomically: readers see the old or the new
 * content, never a mix, even if the process dies half-way (temporary file + fsync + rename + dir fsync).
 */
export async function replaceFileAtomically(dest: string, data: Uint8Array | string, tempDir: string): Promise<void> {
  const temp = join(tempDir, tempName('replace'));
  try {
    await writeNewFileDurably(temp, data);
    await rename(temp, dest);
  } catch (error) {
    await unlinkIfPresent(temp);
    throw error;
  }
  await syncDirectory(dirname(dest));
}

/** `mkdir -p`. */
export async function ensureDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}
