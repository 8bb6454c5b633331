import { type DynamicEntryType, type EntryType, type PhysicalFileType, isDynamic } from './entryType';
import type { FileID, NodeId } from './id';

/** One entry of a physical directory: the child's id carries its type; its FileID follows from the parent. */
export interface DirEntry {
  readonly name: string;
  readonly nodeId: NodeId;
  readonly entryType: EntryType;
}

/** A node as the persistence layer stores it. */
export type StoredNode =
  | { readonly kind: 'directory'; readonly id: FileID; readonly entryType: 'dir:physical' }
  | { readonly kind: 'file'; readonly id: FileID; readonly entryType: PhysicalFileType }
  | { readonly kind: 'symlink'; readonly id: FileID; readonly entryType: 'symlink'; readonly target: string }
  | {
      readonly kind: 'dynamic';
      readonly id: FileID;
      readonly entryType: DynamicEntryType;
      readonly factory: string;
      readonly config: Uint8Array;
    };

/** What is needed to create a node; the entry type comes from the id. */
export type NewNode =
  | { readonly kind: 'directory'; readonly id: FileID }
  | { readonly kind: 'file'; readonly id: FileID; readonly content: Uint8Array }
  | { readonly kind: 'symlink'; readonly id: FileID; readonly target: string }
  | { readonly kind: 'dynamic'; readonly id: FileID; readonly factory: string; readonly config: Uint8Array };

/** The latest state of a node, as `describe` and `list -l` show it. */
export interface NodeMetadata {
  readonly entryType: EntryType;
  /** Latest version, from 1; directories count their changes, symlinks are always 1. */
  readonly version: number;
  /** Bytes of the latest version (files and dynamic configs), 0 for directories and symlinks. */
  readonly size: number;
  /** When the latest version was made, in ms since the epoch; null for produced (never stored) nodes. */
  readonly timestamp: number | null;
  /** The factory of a dynamic node. */
  readonly factory?: string;
}

/** One stored version of a file or of a dynamic node's config. */
export interface FileVersionInfo {
  readonly version: number;
  /** The commit that wrote it (backends with a log; the memory backend has no commits). */
  readonly txnSeq?: number;
  readonly size: number;
  readonly timestamp: number;
  readonly extendedMetadata: Readonly<Record<string, string>>;
}

/**
 * Where TinyFS keeps nodes (SPEC §3.3). The memory backend and the OpLog backend implement it;
 * TinyFS's WD does every path rule on top, so backends only store and load.
 */
export interface PersistenceLayer {
  /** The stored node; `NotFound` when no node has that id. */
  loadNode(id: FileID): Promise<StoredNode>;
  /** Stores a new node (version 1); `AlreadyExists` when the id is taken. */
  storeNode(node: NewNode): Promise<StoredNode>;
  createFileNode(id: FileID, content: Uint8Array): Promise<StoredNode>;
  createDirectoryNode(id: FileID): Promise<StoredNode>;
  createSymlinkNode(id: FileID, target: string): Promise<StoredNode>;
  createDynamicNode(id: FileID, factoryType: string, configBytes: Uint8Array): Promise<StoredNode>;
  /** The factory and raw config bytes of a dynamic node; null for any other node. */
  getDynamicNodeConfig(id: FileID): Promise<{ factory: string; config: Uint8Array } | null>;
  /** Appends a new config version to a dynamic node. */
  updateDynamicNodeConfig(id: FileID, factoryType: string, configBytes: Uint8Array): Promise<void>;
  metadata(id: FileID): Promise<NodeMetadata>;
  /** Versions oldest first. */
  listFileVersions(id: FileID): Promise<FileVersionInfo[]>;
  readFileVersion(id: FileID, version: number): Promise<Uint8Array>;
  /** Appends a new version to a physical file and returns its number. */
  writeFileVersion(id: FileID, content: Uint8Array): Promise<number>;
  /** The entries of a physical directory, sorted by name. */
  listDirectory(id: FileID): Promise<DirEntry[]>;
  /** One entry of a physical directory, or null when the name is absent (not an error: lookups ask this). */
  lookupDirectoryEntry(id: FileID, name: string): Promise<DirEntry | null>;
  /** Adds `name → child` to a physical directory; `AlreadyExists` when the name is taken. */
  insertDirectoryEntry(dir: FileID, name: string, child: NodeId): Promise<void>;
  /** Removes `name` from a physical directory; `NotFound` when it is absent. */
  removeDirectoryEntry(dir: FileID, name: string): Promise<void>;
}

/** Gives every backend the typed `create*` methods over its one `storeNode`, so there is one way to create. */
export abstract class PersistenceBase implements PersistenceLayer {
  abstract loadNode(id: FileID): Promise<StoredNode>;
  abstract storeNode(node: NewNode): Promise<StoredNode>;
  abstract getDynamicNodeConfig(id: FileID): Promise<{ factory: string; config: Uint8Array } | null>;
  abstract updateDynamicNodeConfig(id: FileID, factoryType: string, configBytes: Uint8Array): Promise<void>;
  abstract metadata(id: FileID): Promise<NodeMetadata>;
  abstract listFileVersions(id: FileID): Promise<FileVersionInfo[]>;
  abstract readFileVersion(id: FileID, version: number): Promise<Uint8Array>;
  abstract writeFileVersion(id: FileID, content: Uint8Array): Promise<number>;
  abstract listDirectory(id: FileID): Promise<DirEntry[]>;
  abstract lookupDirectoryEntry(id: FileID, name: string): Promise<DirEntry | null>;
  abstract insertDirectoryEntry(dir: FileID, name: string, child: NodeId): Promise<void>;
  abstract removeDirectoryEntry(dir: FileID, name: string): Promise<void>;

  createFileNode(id: FileID, content: Uint8Array): Promise<StoredNode> {
    return this.storeNode({ kind: 'file', id, content });
  }
  createDirectoryNode(id: FileID): Promise<StoredNode> {
    return this.storeNode({ kind: 'directory', id });
  }
  createSymlinkNode(id: FileID, target: string): Promise<StoredNode> {
    return this.storeNode({ kind: 'symlink', id, target });
  }
  createDynamicNode(id: FileID, factoryType: string, configBytes: Uint8Array): Promise<StoredNode> {
    return this.storeNode({ kind: 'dynamic', id, factory: factoryType, config: configBytes });
  }
}

/** Which kind of stored node an entry type is. */
export function nodeKindOf(type: EntryType): NewNode['kind'] {
  if (type === 'dir:physical') return 'directory';
  if (type === 'symlink') return 'symlink';
  if (isDynamic(type)) return 'dynamic';
  return 'file';
}
