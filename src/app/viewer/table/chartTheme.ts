import { type RefObject, useEffect, useState } from 'react';

/** The chart's colours, read from `table.css` (canvas needs concrete colours, not CSS variables). */
export interface ChartColors {
  readonly series: readonly string[];
  readonly axis: string;
  readonly grid: string;
}

const SERIES_VARIABLES = ['--tv-series-1', '--tv-series-2', '--tv-series-3', '--tv-series-4', '--tv-series-5', '--tv-series-6'];

/** The colour of the `index`-th series (the palette repeats). */
export function seriesColor(colors: ChartColors, index: number): string {
  return colors.series[index % colors.series.length] ?? colors.axis;
}

/**
 * The chart colours as the stylesheet defines them under `element`, read again when the system switches
 * between light and dark, so the canvas follows the theme like the rest of the app.
 */
export function useChartColors(element: RefObject<HTMLElement | null>): ChartColors | null {
  const [colors, setColors] = useState<ChartColors | null>(null);
  useEffect(() => {
    const read = () => {
      if (element.current === null) return;
      const style = getComputedStyle(element.current);
      const value = (name: string) => style.getPropertyValue(name).trim();
      setColors({ series: SERIES_VARIABLES.map(value), axis: value('--tv-chart-axis'), grid: value('--tv-chart-grid') });
    };
    read();
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', read);
    return () => scheme.removeEventListener('change', read);
  }, [element]);
  return colors;
}
