import { PondError, isPondError } from '../errors';
import type { LogStore } from '../store/ports';
import { blake3Hex } from './blake3';
import { type HistoryBase, prunedError, readBase } from './base';
import { type OplogEntry, decodeEntries } from './schema';
import { type NodeState, type VersionRecord, isBlobVersion } from './state';
import type { ContentSource } from './transaction';

/**
 * Reads old versions from their log records (a few decoded records cached) and blobs, verifying blobs. In a
 * pruned log, a version of a dropped commit comes from the base checkpoint when the prune kept its bytes, and is
 * otherwise a `Pruned` error (never a bare "not found").
 */
export class LogContent implements ContentSource {
  private readonly cache = new Map<number, OplogEntry[]>();
  private baseRows: { base: number; rows: OplogEntry[] } | null = null;

  constructor(private readonly store: LogStore) {}

  async readVersion(node: NodeState, version: VersionRecord): Promise<Uint8Array> {
    try {
      return await this.readStored(node, version);
    } catch (error) {
      // The usual path is untouched: only a missing record or blob asks whether it was pruned.
      if (!isPondError(error, 'NotFound')) throw error;
      const base = await readBase(this.store);
      if (base === null || version.txnSeq >= base.txnSeq) throw error;
      const what = `version ${version.version} of node ${node.nodeId} (txn ${version.txnSeq})`;
      if (isBlobVersion(node.entryType, version.size)) throw prunedError(base, what);
      const row = (await this.rowsOfBase(base)).find((e) => e.nodeId === node.nodeId && e.version === version.version);
      if (row?.content == null) throw prunedError(base, what);
      return row.content.slice();
    }
  }

  private async readStored(node: NodeState, version: VersionRecord): Promise<Uint8Array> {
    if (isBlobVersion(node.entryType, version.size)) return this.readBlob(node, version);
    const entries = await this.logEntries(version.txnSeq);
    const entry = entries.find((e) => e.nodeId === node.nodeId && e.version === version.version);
    if (entry?.content == null) throw new PondError('Corrupt', `node ${node.nodeId} version ${version.version} is missing from the log record of txn ${version.txnSeq}`);
    return entry.content.slice();
  }

  private async readBlob(node: NodeState, version: VersionRecord): Promise<Uint8Array> {
    const hash = version.blake3;
    if (hash === null) throw new PondError('Corrupt', `node ${node.nodeId} version ${version.version} is a blob without a hash`);
    const bytes = await this.store.getBlob(hash);
    const actual = blake3Hex(bytes);
    if (actual !== hash) {
      throw new PondError('Corrupt', `node ${node.nodeId} version ${version.version}: blob ${hash} holds content hashing to ${actual}`);
    }
    return bytes;
  }

  private async logEntries(txnSeq: number): Promise<OplogEntry[]> {
    const cached = this.cache.get(txnSeq);
    if (cached !== undefined) return cached;
    const [commit] = await this.store.readCommits(txnSeq, txnSeq);
    if (commit === undefined) throw new PondError('NotFound', `log record of txn ${txnSeq}`);
    const { entries } = decodeEntries(commit.log, `log record of txn ${txnSeq}`);
    if (this.cache.size >= 16) this.cache.delete(this.cache.keys().next().value as number);
    this.cache.set(txnSeq, entries);
    return entries;
  }

  /** The base checkpoint's rows (decoded once per base). */
  private async rowsOfBase(base: HistoryBase): Promise<OplogEntry[]> {
    if (this.baseRows?.base !== base.txnSeq) {
      const { entries } = decodeEntries(await this.store.readCheckpoint(base.txnSeq), `base checkpoint ${base.txnSeq}`);
      this.baseRows = { base: base.txnSeq, rows: entries };
    }
    return this.baseRows.rows;
  }
}
