/**
 * Buffers for the copies the directory store makes of the blobs and checkpoints it is given (the caller may
 * reuse its own buffers as soon as a write returns its promise), reused from one write to the next. A stream
 * of commits with large blobs (an import) then allocates a copy buffer once instead of once per blob: the
 * freed copies would otherwise pile up as garbage that the JS engine collects late, and peak memory is made
 * of that pile.
 *
 * Spare buffers are held through `WeakRef`s, so the pool never keeps memory alive by itself: a spare is
 * reused while it is still around, and a full collection frees it once writes stop. Sizes are rounded up
 * (to 64 KiB, or 1 MiB from 1 MiB on) so that values of about the same size — a pond's 5 MB blobs and its
 * 5.1 MB checkpoint — share a buffer.
 */
export class CopyBuffers {
  private spare: WeakRef<ArrayBuffer>[] = [];

  /** A copy of `bytes` in a buffer of the pool (a view of exactly its length); `release` it once written. */
  copy(bytes: Uint8Array): Uint8Array {
    let best: ArrayBuffer | undefined;
    const live: ArrayBuffer[] = [];
    for (const ref of this.spare) {
      const buffer = ref.deref();
      if (buffer === undefined) continue;
      live.push(buffer);
      if (buffer.byteLength >= bytes.length && (best === undefined || buffer.byteLength < best.byteLength)) best = buffer;
    }
    this.spare = live.filter((buffer) => buffer !== best).map((buffer) => new WeakRef(buffer));
    const view = new Uint8Array(best ?? new ArrayBuffer(roundUp(bytes.length)), 0, bytes.length);
    view.set(bytes);
    return view;
  }

  /** Gives a copy's buffer back for the next `copy`. */
  release(copy: Uint8Array): void {
    this.spare.push(new WeakRef(copy.buffer as ArrayBuffer));
  }
}

const KIB64 = 64 * 1024;
const MIB = 1024 * 1024;

function roundUp(size: number): number {
  const step = size >= MIB ? MIB : KIB64;
  return Math.ceil(size / step) * step;
}
