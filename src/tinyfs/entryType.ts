import { PondError } from '../errors';

/** The nine entry types of SPEC §3.1, in code order. The string is what the log stores. */
export const ENTRY_TYPES = [
  'dir:physical',
  'dir:dynamic',
  'symlink',
  'file:physical:version',
  'file:dynamic',
  'table:physical:version',
  'file:physical:series',
  'table:physical:series',
  'table:dynamic',
] as const;

export type EntryType = (typeof ENTRY_TYPES)[number];
export type DynamicEntryType = 'dir:dynamic' | 'file:dynamic' | 'table:dynamic';
export type PhysicalFileType =
  | 'file:physical:version'
  | 'table:physical:version'
  | 'file:physical:series'
  | 'table:physical:series';

/** Parses a stored entry-type string; anything unknown (including legacy names) is an error, never a default. */
export function parseEntryType(value: string): EntryType {
  if ((ENTRY_TYPES as readonly string[]).includes(value)) return value as EntryType;
  throw new PondError('InvalidArgument', `unknown entry type '${value}'`);
}

/** The numeric code (1..9) of an entry type; it is also embedded in node ids. */
export function entryTypeCode(type: EntryType): number {
  return ENTRY_TYPES.indexOf(type) + 1;
}

/** The entry type of a numeric code; unknown codes are an error. */
export function entryTypeFromCode(code: number): EntryType {
  const type = Number.isInteger(code) ? ENTRY_TYPES[code - 1] : undefined;
  if (type === undefined) throw new PondError('InvalidArgument', `unknown entry type code ${code}`);
  return type;
}

export function isDynamic(type: EntryType): type is DynamicEntryType {
  return type === 'dir:dynamic' || type === 'file:dynamic' || type === 'table:dynamic';
}

export function isDirectory(type: EntryType): boolean {
  return type === 'dir:physical' || type === 'dir:dynamic';
}

export function isSymlink(type: EntryType): boolean {
  return type === 'symlink';
}

/** Every file-like type, tables included (anything that reads as bytes). */
export function isFile(type: EntryType): boolean {
  return !isDirectory(type) && !isSymlink(type);
}

/** Files whose content is an Arrow IPC table. */
export function isTable(type: EntryType): boolean {
  return type.startsWith('table:');
}

/** Files that read as the combination of all their versions rather than the latest one. */
export function isSeries(type: EntryType): boolean {
  return type.endsWith(':series');
}

/** Types whose content is stored (not produced by a factory). */
export function isPhysical(type: EntryType): boolean {
  return !isDynamic(type);
}

export function isPhysicalFile(type: EntryType): type is PhysicalFileType {
  return isFile(type) && isPhysical(type);
}
