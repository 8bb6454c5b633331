import { resolve } from 'node:path';
import { PondError } from '../../errors';
import type { PondOpener } from '../ports';
import { DirectoryLogStore } from './directoryLogStore';

/**
 * Opens another pond of this machine (e.g. a replication mirror). In the CLI a pond's local id is its
 * directory: an absolute path, or a path relative to `baseDir`. Only existing pond directories open
 * (`NotFound` otherwise): opening never creates a pond by accident.
 */
export class NodePondOpener implements PondOpener {
  readonly baseDir: string;

  constructor(baseDir: string = process.cwd()) {
    this.baseDir = resolve(baseDir);
  }

  async openStore(localId: string): Promise<DirectoryLogStore> {
    if (localId.trim() === '') throw new PondError('InvalidArgument', 'a pond local id (its directory) cannot be empty');
    return DirectoryLogStore.open(this.path(localId));
  }

  /** The pond directory a local id names. */
  path(localId: string): string {
    return resolve(this.baseDir, localId);
  }
}
