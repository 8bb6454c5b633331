import { Zip, ZipDeflate, ZipPassThrough, deflateSync } from 'fflate';
import { PondError } from '../errors';

/**
 * The writing side of the pond file's zip (docs/pond-file-format.md, "Container"), over fflate's `Zip`: fixed
 * member times and deflate level, a data descriptor after each member, and bounded buffers — a member's bytes
 * may come whole or in pieces, and are never gathered into a buffer of the member's size here. Each call
 * returns the archive chunks that became ready; the caller writes them out before it reuses what it pushed.
 */

/**
 * Every member is written with this modification time, so that exports are byte-identical. It is built from
 * local-time fields because zip stores local (DOS) time: 1980-01-01 12:00 in any time zone.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 12, 0, 0);
const DEFLATE_LEVEL = 6;
/**
 * Members up to this size are deflated in one call; larger ones go through fflate's streaming deflate in
 * pushes of exactly this size (whatever pieces the bytes came in), so its buffers stay at a push, not a
 * member, and the output depends only on the bytes: the same pond gives the same file from every store.
 */
export const DEFLATE_PIECE = 64 * 1024;
const NO_BYTES = new Uint8Array(0);

/** One member being written (see `ZipWriter.stored`, `ZipWriter.deflated`). */
export interface MemberWriter {
  /** Adds the member's next bytes. */
  push(bytes: Uint8Array): Uint8Array[];
  /** Ends the member (its data descriptor). */
  end(): Uint8Array[];
}

export class ZipWriter {
  private readonly out: Uint8Array[] = [];
  private failure: unknown = null;
  private finished = false;
  private readonly zip = new Zip((error, chunk, final) => {
    if (error !== null) this.failure ??= error;
    else this.out.push(chunk);
    if (final) this.finished = true;
  });
  /** Gathers a member's bytes into deflate pushes; every push is copied by fflate, so one buffer serves all. */
  private readonly staging = new Uint8Array(DEFLATE_PIECE);

  /**
   * A stored member. Each pushed piece passes through to the output as it is (no copy): a caller that reads
   * pieces into one reused buffer writes out the returned chunks before reading the next piece. `push`
   * checks that fflate did pass it through rather than keep it.
   */
  stored(name: string): MemberWriter {
    const file = new ZipPassThrough(name);
    this.add(file);
    return {
      push: (piece) => {
        file.push(piece, false);
        const chunks = this.take(name);
        if (chunks.at(-1) !== piece) throw new PondError('Corrupt', `export: the zip writer held on to a piece of ${name} instead of passing it through`);
        return chunks;
      },
      end: () => {
        file.push(NO_BYTES, true);
        return this.take(name);
      },
    };
  }

  /** A deflated member of `size` bytes (pushing other than exactly `size` bytes is an error). */
  deflated(name: string, size: number): MemberWriter {
    const small = size <= DEFLATE_PIECE;
    const file = small ? new WholeDeflate(name) : new ZipDeflate(name, { level: DEFLATE_LEVEL });
    this.add(file);
    let filled = 0; // bytes in `staging`
    let total = 0;
    const flush = (): Uint8Array[] => {
      if (!small || total === size) file.push(this.staging.subarray(0, filled), total === size);
      filled = 0;
      return this.take(name);
    };
    return {
      push: (bytes) => {
        if (total + bytes.length > size) throw new PondError('Corrupt', `export: ${name} has more than the ${size} bytes it was declared with`);
        const chunks: Uint8Array[] = [];
        for (let at = 0; at < bytes.length; ) {
          const n = Math.min(DEFLATE_PIECE - filled, bytes.length - at);
          this.staging.set(bytes.subarray(at, at + n), filled);
          filled += n;
          total += n;
          at += n;
          if (filled === DEFLATE_PIECE || total === size) chunks.push(...flush());
        }
        return chunks;
      },
      end: () => {
        if (total !== size) throw new PondError('Corrupt', `export: ${name} has ${total} of the ${size} bytes it was declared with`);
        // A member of 0 bytes has had no push at all; any other had its final one when its last byte came.
        return size === 0 ? flush() : this.take(name);
      },
    };
  }

  /** A deflated member from its whole bytes. */
  whole(name: string, bytes: Uint8Array): Uint8Array[] {
    const member = this.deflated(name, bytes.length);
    return [...member.push(bytes), ...member.end()];
  }

  /** The central directory and end record: the last chunks. */
  end(): Uint8Array[] {
    this.zip.end();
    if (this.failure !== null || !this.finished) throw new PondError('Corrupt', 'export: the zip writer did not finish', { cause: this.failure });
    return this.out.splice(0);
  }

  private add(file: ZipPassThrough | ZipDeflate): void {
    file.mtime = FIXED_MTIME;
    this.zip.add(file);
  }

  private take(name: string): Uint8Array[] {
    if (this.failure !== null) throw new PondError('Corrupt', `export: zip writer failed on ${name}`, { cause: this.failure });
    return this.out.splice(0);
  }
}

/**
 * A deflated member made from its whole bytes by one `deflateSync` call. fflate's streaming `ZipDeflate`
 * copies a member into a 96 KiB window buffer first and sizes its hash table for a stream of unknown length
 * (2^18 entries and up); `deflateSync` sizes the table to the member, so the hundreds of small members
 * (commit metadata, log records, control sets) allocate a fraction as much. `ZipPassThrough` keeps the CRC-32
 * and size of the uncompressed bytes; `process` is its documented hook for a compressor.
 */
class WholeDeflate extends ZipPassThrough {
  private pushed = false;

  constructor(name: string) {
    super(name);
    this.compression = 8;
  }

  protected override process(chunk: Uint8Array<ArrayBuffer>, final: boolean): void {
    if (this.pushed || !final) throw new PondError('Corrupt', `export: ${this.filename} must be deflated in one push`);
    this.pushed = true;
    this.ondata(null, deflateSync(chunk, { level: DEFLATE_LEVEL }), true);
  }
}
