import type { Catalog } from '../catalog';
import type { PondOpener } from '../ports';
import { BrowserLogStore } from './logStore';

/** Opens another pond of this browser by local id; only ponds in the catalog (opening creates a database). */
export class BrowserPondOpener implements PondOpener {
  constructor(private readonly catalog: Catalog) {}

  async openStore(localId: string): Promise<BrowserLogStore> {
    // Throws NotFound first: opening an unknown id would silently create an empty pond database.
    await this.catalog.get(localId);
    return BrowserLogStore.open(localId);
  }
}
