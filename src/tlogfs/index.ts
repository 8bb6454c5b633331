/** The OpLog file system (SPEC §4): OplogEntry schema, OpLog persistence, checkpoints, time travel, verify. */
export * from './schema';
export { BLOB_THRESHOLD, PondState, isBlobVersion, referencedBlobs, type NodeState, type VersionRecord } from './state';
export { OpLog, WriteTransaction, ReadView, buildState, IDENTITY_KEY, type OpLogOptions, type PondIdentity, type CommitResult, type CommitOptions } from './oplog';
export { verifyPond, stateDigest, type VerifyReport } from './verify';
export { arrowTableWriter, arrowTables } from './tables';
export { blake3Hex, createBlake3, type Blake3Hasher } from './blake3';
export { columnData, tableFromColumns } from './columns';
export { reclaimStorage, type MaintainOptions, type MaintainReport } from './maintain';
export { pruneHistory, type PruneReport, type PruneOptions } from './prune';
export { BASE_KEY, readBase, parseBase, prunedError, baseBlobs, type HistoryBase } from './base';
