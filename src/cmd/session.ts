import { PondError } from '../errors';
import { createDefaultRegistry } from '../factory';
import { Pond, type PondEnvironment } from '../steward';
import { MIRROR_META_KEY, type MirrorMark } from '../store/mirror';
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
  /**
   * A fresh, empty store beside the location (for `import`): `publish` makes it the pond there (replacing
   * one that exists), `discard` removes it. Without it, import is not available.
   */
  stage?(): Promise<{ store: LogStore; publish(): Promise<void>; discard(): Promise<void> }>;
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
  /** The store `pondStore` opened on its own (the pond was not open); closed with the session. */
  let bareStore: LogStore | null = null;
  const notFound = (): PondError => new PondError('NotFound', `no pond at ${options.location.name} (create one with init)`);
  const environment = async (create: boolean): Promise<PondEnvironment> => {
    const opened = await options.location.open(create);
    // A mirror opens read-only: only its replicator writes into it, until `promote`.
    const mark = await opened.store.readMeta<MirrorMark>(MIRROR_META_KEY);
    const readOnly = mark === null ? {} : { readOnly: `${options.location.name} is a mirror of pond ${mark.pondId} (from ${mark.source}), read-only until it is promoted (promote)` };
    return { ...opened, registry, http: options.http, ponds: options.ponds, ...readOnly };
  };
  return {
    registry,
    host: options.host,
    readInput: () => options.readInput(),
    async pond() {
      if (pond !== null) return pond;
      if (!(await options.location.exists())) throw notFound();
      return (pond = await Pond.open(await environment(false)));
    },
    async pondStore() {
      if (pond !== null) return pond.env.store;
      if (bareStore !== null) return bareStore;
      if (!(await options.location.exists())) throw notFound();
      const { store, notifier } = await options.location.open(false);
      notifier?.close(); // nothing is committed through a bare store
      return (bareStore = store);
    },
    async createPond(opts) {
      const env = await environment(true);
      if ((await env.store.lastTxnSeq()) !== 0) {
        env.store.close();
        throw new PondError('AlreadyExists', `a pond already exists at ${options.location.name}; init changes nothing`);
      }
      return (pond = await Pond.init(env, opts));
    },
    async createPondFrom(fill, { replace }) {
      if (options.location.stage === undefined) throw new PondError('Unsupported', `cannot create a pond from records at ${options.location.name}`);
      if (!replace && (await options.location.exists())) {
        throw new PondError('AlreadyExists', `a pond already exists at ${options.location.name}; nothing was changed (use --replace, or import elsewhere)`);
      }
      const staged = await options.location.stage();
      try {
        await fill(staged.store);
      } catch (error) {
        await staged.discard();
        throw error;
      }
      pond?.close();
      pond = null;
      await staged.publish();
    },
    async promote() {
      const store = await this.pondStore();
      const mark = await store.readMeta<MirrorMark>(MIRROR_META_KEY);
      if (mark === null) throw new PondError('InvalidArgument', `${options.location.name} is not a mirror; only a mirror can be promoted`);
      await store.writeMeta(MIRROR_META_KEY, null);
      // Opened read-only: the next use opens it writable.
      pond?.close();
      pond = null;
      bareStore = null;
      return `promoted ${options.location.name}: it is an ordinary pond now (writable; replication of pond ${mark.pondId} no longer writes into it)`;
    },
    close() {
      pond?.close();
      pond = null;
      bareStore?.close();
      bareStore = null;
    },
  };
}
