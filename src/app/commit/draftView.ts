import { type DraftOp, describeOp } from '../engine/protocol';

export type ChangeKind = 'added' | 'modified' | 'removed' | 'renamed';

/** One operation of the draft as the change list shows it. */
export interface DraftRow {
  readonly index: number;
  readonly kind: ChangeKind;
  readonly path: string;
  /** The entry type when the operation says it (folders, symlinks, dynamic nodes). */
  readonly entryType: string | null;
  /** Extra words: a move's source, a symlink's target, a dynamic node's factory. */
  readonly detail: string | null;
  /** The operation in the command language, for the Remove button's name and conflict lists. */
  readonly described: string;
}

/**
 * Classifies each operation. Writes and overwrites are "added" when the path did not exist before the
 * draft (an earlier operation created it, or `exists` says so) and "modified" otherwise.
 */
export function draftRows(ops: readonly DraftOp[], exists: (path: string) => boolean | undefined): DraftRow[] {
  const created = new Set<string>();
  return ops.map((op, index) => {
    const row = classify(op, index, (path) => !created.has(path) && exists(path) !== false);
    if (row.kind === 'added' || row.kind === 'renamed') created.add(row.path);
    return row;
  });
}

function classify(op: DraftOp, index: number, existed: (path: string) => boolean): DraftRow {
  const described = describeOp(op);
  const base = { index, described };
  switch (op.op) {
    case 'mkdir':
      return { ...base, kind: 'added', path: op.path, entryType: 'dir:physical', detail: null };
    case 'write':
      return { ...base, kind: existed(op.path) ? 'modified' : 'added', path: op.path, entryType: op.entryType ?? null, detail: null };
    case 'ln':
      return { ...base, kind: 'added', path: op.path, entryType: 'symlink', detail: `→ ${op.target}` };
    case 'rm':
      return { ...base, kind: 'removed', path: op.path, entryType: null, detail: op.recursive === true ? 'with its contents' : null };
    case 'mv':
      return { ...base, kind: 'renamed', path: op.to, entryType: null, detail: `from ${op.from}` };
    case 'mknod':
      return { ...base, kind: op.overwrite === true ? 'modified' : 'added', path: op.path, entryType: op.entryType, detail: op.factory };
    case 'restore':
      return { ...base, kind: 'modified', path: op.path, entryType: null, detail: `restored from txn ${op.txnSeq}` };
  }
}

/** The paths whose prior existence decides between "added" and "modified". */
export function pathsToCheck(ops: readonly DraftOp[]): string[] {
  return [...new Set(ops.flatMap((op) => (op.op === 'write' ? [op.path] : [])))];
}

/** The letter VS Code's source control view uses for each kind, next to the word for screen readers. */
export const KIND_LETTER: Record<ChangeKind, string> = { added: 'A', modified: 'M', removed: 'D', renamed: 'R' };
