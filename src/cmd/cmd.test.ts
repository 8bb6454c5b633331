import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { failure } from '../tinyfs/testing';
import { COMMANDS, execute, helpText, tokenize } from './index';
import { parseArgs } from './spec';
import { memoryContext } from './testing';

async function pondWith(options: Parameters<typeof memoryContext>[0] = {}) {
  const m = memoryContext(options);
  await m.run('init --birthplace test');
  return m;
}

describe('tokenize and parse', () => {
  it('splits words with shell quoting', () => {
    expect(tokenize(`mknod /a --config 'message: "hi"  there' --x="a b" c\\ d`)).toEqual(['mknod', '/a', '--config', 'message: "hi"  there', '--x=a b', 'c d']);
    expect(tokenize('  ')).toEqual([]);
    expect(tokenize(`write /f --content ''`)).toEqual(['write', '/f', '--content', '']);
    expect(() => tokenize(`cat 'oops`)).toThrow(/unterminated ' quote at column 5/);
  });

  it('parses --flag=value, --flag value, short and combined flags', () => {
    const list = COMMANDS.find((c) => c.name === 'list')!;
    expect(parseArgs(list, ['/x', '-la']).flags).toEqual({ long: true, all: true });
    const log = COMMANDS.find((c) => c.name === 'log')!;
    expect(parseArgs(log, ['--limit=3']).flags).toEqual({ limit: 3 });
    expect(parseArgs(log, ['--limit', '3']).flags).toEqual({ limit: 3 });
    const show = COMMANDS.find((c) => c.name === 'show')!;
    expect(parseArgs(show, ['-m', 'brief']).flags).toEqual({ mode: 'brief' });
  });

  it('refuses unknown flags, bad values and missing arguments with the usage', async () => {
    const { ctx } = memoryContext();
    const unknown = await failure(() => execute('list --bogus', ctx));
    expect(unknown.message).toBe('InvalidArgument: list: unknown flag --bogus\nusage: list [PATTERN] [-l|--long] [-a|--all]');
    expect((await failure(() => execute('log --limit many', ctx))).message).toContain("--limit needs a whole number (got 'many')");
    expect((await failure(() => execute('show -m loud', ctx))).message).toContain('must be one of brief, concise, detailed');
    expect((await failure(() => execute('mv /a', ctx))).message).toContain('missing NEW');
    expect((await failure(() => execute('rm /a /b', ctx))).message).toContain("unexpected argument '/b'");
    expect((await failure(() => execute('frobnicate', ctx))).message).toContain("unknown command 'frobnicate'");
  });

  it('--help works on every command and help lists them all', async () => {
    const { ctx } = memoryContext();
    for (const command of COMMANDS) expect(await execute([command.name, '--help'], ctx)).toBe(helpText(command));
    const overview = (await execute('help', ctx)) as string;
    for (const command of COMMANDS) expect(overview).toContain(command.name);
  });
});

describe('commands', () => {
  it('init once; a second init fails and changes nothing; commands before init say so', async () => {
    const m = memoryContext();
    expect((await failure(() => m.run('list'))).message).toContain('run init first');
    expect(await m.run('init')).toMatch(/^initialized pond [0-9a-f-]{36} \(txn 1\)$/);
    expect((await failure(() => m.run('init'))).kind).toBe('AlreadyExists');
    expect(await m.env.store.lastTxnSeq()).toBe(1);
  });

  it('mkdir, write, list (every match, path last, no header), cat with versions and txns', async () => {
    const { run } = await pondWith();
    expect(await run('mkdir -p /data/raw')).toBe('committed txn 2 (+2 ~0 -0)');
    await run("write /data/raw/a.txt --content 'first'");
    await run("write /data/raw/a.txt --content 'second'");
    await run('ln -s /data/raw/a.txt /latest');
    expect(await run('list')).toBe(['/data', '/data/raw', '/data/raw/a.txt', '/latest'].join('\n'));
    const long = (await run('list -l')).split('\n');
    expect(long[2]).toMatch(/^file:physical:version\s+6\s+v2\s+\d{4}-\d\d-\d\dT[\d:]+Z\s+\/data\/raw\/a\.txt$/);
    expect(long[3]).toMatch(/^symlink .* \/latest -> \/data\/raw\/a\.txt$/);
    expect(await run('cat /latest')).toBe('second');
    expect(await run('cat /data/raw/a.txt --version 1')).toBe('first');
    expect(await run('cat /data/raw/a.txt --txn 3')).toBe('first');
  });

  it('list hides dot names unless -a', async () => {
    const { run } = await pondWith();
    await run("write /.hidden --content 'x'");
    await run("write /shown --content 'y'");
    expect(await run('list')).toBe('/shown');
    expect(await run('list -a')).toBe('/.hidden\n/shown');
  });

  it('rm, mv and restore', async () => {
    const { run } = await pondWith();
    await run("write /a --content 'one'");
    await run("write /a --content 'two'");
    await run('mv /a /b');
    expect(await run('list')).toBe('/b');
    await run("write /b --content 'three'");
    await run('restore /b --txn 4');
    expect(await run('cat /b')).toBe('two');
    expect((await failure(() => run('restore /b --txn 2'))).message).toContain('/b did not exist at txn 2');
    await run('rm /b');
    expect(await run('list')).toBe('');
    expect((await failure(() => run('ln /x /y'))).message).toContain('ln -s');
  });

  it("mknod in the seed's inline and stdin forms and the upstream form; runs are reported", async () => {
    const { run } = await pondWith({ files: { 'cfg.yaml': 'message: from a file\n' }, stdin: 'message: from stdin\n' });
    await run('mkdir -p /etc/system.d');
    const inline = await run(`mknod /etc/system.d/notify.yaml --type dynamic-file --factory test-executor --config 'message: hi'`);
    expect(inline).toMatch(/^committed txn 3 \(\+1 ~0 -0\)\n  run 1 test-executor \/etc\/system.d\/notify.yaml: completed in \d+ ms$/);
    const stdin = await run('mknod /etc/system.d/replicate.yaml --type dynamic-file --factory test-executor --config -');
    expect(stdin).toContain('run 2 test-executor /etc/system.d/replicate.yaml: completed');
    await run('mknod test-executor /etc/system.d/10-test --config-path cfg.yaml');
    expect(await run('cat /etc/system.d/10-test')).toBe('message: from a file\n');
    expect(await run('cat /etc/system.d/replicate.yaml')).toBe('message: from stdin\n');
  });

  it('mknod refuses duplicates, bad configs and unknown factories before creating anything', async () => {
    const { run, env } = await pondWith();
    await run(`mknod /n --factory test-file --config 'content: one'`);
    const last = await env.store.lastTxnSeq();
    const duplicate = await failure(() => run(`mknod /n --factory test-file --config 'content: two'`));
    expect(duplicate.message).toBe("Dynamic node already exists at path '/n'. Use --overwrite to replace it.");
    expect((await failure(() => run(`mknod /x --factory test-executor --config 'this is not valid yaml: [[['`))).message).toMatch(/Invalid configuration for factory 'test-executor': line 1, column \d+/);
    expect((await failure(() => run(`mknod /x --factory test-executor --config 'message: hi\nmesage: x'`))).message).toBe(
      "Invalid configuration for factory 'test-executor': line 2: unknown key 'mesage'",
    );
    expect((await failure(() => run(`mknod /x --factory nope --config 'a: 1'`))).message).toBe('UnknownFactory: nope');
    expect((await failure(() => run(`mknod /no/such --factory test-file --config 'content: x'`))).message).toContain('/no');
    expect((await failure(() => run(`mknod /d --type dynamic-dir --factory test-file --config 'content: x'`))).kind).toBe('TypeMismatch');
    expect(await env.store.lastTxnSeq()).toBe(last);
    await run(`mknod /n --factory test-file --config 'content: two' --overwrite`);
    expect(await run('cat /n')).toBe('two');
  });

  it('mknod without --type lets the factory decide', async () => {
    const { run } = await pondWith();
    await run(`mknod /procs --factory test-dir --config 'name: procs'`);
    expect(await run('list -l /procs')).toMatch(/^dir:dynamic\(test-dir\)/);
  });

  it('config set factory_mode pull makes the next commit skip the run; log shows runs with status words', async () => {
    const { run } = await pondWith();
    await run('mkdir -p /etc/system.d');
    await run(`mknod /etc/system.d/10-test --factory test-executor --config 'message: hi'`);
    expect(await run('config')).toBe('factory_mode:test-executor = push');
    await run('config set factory_mode:test-executor pull');
    const skipped = await run("write /x --content '1'");
    expect(skipped).toContain('run 1 test-executor /etc/system.d/10-test: skipped (factory_mode:test-executor is pull)');
    const log = await run('log --limit 3');
    expect(log.split('\n')[0]).toMatch(/^txn 5  committed  .*  write \/x  \(\+1 ~0 -0\)$/);
    expect(log).toContain(': completed in');
    expect((await failure(() => run('config set factory_mode:test-executor sometimes'))).message).toContain('push or pull');
  });

  it('a failed run is reported with its error, and the command still succeeds', async () => {
    const { run } = await pondWith();
    await run('mkdir -p /etc/system.d');
    const out = await run(`mknod /etc/system.d/20-fail --factory test-executor --config 'message: boom\nfail: true'`);
    expect(out).toMatch(/run 1 test-executor \/etc\/system.d\/20-fail: failed in \d+ ms: .*intentionally failed: boom/);
  });

  it('show in three modes, describe, list-factories, verify, recover, run', async () => {
    const { run } = await pondWith();
    await run("write /a --content 'x'");
    await run("write /a --content 'y'");
    expect(await run('show -m brief --txn-seq 3')).toMatch(/^txn 3  .*  write \/a  \(\+0 ~1 -0\)$/);
    expect(await run('show --txn-seq 2')).toMatch(/\n  \+ \/a$/);
    expect(await run('show -m detailed --txn-seq 3')).toMatch(/\n  ~ \/a  file:physical:version v1 -> v2$/);
    expect(await run('describe /a')).toContain('  versions: 2');
    expect(await run('list-factories')).toMatch(/test-executor\s+executable\s+/);
    expect(await run('verify')).toMatch(/^ok: 3 commits, \d+ records, 0 blobs, 0 checkpoints verified$/);
    expect(await run('recover')).toBe('nothing to recover');
    await run(`mknod /m --factory test-executor --config 'message: manual'`);
    expect(await run('run /m')).toMatch(/^run 1 test-executor \/m: completed in \d+ ms$/);
    expect(await run('export out.pond')).toMatch(/^exported pond .* \(\d+ commits, \d+ bytes\) to out.pond$/);
    expect((await failure(() => run('import out.pond'))).kind).toBe('Unsupported');
  });

  it('copy in (data, table, series) and out', async () => {
    const { run, host, ctx } = await pondWith({ files: { 'in/x.csv': 'name,value\na,1\n"b, c",2.5\n', 'in/y.json': '[{"k":"v","n":1},{"k":"w"}]' } });
    await run('mkdir /data');
    await run('copy host://in/x.csv /data/x.csv');
    expect(await run('cat /data/x.csv')).toBe('name,value\na,1\n"b, c",2.5\n');
    await run('copy host://in/x.csv /data/x.arrow --format table');
    const csv = tableFromIPC((await execute('cat /data/x.arrow', ctx)) as Uint8Array);
    expect(csv.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['name:Utf8', 'value:Float64']);
    expect(csv.toArray().map((row) => row.toJSON())).toEqual([{ name: 'a', value: 1 }, { name: 'b, c', value: 2.5 }]);
    await run('copy host://in/y.json /data/y.arrow --format table');
    const json = tableFromIPC((await execute('cat /data/y.arrow', ctx)) as Uint8Array);
    expect(json.toArray().map((row) => row.toJSON())).toEqual([{ k: 'v', n: 1 }, { k: 'w', n: null }]);
    await run('copy host://in/x.csv /data/s.arrow --format table --series');
    await run('copy host://in/x.csv /data/s.arrow --format table --series');
    expect(await run('list -l /data/s.arrow')).toMatch(/^table:physical:series\s+\d+\s+v2/);
    expect(tableFromIPC((await execute('cat /data/s.arrow', ctx)) as Uint8Array).numRows).toBe(4); // the union of both versions
    expect(await run("copy '/data/*.csv' host://out")).toBe('/data/x.csv -> host://out/x.csv');
    expect(new TextDecoder().decode(await host.read('out/x.csv'))).toContain('"b, c",2.5');
    expect((await failure(() => run("copy '/nothing/*' host://out"))).kind).toBe('NotFound');
  });
});
