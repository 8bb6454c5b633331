import { PondError } from '../../errors';
import { copyBytes } from '../logRules';
import type { HostFileReader, HostFiles } from '../ports';

export interface MemoryHostFilesOptions {
  /** Files by `/`-separated name, e.g. `data/a.csv`. */
  files?: ReadonlyMap<string, Uint8Array> | Readonly<Record<string, Uint8Array>>;
  /** What `readStdin` returns; without it `readStdin` fails (no stdin was given). */
  stdin?: Uint8Array;
}

/**
 * Host files as a Map of name → bytes. Names are `/`-separated paths; directories exist implicitly as the
 * prefixes of names, the way a test describes a host tree.
 */
export class MemoryHostFiles implements HostFiles {
  private readonly files = new Map<string, Uint8Array>();
  private readonly stdin: Uint8Array | undefined;

  constructor(options: MemoryHostFilesOptions = {}) {
    const files = options.files ?? {};
    const entries = files instanceof Map ? [...files] : Object.entries(files);
    for (const [name, bytes] of entries) this.files.set(normalize(name), copyBytes(bytes));
    this.stdin = options.stdin === undefined ? undefined : copyBytes(options.stdin);
  }

  async read(name: string): Promise<Uint8Array> {
    const bytes = this.files.get(normalize(name));
    if (bytes === undefined) throw new PondError('NotFound', `host file ${name}`);
    return copyBytes(bytes);
  }

  async write(name: string, bytes: Uint8Array): Promise<void> {
    const key = normalize(name);
    if (key === '') throw new PondError('InvalidPath', `host file name '${name}'`);
    this.files.set(key, copyBytes(bytes));
  }

  async open(name: string): Promise<HostFileReader> {
    const bytes = await this.read(name);
    const read = async (offset: number, length: number, into?: Uint8Array): Promise<Uint8Array> => {
      if (into === undefined) return bytes.slice(offset, offset + length);
      const view = into.subarray(0, length);
      view.set(bytes.subarray(offset, offset + length));
      return view;
    };
    return { size: bytes.length, read, close: async () => undefined };
  }

  async writeChunks(name: string, chunks: AsyncIterable<Uint8Array>): Promise<number> {
    const parts: Uint8Array[] = [];
    for await (const chunk of chunks) parts.push(chunk.slice()); // the producer may reuse the chunk's buffer
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      all.set(part, offset);
      offset += part.length;
    }
    await this.write(name, all);
    return all.length;
  }

  /** The names directly in `dir` (files and subdirectories, like `readdir`), sorted; `NotFound` if none. */
  async list(dir: string): Promise<string[]> {
    const prefix = normalize(dir);
    const start = prefix === '' ? '' : `${prefix}/`;
    const children = new Set<string>();
    for (const name of this.files.keys()) {
      if (name.startsWith(start)) children.add(name.slice(start.length).split('/')[0] ?? '');
    }
    if (children.size === 0) throw new PondError('NotFound', `host directory ${dir}`);
    return [...children].sort();
  }

  async readStdin(): Promise<Uint8Array> {
    if (this.stdin === undefined) throw new PondError('NotFound', 'stdin (none was given)');
    return copyBytes(this.stdin);
  }
}

/** `./a//b/` → `a/b`; `.` and `/` → `` (the top). */
function normalize(name: string): string {
  return name
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}
