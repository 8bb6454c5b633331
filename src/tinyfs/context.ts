import type { DynamicFactory, FactoryResolver } from './dynamic';
import type { EntryType } from './entryType';
import type { NodeId } from './id';
import type { PersistenceLayer } from './persistence';
import type { WD } from './wd';
import { PondError } from '../errors';

/** Combines the versions of a `table:physical:series` into one table (Arrow lives above TinyFS). */
export interface TableCodec {
  union(versions: Uint8Array[]): Uint8Array;
}

/** Everything the path operations share: the backend and the injected services. */
export interface FsContext {
  readonly persistence: PersistenceLayer;
  readonly resolver: FactoryResolver | undefined;
  readonly tables: TableCodec | undefined;
  readonly readOnly: boolean;
  readonly newId: (type: EntryType) => NodeId;
  /** The pond's root as a read-only WD, handed to factories. */
  readonly readOnlyRoot: () => WD;
}

/** The factory named `name`, through the injected resolver; fails loudly when there is none. */
export function resolveFactory(ctx: FsContext, name: string): DynamicFactory {
  if (ctx.resolver === undefined) {
    throw new PondError('UnknownFactory', `${name} (this file system has no factory resolver)`);
  }
  return ctx.resolver.resolve(name);
}
