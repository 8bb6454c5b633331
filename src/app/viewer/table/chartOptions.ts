import uPlot from 'uplot';
import type { SeriesData } from '../../engine/protocol';
import { type ChartColors, seriesColor } from './chartTheme';
import { formatTime } from './format';

/** A time range in ms since the epoch: from, to. */
export type TimeRange = readonly [number, number];

/** What both charts (the plot and the range picker's overview) need to be built. */
export interface ChartSpec {
  readonly width: number;
  readonly height: number;
  readonly timeColumn: string;
  readonly columns: readonly string[];
  readonly colors: ChartColors;
  /** A dragged x range, in ms. */
  readonly onSelect: (from: number, to: number) => void;
  /** A double-click: back to the whole range (uPlot's own reset would only re-fit the points it has). */
  readonly onReset: () => void;
}

/** Cursor options both charts share: drag along x to select, double-click to reset. */
function cursorOptions(spec: ChartSpec): uPlot.Cursor {
  return { drag: { x: true, y: false, setScale: false }, bind: { dblclick: () => () => (spec.onReset(), null) } };
}

/** Series data in uPlot's shape: the time axis, then one array per column, nulls (gaps) for NaN. */
export function alignedData(series: SeriesData | null, columns: number): uPlot.AlignedData {
  if (series === null) return [[], ...Array.from({ length: columns }, () => [])];
  return [series.time, ...series.values.map((v) => Array.from(v, (x) => (Number.isNaN(x) ? null : x)))];
}

/** The x range a chart shows: `range`, else the whole extent (widened when it is a single instant). */
export function visibleRange(range: TimeRange | null, extent: TimeRange): [number, number] {
  const [from, to] = range ?? extent;
  return from < to ? [from, to] : [from - 1000, to + 1000];
}

/** Times in ms, shown in UTC like the grid (uPlot would use the browser's zone). */
const timeOptions: Pick<uPlot.Options, 'ms' | 'tzDate'> = { ms: 1, tzDate: (ts) => uPlot.tzDate(new Date(ts), 'Etc/UTC') };

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * x-axis labels in UTC, 24-hour, ISO-like, as precise as the tick spacing needs; the date goes on a second
 * line at the first tick and wherever the day changes.
 */
function timeTicks(_u: uPlot, splits: number[], _axis: number, _space: number, increment: number): string[] {
  let lastDay = '';
  return splits.map((ms) => {
    const iso = new Date(ms).toISOString();
    const day = iso.slice(0, 10);
    if (increment >= 28 * DAY) return iso.slice(0, 7);
    if (increment >= DAY) return day;
    const time = increment >= MINUTE ? iso.slice(11, 16) : increment >= 1000 ? iso.slice(11, 19) : iso.slice(11, 23);
    const label = day === lastDay ? time : `${time}\n${day}`;
    lastDay = day;
    return label;
  });
}

/** A drag selects an x range and hands it over (the chart does not zoom itself: the caller fetches that range). */
function selectHook(onSelect: ChartSpec['onSelect'], keep: boolean): (u: uPlot) => void {
  return (u) => {
    const { left, width } = u.select;
    if (width < 2) return;
    const from = u.posToVal(left, 'x');
    const to = u.posToVal(left + width, 'x');
    if (!keep) u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    onSelect(from, to);
  };
}

/** The main plot: axes, a series per column, drag to zoom, double-click to reset, the cursor's row reported. */
export function plotOptions(spec: ChartSpec, onCursor: (index: number | null) => void): uPlot.Options {
  const axis = { stroke: spec.colors.axis, grid: { stroke: spec.colors.grid, width: 1 }, ticks: { stroke: spec.colors.grid, width: 1 } };
  return {
    ...timeOptions,
    width: spec.width,
    height: spec.height,
    scales: { x: { time: true } },
    series: [
      { label: spec.timeColumn, value: (_u, v: number | null) => (v === null ? '' : formatTime(v)) },
      ...spec.columns.map((label, i) => ({ label, stroke: seriesColor(spec.colors, i), width: 1.5 })),
    ],
    axes: [{ ...axis, values: timeTicks, size: 44 }, { ...axis, size: 60 }],
    legend: { show: false },
    cursor: cursorOptions(spec),
    hooks: { setSelect: [selectHook(spec.onSelect, false)], setCursor: [(u) => onCursor(u.cursor.idx ?? null)] },
  };
}

/** The range picker's overview: the whole extent, small, no axes; the selection box is the visible window. */
export function overviewOptions(spec: ChartSpec): uPlot.Options {
  return {
    ...timeOptions,
    width: spec.width,
    height: spec.height,
    scales: { x: { time: true } },
    series: [{}, ...spec.columns.map((label, i) => ({ label, stroke: seriesColor(spec.colors, i), width: 1, points: { show: false } }))],
    axes: [{ show: false }, { show: false }],
    legend: { show: false },
    cursor: { ...cursorOptions(spec), points: { show: false }, y: false },
    hooks: { setSelect: [selectHook(spec.onSelect, true)] },
  };
}
