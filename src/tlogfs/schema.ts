import {
  Binary,
  Field,
  Int64,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampMicrosecond,
  Utf8,
  makeData,
  tableFromIPC,
  tableToIPC,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { PondError, errorMessage } from '../errors';
import { columnData } from './columns';
import { type DynamicEntryType, type EntryType, type FileID, isDynamic, parseEntryType } from '../tinyfs';

/** How an entry's content is stored: inline bytes, or a directory's full snapshot. */
export type StorageFormat = 'inline' | 'fulldir';

/** One version of one node (SPEC §4.1): the row type of every log record and checkpoint. */
export interface OplogEntry {
  readonly partId: string;
  readonly nodeId: string;
  readonly fileType: EntryType;
  /** When the record was made, µs since the epoch (UTC). */
  readonly timestamp: number;
  /** Per node, from 1, +1 per change. */
  readonly version: number;
  /** Inline bytes (small file, symlink target, directory snapshot, raw YAML config); null for blobs. */
  readonly content: Uint8Array | null;
  /** Hex BLAKE3 of file content; null for directories, symlinks and dynamic nodes. */
  readonly blake3: string | null;
  readonly size: number | null;
  readonly minEventTime: number | null;
  readonly maxEventTime: number | null;
  /** A JSON object, as text. */
  readonly extendedAttributes: string | null;
  /** The factory name; set exactly when the node is dynamic. */
  readonly factory: string | null;
  readonly format: StorageFormat;
  readonly txnSeq: number;
  readonly pondId: string;
}

/** Where and when a record is made: shared by every constructor. */
export interface EntryStamp {
  readonly id: FileID;
  readonly fileType: EntryType;
  readonly timestamp: number;
  readonly version: number;
  readonly txnSeq: number;
  readonly pondId: string;
}

/** A record of a physical node (file, symlink, directory snapshot). Dynamic types are refused, as in the seed. */
export function newEntry(
  stamp: EntryStamp,
  body: {
    content: Uint8Array | null;
    format?: StorageFormat;
    blake3?: string | null;
    size?: number | null;
    extendedAttributes?: string | null;
    minEventTime?: number | null;
    maxEventTime?: number | null;
  },
): OplogEntry {
  if (isDynamic(stamp.fileType)) {
    throw new PondError('InvalidArgument', `cannot create an OplogEntry for dynamic type ${stamp.fileType} without a factory; use newDynamicNode`);
  }
  return {
    partId: stamp.id.partId,
    nodeId: stamp.id.nodeId,
    fileType: stamp.fileType,
    timestamp: stamp.timestamp,
    version: stamp.version,
    content: body.content,
    blake3: body.blake3 ?? null,
    size: body.size ?? null,
    minEventTime: body.minEventTime ?? null,
    maxEventTime: body.maxEventTime ?? null,
    extendedAttributes: body.extendedAttributes ?? null,
    factory: null,
    format: body.format ?? 'inline',
    txnSeq: stamp.txnSeq,
    pondId: stamp.pondId,
  };
}

/** A dynamic node version: the factory name, and the config exactly as the user wrote it (raw YAML bytes). */
export function newDynamicNode(stamp: EntryStamp & { fileType: DynamicEntryType }, factoryType: string, configBytes: Uint8Array): OplogEntry {
  if (!isDynamic(stamp.fileType)) throw new PondError('InvalidArgument', `${stamp.fileType} is not a dynamic entry type`);
  if (factoryType.length === 0) throw new PondError('InvalidArgument', 'a dynamic node needs a factory name');
  return {
    partId: stamp.id.partId,
    nodeId: stamp.id.nodeId,
    fileType: stamp.fileType,
    timestamp: stamp.timestamp,
    version: stamp.version,
    content: configBytes,
    blake3: null,
    size: configBytes.length,
    minEventTime: null,
    maxEventTime: null,
    extendedAttributes: null,
    factory: factoryType,
    format: 'inline',
    txnSeq: stamp.txnSeq,
    pondId: stamp.pondId,
  };
}

/** The one Arrow schema of OplogEntry rows, used to encode log records and checkpoints alike. */
export const OPLOG_SCHEMA = new Schema([
  new Field('part_id', new Utf8(), false),
  new Field('node_id', new Utf8(), false),
  new Field('file_type', new Utf8(), false),
  new Field('timestamp', new TimestampMicrosecond('UTC'), false),
  new Field('version', new Int64(), false),
  new Field('content', new Binary(), true),
  new Field('blake3', new Utf8(), true),
  new Field('size', new Int64(), true),
  new Field('min_event_time', new Int64(), true),
  new Field('max_event_time', new Int64(), true),
  new Field('extended_attributes', new Utf8(), true),
  new Field('factory', new Utf8(), true),
  new Field('format', new Utf8(), false),
  new Field('txn_seq', new Int64(), false),
  new Field('pond_id', new Utf8(), false),
]);

export type Column = (entry: OplogEntry) => unknown;
const big = (n: number | null): bigint | null => (n === null ? null : BigInt(n));

/** How each column is read from an entry, in schema order (the benchmark times them stage by stage too). */
export const OPLOG_COLUMNS: Readonly<Record<string, Column>> = {
  part_id: (e) => e.partId,
  node_id: (e) => e.nodeId,
  file_type: (e) => e.fileType,
  timestamp: (e) => BigInt(e.timestamp),
  version: (e) => BigInt(e.version),
  content: (e) => e.content,
  blake3: (e) => e.blake3,
  size: (e) => big(e.size),
  min_event_time: (e) => big(e.minEventTime),
  max_event_time: (e) => big(e.maxEventTime),
  extended_attributes: (e) => e.extendedAttributes,
  factory: (e) => e.factory,
  format: (e) => e.format,
  txn_seq: (e) => BigInt(e.txnSeq),
  pond_id: (e) => e.pondId,
};

/** Encodes entries as one Arrow IPC stream (one log record or one checkpoint). */
export function encodeEntries(entries: readonly OplogEntry[], metadata: ReadonlyMap<string, string> = new Map()): Uint8Array {
  return encodeTable(OPLOG_SCHEMA, entries, (field) => entries.map(OPLOG_COLUMNS[field] as Column), metadata);
}

/**
 * Decodes a log record or checkpoint; anything that is not exactly our schema is `Corrupt`. Each `content`
 * is copied out of `bytes` unless `views` is set: a caller that only checks the entries and drops them (a
 * verification pass) takes views and saves copying every inline file.
 */
export function decodeEntries(bytes: Uint8Array, what: string, options: { views?: boolean } = {}): { entries: OplogEntry[]; metadata: Map<string, string> } {
  const table = decodeTable(bytes, OPLOG_SCHEMA, what);
  const columns = new Map(OPLOG_SCHEMA.fields.map((f) => [f.name, table.getChild(f.name) as Vector]));
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  const entries: OplogEntry[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const get = (name: string): unknown => columns.get(name)?.get(i);
    const fileType = parseEntryType(get('file_type') as string);
    const format = get('format');
    if (format !== 'inline' && format !== 'fulldir') throw new PondError('Corrupt', `${what}: row ${i} has unknown format '${String(format)}'`);
    const content = get('content') as Uint8Array | null;
    entries.push({
      partId: get('part_id') as string,
      nodeId: get('node_id') as string,
      fileType,
      timestamp: Math.round((get('timestamp') as number) * 1000),
      version: Number(get('version')),
      // Copy out of the IPC buffer: one long-lived small config must not pin a whole decoded record.
      content: content === null || options.views === true ? content : content.slice(),
      blake3: get('blake3') as string | null,
      size: num(get('size')),
      minEventTime: num(get('min_event_time')),
      maxEventTime: num(get('max_event_time')),
      extendedAttributes: get('extended_attributes') as string | null,
      factory: get('factory') as string | null,
      format,
      txnSeq: Number(get('txn_seq')),
      pondId: get('pond_id') as string,
    });
  }
  return { entries, metadata: new Map(table.schema.metadata) };
}

/** One entry of a directory snapshot (SPEC §4.1). */
export interface SnapshotEntry {
  readonly name: string;
  readonly childNodeId: string;
  readonly entryType: EntryType;
  /** The child's version when this name was bound to it. */
  readonly versionLastModified: number;
}

export const DIRECTORY_SCHEMA = new Schema([
  new Field('name', new Utf8(), false),
  new Field('child_node_id', new Utf8(), false),
  new Field('entry_type', new Utf8(), false),
  new Field('version_last_modified', new Int64(), false),
]);

const SNAPSHOT_COLUMNS: Record<string, (e: SnapshotEntry) => unknown> = {
  name: (e) => e.name,
  child_node_id: (e) => e.childNodeId,
  entry_type: (e) => e.entryType,
  version_last_modified: (e) => BigInt(e.versionLastModified),
};

export function encodeSnapshot(entries: readonly SnapshotEntry[]): Uint8Array {
  return encodeTable(DIRECTORY_SCHEMA, entries, (field) => entries.map(SNAPSHOT_COLUMNS[field] as (e: SnapshotEntry) => unknown));
}

export function decodeSnapshot(bytes: Uint8Array, what: string): SnapshotEntry[] {
  const table = decodeTable(bytes, DIRECTORY_SCHEMA, what);
  const [names, ids, types, versions] = DIRECTORY_SCHEMA.fields.map((f) => table.getChild(f.name) as Vector);
  const out: SnapshotEntry[] = [];
  for (let i = 0; i < table.numRows; i++) {
    out.push({
      name: names?.get(i) as string,
      childNodeId: ids?.get(i) as string,
      entryType: parseEntryType(types?.get(i) as string),
      versionLastModified: Number(versions?.get(i)),
    });
  }
  return out;
}

function encodeTable<T>(
  schema: Schema,
  rows: readonly T[],
  valuesOf: (field: string) => unknown[],
  metadata: ReadonlyMap<string, string> = new Map(),
): Uint8Array {
  const children = schema.fields.map((field) => columnData(field.type as DataType, valuesOf(field.name)));
  const withMeta = new Schema(schema.fields, new Map(metadata));
  const data = makeData({ type: new Struct(withMeta.fields), length: rows.length, nullCount: 0, children: children as never });
  return tableToIPC(new Table(new RecordBatch(withMeta, data)), 'stream');
}

function decodeTable(bytes: Uint8Array, schema: Schema, what: string): Table {
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    throw new PondError('Corrupt', `${what}: not a readable Arrow IPC stream (${errorMessage(error)})`, { cause: error });
  }
  const actual = table.schema.fields.map((f) => `${f.name}:${f.type}`).join(',');
  const expected = schema.fields.map((f) => `${f.name}:${f.type}`).join(',');
  if (actual !== expected) throw new PondError('Corrupt', `${what}: schema is [${actual}], expected [${expected}]`);
  return table;
}
