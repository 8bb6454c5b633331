import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PondError } from '../../errors';
import { DirectoryLogStore } from './directoryLogStore';
import { isErrno, syncDirectory } from './fsUtil';

/**
 * A new pond directory built beside `dir` (`.<name>.import-<uuid>`, same file system) and moved into
 * place whole by `publish` with one `rename` — so an import that fails midway leaves nothing at `dir`.
 * `publish` over an existing pond moves the old one aside first and removes it after the swap. A
 * non-empty directory at `dir` that is not a pond is refused before anything is written.
 */
export async function stagePondDirectory(dir: string): Promise<{ store: DirectoryLogStore; publish(): Promise<void>; discard(): Promise<void> }> {
  const target = resolve(dir);
  const parent = dirname(target);
  const isPond = await DirectoryLogStore.isPond(target);
  if (!isPond) {
    const entries = await readdir(target).catch((error: unknown) => {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    });
    if (entries.length > 0) throw new PondError('AlreadyExists', `${target} exists, is not empty and is not a pond; nothing was changed`);
  }
  await mkdir(parent, { recursive: true });
  const staging = join(parent, `.${basename(target)}.import-${randomUUID()}`);
  const store = await DirectoryLogStore.open(staging, { create: true });
  const discard = async (): Promise<void> => {
    store.close();
    await rm(staging, { recursive: true, force: true });
  };
  const publish = async (): Promise<void> => {
    store.close();
    await rm(join(staging, 'tmp'), { recursive: true, force: true });
    await mkdir(join(staging, 'tmp'));
    const aside = join(parent, `.${basename(target)}.replaced-${randomUUID()}`);
    let moved = false;
    if (await DirectoryLogStore.isPond(target)) {
      await rename(target, aside);
      moved = true;
    } else {
      await rmdir(target).catch((error: unknown) => {
        if (!isErrno(error, 'ENOENT')) throw error;
      });
    }
    try {
      await rename(staging, target);
    } catch (error) {
      if (moved) await rename(aside, target);
      await discard();
      throw error;
    }
    await syncDirectory(parent);
    if (moved) await rm(aside, { recursive: true, force: true });
  };
  return { store, publish, discard };
}
