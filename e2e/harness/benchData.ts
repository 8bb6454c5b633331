/** Helpers the benchmark cases share. */

/** A full collection when Chromium runs with --js-flags=--expose-gc (the benches do), else nothing. */
export const gcNow = (): void => (globalThis as { gc?: () => void }).gc?.();

export const pad = (n: number, width = 5): string => String(n).padStart(width, '0');

/** `size` deterministic pseudo-random bytes, distinct per `seed` (xorshift32): incompressible, like most blobs. */
export function bytesOf(seed: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  const words = new Uint32Array(out.buffer, 0, size >> 2);
  let x = (seed * 2654435761 + 1) >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  for (let i = words.length * 4; i < size; i++) out[i] = (seed + i) & 0xff;
  return out;
}
