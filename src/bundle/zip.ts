import { inflateSync } from 'fflate';
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
  /**
   * Exactly `length` bytes at `offset` (the caller stays within `size`). Given `into` (at least `length`
   * long), a source that can read into it does and returns a view of it, so reading member after member
   * allocates nothing; a source that cannot returns other bytes. The caller only reads what it gets.
   */
  read(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array>;
}

/** A pond file in memory; reads are views of it. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

const SCRATCH_STEP = 64 * 1024;

/**
 * One buffer reused for one purpose, grown (in 64 KiB steps) to the largest size asked of it: reading
 * members one after the other then allocates only when a larger one comes, instead of once per member
 * (garbage that the JS engine frees late, which is what peak memory is made of).
 */
export class Scratch {
  private buffer = new Uint8Array(0);

  /** A view of `size` bytes of the buffer, valid until the next call; its contents are whatever was there. */
  take(size: number): Uint8Array {
    this.reserve(size);
    return this.buffer.subarray(0, size);
  }

  /** Grows the buffer to `size` at once when the largest size is known ahead (no smaller ones left behind). */
  reserve(size: number): void {
    if (this.buffer.length < size) this.buffer = new Uint8Array(Math.ceil(size / SCRATCH_STEP) * SCRATCH_STEP);
  }
}

/** Where `readZipEntry` puts a member's bytes and, for a deflated one, its compressed bytes. */
export interface EntryBuffers {
  readonly member: Scratch;
  readonly compressed: Scratch;
}

export function entryBuffers(): EntryBuffers {
  return { member: new Scratch(), compressed: new Scratch() };
}

/** Sizes `buffers` for the largest of `entries` at once (`readZipEntry` inflates into one byte more than a member). */
export function reserveFor(buffers: EntryBuffers, entries: readonly ZipEntry[]): void {
  let member = 0;
  let compressed = 0;
  for (const entry of entries) {
    member = Math.max(member, entry.size + 1);
    if (entry.method === 8) compressed = Math.max(compressed, entry.compressedSize);
  }
  buffers.member.reserve(member);
  buffers.compressed.reserve(compressed);
}

/** Fills `into` with the bytes at `offset`, through the source's own buffer if it has to. */
async function readInto(source: ByteSource, offset: number, into: Uint8Array): Promise<void> {
  const bytes = await source.read(offset, into.length, into);
  if (bytes.length !== into.length) throw corrupt(`a read of ${into.length} bytes at ${offset} returned ${bytes.length}`);
  if (bytes.buffer !== into.buffer || bytes.byteOffset !== into.byteOffset) into.set(bytes);
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

/**
 * A member's bytes: inflated (never past `entry.size`), then checked for size and CRC-32. With `buffers`,
 * the bytes are a view of `buffers.member`, valid until its next use; without, they are the caller's own.
 */
export async function readZipEntry(source: ByteSource, entry: ZipEntry, buffers?: EntryBuffers): Promise<Uint8Array> {
  if (entry.method === 0) {
    checkStoredSize(entry);
    const bytes = buffers?.member.take(entry.size) ?? new Uint8Array(entry.size);
    await readInto(source, entry.dataOffset, bytes);
    checkCrc(entry, crc32(bytes));
    return bytes;
  }
  if (entry.compressedSize === 0) throw corrupt(`deflated member '${entry.name}' has no data`);
  const compressed = buffers?.compressed.take(entry.compressedSize) ?? new Uint8Array(entry.compressedSize);
  await readInto(source, entry.dataOffset, compressed);
  // Inflated into a buffer one byte longer than declared, which fflate fills but never grows (bytes past its
  // end are dropped): a stream that reaches that last byte inflates past its declared size.
  const room = buffers?.member.take(entry.size + 1) ?? new Uint8Array(entry.size + 1);
  let out: Uint8Array;
  try {
    out = inflateSync(compressed, { out: room });
  } catch (error) {
    throw corrupt(`member '${entry.name}' does not inflate (${error instanceof Error ? error.message : String(error)})`);
  }
  if (out.length > entry.size) throw corrupt(`member '${entry.name}' inflates past its declared ${entry.size} bytes`);
  if (out.length !== entry.size) throw corrupt(`member '${entry.name}' inflates to ${out.length} bytes, its header says ${entry.size}`);
  checkCrc(entry, crc32(out));
  return out;
}

/**
 * A member's bytes in pieces for a caller that only hashes them (blobs, in the verify pass): a stored member
 * is read piece by piece into `piece` (each yielded piece is a view of it, valid until the next), its CRC-32
 * checked after the last; a deflated one has to be inflated whole, and comes as one piece.
 */
export async function* readZipEntryPieces(source: ByteSource, entry: ZipEntry, piece: Uint8Array, buffers: EntryBuffers): AsyncGenerator<Uint8Array, void, undefined> {
  if (entry.method === 8) {
    yield await readZipEntry(source, entry, buffers);
    return;
  }
  checkStoredSize(entry);
  let crc = 0;
  for (let at = 0; at < entry.size; at += piece.length) {
    const bytes = piece.subarray(0, Math.min(piece.length, entry.size - at));
    await readInto(source, entry.dataOffset + at, bytes);
    crc = crc32(bytes, crc);
    yield bytes;
  }
  checkCrc(entry, crc);
}

function checkStoredSize(entry: ZipEntry): void {
  if (entry.compressedSize !== entry.size) throw corrupt(`stored member '${entry.name}' has compressed size ${entry.compressedSize} ≠ size ${entry.size}`);
}

function checkCrc(entry: ZipEntry, crc: number): void {
  if (crc !== entry.crc) throw corrupt(`member '${entry.name}' fails its CRC-32 check`);
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

/** CRC-32 (zip's) of `bytes`; pass the CRC of the bytes before them to continue it. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function u16(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8);
}

function u32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}
