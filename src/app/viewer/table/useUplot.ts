import { type RefObject, useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

type Size = { readonly width: number; readonly height: number };

/**
 * A uPlot chart inside `target`: built once `size` is known and again whenever `build` changes (memoise
 * it), resized with `size`, fed `data`. `sync` brings the chart in line with the view's state (visible
 * range, hidden series); it runs after every build and data change, and whenever it changes itself.
 */
export function useUplot(
  target: RefObject<HTMLDivElement | null>,
  build: ((size: Size) => uPlot.Options) | null,
  size: Size | null,
  data: uPlot.AlignedData,
  sync: (chart: uPlot) => void,
): void {
  const chart = useRef<uPlot | null>(null);
  const latest = useRef({ size, data, sync });
  latest.current = { size, data, sync };
  const sized = size !== null && size.width > 0;

  useEffect(() => {
    const { size: at, data: initial } = latest.current;
    if (build === null || target.current === null || at === null || !sized) return;
    const options = build(at);
    // Scales and positions exist once the chart has drawn: `sync` (which uses them) runs from then on.
    const onReady = [...(options.hooks?.ready ?? []), (u: uPlot) => latest.current.sync(u)];
    const created = new uPlot({ ...options, hooks: { ...options.hooks, ready: onReady } }, initial, target.current);
    chart.current = created;
    return () => {
      created.destroy();
      chart.current = null;
    };
  }, [build, target, sized]);

  useEffect(() => {
    if (size !== null) chart.current?.setSize(size);
  }, [size]);

  useEffect(() => {
    const current = chart.current;
    if (current === null) return;
    current.setData(data);
    latest.current.sync(current);
  }, [data]);

  useEffect(() => {
    if (chart.current !== null) sync(chart.current);
  }, [sync]);
}
