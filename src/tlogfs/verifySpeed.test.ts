import { expect, it } from 'vitest';
import { MemoryLogStore } from '../store/memory';
import { OpLog } from './oplog';
import { verifyPond } from './verify';

/**
 * Issue 11: verify must take seconds on a 1,000-commit pond. `VERIFY_COMMITS` sets the size (CI: 300; the
 * long run, `npm run test:reliability`: 1,000); prints the figure for docs/reliability.md. The Chromium
 * figure comes from e2e/reliability.spec.ts.
 */
const COMMITS = Number(process.env['VERIFY_COMMITS'] ?? 300);

it(`verify of a ${COMMITS}-commit pond (20 folders, a blob every 50 commits, checkpoints every 10)`, { timeout: 600_000 }, async () => {
  const store = new MemoryLogStore();
  const log = await OpLog.init(store);
  for (let i = 2; i <= COMMITS; i++) {
    const tx = await log.beginWrite(`commit ${i}`);
    const root = tx.root();
    const dir = `/d${i % 20}`;
    if (!(await root.exists(dir))) await root.createDirAll(dir);
    await root.createFilePath(`${dir}/f${i}.txt`, new TextEncoder().encode(`file ${i} `.repeat(1 + (i % 50))));
    if (i % 50 === 0) await root.createFilePath(`${dir}/big${i}.bin`, new Uint8Array(70_000).fill(i % 256));
    await tx.commit();
  }
  const started = performance.now();
  const report = await verifyPond(store);
  const ms = performance.now() - started;
  console.log(`verify figure: ${COMMITS} commits, ${report.entries} records, ${report.blobs} blobs, ${report.checkpoints} checkpoints in ${ms.toFixed(0)} ms (Node, memory store)`);
  expect(report.problems).toEqual([]);
  expect(report.commits).toBe(COMMITS);
  // Generous (the machine is shared): the point is seconds, not minutes.
  expect(ms).toBeLessThan(30_000);
});
