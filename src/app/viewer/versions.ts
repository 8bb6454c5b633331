import type { VersionEntry } from '../engine/protocol';
import { formatBytes } from '../shell/format';

/** What a view shows: the draft's content, or a stored version (null: the newest, the draft when there is one). */
export type Shown = 'draft' | number;

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** A version as the picker and the diff name it: "v3 · txn 12 · 12/7/26, 1:40 PM · 114 B". */
export function versionLabel(v: VersionEntry): string {
  return `v${v.version} · txn ${v.txnSeq} · ${when.format(v.timestamp)} · ${formatBytes(v.size)}`;
}

/** The two sides a comparison starts with: the newest against the one before it. */
export function defaultPair(versions: readonly VersionEntry[], drafted: boolean): readonly [Shown, Shown] | null {
  const newest = versions[versions.length - 1];
  if (drafted) return newest === undefined ? null : [newest.version, 'draft'];
  const before = versions[versions.length - 2];
  return newest === undefined || before === undefined ? null : [before.version, newest.version];
}
