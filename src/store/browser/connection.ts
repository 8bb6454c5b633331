import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { closedError } from '../closed';

export interface ConnectionEvents {
  /**
   * Another tab wants to delete or upgrade this database. The connection is already closed when this runs
   * (so that tab is not blocked); every later call fails, and the database must be reopened.
   */
  onVersionChange?: () => void;
  /** Opening waits because another tab still has an older version of the database open. */
  onBlocked?: () => void;
}

/**
 * One open IndexedDB database that steps aside for other tabs: on `versionchange` (another tab deletes or
 * upgrades it) it closes at once instead of blocking them, and from then on refuses use with a typed error.
 */
export class Connection<Schema extends DBSchema> {
  private closed = false;

  private constructor(
    private readonly db: IDBPDatabase<Schema>,
    readonly name: string,
  ) {}

  /** Opens (creating or upgrading) the database `name` at `version`. */
  static async open<Schema extends DBSchema>(
    name: string,
    version: number,
    upgrade: (db: IDBPDatabase<Schema>, oldVersion: number) => void,
    events: ConnectionEvents = {},
  ): Promise<Connection<Schema>> {
    // Assigned before any event can reach the callbacks: `versionchange` and `close` are fired as later tasks
    // than the open's `success`, whose promise continuation runs first.
    let connection: Connection<Schema> | undefined;
    const db = await openDB<Schema>(name, version, {
      upgrade: (database, oldVersion) => upgrade(database, oldVersion),
      blocked: () => events.onBlocked?.(),
      blocking: () => {
        connection?.close();
        events.onVersionChange?.();
      },
      // The browser closed it (storage cleared, disk failure): later calls must fail, not hang.
      terminated: () => {
        if (connection !== undefined) connection.closed = true;
      },
    });
    connection = new Connection(db, name);
    return connection;
  }

  /** The database, or `Unsupported: … is closed` once closed (by us, another tab or the browser). */
  database(): IDBPDatabase<Schema> {
    if (this.closed) throw closedError(`database ${this.name}`);
    return this.db;
  }

  close(): void {
    this.closed = true;
    this.db.close();
  }
}
