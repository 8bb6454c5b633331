import { PondError } from '../errors';
import type { DynamicChild, DynamicContext, DynamicFactory, FactoryResolver } from '../tinyfs';
import type { FactoryRegistry } from './registry';
import { type DirectoryChild, type Factory, type ReadContext, type TableWriter, entryTypeForKind } from './types';

/** Where a line logged by a factory while producing a node came from. */
export interface FactoryLogOrigin {
  readonly factory: string;
  readonly path: string;
}

export interface RegistryResolverOptions {
  /** Receives the lines factories log while producing nodes (read paths have no run log of their own). */
  readonly log?: (line: string, origin: FactoryLogOrigin) => void;
  /** Encodes the Arrow tables of table factories (the steward passes tlogfs's); without it they fail with `Unsupported`. */
  readonly tables?: TableWriter;
}

/** A table writer for contexts given none: table factories fail loudly instead of producing something else. */
export const noTableWriter: TableWriter = {
  fromColumns() {
    throw new PondError('Unsupported', 'this pond engine gives factories no Arrow table writer (registryResolver without `tables`)');
  },
};

/**
 * The registry as TinyFS's {@link FactoryResolver} (SPEC §4.3, seed Layer 5): a file/table factory loads
 * through `createFile`, a directory factory through `createDirectory`, and an executable factory resolves
 * to a factory with neither, so TinyFS reads its node as the raw config. Unknown names are `UnknownFactory`.
 */
export function registryResolver(registry: FactoryRegistry, options: RegistryResolverOptions = {}): FactoryResolver {
  const adapted = new WeakMap<Factory, DynamicFactory>();
  return {
    resolve(name: string): DynamicFactory {
      const factory = registry.get(name);
      let dynamic = adapted.get(factory);
      if (dynamic === undefined) {
        dynamic = adapt(registry, factory, options);
        adapted.set(factory, dynamic);
      }
      return dynamic;
    },
  };
}

function adapt(registry: FactoryRegistry, factory: Factory, options: RegistryResolverOptions): DynamicFactory {
  const name = factory.name;
  const readContext = (ctx: DynamicContext, rawConfig: string): ReadContext => ({
    nodeId: ctx.id,
    path: ctx.path,
    rawConfig,
    tables: options.tables ?? noTableWriter,
    root: ctx.root,
    registry,
    log: (line) => options.log?.(line, { factory: name, path: ctx.path }),
  });
  switch (factory.kind) {
    case 'file':
    case 'table':
      return {
        name,
        createFile: (config, ctx) => {
          const raw = decodeConfig(name, config, ctx.path);
          return registry.createFile(name, raw, readContext(ctx, raw));
        },
      };
    case 'directory':
      return {
        name,
        createDirectory: async (config, ctx) => {
          const raw = decodeConfig(name, config, ctx.path);
          const children = await registry.createDirectory(name, raw, readContext(ctx, raw));
          return children.map((child) => toDynamicChild(registry, child));
        },
      };
    case 'executable':
      // No createFile and no createDirectory: the node reads as its raw config (seed Layer 5).
      return { name };
  }
}

/**
 * A directory factory's child as TinyFS sees it. A child made by a factory gets the entry type of that
 * factory's kind unless it names one; when that factory is unknown the child is still listed (as a file)
 * and fails with `UnknownFactory` when it is opened, like any node whose factory is missing.
 */
function toDynamicChild(registry: FactoryRegistry, child: DirectoryChild): DynamicChild {
  if ('content' in child) {
    return { name: child.name, entryType: child.table === true ? 'table:dynamic' : 'file:dynamic', content: child.content };
  }
  let entryType = child.entryType;
  if (entryType === undefined) {
    const kind = registry.has(child.factory) ? registry.get(child.factory).kind : 'file';
    entryType = (entryTypeForKind(kind) ?? 'file:dynamic') as 'file:dynamic' | 'dir:dynamic' | 'table:dynamic';
  }
  return { name: child.name, entryType, factory: child.factory, config: new TextEncoder().encode(child.config) };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeConfig(factory: string, config: Uint8Array, path: string): string {
  try {
    return utf8.decode(config);
  } catch {
    throw new PondError('InvalidConfig', `the configuration of ${path} (factory '${factory}') is not valid UTF-8`, { path });
  }
}
