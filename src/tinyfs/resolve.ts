import { PondError, errorMessage, isPondError } from '../errors';
import { resolveFactory, type FsContext } from './context';
import type { DynamicChild, DynamicSource } from './dynamic';
import { type EntryType, isDirectory, isDynamic } from './entryType';
import { type FileID, ROOT_FILE_ID, childFileId, derivedNodeId } from './id';
import { type ParsedPath, compareNames, joinPath, normalizeName, parsePath } from './names';

/** A node reached by a path: where it was reached, its id and its type. */
export interface NodePath {
  readonly path: string;
  readonly id: FileID;
  readonly entryType: EntryType;
  /** Set for children of dynamic directories, which are produced, not stored. */
  readonly source?: DynamicSource;
}

/** Directories from the root to the current one; `..` pops it (never past the root). */
export type DirStack = readonly NodePath[];

export const ROOT_NODE: NodePath = { path: '/', id: ROOT_FILE_ID, entryType: 'dir:physical' };

/** Nested symlinks followed before resolution fails with `SymlinkLoop`. */
export const MAX_SYMLINK_DEPTH = 10;

export type Lookup =
  | { readonly kind: 'found'; readonly stack: DirStack; readonly node: NodePath }
  /** `at` is the first missing path; `rest` counts the components after it. */
  | { readonly kind: 'missing'; readonly stack: DirStack; readonly name: string; readonly at: string; readonly rest: number };

export interface WalkOptions {
  /** Follow (and load) the final component when it is a symlink or dynamic node; false is `lstat`. */
  readonly follow: boolean;
}

/** Resolves `path` from `start` (a WD's stack). Missing entries are a result; every other problem throws. */
export async function walk(ctx: FsContext, start: DirStack, path: string | ParsedPath, options: WalkOptions): Promise<Lookup> {
  const parsed = typeof path === 'string' ? parsePath(path) : path;
  const shown = typeof path === 'string' ? path : `${parsed.absolute ? '/' : ''}${parsed.steps.join('/')}`;
  return walkSteps(ctx, parsed.absolute ? [ROOT_NODE] : start, parsed.steps, options, shown || '.', 0);
}

async function walkSteps(
  ctx: FsContext,
  start: DirStack,
  steps: readonly string[],
  options: WalkOptions,
  fullPath: string,
  depth: number,
): Promise<Lookup> {
  let stack: NodePath[] = [...start];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as string;
    const last = i === steps.length - 1;
    if (step === '.') continue;
    if (step === '..') {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const dir = top(stack);
    if (!isDirectory(dir.entryType)) {
      throw new PondError('NotADirectory', `${dir.path} (in ${fullPath})`, { path: fullPath });
    }
    const follow = !last || options.follow;
    const child = await lookupChild(ctx, dir, step, fullPath, follow);
    if (child === null) {
      return { kind: 'missing', stack, name: step, at: joinPath(dir.path, step), rest: steps.length - i - 1 };
    }
    if (child.entryType === 'symlink' && follow) {
      if (depth >= MAX_SYMLINK_DEPTH) {
        throw new PondError('SymlinkLoop', `${fullPath} (more than ${MAX_SYMLINK_DEPTH} nested symlinks)`, {
          path: fullPath,
        });
      }
      const target = await symlinkTarget(ctx, child, fullPath);
      const parsed = parsePath(target);
      const resolved = await walkSteps(ctx, parsed.absolute ? [ROOT_NODE] : stack, parsed.steps, { follow: true }, fullPath, depth + 1);
      if (resolved.kind === 'missing') return { ...resolved, rest: resolved.rest + steps.length - i - 1 };
      stack = [...resolved.stack];
      continue;
    }
    stack.push(child);
  }
  return { kind: 'found', stack, node: top(stack) };
}

/**
 * The child `name` of a directory, or null when it has no such entry. Any failure while reading the
 * directory or loading the child is reported as itself with the path — never as "not found" (seed bug fix #1).
 */
export async function lookupChild(
  ctx: FsContext,
  dir: NodePath,
  name: string,
  fullPath: string,
  load: boolean,
): Promise<NodePath | null> {
  try {
    if (dir.entryType === 'dir:dynamic') {
      const children = await dynamicChildren(ctx, dir);
      const child = children.find((c) => joinPath(dir.path, name) === c.path) ?? null;
      if (child !== null && load) checkLoadable(ctx, child.source);
      return child;
    }
    const entry = await ctx.persistence.lookupDirectoryEntry(dir.id, name);
    if (entry === null) return null;
    const node: NodePath = { path: joinPath(dir.path, name), id: childFileId(dir.id, entry.nodeId), entryType: entry.entryType };
    if (load && isDynamic(node.entryType)) {
      // Loading a dynamic node resolves its factory: an unknown factory fails here, loudly.
      const stored = await ctx.persistence.loadNode(node.id);
      if (stored.kind !== 'dynamic') throw new PondError('Corrupt', `${node.path} is typed ${node.entryType} but stored as ${stored.kind}`);
      resolveFactory(ctx, stored.factory);
    }
    return node;
  } catch (error) {
    throw accessError(name, fullPath, error);
  }
}

/** The entries of a directory (physical or dynamic), sorted by name, without loading them. */
export async function listChildren(ctx: FsContext, dir: NodePath): Promise<NodePath[]> {
  if (dir.entryType === 'dir:dynamic') return dynamicChildren(ctx, dir);
  if (dir.entryType !== 'dir:physical') throw new PondError('NotADirectory', dir.path, { path: dir.path });
  const entries = await ctx.persistence.listDirectory(dir.id);
  return entries.map((e) => ({ path: joinPath(dir.path, e.name), id: childFileId(dir.id, e.nodeId), entryType: e.entryType }));
}

/** The source a dynamic node is read from: its stored config, or what its parent directory produced. */
export async function dynamicSource(ctx: FsContext, node: NodePath): Promise<DynamicSource> {
  if (node.source !== undefined) return node.source;
  const stored = await ctx.persistence.getDynamicNodeConfig(node.id);
  if (stored === null) throw new PondError('Corrupt', `${node.path} is typed ${node.entryType} but has no factory config`);
  return { kind: 'factory', factory: stored.factory, config: stored.config };
}

/** Runs a directory factory and turns its children into nodes with stable derived ids. */
async function dynamicChildren(ctx: FsContext, dir: NodePath): Promise<NodePath[]> {
  const source = await dynamicSource(ctx, dir);
  if (source.kind !== 'factory') throw new PondError('Corrupt', `${dir.path} is a directory but was produced as content`);
  const factory = resolveFactory(ctx, source.factory);
  if (factory.createDirectory === undefined) {
    throw new PondError('TypeMismatch', `factory '${factory.name}' does not produce directories (${dir.path})`, { path: dir.path });
  }
  const create = factory.createDirectory.bind(factory);
  const children = await callFactory(factory.name, dir.path, () =>
    create(source.config, { id: dir.id, path: dir.path, root: ctx.readOnlyRoot() }),
  );
  const seen = new Set<string>();
  const nodes = children.map((child) => childNode(dir, child, factory.name, seen));
  return nodes.sort((a, b) => compareNames(a.path, b.path));
}

function childNode(dir: NodePath, child: DynamicChild, factory: string, seen: Set<string>): NodePath {
  let name: string;
  try {
    name = normalizeName(child.name);
  } catch (error) {
    throw new PondError('FactoryFailed', `factory '${factory}' produced an invalid child of ${dir.path}: ${errorMessage(error)}`, { path: dir.path, cause: error });
  }
  if (seen.has(name)) {
    throw new PondError('FactoryFailed', `factory '${factory}' produced '${name}' twice in ${dir.path}`, { path: dir.path });
  }
  seen.add(name);
  const id = childFileId(dir.id, derivedNodeId(child.entryType, dir.id.nodeId, name));
  const source: DynamicSource =
    'content' in child
      ? { kind: 'content', content: child.content }
      : { kind: 'factory', factory: child.factory, config: child.config };
  return { path: joinPath(dir.path, name), id, entryType: child.entryType, source };
}

/** Fails fast when a produced child names a factory that does not exist. */
function checkLoadable(ctx: FsContext, source: DynamicSource | undefined): void {
  if (source?.kind === 'factory') resolveFactory(ctx, source.factory);
}

/** Calls into a factory; anything it throws becomes `FactoryFailed` naming the factory and the path. */
export async function callFactory<T>(factory: string, path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new PondError('FactoryFailed', `factory '${factory}' failed for ${path}: ${errorMessage(error)}`, { path, cause: error });
  }
}

/** The stored target of a symlink node. */
export async function symlinkTarget(ctx: FsContext, link: NodePath, fullPath: string): Promise<string> {
  const stored = await ctx.persistence.loadNode(link.id);
  if (stored.kind !== 'symlink') throw new PondError('Corrupt', `${link.path} is typed symlink but stored as ${stored.kind}`, { path: fullPath });
  return stored.target;
}

/** `Failed to access '<name>' in path <path>: <cause>`, keeping the cause's kind. */
export function accessError(name: string, fullPath: string, error: unknown): PondError {
  const message = `Failed to access '${name}' in path ${fullPath}: ${errorMessage(error)}`;
  const kind = isPondError(error) ? error.kind : 'FactoryFailed';
  return new PondError(kind, message, { path: fullPath, cause: error, message });
}

export function top(stack: DirStack): NodePath {
  const node = stack[stack.length - 1];
  if (node === undefined) throw new PondError('InvalidPath', 'empty directory stack');
  return node;
}
