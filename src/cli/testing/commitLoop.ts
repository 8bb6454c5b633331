import { main } from '../main';

/**
 * A child process of the concurrency test (issue 11): `commitLoop.ts <pond dir> <id> <count> <start at ms>`.
 * From the wall-clock time `<start at>`, runs `<count>` invocations of the real CLI code (`main`, as the
 * `duckpond` executable does: open the pond, take the write lock, commit, run post-commit, close), each
 * writing `/w/<id>-<i>.txt`, and after every third commit a time-travel read of its own previous write as of
 * the commit that made it. Prints `{ commits, reads, ms, errors }` as JSON.
 */
const [dir, id, countText, startAt] = process.argv.slice(2);
if (dir === undefined || id === undefined) throw new Error('usage: commitLoop.ts <pond dir> <id> <count> <start at>');

/** One CLI invocation in this process; its stdout and stderr. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main({
    argv: ['--pond', dir as string, ...argv],
    env: {},
    cwd: process.cwd(),
    stdout: (chunk) => void (out += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk)),
    stderr: (text) => void (err += text),
  });
  return { code, out, err };
}

await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const started = Date.now();
const errors: string[] = [];
let commits = 0;
let reads = 0;
let previous: { path: string; txn: number; content: string } | null = null;
for (let i = 1; i <= Number(countText); i++) {
  const path = `/w/${id}-${i}.txt`;
  const content = `${id}:${i}`;
  const written = await cli('write', path, '--content', content);
  const txn = Number(/^committed txn (\d+) /.exec(written.out)?.[1]);
  if (written.code !== 0 || !Number.isInteger(txn)) errors.push(`write ${path}: exit ${written.code}: ${written.out}${written.err}`);
  else commits++;
  if (previous !== null && i % 3 === 0) {
    // Time travel while the other process keeps committing: the past never changes.
    const read = await cli('cat', previous.path, '--txn', String(previous.txn));
    if (read.code !== 0 || read.out !== previous.content) errors.push(`cat ${previous.path} --txn ${previous.txn}: exit ${read.code}: ${JSON.stringify(read.out)} ${read.err}`);
    else reads++;
  }
  previous = { path, txn, content };
}
process.stdout.write(`${JSON.stringify({ commits, reads, ms: Date.now() - started, errors })}\n`);
