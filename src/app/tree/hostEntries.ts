/**
 * Host folders dropped onto the tree, walked into the draft operations that copy them in. Written against
 * the few members of the File and Directory Entries API it uses (`FileSystemEntry` from
 * `DataTransferItem.webkitGetAsEntry()`), so it runs on fake entries in Node tests: Playwright cannot
 * drag a real folder from the OS.
 */
export interface HostEntry {
  readonly name: string;
  readonly isDirectory: boolean;
  /** A file entry's content (`FileSystemFileEntry.file`). */
  file?(success: (file: File) => void, failure?: (error: unknown) => void): void;
  /** A folder entry's reader (`FileSystemDirectoryEntry.createReader`). */
  createReader?(): HostDirectoryReader;
}

export interface HostDirectoryReader {
  /** Some of the folder's entries per call (Chromium: at most 100), then an empty list when all were read. */
  readEntries(success: (entries: HostEntry[]) => void, failure?: (error: unknown) => void): void;
}

/** One step of a copy: a folder to make, or a file to write, at its path in the pond. */
export type HostItem = { readonly op: 'mkdir'; readonly path: string } | { readonly op: 'write'; readonly path: string; readonly file: File };

/** A plain dropped or picked file, as an entry. */
export function fileEntry(file: File): HostEntry {
  return { name: file.name, isDirectory: false, file: (success) => success(file) };
}

/**
 * The items copying `entries` into pond folder `dir` takes: each folder before what it holds, so its
 * `mkdir` comes first in the draft. Only names are read here; file contents are read by the copy itself.
 */
export async function hostItems(dir: string, entries: readonly HostEntry[]): Promise<HostItem[]> {
  const items: HostItem[] = [];
  const visit = async (entry: HostEntry, parent: string): Promise<void> => {
    const path = parent === '/' ? `/${entry.name}` : `${parent}/${entry.name}`;
    if (entry.isDirectory && entry.createReader !== undefined) {
      items.push({ op: 'mkdir', path });
      for (const child of await readAll(entry.createReader())) await visit(child, path);
    } else if (entry.file !== undefined) {
      items.push({ op: 'write', path, file: await fileOf(entry) });
    }
  };
  for (const entry of entries) await visit(entry, dir);
  return items;
}

async function readAll(reader: HostDirectoryReader): Promise<HostEntry[]> {
  const all: HostEntry[] = [];
  for (;;) {
    const some = await new Promise<HostEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (some.length === 0) return all;
    all.push(...some);
  }
}

function fileOf(entry: HostEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file?.(resolve, reject));
}
