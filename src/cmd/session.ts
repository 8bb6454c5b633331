import { PondError } from '../errors';
import { createDefaultRegistry } from '../factory';
import { Pond, type PondEnvironment } from '../steward';
import type { ChangeNotifier, HostFiles, Http, LogStore, PondOpener, Secrets, WriteLock } from '../store/ports';
import type { CmdContext } from './context';

/** Where one pond lives, as a front end (CLI, console) knows it. */
export interface PondLocation {
  /** How the pond is named in messages, e.g. its directory. */
  readonly name: string;
  /** Whether a pond exists there (without creating anything). */
  exists(): Promise<boolean>;
  /** Opens its store and adapters; `create` makes the place first (init). */
  open(create: boolean): Promise<{ store: LogStore; localId: string; lock: WriteLock; runnerLock: WriteLock; notifier?: ChangeNotifier }>;
}

export interface SessionOptions {
  readonly location: PondLocation;
  readonly secrets: Secrets;
  readonly http: Http;
  readonly ponds: PondOpener;
  readonly host: HostFiles;
  readInput(): Promise<string>;
}

/** A command context for one front end: the factories, and the pond opened (or created) on first use. */
export function createSession(options: SessionOptions): CmdContext & { close(): void } {
  const registry = createDefaultRegistry(options.secrets);
  let pond: Pond | null = null;
  const environment = async (create: boolean): Promise<PondEnvironment> => ({
    ...(await options.location.open(create)),
    registry,
    http: options.http,
    ponds: options.ponds,
  });
  return {
    registry,
    host: options.host,
    readInput: () => options.readInput(),
    async pond() {
      if (pond !== null) return pond;
      if (!(await options.location.exists())) throw new PondError('NotFound', `no pond at ${options.location.name} (create one with init)`);
      return (pond = await Pond.open(await environment(false)));
    },
    async createPond(opts) {
      const env = await environment(true);
      if ((await env.store.lastTxnSeq()) !== 0) {
        env.store.close();
        throw new PondError('AlreadyExists', `a pond already exists at ${options.location.name}; init changes nothing`);
      }
      return (pond = await Pond.init(env, opts));
    },
    close() {
      pond?.close();
      pond = null;
    },
  };
}
