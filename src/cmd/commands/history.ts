import { PondError } from '../../errors';
import type { CommitMeta } from '../../store/records';
import { prunedError, readBase } from '../../tlogfs';
import { type CmdContext, isoTime, runLine } from '../context';
import type { CommandSpec } from '../spec';

type Command = CommandSpec<CmdContext>;

export const log: Command = {
  name: 'log',
  summary: 'list transactions, newest first, each with its post-commit runs',
  args: [],
  flags: [
    { name: 'limit', type: 'number', value: 'N', description: 'show at most N transactions (default 20)' },
    { name: 'txn-seq', type: 'number', value: 'N', description: 'show only txn N' },
    { name: 'incomplete', type: 'boolean', description: 'show transactions that began and never ended' },
  ],
  examples: ['log', 'log --limit 5', 'log --txn-seq 7', 'log --incomplete'],
  async run({ flags }, ctx) {
    const pond = await ctx.pond();
    if (flags['incomplete'] === true) {
      const open = await pond.incomplete();
      if (open.length === 0) return 'no incomplete transactions';
      return open.map((r) => `txn ${r.txnSeq}  incomplete  ${isoTime(r.time)}  ${r.origin ?? ''}  (run recover to mark it failed)`).join('\n');
    }
    const metas = await selectCommits(ctx, flags['txn-seq'] as number | undefined, (flags['limit'] as number | undefined) ?? 20);
    const runs = await pond.runs();
    const lines: string[] = [];
    for (const meta of metas) {
      const { added, modified, removed } = meta.summary;
      lines.push(`txn ${meta.txnSeq}  committed  ${isoTime(meta.time)}  ${meta.origin}  (+${added.length} ~${modified.length} -${removed.length})${meta.message === undefined ? '' : `  "${meta.message}"`}`);
      for (const run of runs.filter((r) => r.txnSeq === meta.txnSeq)) lines.push(runLine(run));
    }
    return lines.join('\n');
  },
};

export const show: Command = {
  name: 'show',
  summary: 'show what each commit changed',
  args: [],
  flags: [
    { name: 'mode', short: 'm', type: 'string', value: 'MODE', choices: ['brief', 'concise', 'detailed'], description: 'how much to show (default concise)' },
    { name: 'limit', type: 'number', value: 'N', description: 'show at most N commits (default 20)' },
    { name: 'txn-seq', type: 'number', value: 'N', description: 'show only txn N' },
  ],
  examples: ['show', 'show -m detailed --txn-seq 4'],
  async run({ flags }, ctx) {
    const mode = (flags['mode'] as string | undefined) ?? 'concise';
    const metas = await selectCommits(ctx, flags['txn-seq'] as number | undefined, (flags['limit'] as number | undefined) ?? 20);
    return metas.map((meta) => describeCommit(meta, mode)).join('\n');
  },
};

function describeCommit(meta: CommitMeta, mode: string): string {
  const { added, modified, removed } = meta.summary;
  const head = `txn ${meta.txnSeq}  ${isoTime(meta.time)}  ${meta.origin}`;
  if (mode === 'brief') return `${head}  (+${added.length} ~${modified.length} -${removed.length})`;
  const lines = [head];
  const detailed = mode === 'detailed';
  for (const a of added) lines.push(`  + ${a.path}${detailed ? `  ${a.entryType} v${a.version}` : ''}`);
  for (const m of modified) lines.push(`  ~ ${m.path}${detailed ? `  ${m.entryType} v${m.from} -> v${m.to}` : ''}`);
  for (const r of removed) lines.push(`  - ${r.path}${detailed ? `  ${r.entryType} v${r.version}` : ''}`);
  return lines.join('\n');
}

async function selectCommits(ctx: CmdContext, txnSeq: number | undefined, limit: number): Promise<CommitMeta[]> {
  const pond = await ctx.pond();
  const last = await pond.env.store.lastTxnSeq();
  if (txnSeq !== undefined) {
    const base = await readBase(pond.env.store);
    if (base !== null && txnSeq >= 1 && txnSeq < base.txnSeq) throw prunedError(base, `txn ${txnSeq}`);
    if (txnSeq < 1 || txnSeq > last) throw new PondError('NotFound', `txn ${txnSeq} (this pond has txns ${base?.txnSeq ?? 1}..${last})`);
    return pond.env.store.readCommitMetas(txnSeq, txnSeq);
  }
  if (limit < 1) throw new PondError('InvalidArgument', '--limit must be at least 1');
  return (await pond.env.store.readCommitMetas(Math.max(1, last - limit + 1), last)).reverse();
}

export const run: Command = {
  name: 'run',
  summary: 'run an executable factory node now (mode manual), in its own transaction',
  args: [
    { name: 'PATH', description: 'the node' },
    { name: 'ARGS', variadic: true, optional: true, description: 'arguments passed to the factory' },
  ],
  flags: [],
  examples: ['run /etc/system.d/10-test'],
  async run({ positional: [path, ...args] }, ctx) {
    const result = await (await ctx.pond()).run(path as string, args);
    return runLine(result).trim();
  },
};

export const recover: Command = {
  name: 'recover',
  summary: 'mark incomplete transactions failed and resume interrupted post-commit runs',
  args: [],
  flags: [],
  examples: ['recover'],
  async run(_args, ctx) {
    const { markedFailed, resumed } = await (await ctx.pond()).recover();
    const lines = markedFailed.map((r) => `marked txn ${r.txnSeq} (${r.origin ?? 'unknown'}) failed: it never committed`);
    for (const r of resumed) lines.push(runLine(r));
    return lines.length === 0 ? 'nothing to recover' : lines.join('\n');
  },
};
