import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type { Cell, ColumnInfo, ColumnKind, TableInfo, TableSort } from '../../engine/protocol';
import { cellClass, formatCell } from './format';
import { useRowPages } from './useRowPages';

const ROW_HEIGHT = 24;
const HEADER_HEIGHT = 42;
/**
 * Rows per virtualized block. The virtualizer keeps an object per item, so virtualizing single rows of a
 * million-row table would be a million objects on the UI thread (a long task); blocks make it 50,000.
 */
const BLOCK_ROWS = 20;
/** Column widths by kind (px): enough for an ISO timestamp, a double in full, a word or two. */
const WIDTHS: Record<ColumnKind, number> = { number: 170, timestamp: 220, string: 200, boolean: 80, other: 220 };

/** The next sort when a column's header is clicked: ascending, then descending, then none. */
function nextSort(sort: TableSort | null, column: string): TableSort | null {
  if (sort?.column !== column) return { column, descending: false };
  return sort.descending ? null : { column, descending: true };
}

/**
 * An opened table as an ARIA grid: a sticky header (name and type; click to sort), and rows fetched page
 * by page from the engine as they scroll into view, so a million rows cost the UI only what is on screen.
 * Focus stays on the grid and `aria-activedescendant` names the active cell, because the virtualizer
 * unmounts rows that scroll away.
 */
export function TableGrid({ info, onLost }: { info: TableInfo; onLost: () => void }) {
  const [sort, setSort] = useState<TableSort | null>(null);
  const pages = useRowPages(info, sort, onLost);
  const scrollRef = useRef<HTMLDivElement>(null);
  const id = useId();
  const [active, setActive] = useState({ row: 0, col: 0 });
  const virtualizer = useVirtualizer({
    count: Math.ceil(info.rows / BLOCK_ROWS),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => BLOCK_ROWS * ROW_HEIGHT,
    overscan: 1,
  });
  const blocks = virtualizer.getVirtualItems();
  const first = (blocks[0]?.index ?? 0) * BLOCK_ROWS;
  const last = Math.min(info.rows, ((blocks[blocks.length - 1]?.index ?? -1) + 1) * BLOCK_ROWS) - 1;
  const { want } = pages;
  useEffect(() => {
    if (last >= first) want(first, last);
  }, [first, last, want]);

  const gutter = Math.max(48, String(info.rows).length * 8 + 20);
  const widths = info.columns.map((c) => WIDTHS[c.kind]);
  const template = `${gutter}px ${widths.map((w) => `${w}px`).join(' ')}`;
  const width = gutter + widths.reduce((a, b) => a + b, 0);
  const cellId = (row: number, col: number) => `${id}-r${row}-c${col}`;

  const sortBy = (column: string) => {
    setSort(nextSort(sort, column));
    setActive((a) => ({ ...a, row: 0 }));
    virtualizer.scrollToOffset(0);
  };

  /** Moves the active cell and scrolls it into view (rows are all one height: plain arithmetic). */
  const go = (row: number, col: number) => {
    const next = { row: Math.max(0, Math.min(info.rows - 1, row)), col: Math.max(0, Math.min(info.columns.length - 1, col)) };
    setActive(next);
    const scroller = scrollRef.current;
    if (scroller === null) return;
    const top = next.row * ROW_HEIGHT;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (HEADER_HEIGHT + top + ROW_HEIGHT > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = HEADER_HEIGHT + top + ROW_HEIGHT - scroller.clientHeight;
    const left = gutter + widths.slice(0, next.col).reduce((a, b) => a + b, 0);
    const right = left + (widths[next.col] ?? 0);
    if (left < scroller.scrollLeft + gutter) scroller.scrollLeft = left - gutter;
    else if (right > scroller.scrollLeft + scroller.clientWidth) scroller.scrollLeft = right - scroller.clientWidth;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget || info.rows === 0) return;
    const screen = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 0) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    const { row, col } = active;
    const ctrl = event.ctrlKey || event.metaKey;
    if (event.key === 'ArrowDown') go(row + 1, col);
    else if (event.key === 'ArrowUp') go(row - 1, col);
    else if (event.key === 'ArrowRight') go(row, col + 1);
    else if (event.key === 'ArrowLeft') go(row, col - 1);
    else if (event.key === 'PageDown') go(row + screen, col);
    else if (event.key === 'PageUp') go(row - screen, col);
    else if (event.key === 'Home') go(ctrl ? 0 : row, 0);
    else if (event.key === 'End') go(ctrl ? info.rows - 1 : row, info.columns.length - 1);
    else return;
    event.preventDefault();
  };

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label={`Rows (${info.rows.toLocaleString('en-US')})`}
      aria-rowcount={info.rows + 1}
      aria-colcount={info.columns.length + 1}
      aria-busy={pages.busy}
      aria-activedescendant={info.rows > 0 && active.row >= first && active.row <= last ? cellId(active.row, active.col) : undefined}
      tabIndex={0}
      className="tv-grid"
      onKeyDown={onKeyDown}
    >
      <div role="row" aria-rowindex={1} className="tv-header" style={{ gridTemplateColumns: template, width, height: HEADER_HEIGHT }}>
        <div role="columnheader" className="tv-gutter">
          <span className="visually-hidden">Row</span>#
        </div>
        {info.columns.map((column) => (
          <HeaderCell key={column.name} column={column} sort={sort} onSort={() => sortBy(column.name)} />
        ))}
      </div>
      <div role="presentation" className="tv-body" style={{ height: virtualizer.getTotalSize(), width }}>
        {blocks.map((block) => (
          <div key={block.index} role="rowgroup" className="tv-block" style={{ transform: `translateY(${block.start}px)` }}>
            {Array.from({ length: Math.min(BLOCK_ROWS, info.rows - block.index * BLOCK_ROWS) }, (_, i) => {
              const index = block.index * BLOCK_ROWS + i;
              return <GridRow key={index} index={index} info={info} cells={pages.row(index)} template={template} active={active.row === index ? active.col : -1} cellId={cellId} onCell={(col) => setActive({ row: index, col })} />;
            })}
          </div>
        ))}
      </div>
      {pages.error !== null && <p className="field-error tv-message">Could not read rows: {pages.error}</p>}
      {info.rows === 0 && <p className="tv-message muted">No rows.</p>}
    </div>
  );
}

interface GridRowProps {
  readonly index: number;
  readonly info: TableInfo;
  /** The row's cells; undefined while its page is on its way. */
  readonly cells: readonly Cell[] | undefined;
  readonly template: string;
  /** The active column when this row holds the active cell, else -1. */
  readonly active: number;
  readonly cellId: (row: number, col: number) => string;
  readonly onCell: (col: number) => void;
}

/** One row: its position, then its cells as text (never markup). */
function GridRow({ index, info, cells, template, active, cellId, onCell }: GridRowProps) {
  return (
    <div role="row" aria-rowindex={index + 2} className={`tv-row${cells === undefined ? ' tv-pending' : ''}`} style={{ gridTemplateColumns: template, height: ROW_HEIGHT }}>
      <div role="rowheader" className="tv-gutter">
        {index + 1}
      </div>
      {info.columns.map((column, c) => {
        const cell = cells?.[c];
        const text = cell === undefined ? '' : formatCell(cell, column.kind);
        return (
          <div
            key={column.name}
            id={cellId(index, c)}
            role="gridcell"
            className={`${cell === undefined ? 'tv-cell' : cellClass(cell, column.kind)}${active === c ? ' tv-active' : ''}`}
            title={text === '' ? undefined : text}
            onClick={() => onCell(c)}
          >
            {text}
          </div>
        );
      })}
    </div>
  );
}

function HeaderCell({ column, sort, onSort }: { column: ColumnInfo; sort: TableSort | null; onSort: () => void }) {
  const direction = sort?.column === column.name ? (sort.descending ? 'descending' : 'ascending') : undefined;
  return (
    <div role="columnheader" aria-sort={direction} className={`tv-colhead tv-${column.kind}`}>
      <button type="button" className="tv-sort" onClick={onSort} title={`Sort by ${column.name}`}>
        <span className="tv-colname">{column.name}</span>
        <span className="tv-coltype">{column.type}</span>
        <span className="tv-arrow" aria-hidden="true">
          {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''}
        </span>
      </button>
    </div>
  );
}
