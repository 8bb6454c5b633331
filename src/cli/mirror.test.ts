import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { main } from './main';

let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'duckpond-mirror-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Runs the CLI in-process on the pond directory `dir` (relative to the work directory). */
async function duckpond(dir: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main({ argv: ['--pond', dir, ...argv], env: {}, cwd: work, stdout: (c) => (out += typeof c === 'string' ? c : new TextDecoder().decode(c)), stderr: (t) => (err += t) });
  return { code, out, err };
}

it('CLI: a replication-manager fills a mirror directory that is read-only until `promote`', async () => {
  expect((await duckpond('source', 'init')).code).toBe(0);
  await duckpond('source', 'mkdir', '-p', '/etc/system.d');
  const made = await duckpond('source', 'mknod', '/etc/system.d/50-mirror', '--factory', 'replication-manager', '--config', 'mirror: backup\n');
  expect(made.out).toMatch(/run 1 replication-manager \/etc\/system\.d\/50-mirror: completed/);
  expect((await duckpond('source', 'write', '/a.txt', '--content', 'hello')).out).toContain('completed');

  expect((await duckpond('backup', 'list', '-l', '/**')).out).toBe((await duckpond('source', 'list', '-l', '/**')).out);
  expect((await duckpond('backup', 'cat', '/a.txt')).out).toBe('hello');
  expect((await duckpond('backup', 'verify')).out).toMatch(/^ok: /);
  const refused = await duckpond('backup', 'mkdir', '/x');
  expect(refused.code).toBe(1);
  expect(refused.err).toMatch(/ReadOnly: mkdir \/x: .*backup is a mirror of pond .* read-only until it is promoted \(promote\)/);

  expect((await duckpond('backup', 'promote')).out).toMatch(/^promoted .*backup: it is an ordinary pond now/);
  expect((await duckpond('backup', 'mkdir', '/x')).code).toBe(0);
  expect((await duckpond('backup', 'promote')).err).toContain('is not a mirror');
  const after = await duckpond('source', 'write', '/a.txt', '--content', 'again');
  expect(after.code).toBe(0);
  expect(after.out).toMatch(/50-mirror: failed in \d+ ms: InvalidArgument: .*backup is not a mirror/);
});
