import { PondError } from '../../errors';
import type { EngineCalls, EngineEvent, EngineMethod, RequestMessage, WireError, WorkerMessage } from './protocol';

/** The UI side of the engine: promise-based calls over the worker's messages, plus pushed events. */
export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly listeners = new Set<(event: EngineEvent) => void>();

  constructor(private readonly worker: Worker) {
    worker.onmessage = (message: MessageEvent<WorkerMessage>) => this.receive(message.data);
    worker.onerror = (event) => {
      const error = new PondError('Unsupported', `the engine worker failed: ${event.message}`);
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    };
  }

  /** Starts the engine in a dedicated worker (bundled by Vite; same origin, so the CSP allows it). */
  static start(): EngineClient {
    return new EngineClient(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'duckpond-engine' }));
  }

  /** `transfer`: buffers moved to the worker rather than copied (the caller must not use them afterwards). */
  call<M extends EngineMethod>(method: M, params: EngineCalls[M]['request'], transfer: Transferable[] = []): Promise<EngineCalls[M]['response']> {
    const id = this.nextId++;
    const message: RequestMessage<M> = { id, method, params };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage(message, transfer);
    });
  }

  /** Listens to engine events; returns the unsubscribe function. */
  on(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  terminate(): void {
    this.worker.terminate();
  }

  private receive(message: WorkerMessage): void {
    if ('event' in message) {
      for (const listener of this.listeners) listener(message);
      return;
    }
    const waiter = this.pending.get(message.id);
    if (waiter === undefined) return;
    this.pending.delete(message.id);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(engineError(message.error));
  }
}

/** An engine error on the UI side: a PondError with the same kind and message, plus its structured details. */
export class EngineError extends PondError {
  readonly details: WireError['details'];

  constructor(wire: WireError) {
    super(wire.kind === 'Internal' ? 'Unsupported' : wire.kind, wire.message, { message: wire.message });
    this.name = wire.kind === 'Internal' ? 'EngineInternalError' : 'PondError';
    this.details = wire.details;
  }
}

function engineError(wire: WireError): EngineError {
  return new EngineError(wire);
}
