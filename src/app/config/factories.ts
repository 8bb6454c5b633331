import type { FactoryInfo } from '../engine/protocol';
import { engine } from '../state/engine';
import { type Loaded, useEngineValue } from '../viewer/useEngineValue';

/** The factories the engine knows (name, kind, description, schema, examples), sorted by name. */
export function useFactories(): Loaded<FactoryInfo[] | null> {
  return useEngineValue(() => engine().call('factories', {}), []);
}
