import { PondError } from '../../errors';
import { type ImportResult, exportPond as exportBundle, importPond as importBundle } from '../../bundle';
import { IDENTITY_KEY, type PondIdentity, verifyPond } from '../../tlogfs';
import type { CmdContext } from '../context';
import { table } from './files';
import type { CommandSpec } from '../spec';

type Command = CommandSpec<CmdContext>;

export const init: Command = {
  name: 'init',
  summary: 'create a new pond (fails, changing nothing, if one exists)',
  args: [],
  flags: [{ name: 'birthplace', type: 'string', value: 'LABEL', description: 'where this pond was born (shown in its identity)' }],
  examples: ['init --birthplace laptop'],
  async run({ flags }, ctx) {
    const birthplace = flags['birthplace'] as string | undefined;
    const pond = await ctx.createPond(birthplace === undefined ? {} : { birthplace });
    return `initialized pond ${pond.identity.pondId} (txn 1)`;
  },
};

export const promote: Command = {
  name: 'promote',
  summary: 'make this mirror an ordinary, writable pond (its replicator stops writing into it)',
  args: [],
  flags: [],
  examples: ['promote'],
  async run(_args, ctx) {
    return ctx.promote();
  },
};

export const verify: Command = {
  name: 'verify',
  summary: 'check the whole log, blobs, directory snapshots and checkpoints; report every problem',
  args: [],
  flags: [],
  examples: ['verify'],
  async run(_args, ctx) {
    const report = await verifyPond((await ctx.pond()).env.store);
    const stats = `${report.commits} commits, ${report.entries} records, ${report.blobs} blobs, ${report.checkpoints} checkpoints`;
    if (report.problems.length > 0) {
      throw new PondError('Corrupt', `verify found ${report.problems.length} problem(s) in ${stats}:\n${report.problems.map((p) => `  ${p}`).join('\n')}`);
    }
    const spare = report.unreferencedBlobs > 0 ? `; ${report.unreferencedBlobs} unreferenced blobs (maintain can reclaim them)` : '';
    const base = report.base === null ? '' : `; the log starts at the base checkpoint at txn ${report.base.txnSeq} (history before it was pruned)`;
    return `ok: ${stats} verified${spare}${base}`;
  },
};

const SETTING = /^(factory_mode|timeout):[A-Za-z0-9._-]+$/;

export const config: Command = {
  name: 'config',
  summary: 'show settings, or set one: factory_mode:<factory> push|pull, timeout:<factory> <ms>',
  args: [
    { name: 'set', optional: true, description: "'set' to change a setting" },
    { name: 'KEY', optional: true, description: 'factory_mode:<factory> or timeout:<factory>' },
    { name: 'VALUE', optional: true, description: 'push|pull, or a timeout in ms' },
  ],
  flags: [],
  examples: ['config', 'config set factory_mode:test-executor pull', 'config set timeout:test-executor 5000'],
  async run({ positional }, ctx) {
    const pond = await ctx.pond();
    if (positional.length === 0) {
      const settings = Object.entries(await pond.settings()).sort(([a], [b]) => (a < b ? -1 : 1));
      return settings.length === 0 ? 'no settings (factory modes default to push; run timeouts to 60000 ms)' : settings.map(([k, v]) => `${k} = ${v}`).join('\n');
    }
    const [verb, key, value] = positional;
    if (verb !== 'set' || key === undefined || value === undefined) throw new PondError('InvalidArgument', 'config: use `config` or `config set KEY VALUE`');
    if (!SETTING.test(key)) throw new PondError('InvalidArgument', `config: unknown setting '${key}' (factory_mode:<factory> or timeout:<factory>)`);
    if (key.startsWith('factory_mode:') && value !== 'push' && value !== 'pull') throw new PondError('InvalidArgument', `config: ${key} must be push or pull (got '${value}')`);
    if (key.startsWith('timeout:') && !(Number.isInteger(Number(value)) && Number(value) > 0)) throw new PondError('InvalidArgument', `config: ${key} must be a positive number of ms (got '${value}')`);
    await pond.setSetting(key, value);
    return `${key} = ${value}`;
  },
};

export const listFactories: Command = {
  name: 'list-factories',
  summary: 'list the factories: name, kind, description',
  args: [],
  flags: [],
  examples: ['list-factories'],
  async run(_args, ctx) {
    return table(ctx.registry.list().map((f) => [f.name, f.kind, f.description]));
  },
};

export const exportPond: Command = {
  name: 'export',
  summary: 'write the whole pond to one pond file (zip with a manifest; docs/pond-file-format.md)',
  args: [{ name: 'FILE', description: 'the pond file to write, e.g. backup.pond' }],
  flags: [],
  examples: ['export backup.pond'],
  async run({ positional }, ctx) {
    const [file] = positional;
    if (file === undefined) throw new PondError('InvalidArgument', 'export: name the file to write, e.g. export backup.pond');
    // The store alone (the pond's state is not needed to copy its records), streamed to the file chunk by
    // chunk: memory stays bounded however large the pond is.
    const store = await ctx.pondStore();
    const identity = await store.readMeta<PondIdentity>(IDENTITY_KEY);
    if (identity === null) throw new PondError('NotFound', 'export: this store holds no pond (no identity); nothing was written');
    const size = await ctx.host.writeChunks(file, exportBundle(store));
    const last = await store.lastTxnSeq();
    return `exported pond ${identity.pondId} (${last} commits, ${size} bytes) to ${file}`;
  },
};

export const importPond: Command = {
  name: 'import',
  summary: 'create the pond from a pond file, verified before anything is written',
  args: [{ name: 'FILE', description: 'the pond file to read' }],
  flags: [
    { name: 'as-copy', type: 'boolean', description: 'give the pond a new pond id (all history kept, records re-encoded)' },
    { name: 'replace', type: 'boolean', description: 'replace the pond that exists here (otherwise import refuses)' },
  ],
  examples: ['import backup.pond', 'import backup.pond --as-copy', 'import backup.pond --replace'],
  async run({ positional, flags }, ctx) {
    const [file] = positional;
    if (file === undefined) throw new PondError('InvalidArgument', 'import: name the pond file to read, e.g. import backup.pond');
    if (ctx.createPondFrom === undefined) throw new PondError('Unsupported', 'import: not available here yet; nothing was changed');
    const replace = flags['replace'] === true;
    const mode = flags['as-copy'] === true ? 'copy' : replace ? 'replace' : 'new';
    // Read through a file handle, member by member: the file is never loaded whole.
    const source = await ctx.host.open(file);
    let result: ImportResult | null = null;
    try {
      await ctx.createPondFrom(async (store) => {
        result = await importBundle(source, store, { mode });
        const report = await verifyPond(store);
        if (report.problems.length > 0) throw new PondError('Corrupt', `import: the imported pond does not verify; nothing was changed:\n${report.problems.map((p) => `  ${p}`).join('\n')}`);
      }, { replace });
    } finally {
      await source.close();
    }
    const done = result as ImportResult | null;
    if (done === null) throw new PondError('Corrupt', 'import: nothing was imported');
    const copy = mode === 'copy' ? ` as a copy (new pond id; the file's pond is ${done.sourcePondId})` : '';
    return `imported pond ${done.identity.pondId} (${done.lastTxnSeq} commits) from ${file}${copy}`;
  },
};

export const maintain: Command = {
  name: 'maintain',
  summary: 'reclaim storage: blobs no commit references, checkpoints retention does not keep; --prune-before N --yes drops history',
  args: [],
  flags: [
    { name: 'dry-run', short: 'n', type: 'boolean', description: 'only report what would be reclaimed' },
    { name: 'prune-before', type: 'number', value: 'N', description: 'drop the history before txn N (a base checkpoint at N; time travel before N is gone)' },
    { name: 'yes', short: 'y', type: 'boolean', description: 'confirm --prune-before (without it, only says what would be dropped)' },
  ],
  examples: ['maintain', 'maintain --dry-run', 'maintain --prune-before 100', 'maintain --prune-before 100 --yes'],
  async run({ flags }, ctx) {
    const before = flags['prune-before'];
    if (before !== undefined) return prune(ctx, before as number, flags['yes'] === true && flags['dry-run'] !== true);
    if (flags['yes'] === true) throw new PondError('InvalidArgument', 'maintain --yes confirms --prune-before N; nothing was changed');
    const report = await (await ctx.pond()).maintain({ dryRun: flags['dry-run'] === true });
    const verb = report.dryRun ? 'would delete' : 'deleted';
    const blobs = `${verb} ${report.blobsDeleted.length} unreferenced blob${report.blobsDeleted.length === 1 ? '' : 's'} (${report.blobBytes} bytes)`;
    const checkpoints = `${verb} ${report.checkpointsDeleted.length} intermediate checkpoint${report.checkpointsDeleted.length === 1 ? '' : 's'}${report.checkpointsDeleted.length > 0 ? ` (txns ${report.checkpointsDeleted.join(', ')})` : ''}; kept ${report.checkpointsKept.length}`;
    return `${blobs}\n${checkpoints}\nhistory untouched: every commit and every blob a commit needs is kept`;
  },
};

/** `maintain --prune-before N`: without confirmation a dry run saying what would go, with it the prune. */
async function prune(ctx: CmdContext, before: number, confirmed: boolean): Promise<string> {
  const report = await (await ctx.pond()).prune(before, { dryRun: !confirmed });
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const what = `${plural(report.commitsDropped, 'commit')} before txn ${before}, ${plural(report.checkpointsDeleted.length, 'checkpoint')}, ${plural(report.blobsDeleted.length, 'blob')} (${report.blobBytes} bytes)`;
  if (report.dryRun) {
    return `would drop ${what}; the pond would start at a base checkpoint at txn ${before} and time travel before it would be gone\nnothing was changed: run again with --yes to prune`;
  }
  return `dropped ${what}; the pond now starts at a base checkpoint at txn ${before} (time travel before it says it was pruned)`;
}
