import type { Cell, TableDiff } from '../protocol';
import type { TableColumn } from './columns';

/** The columns of one side of a diff, in table order. */
export type DiffSide = readonly TableColumn[];

/**
 * How table B differs from table A: columns by name (added, removed, retyped), and rows as multisets over
 * the common columns — a row of B that matches a not yet matched row of A is unchanged, whatever its
 * position, so reordering rows is no change and a duplicated row is one addition.
 */
export function diffTables(a: DiffSide, b: DiffSide, limit: number): TableDiff {
  const byName = new Map(a.map((c) => [c.info.name, c]));
  const inB = new Set(b.map((c) => c.info.name));
  const common = b.filter((c) => byName.has(c.info.name));
  const columnsA = common.map((c) => byName.get(c.info.name) as TableColumn);

  // Each distinct row of A (its cells as a key) with the row numbers still unmatched, in row order.
  const unmatched = new Map<string, number[]>();
  const rowsA = a[0]?.length ?? 0;
  const rowsB = b[0]?.length ?? 0;
  for (let row = 0; row < rowsA; row++) {
    const key = rowKey(columnsA, row);
    const rows = unmatched.get(key);
    if (rows === undefined) unmatched.set(key, [row]);
    else rows.push(row);
  }
  const added: number[] = [];
  const taken = new Map<string, number>();
  for (let row = 0; row < rowsB; row++) {
    const key = rowKey(common, row);
    const rows = unmatched.get(key);
    const used = taken.get(key) ?? 0;
    if (rows !== undefined && used < rows.length) taken.set(key, used + 1);
    else added.push(row);
  }
  // A's rows left over after B took the first matches of each key: the removed ones.
  const removed: number[] = [];
  for (const [key, rows] of unmatched) {
    for (let i = taken.get(key) ?? 0; i < rows.length; i++) removed.push(rows[i] as number);
  }
  removed.sort((x, y) => x - y);

  return {
    rowsA,
    rowsB,
    columnsAdded: b.filter((c) => !byName.has(c.info.name)).map((c) => c.info),
    columnsRemoved: a.filter((c) => !inB.has(c.info.name)).map((c) => c.info),
    columnsRetyped: common.flatMap((c) => {
      const from = (byName.get(c.info.name) as TableColumn).info.type;
      return from === c.info.type ? [] : [{ name: c.info.name, from, to: c.info.type }];
    }),
    compared: common.map((c) => c.info),
    removedCount: removed.length,
    addedCount: added.length,
    removed: removed.slice(0, limit).map((row) => ({ row, cells: cellsOf(columnsA, row) })),
    added: added.slice(0, limit).map((row) => ({ row, cells: cellsOf(common, row) })),
  };
}

function cellsOf(columns: readonly TableColumn[], row: number): Cell[] {
  return columns.map((c) => c.cell(row));
}

/** A row's identity: its cells, typed (so the number 1 and the text "1" differ), as one string the Map hashes. */
function rowKey(columns: readonly TableColumn[], row: number): string {
  return JSON.stringify(cellsOf(columns, row));
}
