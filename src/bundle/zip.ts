import { Inflate } from 'fflate';
import { PondError } from '../errors';

/**
 * A minimal, strict zip reader for pond files: the central directory is the table of contents (so a
 * reader never trusts a stream of local headers), every member is checked against its local header,
 * data ranges may not overlap, and a member never inflates past its declared size. Zip64, encryption,
 * multi-disk archives and methods other than stored (0) and deflate (8) are refused.
 */

/** Random access to the bytes of a pond file (a `Uint8Array`, a browser `File`, a host file). */
export interface ByteSource {
  readonly size: number;
  /** Exactly `length` bytes at `offset` (the caller stays within `size`). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

export interface ZipEntry {
  readonly name: string;
  readonly method: 0 | 8;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
  /** Where the (compressed) data starts; known after the local header is read. */
  dataOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
const corrupt = (message: string): PondError => new PondError('Corrupt', `not a valid pond file: ${message}`);

/** Reads the central directory and every local header; checks structure only (no member data). */
export async function readZipDirectory(source: ByteSource, maxEntries: number): Promise<ZipEntry[]> {
  if (source.size < 22) throw corrupt(`${source.size} bytes is too short for a zip archive`);
  const tailLength = Math.min(source.size, 22 + 0xffff);
  const tail = await source.read(source.size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === EOCD_SIG && i + 22 + u16(tail, i + 20) === tail.length) {
      at = i;
      break;
    }
  }
  if (at < 0) throw corrupt('no zip end-of-central-directory record (truncated, or not a zip file)');
  const disk = u16(tail, at + 4);
  const cdDisk = u16(tail, at + 6);
  const onDisk = u16(tail, at + 8);
  const count = u16(tail, at + 10);
  const cdSize = u32(tail, at + 12);
  const cdOffset = u32(tail, at + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new PondError('Unsupported', 'pond file uses zip64, which format version 1 does not');
  if (disk !== 0 || cdDisk !== 0 || onDisk !== count) throw corrupt('multi-disk zip archives are not pond files');
  if (count > maxEntries) throw corrupt(`${count} members is more than the limit of ${maxEntries}`);
  const eocdOffset = source.size - tailLength + at;
  if (cdOffset + cdSize !== eocdOffset) throw corrupt('the central directory does not end where the end record says (truncated or padded file)');
  const cd = await source.read(cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || u32(cd, p) !== CEN_SIG) throw corrupt(`central directory entry ${i} is damaged`);
    const flags = u16(cd, p + 8);
    const method = u16(cd, p + 10);
    const crc = u32(cd, p + 16);
    const compressedSize = u32(cd, p + 20);
    const size = u32(cd, p + 24);
    const nameLength = u16(cd, p + 28);
    const extraLength = u16(cd, p + 30);
    const commentLength = u16(cd, p + 32);
    const localOffset = u32(cd, p + 42);
    if (p + 46 + nameLength + extraLength + commentLength > cd.length) throw corrupt(`central directory entry ${i} runs past the directory`);
    let name: string;
    try {
      name = decoder.decode(cd.subarray(p + 46, p + 46 + nameLength));
    } catch {
      throw corrupt(`member ${i} has a name that is not UTF-8`);
    }
    if ((flags & 1) !== 0) throw new PondError('Unsupported', `pond file member '${name}' is encrypted`);
    if (method !== 0 && method !== 8) throw new PondError('Unsupported', `pond file member '${name}' uses compression method ${method} (only stored and deflate)`);
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) throw new PondError('Unsupported', 'pond file uses zip64, which format version 1 does not');
    entries.push({ name, method, crc, compressedSize, size, localOffset, dataOffset: -1 });
    p += 46 + nameLength + extraLength + commentLength;
  }
  if (p !== cd.length) throw corrupt('the central directory has trailing bytes');
  // Local headers: same name, data inside the archive, in order, never overlapping.
  let end = 0;
  for (const entry of entries) {
    if (entry.localOffset < end) throw corrupt(`member '${entry.name}' overlaps the member before it, or is out of order`);
    if (entry.localOffset + 30 > cdOffset) throw corrupt(`member '${entry.name}' starts past the end of the data`);
    const header = await source.read(entry.localOffset, 30);
    if (u32(header, 0) !== LOC_SIG) throw corrupt(`member '${entry.name}' has no local header`);
    const nameLength = u16(header, 26);
    const extraLength = u16(header, 28);
    if (u16(header, 8) !== entry.method) throw corrupt(`member '${entry.name}': local and central headers disagree`);
    const localName = await source.read(entry.localOffset + 30, nameLength);
    if (new TextDecoder().decode(localName) !== entry.name) throw corrupt(`member '${entry.name}': local and central names disagree`);
    entry.dataOffset = entry.localOffset + 30 + nameLength + extraLength;
    end = entry.dataOffset + entry.compressedSize;
    if ((u16(header, 6) & 8) !== 0) end += 16; // data descriptor with signature (as written by pond file writers)
    if (end > cdOffset) throw corrupt(`member '${entry.name}' runs past the end of the data (truncated file?)`);
  }
  return entries;
}

const CHUNK = 1 << 20;

/** A member's bytes: inflated (never past `entry.size`), then checked for size and CRC-32. */
export async function readZipEntry(source: ByteSource, entry: ZipEntry): Promise<Uint8Array> {
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw corrupt(`stored member '${entry.name}' has compressed size ${entry.compressedSize} ≠ size ${entry.size}`);
    const bytes = (await source.read(entry.dataOffset, entry.size)).slice();
    checkCrc(entry, bytes);
    return bytes;
  }
  const out = new Uint8Array(entry.size);
  let written = 0;
  let failure: PondError | null = null;
  let finished = false;
  const inflate = new Inflate((chunk, final) => {
    if (written + chunk.length > entry.size) failure ??= corrupt(`member '${entry.name}' inflates past its declared ${entry.size} bytes`);
    else {
      out.set(chunk, written);
      written += chunk.length;
    }
    if (final) finished = true;
  });
  for (let offset = 0; offset < entry.compressedSize && failure === null && !finished; offset += CHUNK) {
    const length = Math.min(CHUNK, entry.compressedSize - offset);
    const chunk = await source.read(entry.dataOffset + offset, length);
    try {
      inflate.push(chunk, offset + length === entry.compressedSize);
    } catch (error) {
      throw corrupt(`member '${entry.name}' does not inflate (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (entry.compressedSize === 0) throw corrupt(`deflated member '${entry.name}' has no data`);
  if (failure !== null) throw failure;
  if (written !== entry.size || !finished) throw corrupt(`member '${entry.name}' inflates to ${written} bytes, its header says ${entry.size}`);
  checkCrc(entry, out);
  return out;
}

function checkCrc(entry: ZipEntry, bytes: Uint8Array): void {
  if (crc32(bytes) !== entry.crc) throw corrupt(`member '${entry.name}' fails its CRC-32 check`);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function u16(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8);
}

function u32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}
