/**
 * Node adapters of the store ports, for the `duckpond` CLI: a pond directory on disk, lock files,
 * `node:fs` host files, the process environment as secrets, and fetch. Layout: `docs/pond-format.md`.
 */
export {
  DirectoryLogStore,
  type DirectoryLogStoreOptions,
  type CommitStep,
  FORMAT_FILE,
  POND_FORMAT,
  POND_FORMAT_VERSION,
  WRITE_LOCK_FILE,
  RUNNER_LOCK_FILE,
  metaFileName,
  seqName,
} from './directoryLogStore';
export { LockFileWriteLock, type LockFileWriteLockOptions, type LockFileContent } from './lockFile';
export { NodeHostFiles, type NodeHostFilesOptions, type ByteSource } from './hostFiles';
export { EnvSecrets, type EnvSecretsOptions } from './envSecrets';
export { NodeHttp, type NodeFetch } from './http';
export { NodePondOpener } from './pondOpener';
export { FileChangeNotifier } from './changeNotifier';
export { stagePondDirectory } from './stagedPond';
