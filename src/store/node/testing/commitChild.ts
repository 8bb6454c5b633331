import { isPondError } from '../../../errors';
import { commitWrite, control } from '../../testing';
import { type CommitStep, DirectoryLogStore } from '../directoryLogStore';

/**
 * A child process of the directory store tests.
 *
 * - `commitChild.ts crash <pond dir> <step>`: commits 1, then is killed (SIGKILL, by itself) at `step` of
 *   committing 2 — a real crash in the middle of a commit.
 * - `commitChild.ts race <pond dir> <id> <count> <start at>`: from the wall-clock time `<start at>` (ms),
 *   tries to commit seqs 1..count as writer `id` (no lock: the put-if-absent safety net alone) and prints
 *   the seqs it won as JSON.
 */
const [mode, dir, arg, countText, startAt] = process.argv.slice(2);
if (dir === undefined || arg === undefined) throw new Error('usage: commitChild.ts crash|race <pond dir> …');

if (mode === 'crash') {
  const store = await DirectoryLogStore.open(dir, {
    create: true,
    onCommitStep: (step: CommitStep, txnSeq) => {
      if (txnSeq === 2 && step === arg) process.kill(process.pid, 'SIGKILL');
    },
  });
  await store.appendControl([control('begin', 1)]);
  await store.appendCommit(commitWrite(1, { control: [control('data_committed', 1)] }));
  await store.appendControl([control('begin', 2)]);
  await store.appendCommit(
    commitWrite(2, { blobs: { ['ee'.repeat(32)]: Uint8Array.of(2) }, control: [control('data_committed', 2), control('post_commit_pending', 2)] }),
  );
  process.stdout.write('not killed\n');
} else if (mode === 'race') {
  const store = await DirectoryLogStore.open(dir);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
  const won: number[] = [];
  for (let seq = 1; seq <= Number(countText); seq++) {
    try {
      await store.appendCommit(
        commitWrite(seq, {
          log: new TextEncoder().encode(`${arg}:${seq}`),
          meta: { origin: arg },
          control: [control('data_committed', seq, { origin: arg })],
        }),
      );
      won.push(seq);
    } catch (error) {
      if (!isPondError(error, 'Conflict')) throw error;
    }
  }
  process.stdout.write(`${JSON.stringify(won)}\n`);
}
