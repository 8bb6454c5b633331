// BLAKE3 candidates and the measuring loop, shared by Node and the Chromium worker (bench/blake3.bench.mjs).
// Environment-free on purpose: it only uses performance.now, TextEncoder and typed arrays, so the same code
// runs in `node` and, bundled, in a Web Worker. Packages are loaded through a `loaders` map that the driver
// builds for the packages that are actually installed, so a missing candidate is skipped, not fatal.

export const VECTORS = [
  { input: '', hex: 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262' },
  { input: 'abc', hex: '6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85' },
];

/**
 * Official BLAKE3 test vectors (test_vectors/test_vectors.json of the BLAKE3 reference repository): input of
 * `length` bytes `i % 251`, first 32 bytes of the default hash.
 */
export const OFFICIAL = [
  [0, 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262'],
  [1, '2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213'],
  [1023, '10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11'],
  [1024, '42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7'],
  [1025, 'd00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444'],
  [2048, 'e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a'],
  [2049, '5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030'],
  [3072, 'b98cb0ff3623be03326b373de6b9095218513e64f1ee2edd2525c7ad1e5cffd2'],
  [3073, '7124b49501012f81cc7f11ca069ec9226cecb8a2c850cfe644e327d22d3e1cd3'],
  [4096, '015094013f57a5277b59d8475c0501042c0b642e531b0a1c8f58d2163229e969'],
  [4097, '9b4052b38f1c5fc8b1f9ff7ac7b27cd242487b3d890d15c96a1c25b8aa0fb995'],
  [5120, '9cadc15fed8b5d854562b26a9536d9707cadeda9b143978f319ab34230535833'],
  [5121, '628bd2cb2004694adaab7bbd778a25df25c47b9d4155a55f8fbd79f2fe154cff'],
  [6144, '3e2e5b74e048f3add6d21faab3f83aa44d3b2278afb83b80b3c35164ebeca205'],
  [6145, 'f1323a8631446cc50536a9f705ee5cb619424d46887f3c376c695b70e0f0507f'],
  [7168, '61da957ec2499a95d6b8023e2b0e604ec7f6b50e80a9678b89d2628e99ada77a'],
  [7169, 'a003fc7a51754a9b3c7fae0367ab3d782dccf28855a03d435f8cfe74605e7817'],
  [8192, 'aae792484c8efe4f19e2ca7d371d8c467ffb10748d8a5a1ae579948f718a2a63'],
  [8193, 'bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3b'],
  [16384, 'f875d6646de28985646f34ee13be9a576fd515f76b5b0a26bb324735041ddde4'],
  [31744, '62b6960e1a44bcc1eb1a611a8d6235b6b4b78f32e7abc4fb4c6cdcce94895c47'],
  [102400, 'bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085'],
];

/** Size cases of the brief: bytes per input × inputs per run. */
export const CASES = [
  { label: '1 KiB × 10,000', size: 1024, count: 10_000 },
  { label: '64 KiB × 1,000', size: 64 * 1024, count: 1_000 },
  { label: '16 MiB × 5', size: 16 * 1024 * 1024, count: 5 },
];

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** One hex encoder for every candidate that returns bytes, so they are compared on equal terms. */
export function toHex(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}

/**
 * Each candidate: `specs` are the import specifiers it needs; `make(mods)` gets the loaded modules (same
 * order) and returns `{ hex(bytes): string, incremental?(): { update(bytes), hex(): string } }` (may be async).
 */
export const CANDIDATES = [
  {
    id: 'noble',
    pkg: '@noble/hashes',
    kind: 'pure JS',
    specs: ['@noble/hashes/blake3.js'],
    make: ([m]) => ({
      hex: (b) => toHex(m.blake3(b)),
      incremental: () => {
        const h = m.blake3.create();
        return { update: (b) => h.update(b), hex: () => toHex(h.digest()) };
      },
    }),
  },
  {
    // The same package through its Hasher class only: pure JS that never touches WebAssembly, so it needs no
    // 'wasm-unsafe-eval' and triggers no CSP violation (its `hash()` tries to compile WASM for inputs ≥ 4 KiB).
    id: 'blake3-jit Hasher',
    pkg: 'blake3-jit',
    kind: 'pure JS (Hasher class, never WASM)',
    specs: ['blake3-jit'],
    make: ([m]) => {
      const shared = m.createHasher();
      return {
        hex: (b) => toHex(shared.reset().update(b).finalize()),
        incremental: () => {
          const h = m.createHasher();
          return { update: (b) => h.update(b), hex: () => toHex(h.finalize()) };
        },
      };
    },
  },
  {
    id: 'hash-wasm',
    pkg: 'hash-wasm',
    kind: 'WASM (C, embedded base64)',
    specs: ['hash-wasm'],
    // createBLAKE3() is async (compiles the WASM); the hasher it returns is then used synchronously.
    make: async ([m]) => {
      const shared = await m.createBLAKE3();
      return {
        hex: (b) => shared.init().update(b).digest('hex'),
        incremental: () => {
          const h = shared.init(); // the benchmark never interleaves two incremental hashes
          return { update: (b) => h.update(b), hex: () => h.digest('hex') };
        },
      };
    },
  },
  {
    id: 'blake3-jit',
    pkg: 'blake3-jit',
    kind: 'JS + run-time generated WASM SIMD',
    specs: ['blake3-jit'],
    make: ([m]) => ({
      hex: (b) => toHex(m.hash(b)),
      incremental: () => {
        const h = m.createHasher();
        return { update: (b) => h.update(b), hex: () => toHex(h.finalize()) };
      },
    }),
  },
  {
    id: 'blake3-wasm',
    pkg: 'blake3-wasm',
    kind: 'WASM (Rust, wasm-bindgen)',
    nodeOnly: true, // its browser build needs a wasm-bindgen bundler plugin or an async .wasm fetch
    specs: ['blake3-wasm'],
    make: ([m]) => {
      const mod = m.default ?? m;
      return {
        hex: (b) => mod.hash(b).toString('hex'),
        incremental: () => {
          const h = mod.createHash();
          return { update: (b) => h.update(b), hex: () => h.digest('hex') };
        },
      };
    },
  },
];

/** Deterministic pseudo-random bytes (xorshift32): fast, and the same in Node and the browser. */
export function randomBytes(n, seed = 0x9e3779b9) {
  const out = new Uint8Array(n);
  const words = new Uint32Array(out.buffer, 0, n >>> 2);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  for (let i = words.length * 4; i < n; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

/** Loads every candidate whose loaders exist; returns `{ ready: [...], skipped: [{ id, why }] }`. */
export async function loadCandidates(loaders, { browser = false } = {}) {
  const ready = [];
  const skipped = [];
  for (const c of CANDIDATES) {
    if (browser && c.nodeOnly) {
      skipped.push({ id: c.id, why: 'not built for this harness (Node only)' });
      continue;
    }
    if (!c.specs.every((s) => loaders[s])) {
      skipped.push({ id: c.id, why: 'not installed' });
      continue;
    }
    try {
      const mods = await Promise.all(c.specs.map((s) => loaders[s]()));
      ready.push({ ...c, impl: await c.make(mods) });
    } catch (e) {
      skipped.push({ id: c.id, why: `failed to load: ${String(e?.message ?? e).split('\n')[0]}` });
    }
  }
  return { ready, skipped };
}

/** Test vectors, cross-candidate agreement on random data, and chunked-vs-one-shot for each candidate. */
export function verify(ready) {
  const problems = [];
  const enc = new TextEncoder();
  for (const c of ready) {
    for (const [n, want] of OFFICIAL) {
      const input = Uint8Array.from({ length: n }, (_, i) => i % 251);
      let got;
      try {
        got = c.impl.hex(input);
      } catch (e) {
        got = `threw ${e?.message ?? e}`;
      }
      if (got !== want) problems.push(`${c.id}: official vector of length ${n} = ${got}, want ${want}`);
    }
    for (const v of VECTORS) {
      let got;
      try {
        got = c.impl.hex(enc.encode(v.input));
      } catch (e) {
        got = `threw ${e?.message ?? e}`;
      }
      if (got !== v.hex) problems.push(`${c.id}: BLAKE3(${JSON.stringify(v.input)}) = ${got}, want ${v.hex}`);
    }
  }
  // Lengths around the 64-byte block and 1024-byte chunk edges, tree sizes, and a large odd one.
  const lengths = [1, 63, 64, 65, 1023, 1024, 1025, 2047, 2048, 3073, 4096, 4097, 8191, 65_536, 100_003, 1 << 20];
  lengths.push(16 * 1024 * 1024 + 13);
  const checked = lengths.length;
  for (const [i, n] of lengths.entries()) {
    const data = randomBytes(n, 1000 + i);
    const digests = ready.map((c) => {
      try {
        return c.impl.hex(data);
      } catch (e) {
        return `threw ${e?.message ?? e}`;
      }
    });
    if (new Set(digests).size !== 1) {
      problems.push(`length ${n}: digests differ: ${ready.map((c, j) => `${c.id}=${digests[j]}`).join(' ')}`);
    }
    for (const c of ready) {
      if (!c.impl.incremental) continue;
      const h = c.impl.incremental();
      for (let off = 0, step = 1; off < n; off += step, step = (step * 7 + 3) % 9000 || 1) {
        h.update(data.subarray(off, Math.min(n, off + step)));
      }
      const chunked = h.hex();
      if (chunked !== digests[0]) problems.push(`${c.id}: chunked digest of ${n} bytes differs from one-shot`);
    }
  }
  return { problems, lengthsChecked: checked };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Median MB/s (10^6 bytes per second) over `runs` timed runs after one warm-up run. Inputs are distinct
 * views into one random pool, so small inputs are not all the same cached bytes.
 */
export function measure(impl, pool, { size, count }, runs) {
  const span = pool.length - size;
  const views = [];
  for (let i = 0; i < count; i++) {
    const off = span > 0 ? ((i * (size + 4096)) % span) & ~63 : 0;
    views.push(pool.subarray(off, off + size));
  }
  let sink = 0;
  const one = () => {
    const t0 = performance.now();
    for (let i = 0; i < count; i++) sink += impl.hex(views[i]).charCodeAt(0);
    return performance.now() - t0;
  };
  one(); // warm-up: JIT, lazy WASM compilation
  const mbps = [];
  for (let r = 0; r < runs; r++) mbps.push((size * count) / 1e6 / (one() / 1e3));
  if (sink === -1) console.log(sink); // keep the digests alive
  return { median: median(mbps), min: Math.min(...mbps), max: Math.max(...mbps) };
}

/** The whole run: load, verify, measure. `log` gets progress lines. */
export async function runAll(loaders, { runs = 5, browser = false, log = () => {} } = {}) {
  const { ready, skipped } = await loadCandidates(loaders, { browser });
  const verification = verify(ready);
  const pool = randomBytes(64 * 1024 * 1024 + 64, 42);
  const results = [];
  for (const c of ready) {
    const row = { id: c.id, pkg: c.pkg, kind: c.kind, cases: {}, warnings: 0, firstWarning: undefined };
    const warn = console.warn;
    console.warn = (...a) => {
      row.warnings++;
      row.firstWarning ??= a.map(String).join(' ').slice(0, 200);
    };
    for (const k of CASES) {
      try {
        row.cases[k.label] = measure(c.impl, pool, k, runs);
      } catch (e) {
        row.cases[k.label] = { error: String(e?.message ?? e) };
      }
      log(`${c.id} ${k.label}: ${JSON.stringify(row.cases[k.label])}`);
    }
    console.warn = warn;
    results.push(row);
  }
  return { results, skipped, verification, runs };
}
