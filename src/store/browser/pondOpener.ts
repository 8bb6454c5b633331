import { PondError } from '../../errors';
import { type Catalog, findByName } from '../catalog';
import type { MirrorSource, OpenedMirror, PondOpener, WriteLock } from '../ports';
import { BrowserLogStore } from './logStore';
import { WebLockWriteLock } from './webLock';

/** Opens other ponds of this browser: by local id (only ponds in the catalog), and mirrors by name. */
export class BrowserPondOpener implements PondOpener {
  constructor(
    private readonly catalog: Catalog,
    /** The write lock of a local id: the pond's Web Lock (injectable: Node tests have no `navigator`). */
    private readonly lockFor: (localId: string) => WriteLock = (localId) => new WebLockWriteLock(localId),
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
    return { localId: entry.localId, store, lock: this.lockFor(entry.localId), close: () => store.close() };
  }
}
