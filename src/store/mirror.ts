/**
 * The mark of a replication mirror kept in its own store (the CLI's pond directories: `meta/mirror.json`).
 * In the browser the catalog entry carries the mark instead (`CatalogEntry.mirrorOf`), since the catalog is
 * where the app lists ponds.
 */

/** Meta key of the mark; promotion writes `null` there (the store has no delete for meta). */
export const MIRROR_META_KEY = 'mirror';

/** What the mark says: the pond id mirrored and where the source was when the mirror was made. */
export interface MirrorMark {
  readonly pondId: string;
  readonly source: string;
}
