import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { BundleProgress } from '../../bundle';
import type { Pond } from '../../steward';
import { memoryPond } from '../../steward/testing';
import { decode } from '../../tinyfs/testing';
import { SYMLINK_NOTE_SUFFIX, zipFolder } from './zip';

/** Bytes that deflate cannot shrink (so the zip stores them), deterministic. */
function noise(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = 0x2545f491;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

const BIG_NOISE = noise(100 * 1024);
const BIG_TEXT = new TextEncoder().encode('time,value\n'.concat('2026-12-01T00:00:00Z,1.25\n'.repeat(8000)));

/** A pond with /a: nested folders, big (blob) files, a dynamic file and folder, an empty folder, symlinks. */
async function pond(): Promise<Pond> {
  const p = await memoryPond();
  await p.applyDraft([
    { op: 'mkdir', path: '/a/b/c', parents: true },
    { op: 'mkdir', path: '/a/empty' },
    { op: 'write', path: '/a/x.txt', content: 'first' },
    { op: 'write', path: '/a/b/noise.bin', content: BIG_NOISE },
    { op: 'write', path: '/a/b/c/table.csv', content: BIG_TEXT },
    { op: 'mknod', path: '/a/gen.txt', entryType: 'file:dynamic', factory: 'test-file', config: 'content: made by a factory\n' },
    { op: 'mknod', path: '/a/dyn', entryType: 'dir:dynamic', factory: 'test-dir', config: 'name: dyn\n' },
    { op: 'ln', target: '/a/x.txt', path: '/a/link.txt' },
    { op: 'ln', target: 'b', path: '/a/folder-link' },
    { op: 'ln', target: '/nowhere', path: '/a/dangling' },
  ]);
  return p;
}

interface Run {
  readonly progress: BundleProgress[];
  readonly controller: AbortController;
}

async function zip(p: Pond, path: string, asOf?: number, onProgress?: (progress: BundleProgress, run: Run) => void): Promise<{ files: Record<string, Uint8Array>; run: Run }> {
  const run: Run = { progress: [], controller: new AbortController() };
  const root = (await p.read(asOf)).root();
  const blob = await zipFolder(root, path, {
    signal: run.controller.signal,
    onProgress: (progress) => {
      run.progress.push(progress);
      onProgress?.(progress, run);
    },
  });
  expect(blob.type).toBe('application/zip');
  return { files: unzipSync(new Uint8Array(await blob.arrayBuffer())), run };
}

describe('zipFolder', () => {
  it('zips a folder: nested and empty folders, big files, generated content, symlinks followed to files', async () => {
    const p = await pond();
    const { files, run } = await zip(p, '/a');
    expect(Object.keys(files).sort()).toEqual([
      'a/',
      'a/b/',
      'a/b/c/',
      'a/b/c/table.csv',
      'a/b/noise.bin',
      `a/dangling${SYMLINK_NOTE_SUFFIX}`,
      'a/dyn/',
      'a/empty/',
      `a/folder-link${SYMLINK_NOTE_SUFFIX}`,
      'a/gen.txt',
      'a/link.txt',
      'a/x.txt',
    ]);
    expect(files['a/b/noise.bin']).toEqual(BIG_NOISE);
    expect(files['a/b/c/table.csv']).toEqual(BIG_TEXT);
    expect(decode(files['a/gen.txt']!)).toBe('made by a factory');
    expect(decode(files['a/link.txt']!)).toBe('first');
    expect(decode(files[`a/folder-link${SYMLINK_NOTE_SUFFIX}`]!)).toBe('/a/folder-link is a symbolic link to b\nit points to a folder, which is not copied into the zip.\n');
    expect(decode(files[`a/dangling${SYMLINK_NOTE_SUFFIX}`]!)).toMatch(/^\/a\/dangling is a symbolic link to \/nowhere\nit points to nothing/);

    // Progress: a scan without a total, then bytes written up to a total that is what was really read.
    const contentBytes = BIG_NOISE.length + BIG_TEXT.length + 'first'.length * 2 + 'made by a factory'.length;
    expect(run.progress[0]).toMatchObject({ stage: 'scan', totalBytes: null });
    expect(run.progress.at(-1)).toEqual({ stage: 'write', bytes: contentBytes, totalBytes: contentBytes });
    for (const step of run.progress) if (step.totalBytes !== null) expect(step.bytes).toBeLessThanOrEqual(step.totalBytes);
  });

  it('names the zip of the root after the pond, and deflates text but stores noise', async () => {
    const p = await pond();
    const root = (await p.read()).root();
    const never = { signal: new AbortController().signal, onProgress: () => undefined };
    const bytes = new Uint8Array(await (await zipFolder(root, '/', never, { rootName: 'My pond' })).arrayBuffer());
    const files = unzipSync(bytes);
    expect(files['My pond/a/x.txt']).toBeDefined();
    // The compressible CSV shrinks a lot; the noise cannot, so the archive is about the noise's size.
    expect(bytes.length).toBeLessThan(BIG_NOISE.length + BIG_TEXT.length / 4);
  });

  it('zips the folder as of an earlier commit', async () => {
    const p = await pond();
    const before = p.oplog.txnSeq;
    await p.applyDraft([
      { op: 'write', path: '/a/x.txt', content: 'second' },
      { op: 'write', path: '/a/later.txt', content: 'added later' },
      { op: 'rm', path: '/a/empty' },
    ]);
    const now = (await zip(p, '/a')).files;
    expect(decode(now['a/x.txt']!)).toBe('second');
    expect(now['a/later.txt']).toBeDefined();
    expect(now['a/empty/']).toBeUndefined();
    const then = (await zip(p, '/a', before)).files;
    expect(decode(then['a/x.txt']!)).toBe('first');
    expect(decode(then['a/link.txt']!)).toBe('first');
    expect(then['a/later.txt']).toBeUndefined();
    expect(then['a/empty/']).toEqual(new Uint8Array(0));
  });

  it('stops when cancelled, while listing or once some files are written', async () => {
    const p = await pond();
    for (const stage of ['scan', 'write'] as const) {
      const cancelled = zip(p, '/a', undefined, (progress, run) => {
        if (progress.stage === stage && (stage === 'scan' || progress.bytes > 0)) run.controller.abort();
      });
      await expect(cancelled).rejects.toMatchObject({ kind: 'Conflict', message: 'Conflict: download cancelled' });
    }
    // Within one big file: it is pushed a MiB at a time, with a turn of the event loop in between.
    await p.applyDraft([{ op: 'mkdir', path: '/huge' }, { op: 'write', path: '/huge/big.bin', content: noise(3 * 1024 * 1024) }, { op: 'write', path: '/huge/z.txt', content: 'z' }]);
    let seen = 0;
    const cancelled = zip(p, '/huge', undefined, (progress, run) => {
      if (progress.stage === 'write' && progress.bytes > 0) run.controller.abort();
      seen = progress.bytes;
    });
    await expect(cancelled).rejects.toThrow('download cancelled');
    expect(seen).toBe(1024 * 1024);
  });

  it('refuses a file, a missing path, and fails on an unreadable entry naming it', async () => {
    const p = await memoryPond();
    await p.applyDraft([
      { op: 'mkdir', path: '/d' },
      { op: 'write', path: '/d/ok.txt', content: 'fine' },
      { op: 'mknod', path: '/d/secret.txt', entryType: 'file:dynamic', factory: 'test-file', config: 'content: ${env:NOT_SET}\n' },
    ]);
    await expect(zip(p, '/d/ok.txt')).rejects.toMatchObject({ kind: 'NotADirectory', message: expect.stringContaining('download it as a file') });
    await expect(zip(p, '/nowhere')).rejects.toMatchObject({ kind: 'NotFound', path: '/nowhere' });
    const failed = zip(p, '/d');
    await expect(failed).rejects.toMatchObject({ path: '/d/secret.txt', message: expect.stringMatching(/^Failed to read '\/d\/secret\.txt' for the zip of \/d: .*NOT_SET/) });
  });
});
