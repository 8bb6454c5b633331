import { PondError } from '../errors';
import type { WD } from '../tinyfs';
import { noTableWriter } from './resolver';
import type { CommitInfo, FactoryRegistryView, ReadContext, RunContext } from './types';

/** A RunContext for factory tests: log lines are collected, and history, HTTP and other ponds are absent. */
export function fakeRunContext(root: WD, overrides: Partial<RunContext> = {}): RunContext & { readonly lines: string[] } {
  const lines: string[] = [];
  const unavailable = (what: string) => async (): Promise<never> => {
    throw new PondError('Unsupported', `${what} is not available in this test context`);
  };
  return {
    mode: 'manual',
    args: [],
    txnSeq: 1,
    parentTxnSeq: null,
    commit: null as CommitInfo | null,
    root,
    history: {
      identity: unavailable('history'),
      lastTxnSeq: async () => 0,
      readCommits: async () => [],
      getBlob: unavailable('history'),
      listCheckpoints: async () => [],
      readCheckpoint: unavailable('history'),
    },
    http: { request: unavailable('http') },
    openPond: unavailable('openPond'),
    openMirror: unavailable('openMirror'),
    signal: new AbortController().signal,
    log: (line: string) => void lines.push(line),
    ...overrides,
    lines,
  };
}

/**
 * A ReadContext for factory tests, reading `root`; log lines are collected. `tables` must be given by tests
 * of table factories (the real writer lives in tlogfs, which this layer may not import).
 */
export function fakeReadContext(root: WD, registry: FactoryRegistryView, overrides: Partial<ReadContext> = {}): ReadContext & { readonly lines: string[] } {
  const lines: string[] = [];
  return { nodeId: root.node.id, path: '/x', rawConfig: '', tables: noTableWriter, root, registry, log: (line: string) => void lines.push(line), ...overrides, lines };
}
