import { describe, expect, it } from 'vitest';
import { EDITOR_LIMIT, classify, languageOf, sniffImage } from './content';
import { LineIndex } from './lineIndex';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('classify', () => {
  it('tells text, large text, images and binary apart by content, not name', () => {
    expect(classify(utf8('héllo\nworld'))).toBe('text');
    expect(classify(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))).toBe('image');
    expect(classify(Uint8Array.of(0x68, 0x00, 0x69))).toBe('binary');
    expect(classify(Uint8Array.of(0xc3, 0x28))).toBe('binary'); // invalid UTF-8
    const big = new Uint8Array(EDITOR_LIMIT + 10).fill(0x61);
    expect(classify(big)).toBe('large-text');
    big[5] = 0;
    expect(classify(big)).toBe('binary');
  });

  it('recognises image magic with wildcards (WebP) and refuses short input', () => {
    expect(sniffImage(utf8('RIFF\x01\x02\x03\x04WEBPVP8 '))).toBe('image/webp');
    expect(sniffImage(utf8('RIFF\x01\x02\x03\x04WAVEfmt '))).toBeNull();
    expect(sniffImage(Uint8Array.of(0xff, 0xd8))).toBeNull();
    expect(sniffImage(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
  });

  it('picks Monaco languages by extension', () => {
    expect(languageOf('/docs/README.md')).toBe('markdown');
    expect(languageOf('/a/b.JSON')).toBe('json');
    expect(languageOf('/etc/x.yml')).toBe('yaml');
    expect(languageOf('/data/readings.csv')).toBe('csv');
    expect(languageOf('/notes')).toBe('plaintext');
    expect(languageOf('/dir.d/notes')).toBe('plaintext');
  });
});

describe('LineIndex', () => {
  const lines = (index: LineIndex): string[] =>
    Array.from({ length: index.lines }, (_, n) => {
      const [start, end] = index.range(n);
      return new TextDecoder().decode(index.bytes.subarray(start, end));
    });

  it('splits on \\n and \\r\\n; a final newline adds no empty line', () => {
    const index = new LineIndex(utf8('a\r\nbb\n\nccc\n'));
    expect(index.scan(1 << 20)).toBe(true);
    expect(lines(index)).toEqual(['a', 'bb', '', 'ccc']);
    const open = new LineIndex(utf8('x\ny'));
    open.scan(100);
    expect(lines(open)).toEqual(['x', 'y']);
  });

  it('gives the same lines scanned in any slice size as at once (seeded)', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 50; round++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 200) }, () => (random() < 0.2 ? '\n' : random() < 0.05 ? '\r\n' : 'z')).join('');
      const whole = new LineIndex(utf8(text));
      whole.scan(Infinity);
      const sliced = new LineIndex(utf8(text));
      const budget = 1 + Math.floor(random() * 7);
      let steps = 0;
      while (!sliced.scan(budget)) steps++;
      expect(steps).toBeGreaterThanOrEqual(Math.floor(text.length / budget) - 1);
      expect(lines(sliced)).toEqual(lines(whole));
      expect(lines(whole)).toEqual(text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n'));
    }
  });

  it('shows the lines found so far while it scans', () => {
    const index = new LineIndex(utf8('one\ntwo\nthree\n'));
    index.scan(5);
    expect(index.done).toBe(false);
    expect(index.lines).toBe(2);
    expect(lines(index)[0]).toBe('one');
    expect(() => index.range(2)).toThrow(RangeError);
  });
});

describe('draftedFor', async () => {
  const { draftedFor } = await import('./draftContent');
  const text = (bytes: Uint8Array | null): string | null => (bytes === null ? null : new TextDecoder().decode(bytes));

  it('replays the draft as the commit will: last write wins, mv carries, rm and restore drop', () => {
    const ops = [
      { op: 'write', path: '/a/x.txt', content: 'one' },
      { op: 'write', path: '/a/x.txt', content: 'two' },
      { op: 'mv', from: '/a', to: '/b' },
      { op: 'write', path: '/c.txt', content: 'c' },
      { op: 'restore', path: '/c.txt', txnSeq: 3 },
      { op: 'mknod', path: '/n', entryType: 'file:dynamic', factory: 'test-file', config: 'content: hi', overwrite: true },
      { op: 'write', path: '/gone', content: 'g' },
      { op: 'rm', path: '/gone' },
    ] as const;
    expect(text(draftedFor(ops, '/b/x.txt').bytes)).toBe('two');
    expect(draftedFor(ops, '/a/x.txt').bytes).toBeNull();
    expect(draftedFor(ops, '/c.txt').bytes).toBeNull();
    expect(draftedFor(ops, '/n').config?.config).toBe('content: hi');
    expect(draftedFor(ops, '/gone')).toEqual({ bytes: null, config: null });
  });
});
