import { PondError } from '../../errors';
import type { LogStore, PondOpener } from '../ports';

/** Other ponds of this "machine", by local id (tests of replication and mirrors). */
export class MemoryPondOpener implements PondOpener {
  constructor(private readonly stores: ReadonlyMap<string, LogStore>) {}

  async openStore(localId: string): Promise<LogStore> {
    const store = this.stores.get(localId);
    if (store === undefined) throw new PondError('NotFound', `pond ${localId}`);
    return store;
  }
}
