import { type DraftConflict, describeOp } from '../engine/protocol';

/** After a refused commit: the operations that no longer apply, and why. The draft is kept to be fixed. */
export function ConflictList({ conflicts }: { conflicts: readonly DraftConflict[] }) {
  return (
    <div className="cp-conflicts" role="alert">
      <p>
        Nothing was committed: {conflicts.length} operation{conflicts.length === 1 ? '' : 's'} no longer appl{conflicts.length === 1 ? 'ies' : 'y'}. Remove
        or fix {conflicts.length === 1 ? 'it' : 'them'}, then commit again.
      </p>
      <ul aria-label="Conflicting operations">
        {conflicts.map((c) => (
          <li key={c.index}>
            <code>{describeOp(c.op)}</code>: {c.error}
          </li>
        ))}
      </ul>
    </div>
  );
}
