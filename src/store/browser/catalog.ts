import { deleteDB, type DBSchema, type IDBPDatabase } from 'idb';
import { PondError } from '../../errors';
import {
  type Catalog,
  type CatalogEntry,
  type CreateOptions,
  checkNameFree,
  checkPondName,
  checkSize,
  compareEntries,
  pondNotFound,
} from '../catalog';
import { Connection, type ConnectionEvents } from './connection';
import { settleWrite } from './idbWrite';
import { CATALOG_DATABASE, pondDatabaseName } from './names';

interface CatalogSchema extends DBSchema {
  /** local id → entry (in-line key `localId`). */
  ponds: { key: string; value: CatalogEntry };
}

export interface BrowserCatalogOptions extends ConnectionEvents {
  /** Clock for `created`/`lastOpened` (ms); injectable for tests. */
  now?: () => number;
  /** Fresh local ids; `crypto.randomUUID()` unless a test wants predictable ones. */
  newLocalId?: () => string;
  /** `delete` waits for another tab that keeps the pond's database open and does not close it. */
  onDeleteBlocked?: (localId: string) => void;
}

/** The catalog of this browser's ponds: one small database, `duckpond:catalog` (SPEC §4.2). */
export class BrowserCatalog implements Catalog {
  private readonly now: () => number;
  private readonly newLocalId: () => string;

  private constructor(
    private readonly connection: Connection<CatalogSchema>,
    private readonly options: BrowserCatalogOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.newLocalId = options.newLocalId ?? (() => crypto.randomUUID());
  }

  /** Opens (creating if new) the catalog database. */
  static async open(options: BrowserCatalogOptions = {}): Promise<BrowserCatalog> {
    const connection = await Connection.open<CatalogSchema>(CATALOG_DATABASE, 1, upgradeCatalog, options);
    return new BrowserCatalog(connection, options);
  }

  async create(name: string, pondId: string, options: CreateOptions = {}): Promise<CatalogEntry> {
    const entryName = checkPondName(name);
    if (pondId === '') throw new PondError('InvalidArgument', 'a pond id cannot be empty');
    const now = this.now();
    const entry: CatalogEntry = {
      localId: options.localId ?? this.newLocalId(),
      name: entryName,
      pondId,
      created: now,
      lastOpened: now,
      size: 0,
      ...(options.mirrorOf === undefined ? {} : { mirrorOf: options.mirrorOf }),
    };
    const tx = this.connection.database().transaction('ponds', 'readwrite');
    // Checked and written in one readwrite transaction, so two tabs cannot both take the same name.
    await settleWrite(tx, () => [
      (async () => {
        checkNameFree(await tx.store.getAll(), entryName);
        await tx.store.add(entry);
      })(),
    ], `catalog entry '${entryName}'`, () => new PondError('AlreadyExists', `a pond with local id ${entry.localId}`));
    return entry;
  }

  async list(): Promise<CatalogEntry[]> {
    return (await this.connection.database().getAll('ponds')).sort(compareEntries);
  }

  async get(localId: string): Promise<CatalogEntry> {
    const entry = await this.connection.database().get('ponds', localId);
    if (entry === undefined) throw pondNotFound(localId);
    return entry;
  }

  async rename(localId: string, name: string): Promise<CatalogEntry> {
    const entryName = checkPondName(name);
    return this.update(localId, (entry, all) => {
      checkNameFree(all, entryName, localId);
      return { ...entry, name: entryName };
    });
  }

  async touch(localId: string): Promise<CatalogEntry> {
    const now = this.now();
    return this.update(localId, (entry) => ({ ...entry, lastOpened: now }));
  }

  async setSize(localId: string, size: number): Promise<CatalogEntry> {
    checkSize(size);
    return this.update(localId, (entry) => ({ ...entry, size }));
  }

  async promote(localId: string): Promise<CatalogEntry> {
    return this.update(localId, (entry) => {
      if (entry.mirrorOf === undefined) throw new PondError('InvalidArgument', `pond '${entry.name}' is not a mirror; only a mirror can be promoted`);
      const { mirrorOf: _mirrorOf, ...promoted } = entry;
      return promoted;
    });
  }

  async delete(localId: string): Promise<void> {
    const tx = this.connection.database().transaction('ponds', 'readwrite');
    await settleWrite(tx, () => [
      (async () => {
        if ((await tx.store.getKey(localId)) === undefined) throw pondNotFound(localId);
        await tx.store.delete(localId);
      })(),
    ], `catalog deletion of ${localId}`);
    // The entry goes first: should deleting the database fail, an unlisted database wastes space, whereas
    // a listed pond without its database would be a broken pond.
    await deleteDB(pondDatabaseName(localId), { blocked: () => this.options.onDeleteBlocked?.(localId) });
  }

  close(): void {
    this.connection.close();
  }

  /** Reads the entry (and all others, for name checks), applies `change` and writes it, in one transaction. */
  private async update(
    localId: string,
    change: (entry: CatalogEntry, all: readonly CatalogEntry[]) => CatalogEntry,
  ): Promise<CatalogEntry> {
    const tx = this.connection.database().transaction('ponds', 'readwrite');
    let updated: CatalogEntry | undefined;
    await settleWrite(tx, () => [
      (async () => {
        const all = await tx.store.getAll();
        const entry = all.find((candidate) => candidate.localId === localId);
        if (entry === undefined) throw pondNotFound(localId);
        updated = change(entry, all);
        await tx.store.put(updated);
      })(),
    ], `catalog entry ${localId}`);
    // settleWrite resolved, so the callback ran to its end and set it.
    return updated as CatalogEntry;
  }
}

function upgradeCatalog(db: IDBPDatabase<CatalogSchema>, oldVersion: number): void {
  if (oldVersion < 1) db.createObjectStore('ponds', { keyPath: 'localId' });
}
