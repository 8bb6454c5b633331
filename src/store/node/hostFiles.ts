import { type FileHandle, mkdir, open, readdir, rename } from 'node:fs/promises';
import { dirname, join, basename, resolve } from 'node:path';
import { PondError } from '../../errors';
import type { HostFileReader, HostFiles } from '../ports';
import { isErrno, ownBytes, readBytes, syncDirectory, tempName, unlinkIfPresent, writeError } from './fsUtil';

/** What `readStdin` reads: `process.stdin` by default (any async iterable of chunks for tests). */
export type ByteSource = AsyncIterable<Uint8Array | string>;

export interface NodeHostFilesOptions {
  /** Relative names are resolved against this directory (default: the current directory). */
  readonly baseDir?: string;
  /** Default `process.stdin`. */
  readonly stdin?: ByteSource;
}

/**
 * Host files for the CLI (`host://` paths, `--config-path`, `--config -`, export/import files) over
 * `node:fs`. Names are host paths: relative ones are resolved against `baseDir`, absolute ones are used as
 * they are — the CLI acts on the user's behalf, with the user's permissions.
 */
export class NodeHostFiles implements HostFiles {
  readonly baseDir: string;
  private readonly stdin: ByteSource;
  private stdinBytes: Promise<Uint8Array> | null = null;

  constructor(options: NodeHostFilesOptions = {}) {
    this.baseDir = resolve(options.baseDir ?? process.cwd());
    this.stdin = options.stdin ?? process.stdin;
  }

  async read(name: string): Promise<Uint8Array> {
    const path = this.resolve(name);
    try {
      return await readBytes(path);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) throw new PondError('NotFound', `host file ${name}`, { cause: error });
      if (isErrno(error, 'EISDIR')) throw new PondError('NotAFile', `host file ${name} is a directory`, { cause: error });
      if (isErrno(error, 'ENOTDIR')) throw new PondError('NotADirectory', `a parent of host file ${name} is not a directory`, { cause: error });
      throw error;
    }
  }

  /** Writes a host file from one array (see `writeChunks`). */
  async write(name: string, bytes: Uint8Array): Promise<void> {
    await this.writeChunks(name, (async function* () {
      yield bytes;
    })());
  }

  /**
   * Writes a host file (creating its directory) chunk by chunk, replacing an existing one atomically: a
   * failed or interrupted write (say, a large export) never leaves a truncated file behind.
   */
  async writeChunks(name: string, chunks: AsyncIterable<Uint8Array>): Promise<number> {
    if (name.trim() === '') throw new PondError('InvalidPath', `host file name '${name}'`);
    const path = this.resolve(name);
    const temp = join(dirname(path), `.${basename(path)}.${tempName('tmp')}`);
    let written = 0;
    try {
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(temp, 'wx');
      try {
        for await (const chunk of chunks) {
          await handle.write(chunk);
          written += chunk.length;
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
      await syncDirectory(dirname(path));
      return written;
    } catch (error) {
      await unlinkIfPresent(temp).catch(() => undefined);
      if (isErrno(error, 'EISDIR')) throw new PondError('NotAFile', `host file ${name} is a directory`, { cause: error });
      if (isErrno(error, 'ENOTDIR', 'EEXIST')) {
        throw new PondError('NotADirectory', `a parent of host file ${name} is not a directory`, { cause: error });
      }
      throw writeError(error, `host file ${name}`);
    }
  }

  /** Random-access reads through one file handle: a large pond file is never loaded whole. */
  async open(name: string): Promise<HostFileReader> {
    let handle: FileHandle;
    try {
      handle = await open(this.resolve(name), 'r');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) throw new PondError('NotFound', `host file ${name}`, { cause: error });
      throw error;
    }
    const { size } = await handle.stat();
    return {
      size,
      async read(offset, length, into) {
        // Into the caller's buffer when it gives one (an import reads member after member through a few).
        const bytes = into === undefined ? new Uint8Array(length) : into.subarray(0, length);
        if (bytes.length !== length) throw new PondError('InvalidArgument', `a read of ${length} bytes into a buffer of ${into?.length}`);
        let done = 0;
        while (done < length) {
          const { bytesRead } = await handle.read(bytes, done, length - done, offset + done);
          if (bytesRead === 0) throw new PondError('Corrupt', `host file ${name} ended at ${offset + done} bytes (it changed while being read)`);
          done += bytesRead;
        }
        return bytes;
      },
      close: () => handle.close(),
    };
  }

  /** The names directly in `dir` (files and subdirectories, like `readdir`), sorted. */
  async list(dir: string): Promise<string[]> {
    try {
      return (await readdir(this.resolve(dir))).sort();
    } catch (error) {
      if (isErrno(error, 'ENOENT')) throw new PondError('NotFound', `host directory ${dir}`, { cause: error });
      if (isErrno(error, 'ENOTDIR')) throw new PondError('NotADirectory', `host path ${dir} is not a directory`, { cause: error });
      throw error;
    }
  }

  /** All of standard input, read once (later calls return the same bytes). */
  async readStdin(): Promise<Uint8Array> {
    this.stdinBytes ??= readAll(this.stdin);
    return ownBytes(await this.stdinBytes);
  }

  private resolve(name: string): string {
    return resolve(this.baseDir, name);
  }
}

async function readAll(source: ByteSource): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const encoder = new TextEncoder();
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    chunks.push(bytes);
    size += bytes.byteLength;
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}
