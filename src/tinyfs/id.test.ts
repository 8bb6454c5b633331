import { describe, expect, it } from 'vitest';
import { ENTRY_TYPES } from './entryType';
import { ROOT_FILE_ID, ROOT_ID, childFileId, derivedNodeId, entryTypeOfId, newNodeId } from './id';

describe('node ids', () => {
  it('are UUIDv7 strings whose 7th byte is 0x70 | code, for every type', () => {
    for (const type of ENTRY_TYPES) {
      const id = newNodeId(type);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[1-9][0-9a-f]{2}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(entryTypeOfId(id)).toBe(type);
    }
  });

  it('carry the creation time in the first 48 bits', () => {
    const ms = Date.UTC(2026, 10, 25, 12, 0, 0);
    const id = newNodeId('file:physical:version', ms);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
  });

  it('differ from each other', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newNodeId('symlink')));
    expect(ids.size).toBe(1000);
  });

  it('has the fixed root id, a physical directory that is its own partition', () => {
    expect(ROOT_ID).toBe('00000000-0000-7100-8000-000000000000');
    expect(entryTypeOfId(ROOT_ID)).toBe('dir:physical');
    expect(ROOT_FILE_ID).toEqual({ nodeId: ROOT_ID, partId: ROOT_ID });
  });

  it('rejects malformed ids', () => {
    expect(() => entryTypeOfId('not-an-id')).toThrow(/malformed node id/);
    expect(() => entryTypeOfId('00000000-0000-4100-8000-000000000000')).toThrow(/malformed/); // UUIDv4
    expect(() => entryTypeOfId('00000000-0000-7a00-8000-000000000000')).toThrow(/unknown entry type code 10/);
  });

  it('derives stable ids for produced children', () => {
    const a = derivedNodeId('file:dynamic', ROOT_ID, 'x');
    expect(derivedNodeId('file:dynamic', ROOT_ID, 'x')).toBe(a);
    expect(derivedNodeId('file:dynamic', ROOT_ID, 'y')).not.toBe(a);
    expect(entryTypeOfId(a)).toBe('file:dynamic');
  });
});

describe('partition rule', () => {
  it('puts a physical directory in its own partition', () => {
    const dir = newNodeId('dir:physical');
    expect(childFileId(ROOT_FILE_ID, dir)).toEqual({ nodeId: dir, partId: dir });
  });

  it('puts every other node in its parent directory partition', () => {
    const dir = childFileId(ROOT_FILE_ID, newNodeId('dir:physical'));
    for (const type of ENTRY_TYPES.filter((t) => t !== 'dir:physical')) {
      const child = newNodeId(type);
      expect(childFileId(dir, child)).toEqual({ nodeId: child, partId: dir.nodeId });
      expect(childFileId(ROOT_FILE_ID, child)).toEqual({ nodeId: child, partId: ROOT_ID });
    }
  });

  it('keeps the pond id', () => {
    const child = newNodeId('file:physical:version');
    expect(childFileId({ ...ROOT_FILE_ID, pondId: 'p1' }, child).pondId).toBe('p1');
  });
});
