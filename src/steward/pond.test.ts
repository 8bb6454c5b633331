import { describe, expect, it } from 'vitest';
import type { StoredControlRecord } from '../store/records';
import { decode, encode, failure } from '../tinyfs/testing';
import { verifyPond } from '../tlogfs';
import type { RunState } from './control';
import type { DraftOp } from './draft';
import { Pond } from './pond';
import { memoryEnvironment, memoryPond } from './testing';

const executor = (message: string, extra = ''): string => `message: ${message}\n${extra}`;

async function mknod(pond: Pond, path: string, factory: string, config: string): Promise<RunState[]> {
  const done = await pond.applyDraft([{ op: 'mkdir', path: '/etc/system.d', parents: true }, { op: 'mknod', path, entryType: 'file:dynamic', factory, config }], { origin: `mknod ${path}` });
  return done.runs;
}

async function writeFile(pond: Pond, path: string, content: string) {
  return pond.applyDraft([{ op: 'write', path, content }], { origin: `write ${path}` });
}

function kinds(records: readonly StoredControlRecord[]): string[] {
  return records.map((r) => r.kind);
}

describe('post-commit runs', () => {
  it('a test-executor in /etc/system.d runs after a later write, with every record', async () => {
    const pond = await memoryPond();
    await mknod(pond, '/etc/system.d/10-test', 'test-executor', executor('hello', 'repeat_count: 2\n'));
    const { commit, runs } = await writeFile(pond, '/data.txt', 'x');
    const [run] = await runs;
    const seq = commit!.meta.txnSeq;
    const records = await pond.env.store.readControl({ txnSeq: seq });
    expect(kinds(records)).toEqual(['begin', 'data_committed', 'post_commit_pending', 'post_commit_started', 'post_commit_completed']);
    const pending = records.find((r) => r.kind === 'post_commit_pending');
    expect(pending).toMatchObject({ factoryName: 'test-executor', configPath: '/etc/system.d/10-test', executionSeq: 1, parentTxnSeq: seq });
    const completed = records.find((r) => r.kind === 'post_commit_completed');
    expect(completed?.durationMs).toBeGreaterThanOrEqual(0);
    expect(run?.status).toBe('completed');
    const root = (await pond.read()).root();
    const result = decode(await root.readFilePath(`/var/test-executor/${run!.runTxnSeq}.txt`));
    expect(result).toContain('Executed 2 times');
    expect(result).toContain('hello');
    expect(result).toContain('post-commit');
    expect((await verifyPond(pond.env.store)).problems).toEqual([]);
  });

  it('a failing factory does not stop the others nor roll back the data commit', async () => {
    const pond = await memoryPond();
    await pond.applyDraft([
      { op: 'mkdir', path: '/etc/system.d', parents: true },
      { op: 'mknod', path: '/etc/system.d/10-success', entryType: 'file:dynamic', factory: 'test-executor', config: executor('one') },
      { op: 'mknod', path: '/etc/system.d/20-fail', entryType: 'file:dynamic', factory: 'test-executor', config: executor('two', 'fail: true\n') },
      { op: 'mknod', path: '/etc/system.d/30-success', entryType: 'file:dynamic', factory: 'test-executor', config: executor('three') },
    ]).then((r) => r.runs);
    const { commit, runs } = await writeFile(pond, '/data.txt', 'kept');
    const done = await runs;
    expect(done.map((r) => [r.executionSeq, r.status])).toEqual([[1, 'completed'], [2, 'failed'], [3, 'completed']]);
    expect(done[1]?.errorMessage).toContain('intentionally failed: two');
    const records = await pond.env.store.readControl({ txnSeq: commit!.meta.txnSeq });
    expect(records.filter((r) => r.kind === 'post_commit_pending').map((r) => r.executionSeq)).toEqual([1, 2, 3]);
    expect(decode(await (await pond.read()).root().readFilePath('/data.txt'))).toBe('kept');
  });

  it('runs in path order; read transactions and no-change writes trigger nothing', async () => {
    const pond = await memoryPond();
    await pond.applyDraft([
      { op: 'mkdir', path: '/etc/system.d', parents: true },
      ...['c-third', 'a-first', 'b-second'].map((name): DraftOp => ({ op: 'mknod', path: `/etc/system.d/${name}`, entryType: 'file:dynamic', factory: 'test-executor', config: executor(name) })),
    ]).then((r) => r.runs);
    const before = (await pond.runs()).length;
    const { runs } = await writeFile(pond, '/x', '1');
    expect((await runs).map((r) => r.configPath)).toEqual(['/etc/system.d/a-first', '/etc/system.d/b-second', '/etc/system.d/c-third']);
    const after = (await pond.runs()).length;
    await pond.read();
    const nothing = await pond.transact('no change', async () => undefined);
    expect(nothing.commit).toBeNull();
    expect(await nothing.runs).toEqual([]);
    expect((await pond.runs()).length).toBe(after);
    expect(after - before).toBe(3);
  });

  it('pull factories and non-executable nodes are skipped with a reason; an unset mode is written as push', async () => {
    const pond = await memoryPond();
    await pond.applyDraft([
      { op: 'mkdir', path: '/etc/system.d', parents: true },
      { op: 'mknod', path: '/etc/system.d/a', entryType: 'file:dynamic', factory: 'test-executor', config: executor('a') },
      { op: 'mknod', path: '/etc/system.d/b', entryType: 'file:dynamic', factory: 'test-file', config: 'content: hi\n' },
    ]).then((r) => r.runs);
    expect((await pond.settings())['factory_mode:test-executor']).toBe('push');
    await pond.setSetting('factory_mode:test-executor', 'pull');
    const { commit, runs } = await writeFile(pond, '/x', '1');
    expect(await runs).toEqual([]);
    const records = await pond.env.store.readControl({ txnSeq: commit!.meta.txnSeq });
    const skipped = records.filter((r) => r.kind === 'post_commit_skipped');
    expect(skipped.map((r) => [r.configPath, r.reason])).toEqual([
      ['/etc/system.d/a', 'factory_mode:test-executor is pull'],
      ['/etc/system.d/b', "factory 'test-file' is a file factory, not executable"],
    ]);
  });

  it("the factory's own transaction does not trigger post-commit runs (no recursion)", async () => {
    const pond = await memoryPond();
    await mknod(pond, '/etc/system.d/10-test', 'test-executor', executor('once'));
    const all = await pond.runs();
    expect(all).toHaveLength(1); // only the run triggered by the mknod commit
    const runTxn = all[0]!.runTxnSeq!;
    const records = await pond.env.store.readControl({ txnSeq: runTxn });
    expect(kinds(records)).toEqual(['begin', 'data_committed']);
  });

  it('a run that hangs times out; a cancelled run fails with "cancelled"', async () => {
    const pond = await memoryPond();
    await pond.setSetting('timeout:test-hang', '50');
    const [timedOut] = await mknod(pond, '/etc/system.d/hang', 'test-hang', 'note: x\n');
    expect(timedOut?.status).toBe('failed');
    expect(timedOut?.errorMessage).toBe('FactoryFailed: timed out after 50 ms');
    await pond.setSetting('timeout:test-hang', '60000');
    const started = new Promise<RunState>((resolve) => pond.on((e) => e.type === 'run' && e.run.status === 'running' && resolve(e.run)));
    const { runs } = await writeFile(pond, '/x', '1');
    const running = await started;
    expect(pond.cancel(running.txnSeq, running.executionSeq)).toBe(true);
    const [cancelled] = await runs;
    expect([cancelled?.status, cancelled?.errorMessage]).toEqual(['failed', 'FactoryFailed: cancelled']);
  });

  it('runs waiting behind a running one are pending, not interrupted', async () => {
    const pond = await memoryPond();
    await pond.setSetting('timeout:test-hang', '300');
    const running = new Promise<void>((resolve) => pond.on((e) => e.type === 'run' && e.run.status === 'running' && e.run.factoryName === 'test-hang' && resolve()));
    const { runs } = await pond.applyDraft([
      { op: 'mkdir', path: '/etc/system.d', parents: true },
      { op: 'mknod', path: '/etc/system.d/a-hang', entryType: 'file:dynamic', factory: 'test-hang', config: 'note: x\n' },
      { op: 'mknod', path: '/etc/system.d/b-next', entryType: 'file:dynamic', factory: 'test-executor', config: executor('next') },
    ]);
    await running;
    const status = (path: string) => pond.runs().then((all) => all.find((r) => r.configPath === path)?.status);
    expect(await status('/etc/system.d/a-hang')).toBe('running');
    expect(await status('/etc/system.d/b-next')).toBe('pending');
    expect((await runs).map((r) => r.status)).toEqual(['failed', 'completed']); // the hang times out, then b runs
  });

  it('a missing ${env:X} fails the run naming X; the node stays', async () => {
    const pond = await memoryPond();
    const [run] = await mknod(pond, '/etc/system.d/env', 'test-executor', 'message: "${env:GREETING}"\n');
    expect(run?.status).toBe('failed');
    expect(run?.errorMessage).toContain('GREETING');
    expect(await (await pond.read()).root().exists('/etc/system.d/env')).toBe(true);
  });

  it('re-running a failed run appends new records', async () => {
    const pond = await memoryPond();
    const [failed] = await mknod(pond, '/etc/system.d/env', 'test-executor', 'message: "${env:GREETING}"\n');
    const again = await pond.rerun(failed!.txnSeq, failed!.executionSeq);
    expect(again.status).toBe('failed');
    expect(again.attempt).toBe(2);
    expect(again.previous.map((p) => [p.status, p.errorMessage?.includes('GREETING')])).toEqual([['failed', true]]);
    const listed = (await pond.runs({ txnSeq: failed!.txnSeq }))[0];
    expect([listed?.attempt, listed?.previous.length]).toEqual([2, 1]); // from the records, after a "reload" too
    const records = await pond.env.store.readControl({ txnSeq: failed!.txnSeq });
    expect(records.filter((r) => r.kind === 'post_commit_failed')).toHaveLength(2);
  });

  it('a manual run executes in its own transaction', async () => {
    const pond = await memoryPond();
    await pond.setSetting('factory_mode:test-executor', 'pull');
    await mknod(pond, '/etc/system.d/m', 'test-executor', executor('by hand'));
    const run = await pond.run('/etc/system.d/m', ['arg1']);
    expect([run.status, run.mode]).toEqual(['completed', 'manual']);
    expect(decode(await (await pond.read()).root().readFilePath(`/var/test-executor/${run.runTxnSeq}.txt`))).toContain('manual');
    expect((await failure(() => pond.run('/var'))).message).toContain('not a dynamic node');
  });
});

describe('crashes and recovery', () => {
  it('a transaction that began but never committed is incomplete, its data absent; recover marks it failed', async () => {
    const pond = await memoryPond();
    let reached!: () => void;
    const inside = new Promise<void>((resolve) => (reached = resolve));
    void pond.transact('doomed', async (root) => {
      await root.createFilePath('/lost', encode('never'));
      reached();
      await new Promise(() => undefined); // the process "dies" here
    });
    await inside;
    const reopened = await Pond.open(memoryEnvironment(pond.env.store)); // a new process: fresh locks
    expect((await reopened.incomplete()).map((r) => r.origin)).toEqual(['doomed']);
    expect(await (await reopened.read()).root().exists('/lost')).toBe(false);
    const { markedFailed } = await reopened.recover();
    expect(markedFailed).toHaveLength(1);
    expect(await reopened.incomplete()).toEqual([]);
  });

  it('pending runs survive a crash after the commit and are resumed on recover', async () => {
    const env = memoryEnvironment();
    const pond = await Pond.init(env);
    await mknod(pond, '/etc/system.d/10-test', 'test-executor', executor('survivor'));
    const zombie = await env.runnerLock.acquire({ holder: 'stuck runner', timeoutMs: 1000 }); // runs cannot start
    const { commit } = await writeFile(pond, '/x', '1');
    const reopened = await Pond.open(memoryEnvironment(env.store));
    const interrupted = (await reopened.runs({ txnSeq: commit!.meta.txnSeq })).map((r) => r.status);
    expect(interrupted).toEqual(['interrupted']);
    const { resumed } = await reopened.recover();
    expect(resumed.map((r) => [r.txnSeq, r.status])).toEqual([[commit!.meta.txnSeq, 'completed']]);
    await zombie.release();
  });
});

describe('transactions and drafts', () => {
  it('two writers: the second waits, then both commit in order', async () => {
    const pond = await memoryPond();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = pond.transact('first', async (root) => {
      await root.createFilePath('/first', encode('1'));
      await gate;
    });
    const second = pond.transact('second', async (root) => {
      expect(await root.exists('/first')).toBe(true);
      await root.createFilePath('/second', encode('2'));
    });
    await new Promise((r) => setTimeout(r, 20));
    release();
    expect([(await first).commit?.meta.txnSeq, (await second).commit?.meta.txnSeq]).toEqual([2, 3]);
  });

  it('a five-operation draft lands as one commit with its ChangeSummary', async () => {
    const pond = await memoryPond();
    await writeFile(pond, '/old.txt', 'v1');
    const { commit } = await pond.applyDraft(
      [
        { op: 'mkdir', path: '/docs' },
        { op: 'write', path: '/docs/a.md', content: '# a' },
        { op: 'write', path: '/old.txt', content: 'v2' },
        { op: 'ln', target: '/docs/a.md', path: '/latest' },
        { op: 'mknod', path: '/docs/gen', entryType: 'file:dynamic', factory: 'test-file', config: 'content: made\n' },
      ],
      { message: 'five things' },
    );
    expect(commit?.meta.message).toBe('five things');
    expect(commit?.meta.summary).toEqual({
      added: [
        { path: '/docs', entryType: 'dir:physical', version: 1 },
        { path: '/docs/a.md', entryType: 'file:physical:version', version: 1 },
        { path: '/docs/gen', entryType: 'file:dynamic', version: 1 },
        { path: '/latest', entryType: 'symlink', version: 1 },
      ],
      modified: [{ path: '/old.txt', entryType: 'file:physical:version', from: 1, to: 2 }],
      removed: [],
    });
  });

  it('a draft whose mkdir target was created meanwhile fails, naming the operation; nothing is written', async () => {
    const pond = await memoryPond();
    const draft: DraftOp[] = [{ op: 'write', path: '/ok.txt', content: 'fine' }, { op: 'mkdir', path: '/reports' }];
    await pond.applyDraft([{ op: 'mkdir', path: '/reports' }]); // another tab got there first
    const last = await pond.env.store.lastTxnSeq();
    const error = await failure(() => pond.applyDraft(draft));
    expect(error.kind).toBe('Conflict');
    expect(error.message).toContain('2. mkdir /reports: AlreadyExists: /reports');
    expect(await pond.env.store.lastTxnSeq()).toBe(last);
    expect(await (await pond.read()).root().exists('/ok.txt')).toBe(false);
  });

  it('restore writes old content as a new version', async () => {
    const pond = await memoryPond();
    await writeFile(pond, '/f', 'one');
    const { commit } = await writeFile(pond, '/f', 'two');
    await pond.applyDraft([{ op: 'restore', path: '/f', txnSeq: commit!.meta.txnSeq - 1 }]);
    const root = (await pond.read()).root();
    expect(decode(await root.readFilePath('/f'))).toBe('one');
    expect((await root.listFileVersions('/f')).length).toBe(3);
  });
});

describe('dynamic nodes through the registry', () => {
  it('test-file reads in a listing, test-dir lists empty, unknown factory surfaces by name', async () => {
    const pond = await memoryPond();
    await pond.applyDraft([
      { op: 'mknod', path: '/greeting', entryType: 'file:dynamic', factory: 'test-file', config: 'content: Hello from factory\n' },
      { op: 'mknod', path: '/procs', entryType: 'dir:dynamic', factory: 'test-dir', config: 'name: procs\n' },
    ]);
    const root = (await pond.read()).root();
    expect((await root.collectMatches('/*')).map(([n]) => [n.path, n.entryType])).toEqual([['/greeting', 'file:dynamic'], ['/procs', 'dir:dynamic']]);
    expect(decode(await root.readFilePath('/greeting'))).toBe('Hello from factory');
    expect(await (await root.openDirPath('/procs')).entries()).toEqual([]);
    const unknown = await failure(() => pond.applyDraft([{ op: 'mknod', path: '/x', entryType: 'file:dynamic', factory: 'nope', config: 'a: 1\n' }]));
    expect(unknown.message).toContain('UnknownFactory: nope');
  });

  it.each([
    ['this is not valid yaml: [[[', /line 1/],
    ['message: hi\nmesage: typo\n', /line 2: unknown key 'mesage'/],
    ['message: hi\nrepeat_count: many\n', /line 2: .*repeat_count/],
  ])('rejects invalid config %j with line and key, creating nothing', async (config, pattern) => {
    const pond = await memoryPond();
    const last = await pond.env.store.lastTxnSeq();
    const error = await failure(() => pond.applyDraft([{ op: 'mknod', path: '/bad', entryType: 'file:dynamic', factory: 'test-executor', config }]));
    expect(error.message).toMatch(pattern);
    expect(error.message).toContain("Invalid configuration for factory 'test-executor'");
    expect(await pond.env.store.lastTxnSeq()).toBe(last);
  });
});
