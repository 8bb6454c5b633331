import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

// These tests spawn the real `duckpond` executable (package.json "bin"), as a user would run it.
const BIN = fileURLToPath(new URL('./duckpond.mjs', import.meta.url));
const BUNDLE = join(import.meta.dirname, '..', '..', 'dist-cli', 'duckpond.js');

let work: string;
let pond: string;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function duckpond(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--pond', pond, ...args], { cwd: work, env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

async function ok(args: string[], options?: Parameters<typeof duckpond>[1]): Promise<string> {
  const result = await duckpond(args, options);
  expect(result.stderr, `duckpond ${args.join(' ')}`).toBe('');
  expect(result.code, `duckpond ${args.join(' ')}`).toBe(0);
  return result.stdout;
}

async function fails(args: string[], options?: Parameters<typeof duckpond>[1]): Promise<string> {
  const result = await duckpond(args, options);
  expect(result.code, `duckpond ${args.join(' ')} should fail`).toBe(1);
  return result.stderr;
}

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error('dist-cli/duckpond.js is missing: `npm install` (prepare) or `npm run build:cli` builds it');
});

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'duckpond-cli-'));
  pond = join(work, 'pond');
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

// Each spawn starts Node and loads the bundle (~0.3 s), so these tests get a longer timeout.
describe('duckpond CLI', { timeout: 60_000 }, () => {
  it('runs the issue scenario: init, mknod with --config-path, copy in, log with the run completed', async () => {
    await writeFile(join(work, 'cfg.yaml'), 'message: from cfg # a comment\n');
    await writeFile(join(work, 'x.csv'), 'a,b\n1,2\n');
    expect(await ok(['init'])).toMatch(/^initialized pond/);
    await ok(['mkdir', '-p', '/etc/system.d']);
    expect(await ok(['mknod', 'test-executor', '/etc/system.d/10-test', '--config-path', 'cfg.yaml'])).toMatch(/run 1 test-executor \/etc\/system.d\/10-test: completed/);
    await ok(['mkdir', '/data']);
    await ok(['copy', `host://${work}/x.csv`, '/data/x.csv']);
    expect(await ok(['cat', '/data/x.csv'])).toBe('a,b\n1,2\n');
    const log = await ok(['log']);
    expect(log).toMatch(/txn \d+  committed  .*  copy host:\/\/.*x\.csv \/data\/x\.csv/);
    expect(log).toMatch(/  run 1 test-executor \/etc\/system.d\/10-test: completed in \d+ ms/);
    expect(await ok(['verify'])).toMatch(/^ok: /);
  });

  it("takes the seed's inline and stdin forms, refuses duplicates and bad configs, and overwrites on request", async () => {
    await ok(['init']);
    await ok(['mkdir', '-p', '/etc/system.d']);
    await ok(['mknod', '/etc/system.d/notify.yaml', '--type', 'dynamic-file', '--factory', 'test-executor', '--config', 'message: hi']);
    await ok(['mknod', '/etc/system.d/replicate.yaml', '--type', 'dynamic-file', '--factory', 'test-executor', '--config', '-'], { stdin: 'message: piped in\n' });
    expect(await ok(['cat', '/etc/system.d/replicate.yaml'])).toBe('message: piped in\n');
    expect(await fails(['mknod', '/etc/system.d/notify.yaml', '--type', 'dynamic-file', '--factory', 'test-executor', '--config', 'message: again'])).toBe(
      "duckpond: Dynamic node already exists at path '/etc/system.d/notify.yaml'. Use --overwrite to replace it.\n",
    );
    const before = await ok(['list']);
    expect(await fails(['mknod', '/bad', '--factory', 'test-executor', '--config', 'this is not valid yaml: [[['])).toMatch(/Invalid configuration for factory 'test-executor': line 1, column \d+/);
    expect(await fails(['mknod', '/bad', '--factory', 'test-executor', '--config', 'message: hi\nmesage: x'])).toContain("line 2: unknown key 'mesage'");
    expect(await fails(['mknod', '/bad', '--factory', 'nope', '--config', 'a: 1'])).toBe('duckpond: UnknownFactory: nope\n');
    expect(await ok(['list'])).toBe(before);
    await ok(['mknod', '/etc/system.d/notify.yaml', '--type', 'dynamic-file', '--factory', 'test-executor', '--config', 'message: replaced', '--overwrite']);
    expect(await ok(['cat', '/etc/system.d/notify.yaml'])).toBe('message: replaced');
  });

  it('config set factory_mode pull skips the run; copy out; restore', async () => {
    await ok(['init']);
    await ok(['mkdir', '-p', '/etc/system.d']);
    await ok(['mknod', '/etc/system.d/10-test', '--factory', 'test-executor', '--config', 'message: hi']);
    await ok(['config', 'set', 'factory_mode:test-executor', 'pull']);
    expect(await ok(['write', '/notes.txt', '--content', 'first'])).toContain('skipped (factory_mode:test-executor is pull)');
    const txn = Number(/committed txn (\d+)/.exec(await ok(['write', '/notes.txt', '--content', 'second']))?.[1]);
    await ok(['copy', '/notes.txt', `host://${work}/out`]);
    expect(await readFile(join(work, 'out', 'notes.txt'), 'utf8')).toBe('second');
    await ok(['restore', '/notes.txt', '--txn', String(txn - 1)]);
    expect(await ok(['cat', '/notes.txt'])).toBe('first');
  });

  it('two concurrent writers both land in order, and verify is clean', async () => {
    await ok(['init']);
    const results = await Promise.all(Array.from({ length: 2 }, (_, w) => (async () => {
      const outs: string[] = [];
      for (let i = 0; i < 5; i++) outs.push(await ok(['write', `/w${w}-${i}`, '--content', `${w}:${i}`]));
      return outs;
    })()));
    const seqs = results.flat().map((out) => Number(/committed txn (\d+)/.exec(out)?.[1])).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 10 }, (_, i) => i + 2));
    expect((await ok(['list'])).trim().split('\n')).toHaveLength(10);
    expect(await ok(['verify'])).toMatch(/^ok: 11 commits/);
  });

  it('reports a stale lock and takes it over', async () => {
    await ok(['init']);
    const stale = { pid: 999_999_999, host: (await import('node:os')).hostname(), holder: 'crashed writer', since: new Date(0).toISOString() };
    const lockFile = (await import('../store/node')).WRITE_LOCK_FILE;
    await writeFile(join(pond, lockFile), JSON.stringify(stale));
    const result = await duckpond(['write', '/after', '--content', 'x']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: .*crashed writer/);
    expect(await ok(['cat', '/after'])).toBe('x');
  });

  it('fails clearly without a pond, and prints usage', async () => {
    expect(await fails(['list'])).toContain(`no pond at ${pond}`);
    const help = await duckpond([]);
    expect(help.code).toBe(2);
    expect(help.stdout).toContain('usage: duckpond [--pond DIR] COMMAND');
    expect(await ok(['mknod', '--help'])).toContain('mknod FACTORY PATH --config-path FILE [--overwrite]');
  });
});

describe('duckpond export / import', { timeout: 60_000 }, () => {
  it('exports a pond, imports it into a new directory: verify clean, same listing; refuses to overwrite without --replace', async () => {
    await writeFile(join(work, 'big.txt'), 'x'.repeat(100_000));
    await ok(['init']);
    await ok(['mkdir', '-p', '/etc/system.d']);
    await ok(['mknod', '/etc/system.d/10-test', '--factory', 'test-executor', '--config', 'message: hi']);
    await ok(['copy', `host://${work}/big.txt`, '/big.txt']);
    await ok(['write', '/notes.txt', '--content', 'hello']);
    expect(await ok(['export', 'out.pond'])).toMatch(/^exported pond \S+ \(\d+ commits, \d+ bytes\) to out.pond\n$/);
    const listing = await ok(['list', '-l', '/**']);
    const original = pond;
    pond = join(work, 'new', 'copy');
    expect(await ok(['import', 'out.pond'])).toMatch(/^imported pond \S+ \(\d+ commits\) from out.pond\n$/);
    expect(await ok(['verify'])).toMatch(/^ok: /);
    expect(await ok(['list', '-l', '/**'])).toBe(listing);
    expect(await ok(['cat', '/big.txt'])).toBe('x'.repeat(100_000));
    expect(await fails(['import', 'out.pond'])).toContain('a pond already exists');
    expect(await ok(['import', 'out.pond', '--replace'])).toMatch(/^imported pond/);
    expect(await ok(['import', 'out.pond', '--replace', '--as-copy'])).toMatch(/as a copy/);
    expect(await ok(['verify'])).toMatch(/^ok: /);
    // A damaged file changes nothing and leaves no staging directory behind.
    const bytes = await readFile(join(work, 'out.pond'));
    await writeFile(join(work, 'bad.pond'), bytes.subarray(0, bytes.length - 100));
    pond = join(work, 'never');
    expect(await fails(['import', 'bad.pond'])).toContain('not a valid pond file');
    expect(existsSync(pond)).toBe(false);
    expect((await readdir(work)).filter((n) => n.includes('.import-'))).toEqual([]);
    pond = original;
  });
});
