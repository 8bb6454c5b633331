import { PondError } from '../errors';
import { resolveFactory, type FsContext } from './context';
import { isDirectory, isDynamic, isSeries, isTable } from './entryType';
import type { NodeMetadata } from './persistence';
import { callFactory, dynamicSource, type NodePath } from './resolve';

/** The content of a file node (SPEC §3.1, §4.3); `node` must already have its symlinks followed. */
export async function readNode(ctx: FsContext, node: NodePath): Promise<Uint8Array> {
  if (!isFileLike(node)) throw new PondError('NotAFile', node.path, { path: node.path });
  if (isDynamic(node.entryType)) return readDynamic(ctx, node);
  if (isSeries(node.entryType)) {
    const versions = await ctx.persistence.listFileVersions(node.id);
    const contents = await Promise.all(versions.map((v) => ctx.persistence.readFileVersion(node.id, v.version)));
    if (!isTable(node.entryType)) return concat(contents);
    if (ctx.tables === undefined) {
      throw new PondError('Unsupported', `${node.path}: reading a table series needs a table codec (provided by the OpLog layer)`, { path: node.path });
    }
    return ctx.tables.union(contents);
  }
  const { version } = await ctx.persistence.metadata(node.id);
  return ctx.persistence.readFileVersion(node.id, version);
}

async function readDynamic(ctx: FsContext, node: NodePath): Promise<Uint8Array> {
  const source = await dynamicSource(ctx, node);
  if (source.kind === 'content') return source.content.slice();
  const factory = resolveFactory(ctx, source.factory);
  if (factory.createFile !== undefined) {
    const create = factory.createFile.bind(factory);
    return callFactory(factory.name, node.path, () => create(source.config, { id: node.id, path: node.path, root: ctx.readOnlyRoot() }));
  }
  if (factory.createDirectory !== undefined || node.entryType === 'table:dynamic') {
    throw new PondError('TypeMismatch', `${node.path} is a ${node.entryType} but factory '${factory.name}' does not produce files`, { path: node.path });
  }
  // An executable factory's node reads as its raw config (seed Layer 5).
  return source.config.slice();
}

/** Metadata of any node; produced children of dynamic directories report version 1 and no time. */
export async function nodeMetadata(ctx: FsContext, node: NodePath): Promise<NodeMetadata> {
  const source = node.source;
  if (source === undefined) return ctx.persistence.metadata(node.id);
  const base = { entryType: node.entryType, version: 1, timestamp: null };
  return source.kind === 'content'
    ? { ...base, size: source.content.length }
    : { ...base, size: source.config.length, factory: source.factory };
}

function isFileLike(node: NodePath): boolean {
  return !isDirectory(node.entryType) && node.entryType !== 'symlink';
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
