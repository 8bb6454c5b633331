import { describe, expect, it } from 'vitest';
import { importPond } from '../bundle';
import { isPondError } from '../errors';
import { FaultyLogStore } from '../store/faulty';
import { MemoryLogStore } from '../store/memory';
import { verifyPond } from '../tlogfs';
import { memoryContext } from './testing';

/**
 * Issue 11, part 2: storage fills up. Every write fails as a real store reports a full quota (`StorageFull`
 * wrapping `QuotaExceededError`); the commands say so plainly, the pond stays as it was, readable and
 * exportable, and works again once there is room.
 */
describe('a full quota', () => {
  it('fails each writing command with a clear StorageFull message; reads, verify and export still work', async () => {
    const store = new FaultyLogStore(new MemoryLogStore());
    const { run, host } = memoryContext({ store });
    await run('init');
    await run('mkdir -p /etc/system.d');
    await run("mknod /etc/system.d/run.yaml --type dynamic-file --factory test-executor --config 'message: hi'");
    await run("write /notes.txt --content 'kept'");
    const before = await store.lastTxnSeq();
    const listing = await run('list /**');

    store.failWrites('quota');
    for (const line of ["write /notes.txt --content 'lost?'", 'mkdir /more', "write /new.txt --content 'x'", 'rm /notes.txt']) {
      const error = await run(line).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isPondError(error, 'StorageFull'), line).toBe(true);
      const message = (error as Error).message;
      expect(message).toMatch(/^StorageFull: (write|mkdir|rm): storage quota exceeded while writing .*\(injected\)\. Nothing of it was written: the pond is as it was and still readable \(list, cat, export work\)\. Free some space/);
    }

    // Unchanged and readable.
    expect(await store.lastTxnSeq()).toBe(before);
    expect(await run('list /**')).toBe(listing);
    expect(await run('cat /notes.txt')).toBe('kept');
    expect(await run('verify')).toMatch(/^ok: /);
    // Export writes a host file, not the pond: it works while the pond's storage is full.
    expect(await run('export /backup.pond')).toMatch(new RegExp(`^exported pond .* \\(${before} commits, \\d+ bytes\\) to /backup.pond$`));
    const copy = new MemoryLogStore();
    const file = await host.open('/backup.pond');
    await importPond(file, copy, { mode: 'new' });
    await file.close();
    expect((await verifyPond(copy)).problems).toEqual([]);
    expect(await memoryContext({ store: copy }).run('cat /notes.txt')).toBe('kept');

    // Room again: the next commit works, and the log continues without a gap.
    store.inject([]);
    expect(await run("write /notes.txt --content 'later'")).toMatch(new RegExp(`^committed txn ${before + 1} `));
    expect((await verifyPond(store)).problems).toEqual([]);
  });
});
