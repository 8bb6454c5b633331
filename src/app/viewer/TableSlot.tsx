import type { TableSource } from '../engine/protocol';

/** Where the table grid and chart go. */
export function TableSlot({ source }: { source: TableSource }) {
  return <p className="preview-note">Table view of {source.path}</p>;
}

/** Where the table comparison goes. */
export function TableDiffSlot({ a, b }: { a: TableSource; b: TableSource }) {
  return <p className="preview-note">Table diff of {a.path}@{a.version} and {b.path}@{b.version}</p>;
}
