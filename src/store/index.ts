/**
 * Stores & adapters (SPEC §2): the ports the core talks to, the records they carry, the rules every
 * implementation shares, and the in-memory implementations. Browser adapters: `./browser`.
 */
export type * from './ports';
export type * from './records';
export type { Catalog, CatalogEntry } from './catalog';
export { isChangeEvent } from './changes';
export { MIRROR_META_KEY, type MirrorMark } from './mirror';
export * from './memory';
