import { type DependencyList, useEffect, useState } from 'react';

/** A value the engine answers with: loading, the value, or the engine's own error message (never hidden). */
export type Loaded<T> = { readonly status: 'loading' } | { readonly status: 'ok'; readonly value: T } | { readonly status: 'error'; readonly message: string };

/**
 * Runs `load` whenever `deps` change and keeps its latest answer; an answer to an older request is
 * dropped, so a slow read of the previous file never replaces the current one. `load` returning null
 * means there is nothing to load (the value is then `null`).
 */
export function useEngineValue<T>(load: () => Promise<T> | null, deps: DependencyList): Loaded<T | null> {
  const [state, setState] = useState<Loaded<T | null>>({ status: 'loading' });
  useEffect(() => {
    const pending = load();
    if (pending === null) {
      setState({ status: 'ok', value: null });
      return;
    }
    let live = true;
    setState({ status: 'loading' });
    pending.then(
      (value) => live && setState({ status: 'ok', value }),
      (error: unknown) => live && setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
    // The caller names what `load` depends on (a new closure every render must not reload).
  }, deps);
  return state;
}
