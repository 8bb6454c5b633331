import { PondError } from '../errors';
import type { ChangeSummary, ChangedPath, ModifiedPath } from '../store/records';
import {
  type DirEntry,
  type EntryType,
  type FileID,
  type FileVersionInfo,
  type NewNode,
  type NodeMetadata,
  PersistenceBase,
  ROOT_ID,
  compareNames,
  nodeKindOf,
  type StoredNode,
  entryTypeOfId,
  isDynamic,
  isPhysicalFile,
} from '../tinyfs';
import { blake3Hex } from './blake3';
import { type OplogEntry, type SnapshotEntry, encodeSnapshot, newDynamicNode, newEntry } from './schema';
import { type NodeState, type PondState, type VersionRecord, isBlobVersion } from './state';

/** Reads the bytes of a committed version that is not the latest (from its log record or its blob). */
export interface ContentSource {
  readVersion(node: NodeState, version: VersionRecord): Promise<Uint8Array>;
}

/** A node changed in the open transaction: a private copy of its state plus the bytes of its new versions. */
interface PendingNode {
  readonly nodeId: string;
  readonly partId: string;
  readonly entryType: EntryType;
  readonly versions: VersionRecord[];
  /** Versions below this number were committed before the transaction. */
  readonly committedCount: number;
  readonly contents: Map<number, Uint8Array>;
  entries: Map<string, SnapshotEntry> | null;
  /** Directories: their entries changed, so a new snapshot is written at commit. */
  dirty: boolean;
}

/** What a commit will write, computed before any storage transaction opens (SPEC §4.2). */
export interface PreparedCommit {
  readonly entries: OplogEntry[];
  readonly blobs: Map<string, Uint8Array>;
  readonly summary: ChangeSummary;
  /** The directory snapshots of `entries`, decoded (by node id), for applying the commit without re-decoding. */
  readonly snapshots: Map<string, readonly SnapshotEntry[]>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The OpLog side of a transaction: TinyFS's `PersistenceLayer` over a committed `PondState` plus the
 * changes made so far. Nothing reaches storage until `prepare` + the store's atomic append; a read-only
 * transaction refuses every write (it never discards one silently).
 */
export class OpLogTransaction extends PersistenceBase {
  private readonly pending = new Map<string, PendingNode>();

  constructor(
    private base: PondState,
    private readonly content: ContentSource,
    private readonly options: {
      txnSeq: number;
      writable: boolean;
      now: () => number;
      /**
       * For a read view: the state to read, asked before every call — the live state while it is still at
       * the view's txn, then that txn's state rebuilt, so a view never sees later commits.
       */
      stateOf?: () => Promise<PondState>;
    },
  ) {
    super();
  }

  /** Re-points a read view at the right state; a write transaction holds the lock, so its base cannot move. */
  private async sync(): Promise<void> {
    if (this.options.stateOf !== undefined) this.base = await this.options.stateOf();
  }

  get changed(): boolean {
    return this.pending.size > 0;
  }

  async loadNode(id: FileID): Promise<StoredNode> {
    await this.sync();
    const node = this.node(id.nodeId);
    switch (node.entryType) {
      case 'dir:physical':
        return { kind: 'directory', id, entryType: 'dir:physical' };
      case 'symlink':
        return { kind: 'symlink', id, entryType: 'symlink', target: decoder.decode(await this.latestBytes(node)) };
      case 'dir:dynamic':
      case 'file:dynamic':
      case 'table:dynamic':
        return { kind: 'dynamic', id, entryType: node.entryType, factory: latestOf(node).factory ?? '', config: await this.latestBytes(node) };
      default:
        return { kind: 'file', id, entryType: node.entryType };
    }
  }

  async storeNode(request: NewNode): Promise<StoredNode> {
    await this.sync();
    this.assertWritable();
    const nodeId = request.id.nodeId;
    if (this.find(nodeId) !== undefined) throw new PondError('AlreadyExists', `node ${nodeId}`);
    const entryType = entryTypeOfId(nodeId);
    const node: PendingNode = {
      nodeId,
      partId: request.id.partId,
      entryType,
      versions: [],
      committedCount: 0,
      contents: new Map(),
      entries: request.kind === 'directory' ? new Map() : null,
      dirty: request.kind === 'directory',
    };
    if (nodeKindOf(entryType) !== request.kind) throw new PondError('TypeMismatch', `node ${nodeId} is typed ${entryType}, not a ${request.kind}`);
    switch (request.kind) {
      case 'directory':
        this.addVersion(node, null, null);
        break;
      case 'file':
        this.addVersion(node, request.content, null);
        break;
      case 'symlink':
        this.addVersion(node, encoder.encode(request.target), null);
        break;
      case 'dynamic':
        this.addVersion(node, request.config, request.factory);
        break;
    }
    this.pending.set(nodeId, node);
    return this.loadNode(request.id);
  }

  async getDynamicNodeConfig(id: FileID): Promise<{ factory: string; config: Uint8Array } | null> {
    await this.sync();
    const node = this.node(id.nodeId);
    if (!isDynamic(node.entryType)) return null;
    return { factory: latestOf(node).factory ?? '', config: await this.latestBytes(node) };
  }

  async updateDynamicNodeConfig(id: FileID, factoryType: string, configBytes: Uint8Array): Promise<void> {
    await this.sync();
    const node = this.edit(id.nodeId);
    if (!isDynamic(node.entryType)) throw new PondError('TypeMismatch', `node ${id.nodeId} is not a dynamic node`);
    this.addVersion(node, configBytes, factoryType);
  }

  async metadata(id: FileID): Promise<NodeMetadata> {
    await this.sync();
    const node = this.node(id.nodeId);
    const latest = latestOf(node);
    const base = { entryType: node.entryType, version: latest.version, size: latest.size ?? 0, timestamp: Math.floor(latest.timestamp / 1000) };
    return latest.factory === null ? base : { ...base, factory: latest.factory };
  }

  async listFileVersions(id: FileID): Promise<FileVersionInfo[]> {
    await this.sync();
    const node = this.fileNode(id.nodeId);
    return node.versions.map((v) => ({
      version: v.version,
      txnSeq: v.txnSeq,
      size: v.size ?? 0,
      timestamp: Math.floor(v.timestamp / 1000),
      extendedMetadata: v.factory === null ? ({} as Record<string, string>) : { factory: v.factory },
    }));
  }

  async readFileVersion(id: FileID, version: number): Promise<Uint8Array> {
    await this.sync();
    const node = this.fileNode(id.nodeId);
    const record = node.versions[version - 1];
    if (record === undefined) throw new PondError('NotFound', `version ${version} of node ${id.nodeId}`);
    const pendingBytes = this.pending.get(node.nodeId)?.contents.get(version);
    if (pendingBytes !== undefined) return pendingBytes.slice();
    const committed = this.base.node(node.nodeId);
    if (committed !== undefined && version === committed.versions.length && committed.latest !== null) return committed.latest.slice();
    return this.content.readVersion(committed ?? asState(node), record);
  }

  async writeFileVersion(id: FileID, content: Uint8Array): Promise<number> {
    await this.sync();
    const node = this.edit(id.nodeId);
    if (!isPhysicalFile(node.entryType)) throw new PondError('NotAFile', `node ${id.nodeId} is a ${node.entryType}`);
    return this.addVersion(node, content, null).version;
  }

  async listDirectory(id: FileID): Promise<DirEntry[]> {
    await this.sync();
    const entries = this.entriesOf(id.nodeId);
    return [...entries.values()]
      .sort((a, b) => compareNames(a.name, b.name))
      .map((e) => ({ name: e.name, nodeId: e.childNodeId, entryType: e.entryType }));
  }

  async lookupDirectoryEntry(id: FileID, name: string): Promise<DirEntry | null> {
    await this.sync();
    const entry = this.entriesOf(id.nodeId).get(name);
    return entry === undefined ? null : { name: entry.name, nodeId: entry.childNodeId, entryType: entry.entryType };
  }

  async insertDirectoryEntry(dir: FileID, name: string, child: string): Promise<void> {
    await this.sync();
    const node = this.editDirectory(dir.nodeId);
    const entries = node.entries as Map<string, SnapshotEntry>;
    if (entries.has(name)) throw new PondError('AlreadyExists', `'${name}' in directory ${dir.nodeId}`);
    const childState = this.node(child);
    entries.set(name, { name, childNodeId: child, entryType: childState.entryType, versionLastModified: latestOf(childState).version });
  }

  async removeDirectoryEntry(dir: FileID, name: string): Promise<void> {
    await this.sync();
    const node = this.editDirectory(dir.nodeId);
    if (!(node.entries as Map<string, SnapshotEntry>).delete(name)) throw new PondError('NotFound', `'${name}' in directory ${dir.nodeId}`);
  }

  /**
   * Turns the changes into log entries (hashing files, encoding snapshots) and the commit's ChangeSummary.
   * Nodes created and unlinked within the transaction leave no trace; unchanged directories no snapshot.
   */
  async prepare(pondId: string): Promise<PreparedCommit> {
    const txnSeq = this.options.txnSeq;
    const finalParents = this.finalParents();
    const kept = this.nodesToWrite();
    const entries: OplogEntry[] = [];
    const blobs = new Map<string, Uint8Array>();
    const snapshots = new Map<string, readonly SnapshotEntry[]>();
    for (const node of this.pending.values()) {
      if (!kept.has(node.nodeId)) continue; // created and unlinked again in this transaction
      const id = { nodeId: node.nodeId, partId: node.partId };
      for (const v of node.versions.slice(node.committedCount)) {
        const stamp = { id, fileType: node.entryType, timestamp: v.timestamp, version: v.version, txnSeq, pondId };
        if (node.entries !== null) {
          if (!this.directoryChanged(node)) continue;
          const snapshot = [...node.entries.values()].sort((a, b) => compareNames(a.name, b.name));
          snapshots.set(node.nodeId, snapshot);
          entries.push(newEntry(stamp, { content: encodeSnapshot(snapshot), format: 'fulldir' }));
          continue;
        }
        const bytes = node.contents.get(v.version) as Uint8Array;
        if (v.factory !== null) {
          entries.push(newDynamicNode({ ...stamp, fileType: node.entryType as 'file:dynamic' }, v.factory, bytes));
        } else if (node.entryType === 'symlink') {
          entries.push(newEntry(stamp, { content: bytes }));
        } else {
          const hash = blake3Hex(bytes);
          const blob = isBlobVersion(node.entryType, bytes.length);
          if (blob) blobs.set(hash, bytes);
          entries.push(newEntry(stamp, { content: blob ? null : bytes, blake3: hash, size: bytes.length }));
        }
      }
    }
    return { entries, blobs, snapshots, summary: this.summarize(finalParents) };
  }

  /**
   * Nodes whose records this commit writes: every changed committed node, plus each new node that a
   * written directory still lists (transitively). A new node nothing lists leaves no trace.
   */
  private nodesToWrite(): Set<string> {
    const kept = new Set<string>();
    const work = [...this.pending.values()].filter((n) => n.committedCount > 0);
    for (let node = work.pop(); node !== undefined; node = work.pop()) {
      if (kept.has(node.nodeId)) continue;
      kept.add(node.nodeId);
      for (const entry of node.entries?.values() ?? []) {
        const child = this.pending.get(entry.childNodeId);
        if (child !== undefined && child.committedCount === 0) work.push(child);
      }
    }
    return kept;
  }

  /** A directory's new snapshot is only written when its entries differ from the committed ones. */
  private directoryChanged(node: PendingNode): boolean {
    if (node.committedCount === 0) return true;
    const before = this.base.node(node.nodeId)?.entries;
    const after = node.entries as Map<string, SnapshotEntry>;
    if (before === undefined || before === null || before.size !== after.size) return true;
    for (const [name, entry] of after) if (before.get(name)?.childNodeId !== entry.childNodeId) return true;
    return false;
  }

  /** Child → parent links after the transaction, for directories it changed (others are as committed). */
  private finalParents(): Map<string, { dir: string; name: string }> {
    const links = new Map<string, { dir: string; name: string }>();
    for (const node of this.pending.values()) {
      if (node.entries === null) continue;
      for (const entry of node.entries.values()) links.set(entry.childNodeId, { dir: node.nodeId, name: entry.name });
    }
    return links;
  }

  /** Where a node will be after the transaction; null when it (or an ancestor) is unlinked. */
  private pathAfter(nodeId: string, finalParents: Map<string, { dir: string; name: string }>): string | null {
    const names: string[] = [];
    let current = nodeId;
    while (current !== ROOT_ID) {
      const link = finalParents.get(current) ?? this.committedLink(current);
      if (link === null) return null;
      names.push(link.name);
      current = link.dir;
    }
    return `/${names.reverse().join('/')}`;
  }

  private summarize(finalParents: Map<string, { dir: string; name: string }>): ChangeSummary {
    const pathAfter = (nodeId: string): string | null => this.pathAfter(nodeId, finalParents);
    const added: ChangedPath[] = [];
    const removed: ChangedPath[] = [];
    const modified: ModifiedPath[] = [];
    for (const node of this.pending.values()) {
      if (node.entries === null || !this.directoryChanged(node)) continue;
      const dirBefore = this.base.pathOf(node.nodeId);
      const dirAfter = pathAfter(node.nodeId);
      const before = this.base.node(node.nodeId)?.entries ?? new Map<string, SnapshotEntry>();
      for (const [name, entry] of node.entries) {
        if (before.get(name)?.childNodeId === entry.childNodeId || dirAfter === null) continue;
        added.push({ path: join(dirAfter, name), entryType: entry.entryType, version: latestOf(this.node(entry.childNodeId)).version });
      }
      for (const [name, entry] of before) {
        if (node.entries.get(name)?.childNodeId === entry.childNodeId || dirBefore === null) continue;
        removed.push({ path: join(dirBefore, name), entryType: entry.entryType, version: this.base.node(entry.childNodeId)?.versions.length ?? 0 });
      }
    }
    const addedPaths = new Set(added.map((a) => a.path));
    for (const node of this.pending.values()) {
      if (node.entries !== null || node.committedCount === 0 || node.versions.length === node.committedCount) continue;
      const path = pathAfter(node.nodeId);
      if (path === null || addedPaths.has(path)) continue;
      modified.push({ path, entryType: node.entryType, from: node.committedCount, to: node.versions.length });
    }
    const byPath = <T extends { path: string }>(a: T, b: T): number => compareNames(a.path, b.path);
    return { added: added.sort(byPath), modified: modified.sort(byPath), removed: removed.sort(byPath) };
  }

  /** The committed link of a node, unless its committed parent was changed in this transaction. */
  private committedLink(nodeId: string): { dir: string; name: string } | null {
    const link = this.base.parents.get(nodeId);
    if (link === undefined) return null;
    const parent = this.pending.get(link.dir);
    if (parent?.entries != null && parent.entries.get(link.name)?.childNodeId !== nodeId) return null;
    return link;
  }

  private addVersion(node: PendingNode, content: Uint8Array | null, factory: string | null): VersionRecord {
    const record: VersionRecord = {
      version: node.versions.length + 1,
      txnSeq: this.options.txnSeq,
      timestamp: this.options.now() * 1000,
      size: content === null ? null : content.length,
      blake3: null,
      factory,
      extendedAttributes: null,
      minEventTime: null,
      maxEventTime: null,
      format: node.entries !== null ? 'fulldir' : 'inline',
    };
    node.versions.push(record);
    // Copy in: the caller may reuse its buffer; committed bytes must never change.
    if (content !== null) node.contents.set(record.version, content.slice());
    return record;
  }

  private editDirectory(nodeId: string): PendingNode {
    const node = this.edit(nodeId);
    if (node.entries === null) throw new PondError('NotADirectory', `node ${nodeId}`);
    if (!node.dirty) {
      node.dirty = true;
      this.addVersion(node, null, null);
    }
    return node;
  }

  /** The node's private copy for this transaction, made on first change. */
  private edit(nodeId: string): PendingNode {
    this.assertWritable();
    const existing = this.pending.get(nodeId);
    if (existing !== undefined) return existing;
    const committed = this.base.node(nodeId);
    if (committed === undefined) throw new PondError('NotFound', `node ${nodeId}`);
    const copy: PendingNode = {
      nodeId,
      partId: committed.partId,
      entryType: committed.entryType,
      versions: [...committed.versions],
      committedCount: committed.versions.length,
      contents: new Map(),
      entries: committed.entries === null ? null : new Map(committed.entries),
      dirty: false,
    };
    this.pending.set(nodeId, copy);
    return copy;
  }

  private find(nodeId: string): PendingNode | NodeState | undefined {
    return this.pending.get(nodeId) ?? this.base.node(nodeId);
  }

  private node(nodeId: string): PendingNode | NodeState {
    const node = this.find(nodeId);
    if (node === undefined) throw new PondError('NotFound', `node ${nodeId}`);
    return node;
  }

  private fileNode(nodeId: string): PendingNode | NodeState {
    const node = this.node(nodeId);
    if (node.entries !== null || node.entryType === 'symlink') throw new PondError('NotAFile', `node ${nodeId} is a ${node.entryType}`);
    return node;
  }

  private entriesOf(nodeId: string): ReadonlyMap<string, SnapshotEntry> {
    const node = this.node(nodeId);
    if (node.entries === null) throw new PondError('NotADirectory', `node ${nodeId} is a ${node.entryType}`);
    return node.entries;
  }

  /** Bytes of the latest version: pending, else the committed inline bytes, else from the content source. */
  private async latestBytes(node: PendingNode | NodeState): Promise<Uint8Array> {
    const latest = latestOf(node);
    const pendingBytes = this.pending.get(node.nodeId)?.contents.get(latest.version);
    if (pendingBytes !== undefined) return pendingBytes.slice();
    const committed = this.base.node(node.nodeId);
    if (committed?.latest != null && committed.versions.length === latest.version) return committed.latest.slice();
    return this.content.readVersion(committed ?? asState(node), latest);
  }

  private assertWritable(): void {
    if (!this.options.writable) throw new PondError('ReadOnly', 'this transaction is read-only');
  }
}

function latestOf(node: PendingNode | NodeState): VersionRecord {
  const latest = node.versions[node.versions.length - 1];
  if (latest === undefined) throw new PondError('Corrupt', `node ${node.nodeId} has no versions`);
  return latest;
}

function asState(node: PendingNode | NodeState): NodeState {
  return { nodeId: node.nodeId, partId: node.partId, entryType: node.entryType, versions: node.versions, latest: null, entries: node.entries };
}

function join(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}
