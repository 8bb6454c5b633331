import type { DraftOp } from '../engine/protocol';

type Mknod = Extract<DraftOp, { op: 'mknod' }>;

/** What the draft holds for a path: the content of its last `write`, or its last `mknod` (a config). */
export interface Drafted {
  readonly bytes: Uint8Array | null;
  readonly config: Mknod | null;
}

const encoder = new TextEncoder();
const NOTHING: Drafted = { bytes: null, config: null };

/**
 * Replays the draft's operations path by path, as the commit will: the last write wins, `mv` carries what
 * was drafted (a folder's too) to the new path, `rm` drops it, and `restore` makes the content whatever the
 * past held (unknown until commit, so nothing drafted is shown for it).
 */
export function draftedFor(ops: readonly DraftOp[], path: string): Drafted {
  const drafted = new Map<string, Drafted>();
  const under = (p: string, dir: string): boolean => p === dir || p.startsWith(`${dir}/`);
  for (const op of ops) {
    switch (op.op) {
      case 'write':
        drafted.set(op.path, { bytes: typeof op.content === 'string' ? encoder.encode(op.content) : op.content, config: null });
        break;
      case 'mknod':
        drafted.set(op.path, { bytes: null, config: op });
        break;
      case 'rm':
      case 'restore':
        for (const p of [...drafted.keys()]) if (under(p, op.path)) drafted.delete(p);
        break;
      case 'mv':
        for (const [p, value] of [...drafted]) {
          if (!under(p, op.from)) continue;
          drafted.delete(p);
          drafted.set(op.to + p.slice(op.from.length), value);
        }
        break;
      case 'mkdir':
      case 'ln':
        break;
    }
  }
  return drafted.get(path) ?? NOTHING;
}
