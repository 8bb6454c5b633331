import { EngineClient } from '../../src/app/engine/client';
import type { EngineEvent } from '../../src/app/engine/protocol';

/** The harness exposes the same engine client the app uses, for Playwright to drive. */
declare global {
  interface Window {
    engine: EngineClient;
    engineEvents: EngineEvent[];
  }
}

window.engine = EngineClient.start();
window.engineEvents = [];
window.engine.on((event) => window.engineEvents.push(event));
const status = document.getElementById('status');
if (status !== null) status.textContent = 'ready';
