import { describe, expect, it } from 'vitest';
import { CopyBuffers } from './copyBuffers';

describe('CopyBuffers', () => {
  it('copies exactly, and reuses a released buffer for the next copy of about the same size', () => {
    const pool = new CopyBuffers();
    const source = Uint8Array.from({ length: 1_500_000 }, (_, i) => i % 251);
    const first = pool.copy(source);
    expect(Buffer.from(first).equals(source)).toBe(true);
    expect(first.buffer).not.toBe(source.buffer);
    pool.release(first);
    // A little larger (a checkpoint after blobs; both round up to 2 MiB): sizes are rounded up, so the same buffer serves.
    const larger = Uint8Array.from({ length: 1_600_000 }, (_, i) => (i * 3) % 251);
    const second = pool.copy(larger);
    expect(second.buffer).toBe(first.buffer);
    expect(Buffer.from(second).equals(larger)).toBe(true);
    // Taken until released: a copy made meanwhile gets a buffer of its own.
    expect(pool.copy(source).buffer).not.toBe(second.buffer);
  });
});
