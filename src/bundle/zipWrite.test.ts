import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { concat } from './export';
import { DEFLATE_PIECE, ZipWriter } from './zipWrite';

/** Byte equality (`toEqual` on large arrays is slow). */
const same = (a: Uint8Array | undefined, b: Uint8Array): boolean => a !== undefined && Buffer.from(a).equals(Buffer.from(b));

/** Deterministic bytes that deflate a little (so the deflated path has work to do). */
function content(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed * 2654435761 || 1;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = (x >>> 24) % 16;
  }
  return out;
}

/** The archive of one deflated and one stored member, their bytes pushed in pieces of `piece` bytes (whole when 0). */
function archive(deflated: Uint8Array, stored: Uint8Array, piece: number): Uint8Array {
  const zip = new ZipWriter();
  const chunks: Uint8Array[] = [];
  const pieces = (bytes: Uint8Array): Uint8Array[] => {
    if (piece === 0) return [bytes];
    const out: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += piece) out.push(bytes.subarray(at, at + piece));
    return out;
  };
  const d = zip.deflated('a.bin', deflated.length);
  for (const p of pieces(deflated)) chunks.push(...d.push(p).map((c) => c.slice()));
  chunks.push(...d.end());
  const s = zip.stored('b.bin');
  for (const p of pieces(stored)) chunks.push(...s.push(p).map((c) => c.slice()));
  chunks.push(...s.end(), ...zip.end());
  return concat(chunks);
}

describe('ZipWriter', () => {
  it('writes the same bytes however a member is split into pieces (the same pond file from every store)', () => {
    for (const size of [0, 1, 1000, DEFLATE_PIECE, DEFLATE_PIECE + 1, 3 * DEFLATE_PIECE, 200_001]) {
      const a = content(size, size + 1);
      const b = content(size, size + 2);
      const whole = archive(a, b, 0);
      for (const piece of [1000, DEFLATE_PIECE - 1, DEFLATE_PIECE, 100_000]) expect(same(archive(a, b, piece), whole), `size ${size}, pieces of ${piece}`).toBe(true);
      const unzipped = unzipSync(whole);
      expect(same(unzipped['a.bin'], a) && same(unzipped['b.bin'], b), `size ${size}`).toBe(true);
    }
  });

  it('refuses a deflated member whose bytes are not the size it was declared with', () => {
    const zip = new ZipWriter();
    const member = zip.deflated('a.bin', 10);
    expect(() => member.push(new Uint8Array(11))).toThrow(/more than the 10 bytes/);
    const short = new ZipWriter().deflated('b.bin', 10);
    short.push(new Uint8Array(4));
    expect(() => short.end()).toThrow(/4 of the 10 bytes/);
  });
});
