import { afterAll, describe, expect, it } from 'vitest';
import { importPond } from '../bundle';
import { MemoryLogStore } from '../store/memory';
import { DirectoryLogStore } from '../store/node/directoryLogStore';
import { tempDirs } from '../store/node/testDirs';
import { OpLog, reclaimStorage, verifyPond } from '../tlogfs';
import { memoryContext } from './testing';

/** Issue 11, part 6: `maintain` reclaims what failed commits left and what retention drops; history stays. */
const dirs = tempDirs('duckpond-maintain-');
afterAll(dirs.cleanup);

describe('maintain', () => {
  it('deletes the blobs of commits that failed (dry run first), keeps every blob a commit needs; verify, export and import work after', async () => {
    let failing = false;
    const store = await DirectoryLogStore.open(dirs.make(), {
      create: true,
      onCommitStep: (step) => {
        // A full disk right after the blobs: the commit fails, its blobs stay behind as garbage.
        if (failing && step === 'blobs-written') throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
    });
    const { run, host } = memoryContext({ store });
    const big = (c: string) => c.repeat(70_000);
    await run('init');
    await run(`write /kept.bin --content '${big('k')}'`);
    failing = true;
    await expect(run(`write /lost1.bin --content '${big('1')}'`)).rejects.toThrow(/StorageFull/);
    await expect(run(`write /lost2.bin --content '${big('2')}'`)).rejects.toThrow(/StorageFull/);
    failing = false;
    expect(await store.listBlobs()).toHaveLength(3);
    expect(await run('verify')).toMatch(/; 2 unreferenced blobs \(maintain can reclaim them\)$/);

    expect(await run('maintain --dry-run')).toMatch(/^would delete 2 unreferenced blobs \(140000 bytes\)\nwould delete 0 intermediate checkpoints; kept 0\n/);
    expect(await store.listBlobs()).toHaveLength(3);
    expect(await run('maintain')).toMatch(/^deleted 2 unreferenced blobs \(140000 bytes\)\n/);
    expect(await store.listBlobs()).toHaveLength(1);
    expect(await run('maintain')).toMatch(/^deleted 0 unreferenced blobs \(0 bytes\)\n/);

    expect(await run('verify')).toMatch(/^ok: .* verified$/);
    expect(await run('cat /kept.bin')).toBe(big('k'));
    await run('export /after.pond');
    const copy = new MemoryLogStore();
    const file = await host.open('/after.pond');
    await importPond(file, copy, { mode: 'new' });
    await file.close();
    expect((await verifyPond(copy)).problems).toEqual([]);
    // And the pond goes on.
    expect(await run(`write /later.bin --content '${big('l')}'`)).toMatch(/^committed txn 3 /);
  });

  it('drops intermediate checkpoints retention does not keep; time travel and verify still work', async () => {
    const store = new MemoryLogStore();
    // Checkpoints every 2 commits, all kept (retention 2), as a pond configured so would have them.
    const log = await OpLog.init(store, { checkpointInterval: 2, checkpointRetention: 2 });
    for (let i = 2; i <= 21; i++) {
      const tx = await log.beginWrite(`c${i}`);
      await tx.root().createFilePath(`/f${i}`, new TextEncoder().encode(String(i)));
      await tx.commit();
    }
    expect(await store.listCheckpoints()).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    const report = await reclaimStorage(store, { checkpointRetention: 8 });
    expect(report.checkpointsDeleted).toEqual([2, 4, 6, 10, 12, 14, 18]);
    expect(await store.listCheckpoints()).toEqual([8, 16, 20]);
    expect((await verifyPond(store)).problems).toEqual([]);
    const reopened = await OpLog.open(store);
    for (const asOf of [3, 9, 17, 21]) {
      const root = (await reopened.beginRead(asOf)).root();
      expect(new TextDecoder().decode(await root.readFilePath(`/f${asOf}`))).toBe(String(asOf));
      expect(await root.exists(`/f${asOf + 1}`)).toBe(false);
    }
  });

  it('refuses --prune-before plainly, changing nothing', async () => {
    const { run } = memoryContext();
    await run('init');
    await expect(run('maintain --prune-before 1')).rejects.toThrow('Unsupported: maintain --prune-before: pruning history is not available yet; nothing was changed');
  });
});
