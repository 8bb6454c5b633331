import { afterAll, expect, it } from 'vitest';
import { main } from './main';
import { DirectoryLogStore } from '../store/node';
import { runTsChild } from '../store/node/testing/spawnTs';
import { tempDirs } from '../store/node/testDirs';

/**
 * Issue 11, part 5: two processes commit to one pond directory at once through the CLI's own code, each
 * commit followed by a post-commit run, with time-travel reads in between. Afterwards: contiguous txn seqs,
 * every write present exactly once, every run completed, verify clean; the throughput is printed.
 * `CONCURRENCY_COMMITS=n` per process (CI: 12; `npm run test:reliability`: 100).
 */
const COMMITS = Number(process.env['CONCURRENCY_COMMITS'] ?? 12);
const PROCESSES = ['a', 'b'];
const dirs = tempDirs('duckpond-concurrency-');
afterAll(dirs.cleanup);

async function cli(dir: string, ...argv: string[]): Promise<string> {
  let out = '';
  let err = '';
  const code = await main({ argv: ['--pond', dir, ...argv], env: {}, cwd: dir, stdout: (c) => void (out += typeof c === 'string' ? c : new TextDecoder().decode(c)), stderr: (t) => void (err += t) });
  if (code !== 0) throw new Error(`duckpond ${argv.join(' ')}: exit ${code}: ${err}`);
  return out;
}

it(`${PROCESSES.length} CLI processes × ${COMMITS} commits on one pond directory, with post-commit runs and time travel`, { timeout: 900_000 }, async () => {
  const dir = dirs.make();
  await cli(dir, 'init');
  await cli(dir, 'mkdir', '-p', '/w');
  await cli(dir, 'mkdir', '-p', '/etc/system.d');
  await cli(dir, 'mknod', '/etc/system.d/run.yaml', '--type', 'dynamic-file', '--factory', 'test-executor', '--config', 'message: after each commit');
  const store = await DirectoryLogStore.open(dir);
  const before = await store.lastTxnSeq();

  const startAt = String(Date.now() + 2_000);
  const started = Date.now() + 2_000;
  const results = await Promise.all(PROCESSES.map((id) => runTsChild('../../../cli/testing/commitLoop.ts', [dir, id, String(COMMITS), startAt])));
  const wall = Date.now() - started;
  const reports = results.map((r) => {
    expect([r.code, r.stderr], r.stdout).toEqual([0, '']);
    return JSON.parse(r.stdout) as { commits: number; reads: number; ms: number; errors: string[] };
  });
  for (const report of reports) expect(report.errors).toEqual([]);

  // Every data commit is followed by its run's commit: 2 txns per write, contiguous, nothing lost or doubled.
  const last = await store.lastTxnSeq();
  expect(last - before).toBe(2 * PROCESSES.length * COMMITS);
  const metas = await store.readCommitMetas(1, last);
  expect(metas.map((m) => m.txnSeq)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
  const writes = metas.filter((m) => m.origin.startsWith('write /w/')).map((m) => m.origin).sort();
  expect(writes).toEqual(PROCESSES.flatMap((id) => Array.from({ length: COMMITS }, (_, i) => `write /w/${id}-${i + 1}.txt`)).sort());
  for (const id of PROCESSES) {
    for (const i of [1, Math.ceil(COMMITS / 2), COMMITS]) expect(await cli(dir, 'cat', `/w/${id}-${i}.txt`)).toBe(`${id}:${i}`);
  }
  const log = await cli(dir, 'log', '--limit', String(last));
  expect(log).not.toMatch(/failed|interrupted|pending|running/);
  expect(await cli(dir, 'verify')).toMatch(/^ok: .* verified\n$/);
  store.close();
  const total = PROCESSES.length * COMMITS;
  const reads = reports.reduce((n, r) => n + r.reads, 0);
  console.log(
    `concurrency figure: ${PROCESSES.length} processes × ${COMMITS} commits (+ ${total} post-commit runs, ${reads} time-travel reads) in ${(wall / 1000).toFixed(1)} s = ${((total * 1000) / wall).toFixed(1)} commits/s (${((2 * total * 1000) / wall).toFixed(1)} txns/s)`,
  );
});
