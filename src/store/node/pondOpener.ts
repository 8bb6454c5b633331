import { resolve } from 'node:path';
import { PondError } from '../../errors';
import { MIRROR_META_KEY, type MirrorMark } from '../mirror';
import type { MirrorSource, OpenedMirror, PondOpener } from '../ports';
import { DirectoryLogStore } from './directoryLogStore';
import { LockFileWriteLock } from './lockFile';


/**
 * Opens another pond of this machine (e.g. a replication mirror). In the CLI a pond's local id is its
 * directory: an absolute path, or a path relative to `baseDir`. Only existing pond directories open
 * (`NotFound` otherwise): opening never creates a pond by accident — except a mirror, which replication
 * creates on purpose, empty and marked.
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

  /** The mirror directory `target` of `source`: created (with its mark) when it holds no pond yet. */
  async openMirror(target: string, source: MirrorSource): Promise<OpenedMirror> {
    if (target.trim() === '') throw new PondError('InvalidArgument', 'a mirror directory cannot be empty');
    const dir = this.path(target);
    if (dir === resolve(source.localId)) throw new PondError('InvalidArgument', `${dir} is the pond being replicated; a mirror must be another pond`);
    const fresh = !(await DirectoryLogStore.isPond(dir));
    const store = await DirectoryLogStore.open(dir, { create: fresh });
    try {
      if (fresh) await store.writeMeta(MIRROR_META_KEY, { pondId: source.pondId, source: resolve(source.localId) } satisfies MirrorMark);
      const mark = await store.readMeta<MirrorMark>(MIRROR_META_KEY);
      if (mark === null) throw new PondError('InvalidArgument', `${dir} is not a mirror (an ordinary or promoted pond); replication never writes into it`);
      if (mark.pondId !== source.pondId) throw new PondError('InvalidArgument', `${dir} is a mirror of pond ${mark.pondId}, not of ${source.pondId}`);
    } catch (error) {
      store.close();
      throw error;
    }
    return { localId: store.dir, store, lock: LockFileWriteLock.forPond(store.dir, 'write'), close: () => store.close() };
  }

  /** The pond directory a local id names. */
  path(localId: string): string {
    return resolve(this.baseDir, localId);
  }
}
