import type { DraftOp, TreeEntry } from '../engine/protocol';
import { parentOf } from './treeStore';

/** How the draft changes an entry, and what an entry that exists only in the draft looks like. */
export interface Mark {
  readonly state: 'added' | 'changed' | 'removed';
  readonly entryType: string;
  readonly factory?: string;
  readonly target?: string;
}

/**
 * Replays the draft over what the tree knows of the committed pond, path by path. `known` answers for
 * committed entries whose folder has been listed; an unknown path counts as new, which is right for
 * everything the tree itself creates (it only creates in folders it has listed).
 */
export function draftMarks(ops: readonly DraftOp[], known: (path: string) => TreeEntry | undefined): Map<string, Mark> {
  const marks = new Map<string, Mark>();

  const create = (path: string, mark: Omit<Mark, 'state'>) => {
    const before = marks.get(path);
    // Re-creating a removed or changed path changes the committed entry; an added one stays added.
    const state = before === undefined ? (known(path) === undefined ? 'added' : 'changed') : before.state === 'added' ? 'added' : 'changed';
    marks.set(path, { ...mark, state });
  };
  const remove = (path: string) => {
    // Whatever the draft had below a removed folder goes with it.
    for (const p of [...marks.keys()]) if (p.startsWith(`${path}/`)) marks.delete(p);
    const before = marks.get(path);
    if (before?.state === 'added') marks.delete(path);
    else marks.set(path, { state: 'removed', entryType: before?.entryType ?? known(path)?.entryType ?? 'file:physical:version' });
  };
  const typeOf = (path: string): Omit<Mark, 'state'> => {
    const mark = marks.get(path);
    if (mark !== undefined) return mark;
    const entry = known(path);
    return entry === undefined ? { entryType: 'file:physical:version' } : entry;
  };

  for (const op of ops) {
    switch (op.op) {
      case 'mkdir':
        create(op.path, { entryType: 'dir:physical' });
        break;
      case 'write':
        create(op.path, { entryType: op.entryType ?? 'file:physical:version' });
        break;
      case 'ln':
        create(op.path, { entryType: 'symlink', target: op.target });
        break;
      case 'mknod':
        create(op.path, { entryType: op.entryType, factory: op.factory });
        break;
      case 'rm':
        remove(op.path);
        break;
      case 'mv': {
        const { entryType, factory, target } = typeOf(op.from);
        remove(op.from);
        create(op.to, { entryType, ...(factory === undefined ? {} : { factory }), ...(target === undefined ? {} : { target }) });
        break;
      }
      case 'restore':
        create(op.path, typeOf(op.path));
        break;
    }
  }
  return marks;
}

/** Entries the draft adds under `dir` (they have no committed entry to hang a mark on). */
export function addedChildren(marks: ReadonlyMap<string, Mark>, dir: string): TreeEntry[] {
  const added: TreeEntry[] = [];
  for (const [path, mark] of marks) {
    if (mark.state !== 'added' || parentOf(path) !== dir) continue;
    added.push({
      name: path.slice(path.lastIndexOf('/') + 1),
      path,
      entryType: mark.entryType,
      ...(mark.factory === undefined ? {} : { factory: mark.factory }),
      ...(mark.target === undefined ? {} : { target: mark.target }),
      size: 0,
      version: 0,
      modified: null,
    });
  }
  return added;
}
