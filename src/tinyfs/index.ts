/** TinyFS: a versioned virtual file system with dynamic nodes (SPEC §3). Pure TypeScript, no environment. */
export * from './entryType';
export * from './id';
export * from './names';
export * from './persistence';
export * from './dynamic';
export type { TableCodec } from './context';
export { MemoryPersistence, type MemoryPersistenceOptions } from './memory';
export { FS, WD, type FsOptions, type CreateDynamicOptions, type RemoveOptions } from './wd';
export type { NodePath, Lookup } from './resolve';
export { MAX_SYMLINK_DEPTH } from './resolve';
export { parseGlob, matchComponent, matchesPath, type GlobPattern, type GlobComponent } from './glob';
export { comparePaths, type Match } from './visit';
