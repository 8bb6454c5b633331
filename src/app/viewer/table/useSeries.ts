import { useEffect, useState } from 'react';
import type { EngineCalls, SeriesData } from '../../engine/protocol';
import { engine } from '../../state/engine';
import { isClosedTable } from './useTable';

export type SeriesRequest = EngineCalls['tableSeries']['request'];

/**
 * The chart's points for `request` (null: nothing to ask yet). The previous points stay until the new ones
 * arrive, so zooming never flashes an empty chart; answers to superseded requests are dropped.
 */
export function useSeries(request: SeriesRequest | null, onLost: () => void): { data: SeriesData | null; error: string | null } {
  const [result, setResult] = useState<{ data: SeriesData | null; error: string | null }>({ data: null, error: null });
  const key = request === null ? null : JSON.stringify(request);
  useEffect(() => {
    if (key === null) return;
    // The request as of `key`: a new object with the same content asks nothing new.
    const asked = JSON.parse(key) as SeriesRequest;
    let current = true;
    engine()
      .call('tableSeries', asked)
      .then(
        (data) => current && setResult({ data, error: null }),
        (failure: unknown) => {
          if (!current) return;
          if (isClosedTable(failure, asked.handle)) onLost();
          else setResult((old) => ({ data: old.data, error: (failure as Error).message }));
        },
      );
    return () => {
      current = false;
    };
  }, [key, onLost]);
  return result;
}
