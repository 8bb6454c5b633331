import { type Factory, FactoryRegistry, createDefaultRegistry, defineFactory } from '../factory';
import { MemoryHttp, MemoryLogStore, MemoryPondOpener, MemoryWriteLock } from '../store/memory';
import type { LogStore } from '../store/ports';
import { Pond, type PondEnvironment } from './pond';

/** A factory for steward tests: executes until aborted (for timeouts and cancel). */
export const hangingFactory: Factory = defineFactory({
  name: 'test-hang',
  description: 'Runs until cancelled (tests only).',
  kind: 'executable',
  configSchema: { type: 'object', properties: { note: { type: 'string', description: 'ignored' } }, additionalProperties: false },
  examples: [],
  async execute(_config, context) {
    context.log('hanging');
    await new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason as Error)));
  },
});

/** A memory environment for a pond; `secrets` backs `${env:…}`. A new environment over the same store is a "new process". */
export function memoryEnvironment(store: LogStore = new MemoryLogStore(), secrets: Record<string, string> = {}): PondEnvironment {
  const registry: FactoryRegistry = createDefaultRegistry(async (name) => secrets[name]);
  registry.register(hangingFactory);
  return {
    store,
    localId: 'test-pond',
    lock: new MemoryWriteLock(),
    runnerLock: new MemoryWriteLock(),
    registry,
    http: new MemoryHttp(async () => ({ status: 599, headers: {}, body: new Uint8Array() })),
    ponds: new MemoryPondOpener(new Map()),
  };
}

export async function memoryPond(secrets: Record<string, string> = {}): Promise<Pond> {
  return Pond.init(memoryEnvironment(new MemoryLogStore(), secrets), { birthplace: 'test' });
}
