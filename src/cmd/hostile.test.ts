import { describe, expect, it } from 'vitest';
import { PondError, isPondError } from '../errors';
import { createDefaultRegistry } from '../factory';
import { Rng } from '../tinyfs/testing';
import { verifyPond } from '../tlogfs';
import { memoryContext } from './testing';

/**
 * Issue 11, part 4: hostile input. Seeded fuzz of the command line (tokenizer, parser, every command), YAML
 * configs (alias bombs, deep nesting, huge scalars, garbage) and path names (`..`, NUL, control characters,
 * 10 KB names, Unicode normalization). Every input ends in time with a result or a PondError whose message
 * names the problem — never a TypeError, a RangeError (stack overflow) or a hang — and the pond verifies after.
 *
 * `HOSTILE_SEEDS=n` (default 3) and `HOSTILE_LINES=n` (default 300 per seed) set the length; `npm run
 * test:reliability` runs the long version.
 */
const SEEDS = Number(process.env['HOSTILE_SEEDS'] ?? 3);
const LINES = Number(process.env['HOSTILE_LINES'] ?? 300);
/** A single input taking longer than this is a hang for our purposes. */
const SLOW_MS = 2_000;

const COMMANDS = ['init', 'mkdir', 'mkdir -p', 'list', 'ls -l', 'cat', 'describe', 'copy', 'write', 'ln -s', 'rm', 'mv', 'restore', 'mknod', 'run', 'log', 'show', 'config', 'config set', 'verify', 'recover', 'list-factories', 'help', 'export', 'import', 'nope'];
const FLAGS = ['--content', '--txn', '--version', '--limit', '-p', '-l', '-a', '--type', '--factory', '--config', '--overwrite', '--format', '--series', '--help', '-', '--', '--txn=', '--limit=-1', '--txn=1e999', '-x', '--=', '---'];
const NASTY = ['..', '.', '/', '//', '/../..', '\u0000', '\u0007', '\u001b[31m', '\u202e', 'e\u0301', '\u00e9', '\ud800', '\uffff', '<script>alert(1)</script>', '"', "'", '\\', '\\\\', '"unterminated', "'unterminated", '$(rm -rf /)', '`x`', '*', '**', '/**/*', '%00', 'a'.repeat(10_000), '🦆', '\r\n', '\t', '${env:HOME}', '$$'];

/** One random command line: a command, then words drawn from flags, nasty strings, paths and numbers. */
function line(rng: Rng): string {
  const words = [rng.pick(COMMANDS)];
  for (let i = rng.int(6); i > 0; i--) {
    words.push(
      rng.weighted<() => string>([
        [() => rng.pick(FLAGS), 3],
        [() => rng.pick(NASTY), 3],
        [() => `/${rng.pick(['a', 'b', 'etc/system.d', 'x y', rng.pick(NASTY)])}/${rng.pick(NASTY)}`, 3],
        [() => String(rng.int(2000) - 1000), 1],
        [() => String.fromCharCode(...Array.from({ length: rng.int(20) }, () => rng.int(0x3000))), 2],
      ])(),
    );
  }
  // Joined raw: quoting, escapes and NULs reach the tokenizer as they are.
  return words.join(' ');
}

/** Runs `work`; it must end within SLOW_MS and either succeed or fail with a PondError that names something. */
async function survives(what: string, work: () => Promise<unknown>): Promise<'ok' | PondError> {
  const started = performance.now();
  let outcome: 'ok' | PondError;
  try {
    await work();
    outcome = 'ok';
  } catch (error) {
    if (!(error instanceof PondError)) throw new Error(`${what}: not a PondError: ${String(error)}`, { cause: error });
    // A message a person can act on: words, never a bare object or an `undefined` leaking through.
    expect(error.message, what).toMatch(/\w{3,}/);
    expect(error.message, what).not.toMatch(/\[object |undefined|NaN/);
    outcome = error;
  }
  expect(performance.now() - started, `${what}: took too long`).toBeLessThan(SLOW_MS);
  return outcome;
}

describe('hostile command lines', () => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    it(`seed ${seed}: ${LINES} random lines end in a result or a clear error; the pond verifies`, { timeout: 300_000 }, async () => {
      const rng = new Rng(seed);
      const { run, env } = memoryContext({ stdin: '<b>stdin</b>\u0000' });
      await run('init');
      await run('mkdir -p /a/b');
      await run('mkdir -p /etc/system.d');
      const kinds = new Map<string, number>();
      for (let i = 0; i < LINES; i++) {
        const text = line(rng);
        const outcome = await survives(`seed ${seed} line ${i}: ${JSON.stringify(text.slice(0, 200))}`, () => run(text));
        const kind = outcome === 'ok' ? 'ok' : outcome.kind;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
      expect((await verifyPond(env.store)).problems).toEqual([]);
      // The fuzz reaches past the parser: some lines run, and the errors are of several kinds.
      expect(kinds.get('ok') ?? 0).toBeGreaterThan(0);
      expect(kinds.size).toBeGreaterThan(3);
      console.log(`hostile lines seed ${seed}: ${JSON.stringify(Object.fromEntries(kinds))}`);
    });
  }
});

describe('hostile YAML configs', () => {
  const registry = createDefaultRegistry(async () => undefined);
  const validate = (yaml: string) => survives(`yaml ${JSON.stringify(yaml.slice(0, 80))}`, async () => registry.validate('test-file', yaml));

  it('refuses an alias bomb (billion laughs) quickly, naming the alias limit', async () => {
    let yaml = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i <= 9; i++) yaml += `a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]\n`;
    yaml += 'content: *a9\n';
    const outcome = await validate(yaml);
    expect(outcome).not.toBe('ok');
    expect((outcome as PondError).message).toMatch(/alias/);
  });

  it('refuses deep nesting (flow and block) with an error, not a stack overflow', async () => {
    for (const depth of [1_000, 10_000, 100_000]) {
      for (const yaml of [`content: ${'['.repeat(depth)}${']'.repeat(depth)}\n`, `content: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`]) {
        const outcome = await validate(yaml);
        expect(isPondError(outcome === 'ok' ? null : outcome, 'InvalidConfig'), `depth ${depth}`).toBe(true);
        expect((outcome as PondError).message).toContain('nests deeper than 64 levels');
      }
    }
    let block = 'content:\n';
    for (let i = 0; i < 500; i++) block += `${' '.repeat(i + 1)}k${i}:\n`;
    expect(((await validate(block)) as PondError).message).toContain('nests deeper than 64 levels');
    // The limit is far from real configs: 30 levels of flow, or of block, nesting parse (and fail only the schema).
    for (const yaml of [`content: ${'['.repeat(30)}${']'.repeat(30)}\n`, `content:\n${Array.from({ length: 30 }, (_, i) => `${' '.repeat(2 * i + 2)}k${i}:`).join('\n')} 1\n`]) {
      expect(((await validate(yaml)) as PondError).message).toContain('content: expected string');
    }
    // Brackets inside quotes or comments are text, not nesting.
    expect(await validate(`content: "${'['.repeat(1000)}" # ${'{'.repeat(1000)}\n`)).toBe('ok');
    expect(await validate(`content: '${'{'.repeat(1000)}'\n`)).toBe('ok');
  });

  it('refuses huge scalars and documents over 1 MiB; takes one just under', async () => {
    const over = await validate(`content: "${'x'.repeat(1024 * 1024)}"\n`);
    expect((over as PondError).message).toMatch(/larger than 1 MiB/);
    expect(await validate(`content: "${'x'.repeat(1000 * 1000)}"\n`)).toBe('ok');
    expect(await validate(`content: ${'9'.repeat(100_000)}\n`)).not.toBe('ok'); // a number where a string is needed
  });

  it('random garbage and near-YAML never crash the validator', async () => {
    const rng = new Rng(7);
    const pieces = ['content: ', 'mime_type: ', '&a ', '*a ', '!!js/function ', '!!binary ', '<<: ', '- ', '? ', ': ', '[', ']', '{', '}', '"', "'", '|', '>', '#', '\n', '  ', '\t', '%YAML 1.1\n', '---\n', '...\n', '\u0000', '\ufeff', '${env:X}', 'é'];
    for (let i = 0; i < SEEDS * 200; i++) {
      await validate(Array.from({ length: 1 + rng.int(30) }, () => rng.pick(pieces)).join(''));
    }
  });
});

describe('hostile path names', () => {
  it('refuses ".." / NUL / control characters / 10 KB names with InvalidName naming the component, and keeps ".." at the root', async () => {
    const { run, env } = memoryContext();
    await run('init');
    for (const [name, expected] of [
      ['a\u0000b', /InvalidName/],
      ['a\u0007b', /InvalidName/],
      ['bell\u001b[31m', /InvalidName/],
      ['x'.repeat(10_000), /InvalidName/],
      ['é'.repeat(128), /InvalidName/], // 256 UTF-8 bytes
    ] as const) {
      const outcome = await survives(`mkdir ${JSON.stringify(name.slice(0, 20))}`, () => run(`mkdir '/${name}'`));
      expect(outcome === 'ok' ? 'ok' : outcome.message, JSON.stringify(name.slice(0, 20))).toMatch(expected);
    }
    // `..` never climbs above the root; a component that is `..` is resolved, not stored as a name.
    await run('mkdir /a');
    expect(await run("write '/../../escape.txt' --content x")).toMatch(/^committed/);
    expect(await run("list '/*.txt'")).toBe('/escape.txt');
    expect(await run("cat '/a/../../escape.txt'")).toBe('x');
    expect((await verifyPond(env.store)).problems).toEqual([]);
  });

  it('normalizes names to NFC: the decomposed and composed spellings are one entry', async () => {
    const { run } = memoryContext();
    await run('init');
    const composed = '\u00e9t\u00e9.txt'; // été, precomposed
    const decomposed = 'e\u0301te\u0301.txt'; // the same name, decomposed (what macOS file names often are)
    expect(await run(`write '/${decomposed}' --content first`)).toMatch(/^committed/);
    const again = await survives('write composed', () => run(`write '/${composed}' --content second`));
    // `write` appends a version to the existing file: one entry, two versions, whichever spelling is used.
    expect(again).toBe('ok');
    expect(await run("list '/*'")).toBe(`/${composed}`);
    expect(await run(`cat '/${decomposed}'`)).toBe('second');
    expect(await run(`cat '/${composed}' --version 1`)).toBe('first');
    // Creating a second entry under the other spelling is refused as the same name.
    const mkdir = await survives('mkdir decomposed', () => run(`mkdir '/${decomposed}'`));
    expect(mkdir === 'ok' ? 'ok' : mkdir.kind).toBe('AlreadyExists');
  });
});
