import { PondError } from '../../errors';
import { type Catalog, findByName } from '../catalog';
import type { MirrorSource, OpenedMirror, PondOpener } from '../ports';
import { BrowserLogStore } from './logStore';
import { type Locks, WebLockWriteLock } from './webLock';

/** Opens other ponds of this browser: by local id (only ponds in the catalog), and mirrors by name. */
export class BrowserPondOpener implements PondOpener {
  constructor(
    private readonly catalog: Catalog,
    /** Web Locks (injectable: Node tests have no `navigator`). */
    private readonly locks?: Locks,
  ) {}

  async openStore(localId: string): Promise<BrowserLogStore> {
    // Throws NotFound first: opening an unknown id would silently create an empty pond database.
    await this.catalog.get(localId);
    return BrowserLogStore.open(localId);
  }

  /**
   * The pond named `target`, which must be a mirror of `source` (its catalog entry marked `mirrorOf`, the same
   * pond id); created empty and marked when no pond has that name. Its lock is its own local id's.
   */
  async openMirror(target: string, source: MirrorSource): Promise<OpenedMirror> {
    let entry = findByName(await this.catalog.list(), target);
    if (entry === undefined) {
      entry = await this.catalog.create(target, source.pondId, { mirrorOf: source.localId });
    } else if (entry.localId === source.localId) {
      throw new PondError('InvalidArgument', `pond '${entry.name}' is the pond being replicated; a mirror must be another pond`);
    } else if (entry.mirrorOf === undefined) {
      throw new PondError('InvalidArgument', `pond '${entry.name}' is not a mirror (an ordinary or promoted pond); replication never writes into it`);
    } else if (entry.pondId !== source.pondId) {
      throw new PondError('InvalidArgument', `pond '${entry.name}' is a mirror of pond ${entry.pondId}, not of ${source.pondId}`);
    }
    const store = await BrowserLogStore.open(entry.localId);
    const lock = this.locks === undefined ? new WebLockWriteLock(entry.localId) : new WebLockWriteLock(entry.localId, this.locks);
    return { localId: entry.localId, store, lock, close: () => store.close() };
  }
}
