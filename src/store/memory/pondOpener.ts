import { PondError } from '../../errors';
import type { LogStore, MirrorSource, OpenedMirror, PondOpener } from '../ports';
import { MemoryLogStore } from './logStore';
import { MemoryWriteLock } from './writeLock';

/**
 * Other ponds of this "machine", by local id (tests of replication and mirrors). A mirror opened by name is
 * created on first use and remembered as a mirror of its source's pond id until `promote`.
 */
export class MemoryPondOpener implements PondOpener {
  private readonly stores: Map<string, LogStore>;
  private readonly locks = new Map<string, MemoryWriteLock>();
  /** local id → the pond id it mirrors. */
  private readonly mirrors = new Map<string, string>();

  constructor(stores: ReadonlyMap<string, LogStore> = new Map()) {
    this.stores = new Map(stores);
  }

  async openStore(localId: string): Promise<LogStore> {
    const store = this.stores.get(localId);
    if (store === undefined) throw new PondError('NotFound', `pond ${localId}`);
    return store;
  }

  async openMirror(target: string, source: MirrorSource): Promise<OpenedMirror> {
    if (target === source.localId) throw new PondError('InvalidArgument', `pond '${target}' is the pond being replicated; a mirror must be another pond`);
    let store = this.stores.get(target);
    if (store === undefined) {
      store = new MemoryLogStore();
      this.stores.set(target, store);
      this.mirrors.set(target, source.pondId);
    }
    const of = this.mirrors.get(target);
    if (of === undefined) throw new PondError('InvalidArgument', `pond '${target}' is not a mirror (an ordinary or promoted pond); replication never writes into it`);
    if (of !== source.pondId) throw new PondError('InvalidArgument', `pond '${target}' is a mirror of pond ${of}, not of ${source.pondId}`);
    return { localId: target, store, lock: this.lock(target), close: () => undefined };
  }

  /** Whether `localId` is (still) a mirror. */
  isMirror(localId: string): boolean {
    return this.mirrors.has(localId);
  }

  /** Makes a mirror an ordinary pond: replication refuses to write into it from now on. */
  promote(localId: string): void {
    if (!this.mirrors.delete(localId)) throw new PondError('InvalidArgument', `pond '${localId}' is not a mirror`);
  }

  /** The write lock of `localId`, one per pond (shared with whoever else asks for it). */
  lock(localId: string): MemoryWriteLock {
    let lock = this.locks.get(localId);
    if (lock === undefined) this.locks.set(localId, (lock = new MemoryWriteLock()));
    return lock;
  }
}
