import { Bool, type DataType, Field, Float64, type Table, TimestampMillisecond, Utf8, tableToIPC } from 'apache-arrow';
import { PondError } from '../errors';
import { parseIsoDateTime } from '../factory';
import { tableFromColumns } from '../tlogfs';

// Shared with the synthetic-timeseries factory, which reads its start and end the same way.
export { parseIsoDateTime };

/**
 * `copy --format table`: CSV or JSON (an array of objects) into an Arrow IPC table. Column types are
 * inferred: all numbers → Float64, all true/false → Bool, all ISO-8601 date-times with a zone →
 * Timestamp(ms, UTC), anything else → Utf8; empty cells are null.
 */
export function toArrowTable(text: string, format: 'csv' | 'json', source: string): Uint8Array {
  return tableToIPC(inferTable(format === 'csv' ? parseCsv(text, source) : parseJson(text, source)), 'stream');
}

/** Parsed rows as an Arrow table with inferred column types (built without Arrow's builders: SPEC §10 CSP). */
export function inferTable({ columns, rows }: { columns: readonly string[]; rows: readonly (readonly Cell[])[] }): Table {
  const fields: Field[] = [];
  const values = columns.map((name, c) => {
    const cells = rows.map((row) => row[c] ?? null);
    const type = inferType(cells);
    fields.push(new Field(name, type, true));
    return cells.map((cell) => convert(cell, type));
  });
  return tableFromColumns(fields, values, rows.length);
}

type Cell = string | number | boolean | null;

const isDateTime = (c: Cell): boolean => typeof c === 'string' && parseIsoDateTime(c) !== null;

function inferType(cells: readonly Cell[]): DataType {
  const present = cells.filter((c) => c !== null && c !== '');
  if (present.length > 0 && present.every((c) => typeof c === 'number' || (typeof c === 'string' && c.trim() !== '' && Number.isFinite(Number(c))))) return new Float64();
  if (present.length > 0 && present.every((c) => typeof c === 'boolean' || c === 'true' || c === 'false')) return new Bool();
  if (present.length > 0 && present.every(isDateTime)) return new TimestampMillisecond('UTC');
  return new Utf8();
}

function convert(cell: Cell, type: DataType): unknown {
  if (cell === null || cell === '') return null;
  if (type instanceof Float64) return Number(cell);
  if (type instanceof Bool) return cell === true || cell === 'true';
  if (type instanceof TimestampMillisecond) return BigInt(parseIsoDateTime(cell as string) as number);
  return typeof cell === 'string' ? cell : JSON.stringify(cell);
}

/** RFC 4180 CSV: the first row names the columns; quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string, source: string): { columns: string[]; rows: Cell[][] } {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      line++;
    } else field += c;
  }
  if (quoted) throw new PondError('InvalidArgument', `${source}: line ${line}: unterminated quoted field`);
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header, ...rows] = records.filter((r) => !(r.length === 1 && r[0] === ''));
  if (header === undefined) throw new PondError('InvalidArgument', `${source}: empty CSV (a header row is needed)`);
  rows.forEach((row, i) => {
    if (row.length !== header.length) {
      throw new PondError('InvalidArgument', `${source}: row ${i + 2} has ${row.length} fields, the header has ${header.length}`);
    }
  });
  return { columns: header, rows };
}

function parseJson(text: string, source: string): { columns: string[]; rows: Cell[][] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PondError('InvalidArgument', `${source}: not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(value) || value.some((row) => typeof row !== 'object' || row === null || Array.isArray(row))) {
    throw new PondError('InvalidArgument', `${source}: expected a JSON array of objects`);
  }
  const columns = [...new Set(value.flatMap((row: object) => Object.keys(row)))];
  const rows = value.map((row: Record<string, unknown>) =>
    columns.map((c) => {
      const v = row[c];
      return v === undefined || v === null ? null : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : JSON.stringify(v);
    }),
  );
  return { columns, rows };
}
