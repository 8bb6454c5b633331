import { useEffect, useState } from 'react';
import { engine } from '../state/engine';

/**
 * Which of `paths` exist in the latest commit (undefined while unknown).
 * `revision` re-asks after every commit, since a commit may create or remove any of them.
 */
export function usePathsExist(paths: readonly string[], revision: number): (path: string) => boolean | undefined {
  const [known, setKnown] = useState<ReadonlyMap<string, boolean>>(new Map());
  const key = paths.join('\n');

  useEffect(() => {
    let current = true;
    void engine()
      .call('exists', { paths: [...paths] })
      .then((found) => {
        if (current) setKnown(new Map(paths.map((p, i) => [p, found[i] === true])));
      })
      // No pond open (it is being switched): unknown, asked again with the next revision.
      .catch(() => undefined);
    return () => {
      current = false;
    };
    // `key` stands for `paths`, which is a new array on every render.
  }, [key, revision]);

  return (path) => known.get(path);
}

