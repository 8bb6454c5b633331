import { describe, expect, it } from 'vitest';
import {
  ENTRY_TYPES,
  entryTypeCode,
  entryTypeFromCode,
  isDirectory,
  isDynamic,
  isFile,
  isPhysical,
  isSeries,
  isSymlink,
  isTable,
  parseEntryType,
} from './entryType';
import { isPondError } from '../errors';

describe('entry types', () => {
  it('has the nine types of SPEC §3.1 with their codes', () => {
    expect(ENTRY_TYPES.map((t) => [entryTypeCode(t), t])).toEqual([
      [1, 'dir:physical'],
      [2, 'dir:dynamic'],
      [3, 'symlink'],
      [4, 'file:physical:version'],
      [5, 'file:dynamic'],
      [6, 'table:physical:version'],
      [7, 'file:physical:series'],
      [8, 'table:physical:series'],
      [9, 'table:dynamic'],
    ]);
  });

  it('round-trips every type through its string and its code', () => {
    for (const type of ENTRY_TYPES) {
      expect(parseEntryType(String(type))).toBe(type);
      expect(entryTypeFromCode(entryTypeCode(type))).toBe(type);
    }
  });

  it.each(['FileDataDynamic', 'DirectoryDynamic', 'file', 'dir:Physical', '', 'file:physical'])(
    'rejects the legacy or unknown string %j',
    (value) => {
      expect(() => parseEntryType(value)).toThrow(/unknown entry type/);
    },
  );

  it.each([0, 10, -1, 1.5, NaN])('rejects the unknown code %s', (code) => {
    let caught: unknown;
    try {
      entryTypeFromCode(code);
    } catch (error) {
      caught = error;
    }
    expect(isPondError(caught, 'InvalidArgument')).toBe(true);
  });

  it('answers every predicate as the truth table says', () => {
    const table = ENTRY_TYPES.map((t) => ({
      t,
      dynamic: isDynamic(t),
      dir: isDirectory(t),
      file: isFile(t),
      symlink: isSymlink(t),
      table: isTable(t),
      series: isSeries(t),
      physical: isPhysical(t),
    }));
    expect(table).toEqual([
      { t: 'dir:physical', dynamic: false, dir: true, file: false, symlink: false, table: false, series: false, physical: true },
      { t: 'dir:dynamic', dynamic: true, dir: true, file: false, symlink: false, table: false, series: false, physical: false },
      { t: 'symlink', dynamic: false, dir: false, file: false, symlink: true, table: false, series: false, physical: true },
      { t: 'file:physical:version', dynamic: false, dir: false, file: true, symlink: false, table: false, series: false, physical: true },
      { t: 'file:dynamic', dynamic: true, dir: false, file: true, symlink: false, table: false, series: false, physical: false },
      { t: 'table:physical:version', dynamic: false, dir: false, file: true, symlink: false, table: true, series: false, physical: true },
      { t: 'file:physical:series', dynamic: false, dir: false, file: true, symlink: false, table: false, series: true, physical: true },
      { t: 'table:physical:series', dynamic: false, dir: false, file: true, symlink: false, table: true, series: true, physical: true },
      { t: 'table:dynamic', dynamic: true, dir: false, file: true, symlink: false, table: true, series: false, physical: false },
    ]);
  });
});
