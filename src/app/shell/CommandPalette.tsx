import { useMemo, useState } from 'react';
import { allActions } from './actions';
import { closeDialog } from './ui';

/**
 * Ctrl/Cmd+K: type to narrow the actions (every word must appear), ↑/↓ to choose, Enter to run.
 * A combobox over a listbox, so screen readers follow the highlighted action.
 */
export function CommandPalette() {
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const actions = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return allActions().filter((a) => words.every((w) => a.label.toLowerCase().includes(w)));
  }, [query]);
  const current = Math.min(index, actions.length - 1);

  const run = (at: number) => {
    const action = actions[at];
    if (action === undefined) return;
    closeDialog();
    // After the palette closed and focus went back, so the action may move focus itself.
    requestAnimationFrame(() => requestAnimationFrame(action.run));
  };

  return (
    <dialog open className="palette" aria-label="Command palette" onKeyDown={(event) => event.key === 'Escape' && closeDialog()}>
      <input
        autoFocus
        role="combobox"
        aria-label="Command palette"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={current >= 0 ? `palette-${current}` : undefined}
        placeholder="Type a command"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setIndex(0);
        }}
        onBlur={(event) => {
          if (!event.currentTarget.parentElement?.contains(event.relatedTarget)) closeDialog();
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') setIndex((current + 1) % Math.max(1, actions.length));
          else if (event.key === 'ArrowUp') setIndex((current - 1 + actions.length) % Math.max(1, actions.length));
          else if (event.key === 'Enter') run(current);
          else return;
          event.preventDefault();
        }}
      />
      <ul id="palette-list" role="listbox" aria-label="Commands">
        {actions.map((action, i) => (
          <li
            key={action.id}
            id={`palette-${i}`}
            role="option"
            aria-selected={i === current}
            className={i === current ? 'current' : undefined}
            onPointerDown={(event) => event.preventDefault()}
            onClick={() => run(i)}
          >
            {action.label}
          </li>
        ))}
        {actions.length === 0 && <li className="muted">No matching command</li>}
      </ul>
    </dialog>
  );
}
