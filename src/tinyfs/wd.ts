import { PondError } from '../errors';
import type { FsContext, TableCodec } from './context';
import { resolveFactory } from './context';
import type { FactoryResolver } from './dynamic';
import { type DynamicEntryType, type EntryType, type PhysicalFileType, isDirectory, isDynamic, isPhysicalFile } from './entryType';
import { type NodeId, childFileId, newNodeId } from './id';
import { joinPath, parsePath, splitLast } from './names';
import type { FileVersionInfo, NodeMetadata, PersistenceLayer } from './persistence';
import { nodeMetadata, readNode } from './read';
import { type DirStack, type Lookup, type NodePath, ROOT_NODE, listChildren, symlinkTarget, top, walk } from './resolve';
import { type Match, collectMatches } from './visit';

export interface FsOptions {
  /** Loads dynamic nodes (SPEC §4.3); without one, reading a dynamic node is an `UnknownFactory` error. */
  resolver?: FactoryResolver;
  /** Every write is a `ReadOnly` error (time travel, factory contexts). */
  readOnly?: boolean;
  /** Combines `table:physical:series` versions; supplied by the OpLog layer, which knows Arrow. */
  tables?: TableCodec;
  /** Mints node ids; injectable for reproducible tests. */
  newId?: (type: EntryType) => NodeId;
}

/** A file system over one persistence layer; `root()` is where every path operation starts. */
export class FS {
  private readonly ctx: FsContext;

  constructor(persistence: PersistenceLayer, options: FsOptions = {}) {
    let readOnlyRoot: WD | undefined;
    const ctx: FsContext = {
      persistence,
      resolver: options.resolver,
      tables: options.tables,
      readOnly: options.readOnly ?? false,
      newId: options.newId ?? ((type) => newNodeId(type)),
      readOnlyRoot: () => (readOnlyRoot ??= ctx.readOnly ? new WD(ctx, [ROOT_NODE]) : new FS(persistence, { ...options, readOnly: true }).root()),
    };
    this.ctx = ctx;
  }

  root(): WD {
    return new WD(this.ctx, [ROOT_NODE]);
  }
}

export interface CreateDynamicOptions {
  /** Replace the config of an existing dynamic node of the same type (a new version). */
  overwrite?: boolean;
}

export interface RemoveOptions {
  /** Remove a non-empty directory and everything below it. */
  recursive?: boolean;
}

/** A working directory: every path operation of SPEC §3.4, relative paths from here. */
export class WD {
  /** @internal use `FS.root()` and `openDirPath` */
  constructor(
    private readonly ctx: FsContext,
    private readonly stack: DirStack,
  ) {}

  get path(): string {
    return top(this.stack).path;
  }

  get node(): NodePath {
    return top(this.stack);
  }

  get readOnly(): boolean {
    return this.ctx.readOnly;
  }

  /** Resolves a path, following symlinks (the last one too unless `follow: false`); a missing entry is a result. */
  resolvePath(path: string, options: { follow?: boolean } = {}): Promise<Lookup> {
    return walk(this.ctx, this.stack, path, { follow: options.follow ?? true });
  }

  /** Whether an entry exists at `path` (the last component is not followed). Errors other than absence throw. */
  async exists(path: string): Promise<boolean> {
    return (await this.resolvePath(path, { follow: false })).kind === 'found';
  }

  /** The node at `path` (symlinks followed); `NotFound` naming the first missing component. */
  async getNodePath(path: string, options: { follow?: boolean } = {}): Promise<NodePath> {
    return (await this.found(path, options.follow ?? true)).node;
  }

  async metadata(path: string): Promise<NodeMetadata> {
    return nodeMetadata(this.ctx, await this.getNodePath(path));
  }

  async openDirPath(path: string): Promise<WD> {
    const { stack, node } = await this.found(path, true);
    if (!isDirectory(node.entryType)) throw new PondError('NotADirectory', node.path, { path: node.path });
    return new WD(this.ctx, stack);
  }

  /** The entries of this directory, sorted by name (dynamic directories run their factory). */
  entries(): Promise<NodePath[]> {
    return listChildren(this.ctx, this.node);
  }

  /** Creates one directory; its parent must exist. */
  async createDirPath(path: string): Promise<WD> {
    const { parent, name } = await this.parentForCreate(path);
    const node = await this.insertNew(parent, name, 'dir:physical', (id) => this.ctx.persistence.createDirectoryNode(id));
    return new WD(this.ctx, [...parent, node]);
  }

  /** Creates a directory and any missing parents (`mkdir -p`); existing directories are fine. */
  async createDirAll(path: string): Promise<WD> {
    this.assertWritable(path);
    const parsed = parsePath(path);
    let stack: DirStack = parsed.absolute ? [ROOT_NODE] : this.stack;
    for (const step of parsed.steps) {
      // A step through a dangling symlink may miss several directories of the link's target: create the
      // first missing one and look again, until the whole step resolves (like `mkdir -p` on the target).
      let lookup = await walk(this.ctx, stack, step, { follow: true });
      while (lookup.kind === 'missing') {
        await this.insertNew(lookup.stack, lookup.name, 'dir:physical', (id) => this.ctx.persistence.createDirectoryNode(id));
        lookup = await walk(this.ctx, stack, step, { follow: true });
      }
      if (!isDirectory(lookup.node.entryType)) throw new PondError('NotADirectory', lookup.node.path, { path });
      stack = lookup.stack;
    }
    return new WD(this.ctx, stack);
  }

  /** Creates a file with its first version; `AlreadyExists` when the path is taken. */
  async createFilePath(path: string, content: Uint8Array, entryType: PhysicalFileType = 'file:physical:version'): Promise<NodePath> {
    if (!isPhysicalFile(entryType)) throw new PondError('InvalidArgument', `${entryType} is not a physical file type`, { path });
    const { parent, name } = await this.parentForCreate(path);
    return this.insertNew(parent, name, entryType, (id) => this.ctx.persistence.createFileNode(id, content));
  }

  /** Appends a new version to an existing physical file and returns its number. */
  async writeFilePath(path: string, content: Uint8Array): Promise<number> {
    this.assertWritable(path);
    const node = await this.getNodePath(path);
    if (isDynamic(node.entryType)) {
      throw new PondError('ReadOnly', `${node.path} is a dynamic node: change its config with createDynamicPath({ overwrite: true })`, { path });
    }
    if (!isPhysicalFile(node.entryType)) throw new PondError('NotAFile', node.path, { path });
    return this.ctx.persistence.writeFileVersion(node.id, content);
  }

  /** The content of a file: latest version, series concatenated, dynamic nodes through their factory. */
  async readFilePath(path: string): Promise<Uint8Array> {
    return readNode(this.ctx, await this.getNodePath(path));
  }

  /** One stored version of a file (for a dynamic node: that version of its config). */
  async readFileVersion(path: string, version: number): Promise<Uint8Array> {
    const node = await this.storedFile(path);
    return this.ctx.persistence.readFileVersion(node.id, version);
  }

  /** Stored versions of a file or dynamic node, oldest first. */
  async listFileVersions(path: string): Promise<FileVersionInfo[]> {
    const node = await this.storedFile(path);
    return this.ctx.persistence.listFileVersions(node.id);
  }

  /** The target of the symlink at `path`, as stored. */
  async readSymlink(path: string): Promise<string> {
    const node = await this.getNodePath(path, { follow: false });
    if (node.entryType !== 'symlink') throw new PondError('InvalidArgument', `${node.path} is a ${node.entryType}, not a symlink`, { path });
    return symlinkTarget(this.ctx, node, path);
  }

  /** Creates a symlink; the target is stored as written and resolved when followed. */
  async createSymlinkPath(path: string, target: string): Promise<NodePath> {
    parsePath(target); // reject empty targets and invalid names now rather than at every later use
    const { parent, name } = await this.parentForCreate(path);
    return this.insertNew(parent, name, 'symlink', (id) => this.ctx.persistence.createSymlinkNode(id, target));
  }

  /**
   * Creates a dynamic node (SPEC §3.4). With `overwrite`, an existing dynamic node of the same type gets
   * the config as a new version. The factory must be known (when a resolver is set); `initialize` is not called.
   */
  async createDynamicPath(
    path: string,
    entryType: DynamicEntryType,
    factoryType: string,
    configBytes: Uint8Array,
    options: CreateDynamicOptions = {},
  ): Promise<NodePath> {
    if (!isDynamic(entryType)) throw new PondError('InvalidArgument', `${entryType} is not a dynamic entry type`, { path });
    if (factoryType.length === 0) throw new PondError('InvalidArgument', 'a dynamic node needs a factory name', { path });
    if (this.ctx.resolver !== undefined) resolveFactory(this.ctx, factoryType);
    const { parent, name } = await this.parentForCreate(path, { allowExisting: true });
    const existing = await walk(this.ctx, parent, name, { follow: false });
    if (existing.kind === 'found') {
      const node = existing.node;
      if (options.overwrite !== true) throw new PondError('AlreadyExists', node.path, { path: node.path });
      if (node.entryType !== entryType) {
        throw new PondError('TypeMismatch', `cannot overwrite ${node.path}: it is a ${node.entryType}, not a ${entryType}`, { path: node.path });
      }
      await this.ctx.persistence.updateDynamicNodeConfig(node.id, factoryType, configBytes);
      return node;
    }
    return this.insertNew(parent, name, entryType, (id) => this.ctx.persistence.createDynamicNode(id, factoryType, configBytes));
  }

  /** Moves or renames an entry (the last component is not followed); the destination must not exist. */
  async renameEntry(from: string, to: string): Promise<NodePath> {
    const source = await this.found(from, false);
    if (source.node.id.nodeId === ROOT_NODE.id.nodeId) throw new PondError('InvalidArgument', 'the root directory cannot be moved', { path: from });
    const sourceParent = this.writableParent(source.stack.slice(0, -1), from);
    const { parent, name } = await this.parentForCreate(to);
    if (isDirectory(source.node.entryType) && parent.some((dir) => dir.id.nodeId === source.node.id.nodeId)) {
      throw new PondError('InvalidArgument', `cannot move ${source.node.path} inside itself (${to})`, { path: from });
    }
    const oldName = lastName(source.node.path);
    await this.ctx.persistence.removeDirectoryEntry(sourceParent.id, oldName);
    await this.ctx.persistence.insertDirectoryEntry(top(parent).id, name, source.node.id.nodeId);
    const dir = top(parent);
    return { path: joinPath(dir.path, name), id: childFileId(dir.id, source.node.id.nodeId), entryType: source.node.entryType };
  }

  /** Removes an entry (not following a final symlink); its history stays in the log. */
  async removeEntry(path: string, options: RemoveOptions = {}): Promise<void> {
    const { stack, node } = await this.found(path, false);
    if (node.id.nodeId === ROOT_NODE.id.nodeId) throw new PondError('InvalidArgument', 'the root directory cannot be removed', { path });
    const parent = this.writableParent(stack.slice(0, -1), path);
    if (node.entryType === 'dir:physical' && options.recursive !== true) {
      const children = await this.ctx.persistence.listDirectory(node.id);
      if (children.length > 0) throw new PondError('NotEmpty', `${node.path} has ${children.length} entries`, { path });
    }
    await this.ctx.persistence.removeDirectoryEntry(parent.id, lastName(node.path));
  }

  /** All matches of a glob pattern with their captures, sorted by path (SPEC §3.4). */
  collectMatches(pattern: string): Promise<Match[]> {
    return collectMatches(this.ctx, this.stack, pattern);
  }

  /** Calls `visitor` for every match, in path order, one at a time. */
  async visit(pattern: string, visitor: (node: NodePath, captures: string[]) => void | Promise<void>): Promise<void> {
    for (const [node, captures] of await this.collectMatches(pattern)) await visitor(node, captures);
  }

  private async found(path: string, follow: boolean): Promise<{ stack: DirStack; node: NodePath }> {
    const lookup = await this.resolvePath(path, { follow });
    if (lookup.kind === 'missing') {
      const detail = lookup.at === path ? path : `${lookup.at} (resolving ${path})`;
      throw new PondError('NotFound', detail, { path });
    }
    return lookup;
  }

  /** A file-like node that has stored versions (not a produced child of a dynamic directory). */
  private async storedFile(path: string): Promise<NodePath> {
    const node = await this.getNodePath(path);
    // A dynamic directory's stored versions are its configs, like any dynamic node's.
    if (isDirectory(node.entryType) && !isDynamic(node.entryType)) throw new PondError('NotAFile', node.path, { path });
    if (node.source !== undefined) {
      throw new PondError('Unsupported', `${node.path} is produced by its parent's factory and has no stored versions`, { path });
    }
    return node;
  }

  /** The parent stack and final name for creating `path`; the parent must exist and be a writable directory. */
  private async parentForCreate(path: string, options: { allowExisting?: boolean } = {}): Promise<{ parent: DirStack; name: string }> {
    this.assertWritable(path);
    const split = splitLast(path);
    const lookup = await walk(this.ctx, this.stack, split.parent, { follow: true });
    if (lookup.kind === 'missing') throw new PondError('NotFound', `parent directory ${lookup.at} of ${path}`, { path });
    if (!isDirectory(lookup.node.entryType)) throw new PondError('NotADirectory', lookup.node.path, { path });
    this.writableParent(lookup.stack, path);
    if (options.allowExisting !== true) {
      const existing = await walk(this.ctx, lookup.stack, split.name, { follow: false });
      if (existing.kind === 'found') throw new PondError('AlreadyExists', existing.node.path, { path });
    }
    return { parent: lookup.stack, name: split.name };
  }

  /** Mints an id, stores the node and links it into the parent. */
  private async insertNew(parent: DirStack, name: string, type: EntryType, store: (id: NodePath['id']) => Promise<unknown>): Promise<NodePath> {
    const dir = this.writableParent(parent, joinPath(top(parent).path, name));
    const id = childFileId(dir.id, this.ctx.newId(type));
    await store(id);
    await this.ctx.persistence.insertDirectoryEntry(dir.id, name, id.nodeId);
    return { path: joinPath(dir.path, name), id, entryType: type };
  }

  /** The directory on top of `parent`, which must be a physical directory in a writable file system. */
  private writableParent(parent: DirStack, path: string): NodePath {
    this.assertWritable(path);
    const dir = top(parent);
    if (dir.entryType !== 'dir:physical') {
      throw new PondError('ReadOnly', `${dir.path} is produced by a factory; its entries cannot be changed`, { path });
    }
    return dir;
  }

  private assertWritable(path: string): void {
    if (this.ctx.readOnly) throw new PondError('ReadOnly', `${path}: this view of the pond is read-only`, { path });
  }
}

function lastName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
