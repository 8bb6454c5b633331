import { describe, expect, it } from 'vitest';
import { isPondError } from '../errors';
import { ENTRY_TYPES, isDynamic, newNodeId } from '../tinyfs';
import { decodeEntries, decodeSnapshot, encodeEntries, encodeSnapshot, newDynamicNode, newEntry, type OplogEntry } from './schema';

const stamp = <T extends OplogEntry['fileType']>(fileType: T, version = 1) => ({
  id: { nodeId: newNodeId(fileType), partId: newNodeId('dir:physical') },
  fileType,
  timestamp: 1_764_000_000_123_000,
  version,
  txnSeq: 42,
  pondId: 'pond-1',
});

describe('OplogEntry Arrow schema', () => {
  it('round-trips every field, nulls included', () => {
    const full: OplogEntry = {
      ...newEntry(stamp('file:physical:series', 3), {
        content: new Uint8Array([0, 1, 255]),
        blake3: 'ab'.repeat(32),
        size: 3,
        extendedAttributes: '{"mime":"text/csv"}',
        minEventTime: -5,
        maxEventTime: 2 ** 40,
      }),
    };
    const empty = newEntry(stamp('symlink'), { content: null });
    const dynamic = newDynamicNode(stamp('table:dynamic'), 'synthetic', new Uint8Array([35, 32, 120]));
    const { entries } = decodeEntries(encodeEntries([full, empty, dynamic]), 'test');
    expect(entries).toEqual([full, empty, dynamic]);
  });

  it('keeps µs timestamps and large int64 values exactly', () => {
    const e = newEntry({ ...stamp('file:physical:version'), timestamp: 1_764_000_000_123_000 }, { content: null, size: 2 ** 52 });
    const [back] = decodeEntries(encodeEntries([e]), 'test').entries;
    expect(back?.timestamp).toBe(1_764_000_000_123_000);
    expect(back?.size).toBe(2 ** 52);
  });

  it('stores a dynamic config as the exact bytes written', () => {
    const yaml = new TextEncoder().encode('# comment kept\nmessage:   "hi"   # and this\n\n');
    const e = newDynamicNode(stamp('file:dynamic'), 'test-executor', yaml);
    const [back] = decodeEntries(encodeEntries([e]), 'test').entries;
    expect(back?.content).toEqual(yaml);
    expect(back?.factory).toBe('test-executor');
    expect(back?.format).toBe('inline');
  });

  it('refuses dynamic types in the plain constructor (the seed assertion)', () => {
    for (const type of ENTRY_TYPES.filter(isDynamic)) {
      expect(() => newEntry(stamp(type), { content: null })).toThrow(/use newDynamicNode/);
    }
    expect(() => newDynamicNode(stamp('file:physical:version') as never, 'x', new Uint8Array())).toThrow(/not a dynamic/);
  });

  it('rejects bytes that are not our schema as Corrupt', () => {
    // arrow-js reads some garbage as an empty stream: the schema check still refuses it.
    const garbage = () => decodeEntries(new Uint8Array([1, 2, 3]), 'log record of txn 7');
    expect(garbage).toThrow(/^Corrupt: log record of txn 7: /);
    const truncated = encodeEntries([newEntry(stamp('symlink'), { content: new Uint8Array([1]) })]);
    expect(() => decodeEntries(truncated.subarray(0, truncated.length - 40), 'log record of txn 8')).toThrow(/^Corrupt: log record of txn 8: /);
    try {
      decodeEntries(encodeSnapshot([]), 'checkpoint 3');
    } catch (error) {
      expect(isPondError(error, 'Corrupt')).toBe(true);
      expect((error as Error).message).toMatch(/checkpoint 3: schema is \[name:Utf8/);
    }
  });

  it('encodes an empty record', () => {
    expect(decodeEntries(encodeEntries([]), 'empty').entries).toEqual([]);
  });
});

describe('directory snapshots', () => {
  it('round-trip as Arrow IPC with the four columns', () => {
    const entries = [
      { name: 'a', childNodeId: newNodeId('dir:physical'), entryType: 'dir:physical' as const, versionLastModified: 1 },
      { name: 'é.txt', childNodeId: newNodeId('file:physical:version'), entryType: 'file:physical:version' as const, versionLastModified: 7 },
    ];
    expect(decodeSnapshot(encodeSnapshot(entries), 'dir')).toEqual(entries);
  });
});
