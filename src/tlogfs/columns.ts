import { Binary, Bool, type Data, type DataType, type Field, Float64, Int64, RecordBatch, Schema, Struct, Table, Timestamp, Utf8, makeData } from 'apache-arrow';
import { PondError } from '../errors';

/**
 * Arrow column data built directly from values. apache-arrow's own `Builder`/`vectorFromArray` compile
 * their null check with `new Function`, which the app's Content-Security-Policy forbids (SPEC §10), so
 * every column we write is assembled here: values, offsets and a validity bitmap, nothing generated.
 */

const encoder = new TextEncoder();

/** A column of one of the types our schemas use, from plain values (null allowed where the field is nullable). */
export function columnData(type: DataType, values: readonly unknown[]): Data {
  if (type instanceof Utf8) return utf8Column(type, values as readonly (string | null)[]);
  if (type instanceof Binary) return bytesColumn(type, values as readonly (Uint8Array | null)[]);
  // Every timestamp unit is a 64-bit count since the epoch; the values are given in the field's unit.
  if (type instanceof Int64 || type instanceof Timestamp) return int64Column(type, values as readonly (bigint | null)[]);
  if (type instanceof Float64) return float64Column(type, values as readonly (number | null)[]);
  if (type instanceof Bool) return boolColumn(type, values as readonly (boolean | null)[]);
  throw new PondError('Unsupported', `no column encoder for Arrow type ${String(type)}`);
}

/** A one-batch table of `fields` whose columns hold `values[i]` (each `length` long), built without builders. */
export function tableFromColumns(fields: readonly Field[], values: readonly (readonly unknown[])[], length: number): Table {
  const schema = new Schema([...fields]);
  const children = fields.map((field, i) => columnData(field.type as DataType, values[i] ?? []));
  const data = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children } as never);
  return new Table(new RecordBatch(schema, data as never));
}

/**
 * Strings straight into one buffer with `encodeInto` (UTF-8 needs at most 3 bytes per UTF-16 unit): no
 * per-value allocation, which dominated commits of large directory snapshots.
 */
function utf8Column(type: Utf8, values: readonly (string | null)[]): Data {
  const offsets = new Int32Array(values.length + 1);
  let capacity = 0;
  for (const v of values) capacity += v === null ? 0 : v.length * 3;
  const buffer = new Uint8Array(capacity);
  let total = 0;
  values.forEach((v, i) => {
    if (v !== null) total += encoder.encodeInto(v, buffer.subarray(total)).written;
    offsets[i + 1] = total;
  });
  const { bitmap, nullCount } = validity(values);
  return makeData({ type, length: values.length, nullCount, nullBitmap: bitmap, valueOffsets: offsets, data: buffer.subarray(0, total) } as never);
}

function bytesColumn(type: Binary, values: readonly (Uint8Array | null)[]): Data {
  const offsets = new Int32Array(values.length + 1);
  let total = 0;
  values.forEach((v, i) => {
    total += v?.length ?? 0;
    offsets[i + 1] = total;
  });
  const data = new Uint8Array(total);
  values.forEach((v, i) => {
    if (v !== null) data.set(v, offsets[i] as number);
  });
  const { bitmap, nullCount } = validity(values);
  return makeData({ type, length: values.length, nullCount, nullBitmap: bitmap, valueOffsets: offsets, data } as never);
}

function int64Column(type: Int64 | Timestamp, values: readonly (bigint | null)[]): Data {
  const data = new BigInt64Array(values.length);
  values.forEach((v, i) => {
    if (v !== null) data[i] = v;
  });
  const { bitmap, nullCount } = validity(values);
  return makeData({ type, length: values.length, nullCount, nullBitmap: bitmap, data } as never);
}

function float64Column(type: Float64, values: readonly (number | null)[]): Data {
  const data = new Float64Array(values.length);
  values.forEach((v, i) => {
    if (v !== null) data[i] = v;
  });
  const { bitmap, nullCount } = validity(values);
  return makeData({ type, length: values.length, nullCount, nullBitmap: bitmap, data } as never);
}

function boolColumn(type: Bool, values: readonly (boolean | null)[]): Data {
  const data = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v === true) data[i >> 3] = (data[i >> 3] as number) | (1 << (i & 7));
  });
  const { bitmap, nullCount } = validity(values);
  return makeData({ type, length: values.length, nullCount, nullBitmap: bitmap, data } as never);
}

/** Arrow's validity bitmap (bit set = value present), or none when nothing is null. */
function validity(values: readonly unknown[]): { bitmap: Uint8Array | undefined; nullCount: number } {
  let nullCount = 0;
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v === null) nullCount++;
    else bitmap[i >> 3] = (bitmap[i >> 3] as number) | (1 << (i & 7));
  });
  return { bitmap: nullCount === 0 ? undefined : bitmap, nullCount };
}
