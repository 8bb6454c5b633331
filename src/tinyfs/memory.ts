import { PondError } from '../errors';
import { type EntryType, isDynamic, isPhysicalFile } from './entryType';
import { type FileID, type NodeId, ROOT_ID, entryTypeOfId } from './id';
import { compareNames } from './names';
import {
  type DirEntry,
  type FileVersionInfo,
  type NewNode,
  type NodeMetadata,
  PersistenceBase,
  type StoredNode,
  nodeKindOf,
} from './persistence';

interface MemoryVersion {
  readonly version: number;
  readonly content: Uint8Array;
  readonly timestamp: number;
  /** For dynamic nodes `factory` names the factory and `content` is the raw config (as the seed's memory backend). */
  readonly extendedMetadata: Readonly<Record<string, string>>;
}

type MemoryNode =
  | { kind: 'directory'; entries: Map<string, DirEntry>; version: number; timestamp: number }
  | { kind: 'file' | 'dynamic'; versions: MemoryVersion[] }
  | { kind: 'symlink'; target: string; timestamp: number };

export interface MemoryPersistenceOptions {
  /** Clock for version timestamps (ms); injectable for reproducible tests. */
  now?: () => number;
}

/** The reference backend: every node and version in memory. Used by tests and scratch ponds. */
export class MemoryPersistence extends PersistenceBase {
  private readonly nodes = new Map<NodeId, MemoryNode>();
  private readonly now: () => number;

  constructor(options: MemoryPersistenceOptions = {}) {
    super();
    this.now = options.now ?? Date.now;
    this.nodes.set(ROOT_ID, { kind: 'directory', entries: new Map(), version: 1, timestamp: this.now() });
  }

  async loadNode(id: FileID): Promise<StoredNode> {
    const node = this.get(id);
    const entryType = entryTypeOfId(id.nodeId);
    switch (node.kind) {
      case 'directory':
        return { kind: 'directory', id, entryType: 'dir:physical' };
      case 'symlink':
        return { kind: 'symlink', id, entryType: 'symlink', target: node.target };
      case 'file':
        if (!isPhysicalFile(entryType)) throw corrupt(id, `stored as a file but typed ${entryType}`);
        return { kind: 'file', id, entryType };
      case 'dynamic': {
        if (!isDynamic(entryType)) throw corrupt(id, `stored as dynamic but typed ${entryType}`);
        const latest = latestVersion(node.versions, id);
        return { kind: 'dynamic', id, entryType, factory: factoryOf(latest, id), config: latest.content.slice() };
      }
    }
  }

  async storeNode(node: NewNode): Promise<StoredNode> {
    if (this.nodes.has(node.id.nodeId)) throw new PondError('AlreadyExists', `node ${node.id.nodeId}`);
    const entryType = entryTypeOfId(node.id.nodeId);
    const expected = nodeKindOf(entryType);
    if (expected !== node.kind) {
      throw new PondError('TypeMismatch', `node ${node.id.nodeId} is typed ${entryType}, not a ${node.kind}`);
    }
    const timestamp = this.now();
    switch (node.kind) {
      case 'directory':
        this.nodes.set(node.id.nodeId, { kind: 'directory', entries: new Map(), version: 1, timestamp });
        break;
      case 'symlink':
        this.nodes.set(node.id.nodeId, { kind: 'symlink', target: node.target, timestamp });
        break;
      case 'file':
        this.nodes.set(node.id.nodeId, { kind: 'file', versions: [version(1, node.content, timestamp, {})] });
        break;
      case 'dynamic':
        this.nodes.set(node.id.nodeId, {
          kind: 'dynamic',
          versions: [version(1, node.config, timestamp, { factory: node.factory })],
        });
        break;
    }
    return this.loadNode(node.id);
  }

  async getDynamicNodeConfig(id: FileID): Promise<{ factory: string; config: Uint8Array } | null> {
    const node = this.get(id);
    if (node.kind !== 'dynamic') return null;
    const latest = latestVersion(node.versions, id);
    return { factory: factoryOf(latest, id), config: latest.content.slice() };
  }

  async updateDynamicNodeConfig(id: FileID, factoryType: string, configBytes: Uint8Array): Promise<void> {
    const node = this.get(id);
    if (node.kind !== 'dynamic') throw new PondError('TypeMismatch', `node ${id.nodeId} is not a dynamic node`);
    node.versions.push(version(node.versions.length + 1, configBytes, this.now(), { factory: factoryType }));
  }

  async metadata(id: FileID): Promise<NodeMetadata> {
    const node = this.get(id);
    const entryType: EntryType = entryTypeOfId(id.nodeId);
    switch (node.kind) {
      case 'directory':
        return { entryType, version: node.version, size: 0, timestamp: node.timestamp };
      case 'symlink':
        return { entryType, version: 1, size: 0, timestamp: node.timestamp };
      case 'file':
      case 'dynamic': {
        const latest = latestVersion(node.versions, id);
        const base = { entryType, version: latest.version, size: latest.content.length, timestamp: latest.timestamp };
        return node.kind === 'dynamic' ? { ...base, factory: factoryOf(latest, id) } : base;
      }
    }
  }

  async listFileVersions(id: FileID): Promise<FileVersionInfo[]> {
    return this.versionsOf(id).map((v) => ({
      version: v.version,
      size: v.content.length,
      timestamp: v.timestamp,
      extendedMetadata: { ...v.extendedMetadata },
    }));
  }

  async readFileVersion(id: FileID, versionNumber: number): Promise<Uint8Array> {
    const found = this.versionsOf(id).find((v) => v.version === versionNumber);
    if (found === undefined) throw new PondError('NotFound', `version ${versionNumber} of node ${id.nodeId}`);
    return found.content.slice();
  }

  async writeFileVersion(id: FileID, content: Uint8Array): Promise<number> {
    const node = this.get(id);
    if (node.kind !== 'file') throw new PondError('NotAFile', `node ${id.nodeId} is not a physical file`);
    const next = node.versions.length + 1;
    node.versions.push(version(next, content, this.now(), {}));
    return next;
  }

  async listDirectory(id: FileID): Promise<DirEntry[]> {
    return [...this.directory(id).entries.values()].sort((a, b) => compareNames(a.name, b.name));
  }

  async lookupDirectoryEntry(id: FileID, name: string): Promise<DirEntry | null> {
    return this.directory(id).entries.get(name) ?? null;
  }

  async insertDirectoryEntry(dir: FileID, name: string, child: NodeId): Promise<void> {
    const node = this.directory(dir);
    if (node.entries.has(name)) throw new PondError('AlreadyExists', `'${name}' in directory ${dir.nodeId}`);
    if (!this.nodes.has(child)) throw new PondError('NotFound', `node ${child}`);
    node.entries.set(name, { name, nodeId: child, entryType: entryTypeOfId(child) });
    this.touch(node);
  }

  async removeDirectoryEntry(dir: FileID, name: string): Promise<void> {
    const node = this.directory(dir);
    if (!node.entries.delete(name)) throw new PondError('NotFound', `'${name}' in directory ${dir.nodeId}`);
    this.touch(node);
  }

  private touch(node: { version: number; timestamp: number }): void {
    node.version += 1;
    node.timestamp = this.now();
  }

  private get(id: FileID): MemoryNode {
    const node = this.nodes.get(id.nodeId);
    if (node === undefined) throw new PondError('NotFound', `node ${id.nodeId}`);
    return node;
  }

  private directory(id: FileID): Extract<MemoryNode, { kind: 'directory' }> {
    const node = this.get(id);
    if (node.kind !== 'directory') throw new PondError('NotADirectory', `node ${id.nodeId}`);
    return node;
  }

  private versionsOf(id: FileID): MemoryVersion[] {
    const node = this.get(id);
    if (node.kind !== 'file' && node.kind !== 'dynamic') throw new PondError('NotAFile', `node ${id.nodeId}`);
    return node.versions;
  }
}


function version(n: number, content: Uint8Array, timestamp: number, extendedMetadata: Record<string, string>): MemoryVersion {
  // Copy in: callers may reuse their buffers, and stored versions must never change.
  return { version: n, content: content.slice(), timestamp, extendedMetadata };
}

function latestVersion(versions: MemoryVersion[], id: FileID): MemoryVersion {
  const latest = versions[versions.length - 1];
  if (latest === undefined) throw corrupt(id, 'has no versions');
  return latest;
}

function factoryOf(v: MemoryVersion, id: FileID): string {
  const factory = v.extendedMetadata['factory'];
  if (factory === undefined) throw corrupt(id, `version ${v.version} of a dynamic node names no factory`);
  return factory;
}

function corrupt(id: FileID, detail: string): PondError {
  return new PondError('Corrupt', `node ${id.nodeId} ${detail}`);
}
