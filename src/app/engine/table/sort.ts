import { type TableColumn, isNumeric } from './columns';

/**
 * The row order of a table sorted by one column: a permutation (`order[i]` = the row shown at position i),
 * nulls last in either direction, ties in row order (a stable, repeatable sort).
 */
export function sortOrder(column: TableColumn, descending: boolean): Uint32Array {
  return isNumeric(column.info.kind) ? numericOrder(column.numbers(), descending) : textOrder(column, descending);
}

/** Sorts typed-array keys (NaN = null): indices of present values sorted, then the nulls. */
function numericOrder(keys: Float64Array, descending: boolean): Uint32Array {
  const { present, nulls } = split(keys.length, (row) => Number.isNaN(keys[row] as number));
  const sign = descending ? -1 : 1;
  // A typed array's sort with a comparator runs in V8's native sort: ~0.3 s for a million rows.
  present.sort((a, b) => sign * ((keys[a] as number) - (keys[b] as number)) || a - b);
  return concat(present, nulls);
}

/** Sorts text by UTF-16 code units: predictable, and an order of magnitude faster than a collator. */
function textOrder(column: TableColumn, descending: boolean): Uint32Array {
  const keys: (string | null)[] = new Array(column.length);
  for (let row = 0; row < column.length; row++) {
    const cell = column.cell(row);
    keys[row] = cell === null ? null : String(cell);
  }
  const { present, nulls } = split(keys.length, (row) => keys[row] === null);
  const sign = descending ? -1 : 1;
  present.sort((a, b) => {
    const x = keys[a] as string;
    const y = keys[b] as string;
    return x < y ? -sign : x > y ? sign : a - b;
  });
  return concat(present, nulls);
}

/** Row numbers split into present and null ones, each ascending. */
function split(rows: number, isNull: (row: number) => boolean): { present: Uint32Array; nulls: Uint32Array } {
  const present = new Uint32Array(rows);
  const nulls = new Uint32Array(rows);
  let p = 0;
  let n = 0;
  for (let row = 0; row < rows; row++) {
    if (isNull(row)) nulls[n++] = row;
    else present[p++] = row;
  }
  return { present: present.subarray(0, p), nulls: nulls.subarray(0, n) };
}

function concat(a: Uint32Array, b: Uint32Array): Uint32Array {
  if (b.length === 0) return a;
  const out = new Uint32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
