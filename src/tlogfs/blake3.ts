/**
 * BLAKE3 (SPEC §4.1: `blake3` column, content-addressed blob keys) as lower-case hex of the 32-byte digest.
 *
 * Backed by `blake3-jit`, used **only through its `Hasher` class**, which is pure JavaScript: it never
 * compiles WebAssembly, so it works under the app's Content-Security-Policy as it is (no
 * `'wasm-unsafe-eval'`), synchronously, identically in Node and in a Web Worker. The package's one-shot
 * `hash()` is deliberately not used: for inputs ≥ 4 KiB it generates and compiles WASM SIMD at run time,
 * which under our CSP fails with a console warning and a CSP violation on every call (docs/decisions.md,
 * "BLAKE3 implementation"; figures in docs/benchmarks.md).
 */
import { createHasher } from 'blake3-jit';
import { PondError } from '../errors';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

/** Reused by `blake3Hex` (reset each call): hashing is synchronous, so two calls can never interleave. */
const oneShot = createHasher();

/** BLAKE3 of `bytes`, as 64 lower-case hex characters. */
export function blake3Hex(bytes: Uint8Array): string {
  return toHex(oneShot.reset().update(bytes).finalize());
}

/** An incremental BLAKE3 hash: feed it pieces, then read the digest once. */
export interface Blake3Hasher {
  /** Adds `bytes` to the hashed input. Throws `InvalidArgument` after `digestHex`. */
  update(bytes: Uint8Array): Blake3Hasher;
  /** The digest of everything added so far, as 64 lower-case hex characters. Repeated calls return it again. */
  digestHex(): string;
}

/** The size and BLAKE3 of bytes that come in pieces (e.g. `LogStore.readBlobPieces`), never held whole. */
export async function blake3OfPieces(pieces: AsyncIterable<Uint8Array>): Promise<{ size: number; blake3: string }> {
  const hasher = createBlake3();
  let size = 0;
  for await (const piece of pieces) {
    hasher.update(piece);
    size += piece.length;
  }
  return { size, blake3: hasher.digestHex() };
}

/** A new incremental hasher; `createBlake3().update(a).update(b).digestHex() === blake3Hex(a ‖ b)`. */
export function createBlake3(): Blake3Hasher {
  const hasher = createHasher();
  // The library's finalize() consumes the hasher's internal state, so the digest is taken once and kept.
  let digest: string | undefined;
  const api: Blake3Hasher = {
    update(bytes) {
      if (digest !== undefined) throw new PondError('InvalidArgument', 'BLAKE3 hasher updated after digestHex()');
      hasher.update(bytes);
      return api;
    },
    digestHex() {
      digest ??= toHex(hasher.finalize());
      return digest;
    },
  };
  return api;
}
