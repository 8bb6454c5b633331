import { PondError } from '../errors';
import type { CommitMeta, StoredControlRecord } from '../store/records';
import type { PondIdentity } from '../tlogfs/oplog';

/**
 * The pond file format, version 1 (docs/pond-file-format.md): a zip whose first member is
 * `manifest.json`, followed by the pond directory layout of docs/pond-format.md, member by member.
 */
export const POND_FILE_FORMAT = 'duckpond-pond-file';
export const POND_FILE_FORMAT_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';
/** The pond directory's format marker, packed as the first member after the manifest. */
export const DIRECTORY_FORMAT_NAME = 'duckpond.json';
export const DIRECTORY_FORMAT = { format: 'duckpond-pond', version: 1 } as const;
/** The meta keys a pond has (identity, settings), in member order. */
export const META_KEYS = ['pond', 'settings', 'base'] as const;
export const SETTINGS_KEY = 'settings';

export interface ManifestMember {
  readonly name: string;
  /** Uncompressed size in bytes. */
  readonly size: number;
  /** BLAKE3 of the uncompressed bytes, 64 lower-case hex characters. */
  readonly blake3: string;
}

export interface Manifest {
  readonly format: typeof POND_FILE_FORMAT;
  readonly formatVersion: number;
  readonly pondId: string;
  readonly identity: PondIdentity;
  readonly lastTxnSeq: number;
  /** Every member after `manifest.json`, in archive order. */
  readonly members: readonly ManifestMember[];
}

/** `commits/<seq>/control.json`: the control records a commit wrote, numbered from `firstSeq`. */
export interface CommitControlFile {
  readonly firstSeq: number;
  readonly records: readonly StoredControlRecord[];
}

/** `control/<seq>.json`: records appended on their own, or the reservation of commit `commit`'s records. */
export type ControlFile =
  | { readonly firstSeq: number; readonly count: number; readonly records: readonly StoredControlRecord[] }
  | { readonly firstSeq: number; readonly count: number; readonly commit: number };

export type { CommitMeta };

/** A positive integer as 20 zero-padded digits (as the directory store names commits and checkpoints). */
export function seqName(seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new PondError('InvalidArgument', `sequence number ${seq}`);
  return String(seq).padStart(20, '0');
}

export const names = {
  meta: (key: string): string => `meta/${key}.json`,
  commitMeta: (seq: number): string => `commits/${seqName(seq)}/meta.json`,
  commitLog: (seq: number): string => `commits/${seqName(seq)}/log.arrow`,
  commitControl: (seq: number): string => `commits/${seqName(seq)}/control.json`,
  control: (firstSeq: number): string => `control/${seqName(firstSeq)}.json`,
  blob: (hash: string): string => `blobs/${hash.slice(0, 2)}/${hash}`,
  checkpoint: (seq: number): string => `checkpoints/${seqName(seq)}.arrow`,
};

/** JSON with object keys sorted (at every depth), 2-space indent and a final newline: one text per value. */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

const encoder = new TextEncoder();
export const jsonBytes = (value: unknown): Uint8Array => encoder.encode(canonicalJson(value));

/** Control kinds the steward writes with a commit (after its `data_committed`), see `Pond.commitRecords`. */
export const COMMIT_CONTROL_KINDS: ReadonlySet<string> = new Set(['post_commit_pending', 'post_commit_skipped', 'setting']);

/** The member names allowed at all: the layout, nothing else. */
const MEMBER_NAME = /^(duckpond\.json|meta\/[a-z0-9_-]{1,200}\.json|commits\/\d{20}\/(meta\.json|log\.arrow|control\.json)|control\/\d{20}\.json|blobs\/[0-9a-z]{1,2}\/[0-9a-z]{1,128}|checkpoints\/\d{20}\.arrow)$/;

/** Why a member name is unsafe or not part of the layout, or null when it is fine. */
export function memberNameProblem(name: string): string | null {
  if (name.length === 0) return 'an empty name';
  if (name.length > 400) return 'a name longer than 400 characters';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'an absolute path';
  if (name.includes('\\')) return 'a backslash';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'a control character';
  if (name.split('/').some((part) => part === '..' || part === '.' || part === '')) return "a '..', '.' or empty path segment";
  if (!MEMBER_NAME.test(name)) return 'a name that is not part of the pond layout';
  if (name.startsWith('blobs/')) {
    const [, shard, hash] = name.split('/');
    if (hash === undefined || shard !== hash.slice(0, 2)) return 'a blob in the wrong shard directory';
  }
  return null;
}
