import { EngineClient } from '../engine/client';

/** The one engine worker of this tab. Started on first use, so tests and tooling can import stores freely. */
let client: EngineClient | null = null;

export function engine(): EngineClient {
  return (client ??= EngineClient.start());
}
