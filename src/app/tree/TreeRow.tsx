import { useEffect, useRef, useState } from 'react';
import { nameProblem, rename } from './actions';
import { Chevron, EntryIcon } from './icons';
import type { Row } from './rows';
import { isDirectory, startRename } from './treeStore';

const MARK_LETTER = { added: 'A', changed: 'M', removed: 'D' } as const;
const MARK_LABEL = { added: 'added in draft', changed: 'changed in draft', removed: 'removed in draft' } as const;

interface Props {
  readonly row: Row;
  readonly id: string;
  readonly selected: boolean;
  readonly active: boolean;
  readonly renaming: boolean;
  readonly style: React.CSSProperties;
  readonly onActivate: (event: React.MouseEvent) => void;
  readonly onToggle: () => void;
  readonly onContextMenu: (event: React.MouseEvent) => void;
  /** Moving and dropping; null while the tree is read-only (time travel). */
  readonly dragHandlers: Pick<React.HTMLAttributes<HTMLDivElement>, 'onDragStart' | 'onDragOver' | 'onDragLeave' | 'onDrop'> | null;
  readonly dropTarget: boolean;
}

/**
 * One tree line. Its accessible name is the entry name alone (SPEC §8); type, factory, link target and
 * draft state are in the description, so screen readers announce them after the name.
 */
export function TreeRow({ row, id, selected, active, renaming, style, onActivate, onToggle, onContextMenu, dragHandlers, dropTarget }: Props) {
  const { entry, mark } = row;
  const dir = isDirectory(entry.entryType);
  const dynamic = entry.entryType.includes(':dynamic');
  const removed = mark?.state === 'removed';
  const details = [entry.entryType, entry.factory && `factory ${entry.factory}`, entry.target && `links to ${entry.target}`, mark && MARK_LABEL[mark.state], row.note]
    .filter(Boolean)
    .join(', ');
  return (
    <div
      role="treeitem"
      id={id}
      aria-label={entry.name}
      aria-description={details}
      aria-level={row.level}
      aria-posinset={row.position}
      aria-setsize={row.siblings}
      aria-selected={selected}
      {...(dir ? { 'aria-expanded': row.expanded } : {})}
      className={`tree-row${selected ? ' selected' : ''}${active ? ' active' : ''}${dynamic ? ' dynamic' : ''}${mark ? ` mark-${mark.state}` : ''}${dropTarget ? ' drop-target' : ''}`}
      style={{ ...style, paddingLeft: 4 + (row.level - 1) * 12 }}
      title={entry.path}
      draggable={dragHandlers !== null && !renaming && !removed}
      onClick={onActivate}
      onDoubleClick={() => dir && onToggle()}
      onContextMenu={onContextMenu}
      {...dragHandlers}
    >
      <span
        className="twisty"
        onClick={(event) => {
          event.stopPropagation();
          if (dir) onToggle();
        }}
      >
        {dir && <Chevron open={row.expanded} />}
      </span>
      <EntryIcon entryType={entry.entryType} />
      {renaming ? (
        <RenameInput path={entry.path} name={entry.name} />
      ) : (
        <span className="tree-name">{entry.name}</span>
      )}
      {entry.target !== undefined && <span className="tree-target">→ {entry.target}</span>}
      {entry.factory !== undefined && <span className="badge">{entry.factory}</span>}
      {row.note !== undefined && <span className="tree-note">{row.note}</span>}
      {mark !== undefined && (
        <span className={`tree-mark mark-${mark.state}`} aria-hidden="true">
          {MARK_LETTER[mark.state]}
        </span>
      )}
    </div>
  );
}

/** A row whose entry is still being fetched: a treeitem in its place, so levels, positions and height hold. */
export function PendingRow({ row, id, active, style }: { row: Row; id: string; active: boolean; style: React.CSSProperties }) {
  return (
    <div
      role="treeitem"
      id={id}
      aria-label="Loading…"
      aria-level={row.level}
      aria-posinset={row.position}
      aria-setsize={row.siblings}
      aria-selected={active}
      aria-busy="true"
      className={`tree-row pending${active ? ' active selected' : ''}`}
      style={{ ...style, paddingLeft: 4 + (row.level - 1) * 12 + 18 }}
    >
      <span className="tree-note">loading…</span>
    </div>
  );
}

/** In-place rename: Enter adds the move to the draft, Escape or leaving the field cancels. */
function RenameInput({ path, name }: { path: string; name: string }) {
  const [value, setValue] = useState(name);
  const ref = useRef<HTMLInputElement>(null);
  const problem = value === name ? null : nameProblem(value);
  useEffect(() => {
    const input = ref.current;
    input?.focus();
    // Select the stem, not the extension, as desktop explorers do.
    const dot = name.lastIndexOf('.');
    input?.setSelectionRange(0, dot > 0 ? dot : name.length);
  }, [name]);
  const finish = () => {
    startRename(null);
    document.getElementById('tree')?.focus();
  };
  return (
    <input
      ref={ref}
      className="rename-input"
      aria-label={`Rename ${name}`}
      aria-invalid={problem !== null}
      title={problem ?? undefined}
      value={value}
      onChange={(event) => setValue(event.target.value)}
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Enter' && problem === null) {
          if (value !== name) rename(path, value);
          finish();
        } else if (event.key === 'Escape') finish();
      }}
      onBlur={() => startRename(null)}
    />
  );
}
