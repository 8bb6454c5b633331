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

  for (const kind of ['memory', 'directory'] as const) {
    it(`--prune-before N: says what would go without --yes, prunes with it; log, show, cat --txn before N say pruned; verify, export, import work (${kind})`, async () => {
      const store = kind === 'memory' ? new MemoryLogStore() : await DirectoryLogStore.open(dirs.make(), { create: true });
      const { run, host } = memoryContext({ store });
      const big = (c: string) => c.repeat(70_000);
      await run('init');
      await run(`write /old.bin --content '${big('o')}'`); // 2: a blob only its pruned version needs after 4
      await run("write /notes.txt --content 'one'"); // 3
      await run(`write /old.bin --content '${big('p')}'`); // 4
      await run("write /notes.txt --content 'two'"); // 5
      await run("write /notes.txt --content 'three'"); // 6
      expect(await run('maintain --prune-before 5')).toBe(
        'would drop 4 commits before txn 5, 0 checkpoints, 1 blob (70000 bytes); the pond would start at a base checkpoint at txn 5 and time travel before it would be gone\nnothing was changed: run again with --yes to prune',
      );
      expect(await store.readCommitMetas(1, 6)).toHaveLength(6);
      expect(await run('cat /notes.txt --txn 3')).toBe('one');
      expect(await run('maintain --prune-before 5 --yes')).toBe(
        'dropped 4 commits before txn 5, 0 checkpoints, 1 blob (70000 bytes); the pond now starts at a base checkpoint at txn 5 (time travel before it says it was pruned)',
      );
      expect(await store.listBlobs()).toHaveLength(1);
      const day = new Date().toISOString().slice(0, 10);
      await expect(run('cat /notes.txt --txn 3')).rejects.toThrow(`Pruned: txn 3: history before txn 5 was pruned on ${day}`);
      await expect(run('show --txn-seq 2')).rejects.toThrow(`Pruned: txn 2: history before txn 5 was pruned on ${day}`);
      await expect(run('log --txn-seq 4')).rejects.toThrow('Pruned: txn 4');
      await expect(run('cat /notes.txt --version 1')).rejects.toThrow(/^Pruned: .*history before txn 5 was pruned/);
      expect(await run('cat /notes.txt --version 2')).toBe('two');
      expect(await run('cat /notes.txt --txn 5')).toBe('two');
      expect(await run('cat /notes.txt')).toBe('three');
      expect(await run('cat /old.bin')).toBe(big('p'));
      expect((await run('log')).split('\n').filter((l) => l.startsWith('txn ')).map((l) => l.split(' ')[1])).toEqual(['6', '5']);
      expect(await run('verify')).toMatch(/^ok: 2 commits, .* verified; the log starts at the base checkpoint at txn 5 \(history before it was pruned\)$/);
      // `maintain` after a prune keeps the base and the blobs the state needs.
      expect(await run('maintain')).toMatch(/^deleted 0 unreferenced blobs/);
      expect(await run('cat /old.bin')).toBe(big('p'));
      // The pond file carries the base; import checks it and the copy behaves the same.
      await run('export /pruned.pond');
      for (const mode of ['new', 'copy'] as const) {
        const copy = new MemoryLogStore();
        const file = await host.open('/pruned.pond');
        await importPond(file, copy, { mode });
        await file.close();
        expect((await verifyPond(copy)).problems).toEqual([]);
        const other = memoryContext({ store: copy });
        expect(await other.run('cat /notes.txt')).toBe('three');
        expect(await other.run('cat /old.bin')).toBe(big('p'));
        expect(await other.run('cat /notes.txt --txn 5')).toBe('two');
        await expect(other.run('cat /notes.txt --txn 4')).rejects.toThrow('Pruned: txn 4: history before txn 5 was pruned');
        expect(await other.run("write /later --content 'x'")).toMatch(/^committed txn 7 /);
      }
      // The pond goes on; a prune at an earlier txn is refused.
      expect(await run("write /later --content 'x'")).toMatch(/^committed txn 7 /);
      await expect(run('maintain --prune-before 3 --yes')).rejects.toThrow('InvalidArgument: --prune-before 3: the history before txn 5 is already pruned; nothing was changed');
      await expect(run('maintain --yes')).rejects.toThrow('InvalidArgument');
    });
  }
});
