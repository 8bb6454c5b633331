import { useEffect, useState } from 'react';
import { engine } from '../state/engine';

/**
 * Which of `paths` exist in the latest commit (undefined while unknown), asked per parent directory.
 * `revision` re-asks after every commit, since a commit may create or remove any of them.
 */
export function usePathsExist(paths: readonly string[], revision: number): (path: string) => boolean | undefined {
  const [known, setKnown] = useState<ReadonlyMap<string, boolean>>(new Map());
  const key = paths.join('\n');

  useEffect(() => {
    let current = true;
    const parents = [...new Set(paths.map(parentOf))];
    void Promise.all(
      parents.map(async (dir) => {
        try {
          return (await engine().call('entries', { path: dir })).map((e) => e.path);
        } catch {
          return []; // a missing parent: nothing under it exists yet
        }
      }),
    ).then((lists) => {
      if (!current) return;
      const present = new Set(lists.flat());
      setKnown(new Map(paths.map((p) => [p, present.has(p)])));
    });
    return () => {
      current = false;
    };
    // `key` stands for `paths`, which is a new array on every render.
  }, [key, revision]);

  return (path) => known.get(path);
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}
