const NEWLINE = 0x0a;

/**
 * Where each line of a large text starts, found a slice at a time so that a 50 MB file never blocks the
 * page: `scan` indexes up to `budget` more bytes and returns, and the viewer shows the lines found so far.
 * `indexOf` on a Uint8Array is a native byte search, far faster than a loop in JavaScript.
 */
export class LineIndex {
  private starts = new Float64Array(1024);
  private count = 1; // line 0 starts at 0
  private scanned = 0;

  constructor(readonly bytes: Uint8Array) {}

  /** Indexes up to `budget` more bytes; true when the whole text is indexed. */
  scan(budget: number): boolean {
    const end = Math.min(this.bytes.length, this.scanned + budget);
    let at = this.bytes.indexOf(NEWLINE, this.scanned);
    while (at !== -1 && at < end) {
      this.push(at + 1);
      at = this.bytes.indexOf(NEWLINE, at + 1);
    }
    this.scanned = end;
    return this.done;
  }

  get done(): boolean {
    return this.scanned >= this.bytes.length;
  }

  /** Bytes indexed so far. */
  get progress(): number {
    return this.scanned;
  }

  /**
   * Lines known so far. While scanning, the last one may still grow; once done, a text ending in a newline
   * does not count an empty line after it (as editors show it).
   */
  get lines(): number {
    if (this.done && this.count > 1 && this.starts[this.count - 1] === this.bytes.length) return this.count - 1;
    return this.count;
  }

  /** Byte range of line `n` (without its line break): [start, end). */
  range(n: number): readonly [number, number] {
    if (n < 0 || n >= this.lines) throw new RangeError(`line ${n} of ${this.lines}`);
    const start = this.starts[n] as number;
    const next = n + 1 < this.count ? (this.starts[n + 1] as number) - 1 : this.done ? this.bytes.length : this.scanned;
    const end = next > start && this.bytes[next - 1] === 0x0d ? next - 1 : next;
    return [start, Math.max(start, end)];
  }

  private push(start: number): void {
    if (this.count === this.starts.length) {
      const grown = new Float64Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.count++] = start;
  }
}
