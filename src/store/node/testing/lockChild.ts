import { appendFile, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { LockFileWriteLock } from '../lockFile';

/**
 * A child process of the lock tests: `lockChild.ts <lock file> <work dir> <id> <rounds> <start at> [hold]`.
 * It waits until the wall-clock time `<start at>` (ms), so that several children start contending at once.
 * Each round takes the lock, checks that nobody else is inside the critical section (an `inside` file
 * created exclusively), appends a line to `<work dir>/log`, and releases. With `hold`, it takes the lock
 * once, prints `held`, and keeps it until killed. Prints `{"takeovers": [...]}` at the end.
 */
const [lockPath, workDir, id, roundsText, startAt, mode] = process.argv.slice(2);
if (lockPath === undefined || workDir === undefined || id === undefined || roundsText === undefined || startAt === undefined) {
  throw new Error('usage: lockChild.ts <lock file> <work dir> <id> <rounds> <start at> [hold]');
}
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const takeovers: string[] = [];
const lock = new LockFileWriteLock(lockPath, { onTakeover: (warning) => takeovers.push(warning), minPollMs: 1, maxPollMs: 20 });

if (mode === 'hold') {
  await lock.acquire({ holder: `child ${id}: hold`, timeoutMs: 10_000 });
  process.stdout.write('held\n');
  setInterval(() => {}, 1000); // until killed
} else {
  for (let round = 0; round < Number(roundsText); round++) {
    const handle = await lock.acquire({ holder: `child ${id}: round ${round}`, timeoutMs: 30_000 });
    const inside = join(workDir, 'inside');
    try {
      const marker = await open(inside, 'wx');
      await marker.close();
    } catch {
      process.stdout.write(`OVERLAP in round ${round} of ${id}\n`);
      process.exit(3);
    }
    await appendFile(join(workDir, 'log'), `${id} ${round}\n`);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    await unlink(inside);
    await handle.release();
  }
  process.stdout.write(`${JSON.stringify({ takeovers })}\n`);
}
