import { DataType, type Field, Precision, type Vector, makeVector, util } from 'apache-arrow';
import { PondError } from '../../../errors';
import type { Cell, ColumnInfo, ColumnKind } from '../protocol';

/**
 * One column of a decoded table as the viewer needs it: cells for the grid, and numbers (for sorting and
 * charting) computed once. Only Arrow's readers are used (`get`), never its builders: those compile code
 * with `new Function`, which the worker's CSP forbids (SPEC §10).
 */
export class TableColumn {
  readonly info: ColumnInfo;
  private numeric: Float64Array | undefined;
  private readonly toCell: (value: unknown) => Cell;

  constructor(
    field: Field,
    private readonly vector: Vector,
  ) {
    this.info = { name: field.name, type: String(field.type), kind: columnKind(field.type) };
    this.toCell = cellConverter(field.type, this.info.kind);
  }

  /** How many rows the column has. */
  get length(): number {
    return this.vector.length;
  }

  /** The cell of `row` as it crosses to the UI. */
  cell(row: number): Cell {
    const value: unknown = this.vector.get(row);
    return value === null || value === undefined ? null : this.toCell(value);
  }

  /**
   * Number, timestamp (ms) and boolean (0/1) columns as one Float64Array, NaN where null: what sorting and
   * the chart work on. Built chunk by chunk, once.
   */
  numbers(): Float64Array {
    if (this.numeric !== undefined) return this.numeric;
    if (!isNumeric(this.info.kind)) throw new PondError('TypeMismatch', `${this.info.name} is a ${this.info.type} column, not numbers`);
    const out = new Float64Array(this.vector.length);
    let at = 0;
    for (const chunk of this.vector.data) {
      if (chunk.nullCount === 0 && plainNumbers(chunk.type)) {
        // Floats and small integers without nulls: their values buffer already is the answer.
        out.set((chunk.values as Float64Array).subarray(0, chunk.length), at);
        at += chunk.length;
        continue;
      }
      // One vector per chunk: `get` without searching the column's chunks for every row.
      const part = makeVector(chunk);
      for (let i = 0; i < chunk.length; i++) {
        const value: unknown = part.get(i);
        out[at++] = value === null || value === undefined ? NaN : Number(this.toCell(value));
      }
    }
    this.numeric = out;
    return out;
  }
}

/** Types whose values buffer holds the numbers themselves (not 64-bit, not half floats, not dictionary keys). */
function plainNumbers(type: DataType): boolean {
  return (DataType.isFloat(type) && type.precision !== Precision.HALF) || (DataType.isInt(type) && type.bitWidth <= 32);
}

/** True for the kinds `numbers()` supports. */
export function isNumeric(kind: ColumnKind): boolean {
  return kind === 'number' || kind === 'timestamp' || kind === 'boolean';
}

/** How the grid and the chart treat an Arrow type (dictionaries by their values). */
export function columnKind(type: DataType): ColumnKind {
  if (DataType.isDictionary(type)) return columnKind(type.dictionary);
  if (DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type)) return 'number';
  if (DataType.isTimestamp(type) || DataType.isDate(type)) return 'timestamp';
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type)) return 'string';
  if (DataType.isBool(type)) return 'boolean';
  return 'other';
}

/** Converts a non-null value of `type` (as Arrow's `get` returns it) into a cell. */
function cellConverter(type: DataType, kind: ColumnKind): (value: unknown) => Cell {
  const valueType = DataType.isDictionary(type) ? type.dictionary : type;
  if (DataType.isDecimal(valueType)) return (value) => decimalText(value as Parameters<typeof util.bigNumToString>[0], valueType.scale);
  switch (kind) {
    // Timestamps and dates: Arrow already gives ms since the epoch (a fraction for µs and ns).
    case 'number':
    case 'timestamp':
      return (value) => (typeof value === 'bigint' ? bigintCell(value) : (value as number));
    case 'boolean':
      return (value) => value as boolean;
    case 'string':
      return (value) => value as string;
    case 'other':
      return otherText;
  }
}

/** A 64-bit integer as a number when that is exact, else as its decimal text. */
function bigintCell(value: bigint): Cell {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
}

/** A decimal's exact text (`12.50`): its unscaled integer with the point put back. */
function decimalText(value: Parameters<typeof util.bigNumToString>[0], scale: number): string {
  const digits = util.bigNumToString(value);
  if (scale <= 0) return digits + '0'.repeat(-scale);
  const negative = digits.startsWith('-');
  const abs = (negative ? digits.slice(1) : digits).padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${abs.slice(0, -scale)}.${abs.slice(-scale)}`;
}

/** Anything else as readable text: bytes as hex, nested values as JSON. */
function otherText(value: unknown): string {
  if (value instanceof Uint8Array) {
    const hex = Array.from(value.subarray(0, 32), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return value.length > 32 ? `${hex} … (${value.length} bytes)` : hex;
  }
  if (typeof value === 'object' && value !== null) return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}
