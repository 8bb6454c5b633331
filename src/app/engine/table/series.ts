import type { SeriesData } from '../protocol';

/** A time axis in ascending order: `time(i)` for i in 0 … length-1, null times already left out. */
export interface TimeAxis {
  readonly length: number;
  /** ms since the epoch of the i-th point in time order. */
  time(i: number): number;
  /** The table row of the i-th point. */
  row(i: number): number;
}

/**
 * The chart's points between `from` and `to`: every row when there are at most `maxPoints`, else min/max
 * decimation into time buckets (two points per bucket, so spikes survive at any zoom). All columns share
 * the time axis: a bucket's two points sit at its first and last time, each column's min and max placed in
 * the order they occurred. The work is O(rows in range) per request, in the worker.
 */
export function decimate(axis: TimeAxis, columns: readonly Float64Array[], from: number, to: number, maxPoints: number): SeriesData {
  const extent: [number, number] = axis.length === 0 ? [0, 0] : [axis.time(0), axis.time(axis.length - 1)];
  const lo = lowerBound(axis, from);
  const hi = lowerBound(axis, to, true);
  const count = Math.max(0, hi - lo);
  if (count <= Math.max(2, maxPoints)) return raw(axis, columns, lo, hi, extent);

  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const t0 = axis.time(lo);
  const width = (axis.time(hi - 1) - t0) / buckets;
  const time = new Float64Array(buckets * 2);
  const values = columns.map(() => new Float64Array(buckets * 2));
  const state = columns.map(() => ({ min: NaN, max: NaN, minAt: 0, maxAt: 0 }));
  let out = 0;
  let bucket = -1;
  let first = 0;
  let last = 0;

  const flush = (): void => {
    const single = first === last;
    time[out] = first;
    if (!single) time[out + 1] = last;
    state.forEach((s, c) => {
      const target = values[c] as Float64Array;
      const minFirst = s.minAt <= s.maxAt;
      target[out] = minFirst ? s.min : s.max;
      if (!single) target[out + 1] = minFirst ? s.max : s.min;
      s.min = NaN;
      s.max = NaN;
    });
    out += single ? 1 : 2;
  };

  for (let i = lo; i < hi; i++) {
    const t = axis.time(i);
    const b = width === 0 ? 0 : Math.min(buckets - 1, Math.floor((t - t0) / width));
    if (b !== bucket) {
      if (bucket >= 0) flush();
      bucket = b;
      first = t;
    }
    last = t;
    const row = axis.row(i);
    state.forEach((s, c) => {
      const v = (columns[c] as Float64Array)[row] as number;
      if (Number.isNaN(v)) return;
      if (!(v >= s.min)) {
        s.min = v;
        s.minAt = i;
      }
      if (!(v <= s.max)) {
        s.max = v;
        s.maxAt = i;
      }
    });
  }
  if (bucket >= 0) flush();
  return { time: time.slice(0, out), values: values.map((v) => v.slice(0, out)), extent };
}

/** Every point of `lo` … `hi - 1`, undecimated. */
function raw(axis: TimeAxis, columns: readonly Float64Array[], lo: number, hi: number, extent: readonly [number, number]): SeriesData {
  const n = Math.max(0, hi - lo);
  const time = new Float64Array(n);
  const values = columns.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const row = axis.row(lo + i);
    time[i] = axis.time(lo + i);
    columns.forEach((column, c) => {
      (values[c] as Float64Array)[i] = column[row] as number;
    });
  }
  return { time, values, extent };
}

/** The first index whose time is ≥ `t` (or > `t` when `after`): a binary search of the ascending axis. */
function lowerBound(axis: TimeAxis, t: number, after = false): number {
  let lo = 0;
  let hi = axis.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = axis.time(mid);
    if (x < t || (after && x === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
