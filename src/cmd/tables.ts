import { Bool, type DataType, Field, Float64, type Table, TimestampMillisecond, Utf8, tableToIPC } from 'apache-arrow';
import { PondError } from '../errors';
import { tableFromColumns } from '../tlogfs';

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

/**
 * `2026-11-01T00:00:00Z`, `2026-11-01 00:00:00.250+02:00`: an ISO-8601 / RFC 3339 date-time with seconds
 * optional, a fraction, and a zone. A date-time without a zone stays text: reading it as UTC or as the
 * reader's local time would silently move it.
 */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** ms since the epoch of an ISO-8601 date-time with a zone, or null when `text` is not one (or names no real instant). */
export function parseIsoDateTime(text: string): number | null {
  const m = ISO_DATE_TIME.exec(text.trim());
  if (m === null) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const ms = Number(((m[7] ?? '') + '000').slice(0, 3));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  // Not Date.UTC: it reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  // A day that does not exist in its month (31 April) rolls over to the next: not a date.
  if (date.getUTCDate() !== day) return null;
  const local = date.getTime();
  const zone = m[8] as string;
  if (zone.toUpperCase() === 'Z') return local;
  const digits = zone.replace(':', '');
  const offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
  return zone[0] === '+' ? local - offset : local + offset;
}

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
