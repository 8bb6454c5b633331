import { type KeyboardEvent, useId, useState } from 'react';
import type { TableSource } from '../../engine/protocol';
import { TableGrid } from './TableGrid';
import { TimeChart } from './TimeChart';
import './table.css';
import { useTable } from './useTable';

type View = 'grid' | 'chart';
const VIEWS: readonly { readonly view: View; readonly label: string }[] = [
  { view: 'grid', label: 'Grid' },
  { view: 'chart', label: 'Chart' },
];

/**
 * A table (Arrow IPC, or CSV parsed on demand) opened in the engine: row and column counts, the rows as a
 * virtualized grid and, when it has a time column and numbers, a line chart of them.
 */
export function TableView({ source }: { source: TableSource }) {
  const { state, reopen } = useTable(source);
  const [view, setView] = useState<View>('grid');
  const id = useId();

  if (state.status === 'loading') return <p className="preview-note">Opening the table…</p>;
  if (state.status === 'error') return <p className="field-error tv-message">Could not open this table: {state.message}</p>;
  const { info } = state;
  const chartable = info.timeColumn !== null;
  const shown = chartable ? view : 'grid';

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = shown === 'grid' ? 'chart' : 'grid';
    setView(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  };

  return (
    <section className="tv" aria-label="Table">
      <div className="tv-bar">
        <span className="tv-counts">
          {info.rows.toLocaleString('en-US')} {info.rows === 1 ? 'row' : 'rows'} · {info.columns.length} {info.columns.length === 1 ? 'column' : 'columns'}
        </span>
        {chartable && (
          <div role="tablist" aria-label="Table view" className="tv-tabs">
            {VIEWS.map(({ view: v, label }) => (
              <button
                key={v}
                id={`${id}-tab-${v}`}
                type="button"
                role="tab"
                aria-selected={shown === v}
                aria-controls={`${id}-panel`}
                tabIndex={shown === v ? 0 : -1}
                className={`tv-tab${shown === v ? ' tv-tab-active' : ''}`}
                onClick={() => setView(v)}
                onKeyDown={onTabKey}
              >
                {label}
              </button>
            ))}
          </div>
        )}
      </div>
      <div id={`${id}-panel`} className="tv-panel" {...(chartable ? { role: 'tabpanel', 'aria-labelledby': `${id}-tab-${shown}` } : {})}>
        {shown === 'grid' ? <TableGrid info={info} onLost={reopen} /> : <TimeChart info={info} onLost={reopen} />}
      </div>
    </section>
  );
}
