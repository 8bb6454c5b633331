import { PondError } from '../errors';

/**
 * The list of ponds of this browser (or machine): user-visible names over stable local ids (SPEC §4.2).
 * Storage is keyed by the local id because IndexedDB cannot rename databases; the name lives only here.
 */

export interface CatalogEntry {
  /** Stable local id: names the pond's database, its lock and its change channel. */
  readonly localId: string;
  readonly name: string;
  /** The pond's own id (shared by a mirror and its source). */
  readonly pondId: string;
  /** ms since the epoch. */
  readonly created: number;
  readonly lastOpened: number;
  /** Bytes, as last measured by the caller. */
  readonly size: number;
  /**
   * Set on a replication mirror: the local id of the pond it copies. A mirror opens read-only and only its
   * replicator writes into it, until `promote` removes the mark.
   */
  readonly mirrorOf?: string;
}

/** How a new catalog entry is made. */
export interface CreateOptions {
  /** The local id whose storage was filled before it was listed (an import); a fresh one otherwise. */
  readonly localId?: string;
  /** Marks the entry as a mirror of this local id. */
  readonly mirrorOf?: string;
}

export interface Catalog {
  /** Registers a new pond (see `CreateOptions`); `AlreadyExists` when the name is taken (case-insensitive). */
  create(name: string, pondId: string, options?: CreateOptions): Promise<CatalogEntry>;
  /** Every pond, sorted by name. */
  list(): Promise<CatalogEntry[]>;
  /** `NotFound` for an unknown local id. */
  get(localId: string): Promise<CatalogEntry>;
  rename(localId: string, name: string): Promise<CatalogEntry>;
  /** Records that the pond was opened now. */
  touch(localId: string): Promise<CatalogEntry>;
  setSize(localId: string, size: number): Promise<CatalogEntry>;
  /** Makes a mirror an ordinary, writable pond; `InvalidArgument` when it is not a mirror. */
  promote(localId: string): Promise<CatalogEntry>;
  /** Forgets the pond and deletes its storage. */
  delete(localId: string): Promise<void>;
  close(): void;
}

/** The pond name to store: trimmed; `InvalidName` when empty. */
export function checkPondName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new PondError('InvalidName', 'a pond name cannot be empty');
  return trimmed;
}

/** The form two names are compared in for uniqueness ("Sensors" and "sensors" are the same pond name). */
export function pondNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** `AlreadyExists` when another entry than `except` already uses `name`. */
export function checkNameFree(entries: readonly CatalogEntry[], name: string, except?: string): void {
  const key = pondNameKey(name);
  if (entries.some((entry) => entry.localId !== except && pondNameKey(entry.name) === key)) {
    throw new PondError('AlreadyExists', `a pond named '${name}'`);
  }
}

const byNameCollator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Catalog order: by name as people read it ("pond 2" before "pond 10"), then by local id for ties. */
export function compareEntries(a: CatalogEntry, b: CatalogEntry): number {
  return byNameCollator.compare(a.name, b.name) || (a.localId < b.localId ? -1 : a.localId > b.localId ? 1 : 0);
}

/** The entry named `name` (compared as names are for uniqueness), or undefined. */
export function findByName(entries: readonly CatalogEntry[], name: string): CatalogEntry | undefined {
  const key = pondNameKey(name.trim());
  return entries.find((entry) => pondNameKey(entry.name) === key);
}

export function pondNotFound(localId: string): PondError {
  return new PondError('NotFound', `pond ${localId}`);
}

/** Throws `InvalidArgument` unless `size` is a non-negative safe integer. */
export function checkSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new PondError('InvalidArgument', `pond size must be a non-negative integer of bytes, got ${size}`);
  }
}
