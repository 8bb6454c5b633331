import { execute } from './index';
import { memoryContext } from './testing';
import type { CmdContext } from './context';
import { PondError } from '../errors';
import { Pond } from '../steward';
import { memoryEnvironment } from '../steward/testing';
import type { LogStore } from '../store/ports';
import { IDENTITY_KEY, type PondIdentity, buildState, stateDigest } from '../tlogfs';

/** Helpers for the pond file tests (here because they build ponds with commands; `src/bundle` may not import cmd). */

/** Deterministic pseudo-random text (a blob that does not deflate to nothing). */
export function noise(length: number, seed = 1): string {
  let x = seed >>> 0 || 1;
  let out = '';
  while (out.length < length) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += (x >>> 0).toString(36);
  }
  return out.slice(0, length);
}

/**
 * A pond with every entry type (dirs, files inline and blob, symlink, table, series, dynamic file and dir),
 * post-commit runs, a setting, and `commits` commits in all.
 */
export async function richPond(commits: number): Promise<{ store: LogStore; run: (line: string) => Promise<string> }> {
  const { env, run } = memoryContext({ files: { 'big.txt': noise(200_000), 'x.csv': 'name,value\na,1\nb,2\n', 'cfg.yaml': 'message: hi # kept\n' } });
  await run('init --birthplace test');
  await run('mkdir -p /etc/system.d');
  await run('mknod /etc/system.d/10-test --factory test-executor --config-path cfg.yaml');
  await run('mkdir /data');
  await run('copy host://big.txt /data/big.txt');
  await run('copy host://x.csv /data/x.arrow --format table');
  await run('copy host://x.csv /data/s.arrow --format table --series');
  await run('copy host://x.csv /data/s.arrow --format table --series');
  await run('ln -s /data/big.txt /link');
  await run(`mknod /procs --factory test-dir --config 'name: procs'`);
  await run(`mknod /gen --factory test-file --config 'content: generated'`);
  await run('config set timeout:test-executor 5000');
  let i = 0;
  while ((await env.store.lastTxnSeq()) < commits) await run(`write /n${i % 7} --content 'note ${i++}'`);
  return { store: env.store, run };
}

/** The listing, state digest, commits, control table, blobs, checkpoints and settings of a store: equal ponds, equal values. */
export async function pondSummary(store: LogStore): Promise<Record<string, unknown>> {
  const identity = await store.readMeta<PondIdentity>(IDENTITY_KEY);
  if (identity === null) throw new PondError('NotFound', 'no pond');
  const last = await store.lastTxnSeq();
  const ctx = contextOver(store);
  const listing = await execute("list -l '/**'", await ctx);
  return {
    digest: stateDigest(await buildState(store, identity.pondId, last)),
    listing,
    metas: await store.readCommitMetas(1, last),
    control: await store.readControl(),
    blobs: await store.listBlobs(),
    checkpoints: await store.listCheckpoints(),
    settings: await store.readMeta('settings'),
    created: identity.created,
    birthplace: identity.birthplace,
  };
}

async function contextOver(store: LogStore): Promise<CmdContext> {
  const env = memoryEnvironment(store);
  const pond = await Pond.open(env);
  const { host } = memoryContext();
  return {
    registry: env.registry,
    host,
    pond: async () => pond,
    pondStore: async () => store,
    createPond: async () => {
      throw new PondError('Unsupported', 'test context');
    },
    promote: async () => {
      throw new PondError('Unsupported', 'test context');
    },
    readInput: async () => '',
  };
}
