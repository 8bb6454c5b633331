import { unzipSync, zipSync, type Zippable } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { isPondError, type PondError } from '../errors';
import { MemoryLogStore } from '../store/memory';
import type { LogStore } from '../store/ports';
import { IDENTITY_KEY, type PondIdentity, blake3Hex, decodeEntries, verifyPond } from '../tlogfs';
import { exportPondBytes } from '../bundle/export';
import { MANIFEST_NAME, type Manifest, POND_FILE_FORMAT, jsonBytes } from '../bundle/format';
import { importPond } from '../bundle/import';
import { noise, pondSummary, richPond } from './pondFileTesting';

let source: LogStore;
let file: Uint8Array;
let summary: Record<string, unknown>;

beforeAll(async () => {
  source = (await richPond(200)).store;
  file = await exportPondBytes(source);
  summary = await pondSummary(source);
}, 120_000);

async function expectEmpty(store: LogStore): Promise<void> {
  expect(await store.lastTxnSeq()).toBe(0);
  expect(await store.readMeta(IDENTITY_KEY)).toBeNull();
  expect(await store.readControl()).toEqual([]);
  expect(await store.listBlobs()).toEqual([]);
  expect(await store.listCheckpoints()).toEqual([]);
}

async function importFails(bytes: Uint8Array): Promise<PondError> {
  const target = new MemoryLogStore();
  let caught: unknown = null;
  try {
    await importPond(bytes, target, { mode: 'new' });
  } catch (error) {
    caught = error;
  }
  expect(isPondError(caught), `expected a PondError, got ${String(caught)}`).toBe(true);
  await expectEmpty(target);
  return caught as PondError;
}

/** The members of a pond file, in order, with its manifest. */
function unpack(bytes: Uint8Array): { manifest: Manifest; members: [string, Uint8Array][] } {
  const all = Object.entries(unzipSync(bytes));
  const manifest = JSON.parse(new TextDecoder().decode(all[0]![1])) as Manifest;
  return { manifest, members: all.slice(1) };
}

/** A zip with `manifest` first, then `members` (stored, so tests can patch bytes). */
function pack(manifest: unknown, members: readonly [string, Uint8Array][]): Uint8Array {
  const zippable: Zippable = { [MANIFEST_NAME]: [jsonBytes(manifest), { level: 0 }] };
  for (const [name, bytes] of members) zippable[name] = [bytes, { level: 0 }];
  return zipSync(zippable);
}

const listed = (members: readonly [string, Uint8Array][]) => members.map(([name, bytes]) => ({ name, size: bytes.length, blake3: blake3Hex(bytes) }));

describe('pond file round trip', { timeout: 120_000 }, () => {
  it('has every entry type, a blob, runs and checkpoints to carry', () => {
    const listing = summary['listing'] as string;
    for (const type of ['dir:physical', 'file:physical', 'symlink', 'table:physical', 'table:physical:series', 'dir:dynamic', 'file:dynamic']) expect(listing).toContain(type);
    expect((summary['blobs'] as string[]).length).toBeGreaterThan(0);
    expect((summary['checkpoints'] as number[]).length).toBeGreaterThan(1);
    expect((summary['control'] as { kind: string }[]).some((r) => r.kind === 'post_commit_completed')).toBe(true);
    expect(summary['settings']).toEqual({ 'factory_mode:test-executor': 'push', 'timeout:test-executor': '5000' });
  });

  it('imports into an empty store identically, verifies clean, and exports again byte for byte', async () => {
    const target = new MemoryLogStore();
    const result = await importPond(file, target, { mode: 'new' });
    expect(result.lastTxnSeq).toBe(200);
    expect((await verifyPond(target)).problems).toEqual([]);
    expect(await pondSummary(target)).toEqual(summary);
    expect(await target.readMeta(IDENTITY_KEY)).toEqual(await source.readMeta(IDENTITY_KEY));
    const again = await exportPondBytes(target);
    expect(again.length).toBe(file.length);
    expect(Buffer.from(again).equals(Buffer.from(file))).toBe(true);
    expect(Buffer.from(await exportPondBytes(source)).equals(Buffer.from(file))).toBe(true);
  });

  it('starts with the manifest, lists every member with size and BLAKE3, and packs the directory layout', () => {
    const { manifest, members } = unpack(file);
    expect(manifest.format).toBe(POND_FILE_FORMAT);
    expect(manifest.formatVersion).toBe(1);
    expect(manifest.lastTxnSeq).toBe(200);
    expect(manifest.members.map((m) => m.name)).toEqual(members.map(([name]) => name));
    for (const [i, [, bytes]] of members.entries()) expect(manifest.members[i]).toMatchObject({ size: bytes.length, blake3: blake3Hex(bytes) });
    const names = members.map(([name]) => name);
    expect(names.slice(0, 3)).toEqual(['duckpond.json', 'meta/pond.json', 'meta/settings.json']);
    expect(names).toContain('commits/00000000000000000001/meta.json');
    expect(names).toContain('commits/00000000000000000200/log.arrow');
    expect(names.some((n) => /^control\/\d{20}\.json$/.test(n))).toBe(true);
    expect(names.some((n) => /^blobs\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(n))).toBe(true);
    expect(names.some((n) => /^checkpoints\/\d{20}\.arrow$/.test(n))).toBe(true);
  });

  it('imports as a copy: a new pond id, every record re-encoded, the same content', async () => {
    const target = new MemoryLogStore();
    const result = await importPond(file, target, { mode: 'copy', newPondId: () => '01900000-0000-7000-8000-000000000001' });
    const identity = (await target.readMeta<PondIdentity>(IDENTITY_KEY))!;
    expect(identity.pondId).toBe('01900000-0000-7000-8000-000000000001');
    expect(result.sourcePondId).not.toBe(identity.pondId);
    expect((await verifyPond(target)).problems).toEqual([]);
    expect(await pondSummary(target)).toEqual(summary);
    const [commit] = await target.readCommits(5, 5);
    expect(decodeEntries(commit!.log, 'log').entries.every((e) => e.pondId === identity.pondId)).toBe(true);
  });

  it('refuses a store that already holds a pond, changing nothing', async () => {
    const target = new MemoryLogStore();
    await importPond(file, target, { mode: 'new' });
    await expect(importPond(file, target, { mode: 'replace' })).rejects.toThrow(/AlreadyExists/);
  });
});

describe('hostile and broken pond files: a clear error, nothing written', { timeout: 120_000 }, () => {
  const valid = () => unpack(file);

  it('truncated', async () => {
    expect((await importFails(file.slice(0, Math.floor(file.length / 2)))).message).toMatch(/truncated|end-of-central-directory/);
    expect((await importFails(file.slice(0, file.length - 1))).message).toMatch(/Corrupt: not a valid pond file/);
  });

  it('wrong checksum', async () => {
    const { manifest, members } = valid();
    const bad = { ...manifest, members: manifest.members.map((m, i) => (i === 5 ? { ...m, blake3: '0'.repeat(64) } : m)) };
    expect((await importFails(pack(bad, members))).message).toContain(`member '${members[5]![0]}' fails its BLAKE3 checksum`);
  });

  it('missing member', async () => {
    const { manifest, members } = valid();
    const name = 'commits/00000000000000000007/log.arrow';
    expect((await importFails(pack(manifest, members.filter(([n]) => n !== name)))).message).toContain(`member '${name}' is listed in the manifest but missing`);
    // …and missing from both: the layout has a gap.
    const gap = members.filter(([n]) => n !== name);
    expect((await importFails(pack({ ...manifest, members: listed(gap) }, gap))).message).toContain('commit 7 is missing');
  });

  it('extra member', async () => {
    const { manifest, members } = valid();
    expect((await importFails(pack(manifest, [...members, ['meta/extra.json', jsonBytes({ a: 1 })]]))).message).toContain("the file holds 'meta/extra.json', which the manifest does not list");
    const withBlob: [string, Uint8Array][] = [...members, [`blobs/${blake3Hex(new Uint8Array(3)).slice(0, 2)}/${blake3Hex(new Uint8Array(3))}`, new Uint8Array(3)]];
    expect((await importFails(pack({ ...manifest, members: listed(withBlob) }, withBlob))).message).toContain('is not referenced by any log record');
  });

  it.each([
    ['../evil.json', "'..'"],
    ['/etc/passwd', 'an absolute path'],
    ['C:/x', 'an absolute path'],
    ['meta\\pond.json', 'a backslash'],
    ['meta/a\u0001.json', 'a control character'],
    ['commits/./x', "'..'"],
    ['notes.txt', 'not part of the pond layout'],
  ])('unsafe member name %j', async (name, problem) => {
    const { manifest, members } = valid();
    const evil: [string, Uint8Array][] = [...members, [name, jsonBytes({})]];
    expect((await importFails(pack({ ...manifest, members: listed(evil) }, evil))).message).toContain(problem);
  });

  it('duplicate names', async () => {
    const { manifest, members } = valid();
    // Two members whose names differ in one character; then patch the second name into the first everywhere.
    const a = 'meta/dupa.json';
    const b = 'meta/dupb.json';
    const twin: [string, Uint8Array][] = [...members, [a, jsonBytes({})], [b, jsonBytes({})]];
    const zip = pack({ ...manifest, members: listed(twin).map((m) => (m.name === b ? { ...m, name: a } : m)) }, twin);
    const text = Buffer.from(zip);
    for (let at = text.indexOf(b); at >= 0; at = text.indexOf(b, at + 1)) text.write(a, at);
    expect((await importFails(new Uint8Array(text))).message).toContain(`duplicate member '${a}'`);
    expect((await importFails(pack({ ...manifest, members: [...manifest.members, manifest.members[0]!] }, members))).message).toMatch(/lists 'duckpond.json' twice/);
  });

  it('absurd declared sizes', async () => {
    const { manifest, members } = valid();
    const huge = { ...manifest, members: manifest.members.map((m, i) => (i === 3 ? { ...m, size: 2 ** 50 } : m)) };
    expect((await importFails(pack(huge, members))).message).toContain('sane size');
    // The zip's own header lies: a member claims 4 GB from a few bytes.
    const zip = pack(manifest, members);
    const { size, name } = manifest.members[0]!;
    const central = Buffer.from(zip).lastIndexOf(Buffer.from(name));
    expect(size).toBe(members[0]![1].length);
    const patched = new Uint8Array(zip);
    new DataView(patched.buffer).setUint32(central - 46 + 24, 0xfffffff0, true);
    expect((await importFails(patched)).message).toMatch(/duckpond.json.*(4294967280|absurd|bytes in the zip)/);
  });

  it('a zip bomb member', async () => {
    const { manifest, members } = unpack(await exportPondBytes((await richPond(3)).store));
    const zeros = new Uint8Array(70 * 1024 * 1024);
    const hash = blake3Hex(zeros);
    const bomb: Zippable = { [MANIFEST_NAME]: jsonBytes({ ...manifest, members: [...manifest.members, { name: `blobs/${hash.slice(0, 2)}/${hash}`, size: zeros.length, blake3: hash }] }) };
    for (const [n, bytes] of members) bomb[n] = bytes;
    bomb[`blobs/${hash.slice(0, 2)}/${hash}`] = [zeros, { level: 9 }];
    const zip = zipSync(bomb);
    expect(zip.length).toBeLessThan(2 * 1024 * 1024);
    expect((await importFails(zip)).message).toMatch(/likely zip bomb/);
  });

  it('garbage bytes, and a valid zip that is not a pond', async () => {
    expect((await importFails(new TextEncoder().encode(noise(10_000)))).message).toContain('no zip end-of-central-directory record');
    expect((await importFails(new Uint8Array(0))).message).toContain('too short');
    expect((await importFails(zipSync({ 'hello.txt': new TextEncoder().encode('hi') }))).message).toContain("the first member is 'hello.txt', not manifest.json");
    expect((await importFails(zipSync({ 'manifest.json': jsonBytes({ format: 'something-else', formatVersion: 1 }) }))).message).toContain("names format 'something-else'");
  });

  it('a newer format version', async () => {
    const { manifest, members } = valid();
    const error = await importFails(pack({ ...manifest, formatVersion: 2 }, members));
    expect(error.kind).toBe('Unsupported');
    expect(error.message).toContain('needs DuckPond pond file format 2');
  });

  it('a log record of another pond, and a manifest identity that disagrees', async () => {
    const { manifest, members } = valid();
    expect((await importFails(pack({ ...manifest, pondId: 'other', identity: { ...manifest.identity, pondId: 'other' } }, members))).message).toMatch(/differs from the identity|of pond/);
  });
});

describe('pond file fuzz: every damaged file imports identically or fails clearly', () => {
  const seeds = Number(process.env['FUZZ_SEEDS'] ?? 60);
  let small: Uint8Array;
  let smallSummary: Record<string, unknown>;

  beforeAll(async () => {
    const pond = await richPond(14);
    small = await exportPondBytes(pond.store);
    smallSummary = await pondSummary(pond.store);
  }, 60_000);

  it(`survives ${seeds} seeded mutations`, { timeout: 600_000 }, async () => {
    let imported = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      let x = seed * 2654435761;
      const random = (n: number): number => {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        return (x >>> 0) % n;
      };
      let bytes = small.slice();
      if (seed % 5 === 0) bytes = bytes.slice(0, random(bytes.length));
      else for (let k = 0, flips = 1 + random(4); k < flips; k++) {
        const at = random(bytes.length);
        bytes[at] = bytes[at]! ^ (1 << random(8));
      }
      const target = new MemoryLogStore();
      try {
        await importPond(bytes, target, { mode: 'new' });
        expect(await pondSummary(target), `seed ${seed}`).toEqual(smallSummary);
        imported++;
      } catch (error) {
        expect(isPondError(error), `seed ${seed}: ${String(error)}`).toBe(true);
        await expectEmpty(target);
      }
    }
    expect(imported).toBeLessThan(seeds);
  });
});
