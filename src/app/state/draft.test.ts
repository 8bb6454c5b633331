import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DraftOp } from '../engine/protocol';
import { addOp, addOps, discardDraft, draftStore, loadDraft, setMessage } from './draft';
import { deleteDraft, readDraft } from './draftStorage';

/** localStorage for Node: only the legacy migration reads it. */
beforeAll(() => {
  const items = new Map<string, string>();
  globalThis.localStorage = {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
    removeItem: (key: string) => void items.delete(key),
    clear: () => items.clear(),
    key: (index: number) => [...items.keys()][index] ?? null,
    get length() {
      return items.size;
    },
  };
});

/** Waits until the background writes have settled (they coalesce, so the last state is what lands). */
async function settled(localId: string, expected: (saved: Awaited<ReturnType<typeof readDraft>>) => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (expected(await readDraft(localId))) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`the draft of ${localId} never reached the expected state: ${JSON.stringify(await readDraft(localId))}`);
}

const paths = (ops: readonly DraftOp[]): string[] => ops.map((op) => ('path' in op ? op.path : `${op.from} → ${op.to}`));

const bigFile = (size: number): DraftOp => {
  const content = new Uint8Array(size);
  for (let i = 0; i < size; i++) content[i] = (i * 31) & 0xff;
  return { op: 'write', path: '/data/big.bin', content };
};

describe('the draft kept in IndexedDB', () => {
  it('survives a reload, with file bytes kept as bytes (no base64)', async () => {
    await loadDraft('pond-a');
    const big = bigFile(64 * 1024);
    addOps([{ op: 'mkdir', path: '/data' }, big]);
    setMessage('sixty-four kilobytes');
    await settled('pond-a', (saved) => saved.ops.length === 2 && saved.message === 'sixty-four kilobytes');
    expect(draftStore.getState().unsaved).toBeNull();

    draftStore.setState({ localId: null, ops: [], message: '' });
    await loadDraft('pond-a');
    const { ops, message } = draftStore.getState();
    expect(message).toBe('sixty-four kilobytes');
    expect(ops[0]).toEqual({ op: 'mkdir', path: '/data' });
    const write = ops[1] as Extract<DraftOp, { op: 'write' }>;
    expect(write.content).toBeInstanceOf(Uint8Array);
    expect(write.content).toEqual((big as Extract<DraftOp, { op: 'write' }>).content);
  });

  it('keeps each pond its own draft, and an emptied draft leaves nothing behind', async () => {
    await loadDraft('pond-b');
    addOp({ op: 'mkdir', path: '/only-b' });
    await settled('pond-b', (saved) => saved.ops.length === 1);
    expect(paths((await readDraft('pond-a')).ops)).toEqual(['/data', '/data/big.bin']);
    discardDraft();
    await settled('pond-b', (saved) => saved.ops.length === 0 && saved.message === '');
  });

  it('keeps operations added while the saved draft loads, after the saved ones', async () => {
    await loadDraft('pond-c');
    addOp({ op: 'mkdir', path: '/saved' });
    await settled('pond-c', (saved) => saved.ops.length === 1);
    const loading = loadDraft('pond-c');
    addOp({ op: 'mkdir', path: '/added-while-loading' });
    await loading;
    expect(paths(draftStore.getState().ops)).toEqual(['/saved', '/added-while-loading']);
    await settled('pond-c', (saved) => saved.ops.length === 2);
  });

  it('moves a draft saved by the localStorage version into IndexedDB, bytes included', async () => {
    const legacy = {
      ops: [{ op: 'write', path: '/a.bin', base64: btoa(String.fromCharCode(0, 1, 2, 255)) }, { op: 'mkdir', path: '/d' }],
      message: 'from before',
    };
    localStorage.setItem('duckpond:draft:pond-d', JSON.stringify(legacy));
    await loadDraft('pond-d');
    expect(draftStore.getState().message).toBe('from before');
    expect(draftStore.getState().ops[0]).toEqual({ op: 'write', path: '/a.bin', content: new Uint8Array([0, 1, 2, 255]) });
    expect(localStorage.getItem('duckpond:draft:pond-d')).toBeNull();
    expect((await readDraft('pond-d')).ops).toHaveLength(2);
    await deleteDraft('pond-d');
    expect(await readDraft('pond-d')).toEqual({ ops: [], message: '' });
  });
});
