import { useEffect, useState } from 'react';
import type { ConfigProblem } from '../engine/protocol';
import { engine } from '../state/engine';
import type { Loaded } from '../viewer/useEngineValue';

/** How long typing must pause before the engine checks the config again (ms). */
const SETTLE_MS = 250;

/**
 * The problems of `text` as a config of `factory`, checked by the engine with the factory's own validation
 * (YAML syntax, schema, its checks) a moment after typing pauses. An older answer never replaces a newer
 * one; a failed check is an error with its message, never "no problems".
 */
export function useConfigProblems(factory: string, text: string): Loaded<readonly ConfigProblem[]> {
  const [state, setState] = useState<Loaded<readonly ConfigProblem[]>>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    const timer = setTimeout(() => {
      engine()
        .call('validateConfig', { factory, config: text })
        .then(
          ({ problems }) => live && setState({ status: 'ok', value: problems }),
          (error: unknown) => live && setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
        );
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [factory, text]);
  return state;
}

/** Why a config cannot be used yet (null when it is valid): still being checked, its first problem, or the check's failure. */
export function configBlocker(problems: Loaded<readonly ConfigProblem[]>): string | null {
  if (problems.status === 'loading') return 'The config is being checked…';
  if (problems.status === 'error') return `The config could not be checked: ${problems.message}`;
  const first = problems.value[0];
  if (first === undefined) return null;
  const more = problems.value.length > 1 ? ` (and ${problems.value.length - 1} more)` : '';
  return `The config has a problem at line ${first.line}: ${describeProblem(first)}${more}`;
}

/** `repeat_count: expected integer, got string` — the key path, then the message. */
export function describeProblem(problem: ConfigProblem): string {
  return problem.path === undefined ? problem.message : `${problem.path}: ${problem.message}`;
}
