import type { Cell, ColumnKind } from '../../engine/protocol';

/** A timestamp (ms since the epoch) as ISO-8601 UTC, without a `.000` that says nothing. */
export function formatTime(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return String(ms);
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** How a cell reads in the grid: always text (never markup); null is shown by `cellClass`, not here. */
export function formatCell(cell: Cell, kind: ColumnKind): string {
  if (cell === null) return 'null';
  if (kind === 'timestamp' && typeof cell === 'number') return formatTime(cell);
  return String(cell);
}

/** The grid cell's class: numbers align right, nulls are muted. */
export function cellClass(cell: Cell, kind: ColumnKind): string {
  return `tv-cell tv-${kind}${cell === null ? ' tv-null' : ''}`;
}

/** A chart reading: six significant digits are plenty for a legend (the grid shows values in full). */
export function formatReading(value: number): string {
  return Number.isNaN(value) ? '—' : String(Number(value.toPrecision(6)));
}
