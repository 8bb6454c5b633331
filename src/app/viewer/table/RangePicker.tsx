import { useCallback, useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import { type TimeRange, alignedData, overviewOptions, visibleRange } from './chartOptions';
import type { ChartColors } from './chartTheme';
import { useElementSize } from './useElementSize';
import { useSeries } from './useSeries';
import { useUplot } from './useUplot';

const OVERVIEW_HEIGHT = 48;

interface RangePickerProps {
  readonly handle: string;
  readonly timeColumn: string;
  readonly columns: readonly string[];
  readonly colors: ChartColors;
  /** The whole table's time range. */
  readonly extent: TimeRange;
  /** The visible range; null: all of it. */
  readonly range: TimeRange | null;
  readonly onRange: (range: TimeRange | null) => void;
  readonly onLost: () => void;
}

/** `datetime-local` text (UTC, to the second) of a time in ms. */
function inputValue(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** ms of a `datetime-local` value read as UTC, or null when it is incomplete. */
function parseInput(value: string): number | null {
  const ms = Date.parse(`${value}Z`);
  return value === '' || Number.isNaN(ms) ? null : ms;
}

/**
 * Chooses the chart's time range: an overview of the whole table where dragging selects a window (the
 * selection shows the current one), and From/To fields (UTC) for the keyboard.
 */
export function RangePicker({ handle, timeColumn, columns, colors, extent, range, onRange, onLost }: RangePickerProps) {
  const overviewRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(overviewRef);
  const request = size === null ? null : { handle, timeColumn, columns: [...columns], maxPoints: Math.max(100, size.width) };
  const { data: series } = useSeries(request, onLost);
  const data = useMemo(() => alignedData(series, columns.length), [series, columns.length]);
  const select = useCallback((from: number, to: number) => onRange([Math.max(extent[0], from), Math.min(extent[1], to)]), [onRange, extent]);
  const reset = useCallback(() => onRange(null), [onRange]);
  const build = useMemo(
    () => (at: { width: number; height: number }) => overviewOptions({ ...at, timeColumn, columns, colors, onSelect: select, onReset: reset }),
    [timeColumn, columns, colors, select, reset],
  );
  const [from, to] = visibleRange(range, extent);
  const sync = useCallback(
    (chart: uPlot) => {
      if (range === null) {
        chart.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        return;
      }
      const left = chart.valToPos(range[0], 'x');
      chart.setSelect({ left, top: 0, width: Math.max(2, chart.valToPos(range[1], 'x') - left), height: chart.over.clientHeight }, false);
    },
    [range],
  );
  useUplot(overviewRef, build, size === null ? null : { width: size.width, height: OVERVIEW_HEIGHT }, data, sync);

  const edit = (which: 0 | 1, value: string) => {
    const ms = parseInput(value);
    if (ms === null) return;
    const next: [number, number] = which === 0 ? [ms, to] : [from, ms];
    if (next[0] < next[1]) onRange(next);
  };

  return (
    <div className="tv-range" role="group" aria-label="Time range">
      <div className="tv-overview" ref={overviewRef} title="Drag to choose the time range" />
      <div className="tv-range-fields">
        <label>
          From (UTC)
          <input type="datetime-local" step={1} value={inputValue(from)} onChange={(event) => edit(0, event.target.value)} />
        </label>
        <label>
          To (UTC)
          <input type="datetime-local" step={1} value={inputValue(to)} onChange={(event) => edit(1, event.target.value)} />
        </label>
        <button type="button" onClick={() => onRange(null)} disabled={range === null}>
          Whole range
        </button>
      </div>
    </div>
  );
}
