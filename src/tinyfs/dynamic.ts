import type { DynamicEntryType } from './entryType';
import type { FileID } from './id';
import type { WD } from './wd';

/**
 * How TinyFS loads dynamic nodes without knowing about factories (SPEC §4.3): the factory layer
 * injects a resolver, TinyFS applies the loading rules. TinyFS never imports the factory layer.
 */
export interface FactoryResolver {
  /** The factory named `name`; throws `UnknownFactory` when there is none. */
  resolve(name: string): DynamicFactory;
}

/** What TinyFS needs of a factory: the functions it has decide how its nodes load. */
export interface DynamicFactory {
  readonly name: string;
  /** A file (or table) factory: config → content. */
  createFile?(config: Uint8Array, context: DynamicContext): Promise<Uint8Array>;
  /** A directory factory: config → named children. */
  createDirectory?(config: Uint8Array, context: DynamicContext): Promise<DynamicChild[]>;
}

/** What a factory sees while producing a node: which node, where, and a read-only view of the pond. */
export interface DynamicContext {
  readonly id: FileID;
  readonly path: string;
  /** The pond's root, read-only: factories read, they never write while producing content. */
  readonly root: WD;
}

/**
 * A child of a dynamic directory: either produced by another factory from its own config, or
 * content the directory's factory produced itself.
 */
export type DynamicChild =
  | {
      readonly name: string;
      readonly entryType: DynamicEntryType;
      readonly factory: string;
      readonly config: Uint8Array;
    }
  | {
      readonly name: string;
      readonly entryType: 'file:dynamic' | 'table:dynamic';
      readonly content: Uint8Array;
    };

/** How a dynamic node reads: through its factory (stored or nested config) or as content made by a parent. */
export type DynamicSource =
  | { readonly kind: 'factory'; readonly factory: string; readonly config: Uint8Array }
  | { readonly kind: 'content'; readonly content: Uint8Array };
