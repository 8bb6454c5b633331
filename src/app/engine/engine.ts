import { PondError, isPondError } from '../../errors';
import { Pond, type PondEnvironment } from '../../steward';
import { verifyPond } from '../../tlogfs';
import type { EngineCalls, EngineEvent, EngineMethod, WireError } from './protocol';

/** Builds the environment of the pond with this local id; the worker supplies the browser adapters. */
export type EnvironmentFactory = (localId: string) => Promise<PondEnvironment>;

type Handler<M extends EngineMethod> = (params: EngineCalls[M]['request']) => Promise<EngineCalls[M]['response']>;

/**
 * The pond engine behind the message API: one open pond at a time, driven through the steward.
 * Environment-free, so it runs under Node tests with memory adapters; `worker.ts` runs it in the browser.
 */
export class Engine {
  private pond: Pond | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly environment: EnvironmentFactory,
    private readonly emit: (event: EngineEvent) => void,
  ) {}

  readonly handlers: { [M in EngineMethod]: Handler<M> } = {
    open: async ({ localId, create, birthplace }) => {
      this.close();
      const env = await this.environment(localId);
      const empty = (await env.store.lastTxnSeq()) === 0;
      if (empty && !create) throw new PondError('NotFound', `pond ${localId} (it has no commits)`);
      const pond = empty ? await Pond.init(env, birthplace === undefined ? {} : { birthplace }) : await Pond.open(env);
      this.pond = pond;
      this.unsubscribe = pond.on((detail) => this.emit({ event: 'pond', detail }));
      return { pondId: pond.identity.pondId, txnSeq: pond.oplog.txnSeq };
    },
    apply: async ({ origin, ops, message }) => {
      const done = await this.current().applyDraft(ops, { origin, ...(message === undefined ? {} : { message }) });
      return done.commit?.meta ?? null;
    },
    read: async ({ path, asOf }) => (await this.current().read(asOf)).root().readFilePath(path),
    list: async ({ pattern, asOf }) => {
      const matches = await (await this.current().read(asOf)).root().collectMatches(pattern);
      return matches.map(([node]) => ({ path: node.path, entryType: node.entryType }));
    },
    status: async () => {
      const pond = this.current();
      await pond.oplog.refresh();
      return { pondId: pond.identity.pondId, txnSeq: pond.oplog.txnSeq };
    },
    runs: async ({ txnSeq }) => this.current().runs(txnSeq === undefined ? {} : { txnSeq }),
    history: async ({ from, to }) => this.current().env.store.readCommitMetas(from, to),
    verify: async () => {
      const report = await verifyPond(this.current().env.store);
      return { problems: report.problems, commits: report.commits, blobs: report.blobs, checkpoints: report.checkpoints };
    },
  };

  /** Runs one request; errors come back as typed wire errors, never as silence. */
  async handle(method: EngineMethod, params: unknown): Promise<unknown> {
    const handler = this.handlers[method] as Handler<EngineMethod> | undefined;
    if (handler === undefined) throw new PondError('InvalidArgument', `unknown engine method '${String(method)}'`);
    return handler(params as never);
  }

  private current(): Pond {
    if (this.pond === null) throw new PondError('InvalidArgument', 'no pond is open');
    return this.pond;
  }

  private close(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.pond?.close();
    this.pond = null;
  }
}

/** The wire form of any thrown value. */
export function toWireError(error: unknown): WireError {
  if (isPondError(error)) return { kind: error.kind, message: error.message };
  return { kind: 'Internal', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
