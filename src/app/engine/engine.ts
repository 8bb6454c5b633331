import { PondError, isPondError } from '../../errors';
import type { ChangeNotifier, LogStore, WriteLock } from '../../store/ports';
import type { WD } from '../../tinyfs';
import { OpLog, verifyPond } from '../../tlogfs';
import type { EngineCalls, EngineEvent, EngineMethod, EngineStep, WireError } from './protocol';

/** What the engine needs from its environment; the worker supplies the browser adapters. */
export interface EngineEnvironment {
  openStore(localId: string): Promise<LogStore>;
  lock(localId: string): WriteLock;
  notifier(localId: string): ChangeNotifier;
}

type Handler<M extends EngineMethod> = (params: EngineCalls[M]['request']) => Promise<EngineCalls[M]['response']>;

/**
 * The pond engine behind the message API: one open pond at a time. Environment-free, so it is
 * unit-testable with memory adapters; `worker.ts` runs it with the browser ones.
 */
export class Engine {
  private log: OpLog | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly env: EngineEnvironment,
    private readonly emit: (event: EngineEvent) => void,
  ) {}

  readonly handlers: { [M in EngineMethod]: Handler<M> } = {
    open: async ({ localId, create, birthplace }) => {
      this.close();
      const store = await this.env.openStore(localId);
      const notifier = this.env.notifier(localId);
      const options = { lock: this.env.lock(localId), notifier, localId };
      const empty = (await store.lastTxnSeq()) === 0;
      if (empty && !create) throw new PondError('NotFound', `pond ${localId} (it has no commits)`);
      const log = empty ? await OpLog.init(store, { ...options, ...(birthplace === undefined ? {} : { birthplace }) }) : await OpLog.open(store, options);
      this.log = log;
      this.unsubscribe = notifier.subscribe(() => {
        void log.refresh().then(() => this.emit({ event: 'commit', txnSeq: log.txnSeq, origin: 'elsewhere' }));
      });
      return { pondId: log.identity.pondId, txnSeq: log.txnSeq };
    },
    apply: async ({ origin, steps, message }) => {
      const log = this.pond();
      const tx = await log.beginWrite(origin);
      try {
        for (const step of steps) await applyStep(tx.root(), step);
      } catch (error) {
        await tx.abort();
        throw error;
      }
      const result = await tx.commit(message === undefined ? {} : { message });
      if (result !== null) this.emit({ event: 'commit', txnSeq: result.meta.txnSeq, origin: 'here' });
      return result?.meta ?? null;
    },
    read: async ({ path, asOf }) => (await this.pond().beginRead(asOf)).root().readFilePath(path),
    list: async ({ pattern, asOf }) => {
      const matches = await (await this.pond().beginRead(asOf)).root().collectMatches(pattern);
      return matches.map(([node]) => ({ path: node.path, entryType: node.entryType }));
    },
    status: async () => {
      const log = this.pond();
      await log.refresh();
      return { pondId: log.identity.pondId, txnSeq: log.txnSeq };
    },
    history: async ({ from, to }) => this.pond().store.readCommitMetas(from, to),
    verify: async () => {
      const report = await verifyPond(this.pond().store);
      return { problems: report.problems, commits: report.commits, blobs: report.blobs, checkpoints: report.checkpoints };
    },
  };

  /** Runs one request; errors come back as typed wire errors, never as silence. */
  async handle(method: EngineMethod, params: unknown): Promise<unknown> {
    const handler = this.handlers[method] as Handler<EngineMethod> | undefined;
    if (handler === undefined) throw new PondError('InvalidArgument', `unknown engine method '${String(method)}'`);
    return handler(params as never);
  }

  private pond(): OpLog {
    if (this.log === null) throw new PondError('InvalidArgument', 'no pond is open');
    return this.log;
  }

  private close(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.log?.store.close();
    this.log = null;
  }
}

async function applyStep(root: WD, step: EngineStep): Promise<void> {
  switch (step.op) {
    case 'mkdir':
      await (step.parents === true ? root.createDirAll(step.path) : root.createDirPath(step.path));
      return;
    case 'write': {
      const bytes = typeof step.content === 'string' ? new TextEncoder().encode(step.content) : step.content;
      if (await root.exists(step.path)) await root.writeFilePath(step.path, bytes);
      else await root.createFilePath(step.path, bytes, step.entryType);
      return;
    }
    case 'symlink':
      await root.createSymlinkPath(step.path, step.target);
      return;
    case 'rm':
      await root.removeEntry(step.path, { recursive: step.recursive === true });
      return;
    case 'mv':
      await root.renameEntry(step.from, step.to);
      return;
  }
}

/** The wire form of any thrown value. */
export function toWireError(error: unknown): WireError {
  if (isPondError(error)) return { kind: error.kind, message: error.message };
  return { kind: 'Internal', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
