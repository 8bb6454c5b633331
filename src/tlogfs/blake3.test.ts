import { afterEach, describe, expect, it, vi } from 'vitest';
import { isPondError } from '../errors';
import { blake3Hex, createBlake3 } from './blake3';

const utf8 = (s: string) => new TextEncoder().encode(s);

/**
 * Official BLAKE3 test vectors (test_vectors/test_vectors.json of the BLAKE3 reference repository): the input
 * is `length` bytes `i % 251`; the digest is the first 32 bytes of the `hash` field. The lengths sit on the
 * block (64 B), chunk (1 KiB) and tree edges.
 */
const OFFICIAL: ReadonlyArray<readonly [number, string]> = [
  [0, 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262'],
  [1, '2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213'],
  [1_023, '10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11'],
  [1_024, '42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7'],
  [1_025, 'd00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444'],
  [2_048, 'e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a'],
  [2_049, '5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030'],
  [3_072, 'b98cb0ff3623be03326b373de6b9095218513e64f1ee2edd2525c7ad1e5cffd2'],
  [3_073, '7124b49501012f81cc7f11ca069ec9226cecb8a2c850cfe644e327d22d3e1cd3'],
  [4_096, '015094013f57a5277b59d8475c0501042c0b642e531b0a1c8f58d2163229e969'],
  [4_097, '9b4052b38f1c5fc8b1f9ff7ac7b27cd242487b3d890d15c96a1c25b8aa0fb995'],
  [5_120, '9cadc15fed8b5d854562b26a9536d9707cadeda9b143978f319ab34230535833'],
  [5_121, '628bd2cb2004694adaab7bbd778a25df25c47b9d4155a55f8fbd79f2fe154cff'],
  [6_144, '3e2e5b74e048f3add6d21faab3f83aa44d3b2278afb83b80b3c35164ebeca205'],
  [6_145, 'f1323a8631446cc50536a9f705ee5cb619424d46887f3c376c695b70e0f0507f'],
  [7_168, '61da957ec2499a95d6b8023e2b0e604ec7f6b50e80a9678b89d2628e99ada77a'],
  [7_169, 'a003fc7a51754a9b3c7fae0367ab3d782dccf28855a03d435f8cfe74605e7817'],
  [8_192, 'aae792484c8efe4f19e2ca7d371d8c467ffb10748d8a5a1ae579948f718a2a63'],
  [8_193, 'bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3b'],
  [16_384, 'f875d6646de28985646f34ee13be9a576fd515f76b5b0a26bb324735041ddde4'],
  [31_744, '62b6960e1a44bcc1eb1a611a8d6235b6b4b78f32e7abc4fb4c6cdcce94895c47'],
  [102_400, 'bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085'],
];

const pattern = (length: number) => Uint8Array.from({ length }, (_, i) => i % 251);

/** Deterministic pseudo-random bytes (xorshift32). */
function randomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Feeds `data` to a new incremental hasher in pieces of the given sizes (cycled). */
function chunked(data: Uint8Array, sizes: number[]): string {
  const h = createBlake3();
  for (let off = 0, i = 0; off < data.length; i++) {
    const n = sizes[i % sizes.length]!;
    h.update(data.subarray(off, off + n));
    off += n;
  }
  return h.digestHex();
}

// First in this file on purpose: blake3-jit keeps a WASM module once one was compiled, and later calls then
// reach no `WebAssembly` global at all, so this check only sees a regression before anything else hashed.
describe('CSP: no WebAssembly', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('never touches WebAssembly, so the app needs no wasm-unsafe-eval', () => {
    const touched: PropertyKey[] = [];
    const real = globalThis.WebAssembly;
    vi.stubGlobal(
      'WebAssembly',
      new Proxy(real, {
        get(target, key) {
          touched.push(key);
          return Reflect.get(target, key);
        },
      }),
    );
    const data = randomBytes(1 << 20, 9);
    blake3Hex(data);
    createBlake3().update(data).update(data.subarray(5)).digestHex();
    expect(touched).toEqual([]);
  });
});

describe('blake3Hex', () => {
  it('matches the test vectors of the brief', () => {
    expect(blake3Hex(new Uint8Array(0))).toBe('af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262');
    expect(blake3Hex(utf8('abc'))).toBe('6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85');
  });

  it.each(OFFICIAL)('matches the official vector for %i bytes', (length, want) => {
    expect(blake3Hex(pattern(length))).toBe(want);
  });

  it('hashes views by their own bytes (odd byteOffset), and leaves the input untouched', () => {
    const backing = randomBytes(100_000, 7);
    const before = backing.slice();
    const view = backing.subarray(3, 3 + 70_001);
    expect(blake3Hex(view)).toBe(blake3Hex(view.slice()));
    expect(backing).toEqual(before);
  });

  it('gives the same digest when called again (the shared hasher is reset)', () => {
    const a = randomBytes(10_000, 1);
    const first = blake3Hex(a);
    blake3Hex(randomBytes(3_000, 2));
    expect(blake3Hex(a)).toBe(first);
  });
});

describe('createBlake3 (incremental)', () => {
  it.each([0, 1, 1023, 1024, 1025, 4096, 65_536, 200_003, 1 << 20])(
    'chunked = one-shot for %i bytes',
    (length) => {
      const data = randomBytes(length, length + 11);
      const want = blake3Hex(data);
      if (length <= 4096) expect(chunked(data, [1])).toBe(want); // byte by byte
      expect(chunked(data, [1, 63, 64, 65, 1000, 1024, 7, 4096, 3])).toBe(want);
      expect(chunked(data, [65_536])).toBe(want);
      expect(createBlake3().update(data).digestHex()).toBe(want);
    },
  );

  it('matches the official vectors when fed in odd pieces', () => {
    for (const [length, want] of OFFICIAL) expect(chunked(pattern(length), [17, 1000, 1])).toBe(want);
  });

  it('is independent of blake3Hex calls made in between', () => {
    const a = randomBytes(5_000, 3);
    const b = randomBytes(9_000, 4);
    const h = createBlake3().update(a);
    blake3Hex(randomBytes(6_000, 5));
    h.update(b);
    const both = new Uint8Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    expect(h.digestHex()).toBe(blake3Hex(both));
  });

  it('returns the digest again, and refuses updates after it', () => {
    const h = createBlake3().update(randomBytes(5_000, 6));
    const digest = h.digestHex();
    expect(h.digestHex()).toBe(digest);
    let caught: unknown;
    try {
      h.update(utf8('more'));
    } catch (e) {
      caught = e;
    }
    expect(isPondError(caught, 'InvalidArgument')).toBe(true);
  });
});
