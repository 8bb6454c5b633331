import { PondError } from '../../errors';
import { defineFactory } from '../registry';
import type { RunContext } from '../types';

/** `test-executor` config, defaults applied (SPEC §5). */
export interface TestExecutorConfig {
  readonly message: string;
  readonly repeat_count: number;
  readonly fail: boolean;
}

/** Where runs write their result files. */
export const TEST_EXECUTOR_DIR = '/var/test-executor';

/** The result file a run writes: `/var/test-executor/<txnSeq>.txt`. */
export function testExecutorResultPath(txnSeq: number): string {
  return `${TEST_EXECUTOR_DIR}/${txnSeq}.txt`;
}

/**
 * An executable factory for post-commit tests: its node reads as its config; `execute` logs one line per
 * repetition and writes a result file naming the repetitions, the message and the mode, or with
 * `fail: true` throws "intentionally failed: <message>" (nothing written).
 */
export const testExecutorFactory = defineFactory<TestExecutorConfig>({
  name: 'test-executor',
  description: 'Runs after commits (or by hand): logs its message and writes a result file under /var/test-executor (for tests and demos).',
  kind: 'executable',
  configSchema: {
    type: 'object',
    description: 'A test run: what to log, how often, and whether to fail.',
    properties: {
      message: {
        type: 'string',
        description: 'The message logged on each repetition and written to the result file.',
      },
      repeat_count: {
        type: 'integer',
        minimum: 1,
        default: 1,
        description: 'How many times to log the message (at least 1).',
      },
      fail: {
        type: 'boolean',
        default: false,
        description: 'When true the run fails with "intentionally failed: <message>" after logging.',
      },
    },
    required: ['message'],
    additionalProperties: false,
  },
  examples: [
    { title: 'Log once after every commit', yaml: 'message: Hello from post-commit\n' },
    { title: 'Repeat three times', yaml: 'message: tick\nrepeat_count: 3\n' },
    { title: 'A failing run', yaml: 'message: this run fails on purpose\nfail: true\n' },
  ],
  async initialize(_config, context) {
    await context.root.createDirAll(TEST_EXECUTOR_DIR);
  },
  async execute(config, context) {
    for (let i = 1; i <= config.repeat_count; i++) {
      context.signal.throwIfAborted();
      context.log(`[${i}/${config.repeat_count}] ${config.message}`);
    }
    if (config.fail) throw new Error(`intentionally failed: ${config.message}`);
    await writeResult(context, resultText(config, context));
  },
});

function resultText(config: TestExecutorConfig, context: RunContext): string {
  const lines = [`Executed ${config.repeat_count} times`, `message: ${config.message}`, `mode: ${context.mode}`];
  if (context.args.length > 0) lines.push(`args: ${context.args.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

async function writeResult(context: RunContext, text: string): Promise<void> {
  const path = testExecutorResultPath(context.txnSeq);
  const bytes = new TextEncoder().encode(text);
  await context.root.createDirAll(TEST_EXECUTOR_DIR);
  if (await context.root.exists(path)) {
    const existing = await context.root.metadata(path);
    if (existing.entryType !== 'file:physical:version') throw new PondError('TypeMismatch', `${path} is a ${existing.entryType}, not a file`, { path });
    await context.root.writeFilePath(path, bytes);
  } else {
    await context.root.createFilePath(path, bytes);
  }
}
