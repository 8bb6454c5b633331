import { useCallback, useMemo, useRef, useState } from 'react';
import type uPlot from 'uplot';
import type { TableInfo } from '../../engine/protocol';
import { type TimeRange, alignedData, plotOptions, visibleRange } from './chartOptions';
import { seriesColor, useChartColors } from './chartTheme';
import { formatReading, formatTime } from './format';
import { RangePicker } from './RangePicker';
import './table.css';
import { useElementSize } from './useElementSize';
import { useSeries } from './useSeries';
import { useUplot } from './useUplot';

/** Points asked for per pixel of width: a min and a max per pixel column (more would not show). */
const POINTS_PER_PIXEL = 2;
/** Width steps at which a resize asks for new points (not on every pixel of a drag). */
const WIDTH_STEP = 100;

/**
 * A table's numeric columns as lines against its time column (uPlot on canvas). Drag across the plot to
 * zoom, double-click to see everything; the range picker below does the same with the keyboard. Every
 * range is asked of the engine afresh, so zooming into a million rows shows the rows, not a coarse sketch.
 */
export function TimeChart({ info, onLost }: { info: TableInfo; onLost: () => void }) {
  const timeColumn = info.timeColumn ?? '';
  const columns = useMemo(() => info.columns.filter((c) => c.kind === 'number').map((c) => c.name), [info.columns]);
  const rootRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const colors = useChartColors(rootRef);
  const size = useElementSize(plotRef);
  const [range, setRange] = useState<TimeRange | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const [cursor, setCursor] = useState<number | null>(null);

  const width = size === null ? null : Math.max(WIDTH_STEP, Math.ceil(size.width / WIDTH_STEP) * WIDTH_STEP);
  const request = width === null ? null : { handle: info.handle, timeColumn, columns, maxPoints: width * POINTS_PER_PIXEL, ...(range === null ? {} : { from: range[0], to: range[1] }) };
  const { data: series, error } = useSeries(request, onLost);
  const data = useMemo(() => alignedData(series, columns.length), [series, columns.length]);

  const zoom = useCallback((from: number, to: number) => setRange(from < to ? [from, to] : [to, from]), []);
  const reset = useCallback(() => setRange(null), []);
  const build = useMemo(
    () => (colors === null ? null : (at: { width: number; height: number }) => plotOptions({ ...at, timeColumn, columns, colors, onSelect: zoom, onReset: reset }, setCursor)),
    [colors, timeColumn, columns, zoom, reset],
  );
  // The extent comes with every answer: one value for as long as it is the same range.
  const [extentFrom, extentTo] = series?.extent ?? [NaN, NaN];
  const extent = useMemo<TimeRange | null>(() => (Number.isNaN(extentFrom) ? null : [extentFrom, extentTo]), [extentFrom, extentTo]);
  const sync = useCallback(
    (chart: uPlot) => {
      if (extent !== null) {
        const [min, max] = visibleRange(range, extent);
        chart.setScale('x', { min, max });
      }
      chart.series.forEach((s, i) => {
        if (i > 0 && s.show === hidden.has(i)) chart.setSeries(i, { show: !hidden.has(i) });
      });
    },
    [range, extent, hidden],
  );
  useUplot(plotRef, build, size, data, sync);

  const toggle = (index: number) =>
    setHidden((old) => {
      const next = new Set(old);
      if (!next.delete(index)) next.add(index);
      return next;
    });
  const shown = extent === null ? null : visibleRange(range, extent);
  const hovered = cursor === null ? undefined : series?.time[cursor];

  return (
    <div className="tv-chart" ref={rootRef}>
      <div className="tv-chart-bar">
        <div role="group" aria-label="Series" className="tv-legend">
          {columns.map((name, i) => {
            const value = cursor === null ? undefined : series?.values[i]?.[cursor];
            return (
              <label key={name} className="tv-legend-item">
                <input type="checkbox" checked={!hidden.has(i + 1)} onChange={() => toggle(i + 1)} />
                <span className="tv-swatch" style={{ background: colors === null ? undefined : seriesColor(colors, i) }} aria-hidden="true" />
                {name}
                {value !== undefined && <span className="tv-legend-value">{formatReading(value)}</span>}
              </label>
            );
          })}
          {hovered !== undefined && <span className="tv-legend-value">at {formatTime(hovered)}</span>}
        </div>
        <span className="tv-chart-status muted" aria-live="polite">
          {shown === null ? 'Loading…' : `${(series?.time.length ?? 0).toLocaleString('en-US')} points · ${formatTime(shown[0])} – ${formatTime(shown[1])}`}
        </span>
      </div>
      {error !== null && <p className="field-error tv-message">Could not chart this table: {error}</p>}
      <div className="tv-plot" ref={plotRef} role="img" aria-label={`Line chart of ${columns.join(', ')} against ${timeColumn}. Drag to zoom, double-click to reset.`} />
      {extent !== null && colors !== null && (
        <RangePicker handle={info.handle} timeColumn={timeColumn} columns={columns} colors={colors} extent={extent} range={range} onRange={setRange} onLost={onLost} />
      )}
    </div>
  );
}
