/** In-memory adapters of every port: the reference implementations, used by tests and scratch ponds. */
export { MemoryLogStore } from './logStore';
export { MemoryWriteLock } from './writeLock';
export { MemoryChangeHub, MemoryChangeNotifier } from './changeNotifier';
export { MemorySecrets } from './secrets';
export { MemoryHostFiles, type MemoryHostFilesOptions } from './hostFiles';
export { MemoryPondOpener } from './pondOpener';
export { MemoryHttp } from './http';
