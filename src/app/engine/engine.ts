import { exportPondBytes, importPond, readPondFileManifest } from '../../bundle';
import { type CmdContext, execute } from '../../cmd';
import { PondError, isPondError } from '../../errors';
import { Pond, type PondEnvironment, draftConflicts } from '../../steward';
import { type Catalog, pondNameKey } from '../../store/catalog';
import type { HostFiles, LogStore, Secrets } from '../../store/ports';
import { type NodePath, type WD, newUuidV7 } from '../../tinyfs';
import { prunedError, readBase, verifyPond } from '../../tlogfs';
import { complete } from './complete';
import { configProblems } from './configProblems';
import { seedDemo } from './demo';
import { byFolderThenName } from './order';
import type { EngineCalls, EngineEvent, EngineMethod, HostDownload, ImportMode, PondStatus, StorageStatus, TreeEntry, WireError } from './protocol';
import { TableCache } from './tables';
import { Tasks } from './tasks';
import { zipFolder } from './zip';

/** Browser storage status (`navigator.storage`), behind a port so the engine stays testable in Node. */
export interface StoragePort {
  estimate(): Promise<StorageStatus>;
  persist(): Promise<boolean>;
}

/** What the engine needs from its environment; the worker supplies the browser adapters. */
export interface EngineServices {
  environment(localId: string): Promise<PondEnvironment>;
  readonly catalog: Catalog;
  readonly secrets: Secrets;
  readonly storage: StoragePort;
  /** `host://` files of the console (picked, dropped and demo files). */
  readonly host: HostFiles;
  /** Just the store of a pond's local id (no lock or change channel): exports of other ponds, imports. */
  openStore(localId: string): Promise<LogStore>;
  /** Deletes the storage of a local id the catalog does not list (an import that failed). */
  discardStore(localId: string): Promise<void>;
}

/** `importPond` in mode `new` found the file's pond id in this browser: the UI asks to replace or copy. */
class PondExistsError extends PondError {
  constructor(
    readonly existing: { readonly localId: string; readonly name: string },
    pondId: string,
  ) {
    super('AlreadyExists', `pond ${pondId} is already in this browser as '${existing.name}': replace it, or import the file as a copy (with a new pond id)`);
  }
}

type Handler<M extends EngineMethod> = (params: EngineCalls[M]['request']) => Promise<EngineCalls[M]['response']>;

interface OpenPond {
  readonly localId: string;
  readonly pond: Pond;
  readonly unsubscribe: () => void;
}

/**
 * The pond engine behind the message API: the catalog of ponds and one open pond, driven through the
 * steward and the command language. Environment-free, so Node tests run it with memory adapters.
 */
export class Engine {
  private open: OpenPond | null = null;
  /** The last directory listed, in tree order: paging through a big folder lists and sorts it once per txn. */
  private listed: { readonly key: string; readonly nodes: readonly NodePath[] } | null = null;
  private readonly tasks: Tasks;
  /** Tables the viewer opened, decoded once and kept for paging, sorting and charting. */
  private readonly tables = new TableCache();

  constructor(
    private readonly services: EngineServices,
    private readonly emit: (event: EngineEvent) => void,
  ) {
    this.tasks = new Tasks(emit);
  }

  readonly handlers: { [M in EngineMethod]: Handler<M> } = {
    listPonds: async () => this.services.catalog.list(),
    createPond: async ({ name, birthplace }) => {
      const pondId = newUuidV7();
      const entry = await this.services.catalog.create(name, pondId);
      const pond = await Pond.init(await this.services.environment(entry.localId), { pondId, birthplace: birthplace ?? 'browser' });
      return this.attach(entry.localId, pond);
    },
    openPond: async ({ localId }) => {
      await this.services.catalog.get(localId); // NotFound for an unknown id, before anything is opened
      return this.attach(localId, await this.openExisting(localId));
    },
    renamePond: async ({ localId, name }) => this.services.catalog.rename(localId, name),
    promotePond: async ({ localId }) => {
      await this.services.catalog.promote(localId);
      // The open mirror was opened read-only: open it again, writable.
      return this.open?.localId === localId ? this.attach(localId, await this.openExisting(localId)) : this.status();
    },
    deletePond: async ({ localId }) => {
      if (this.open?.localId === localId) this.detach();
      await this.services.catalog.delete(localId);
      return null;
    },
    start: async () => {
      const ponds = await this.services.catalog.list();
      if (ponds.length === 0) {
        const status = await this.handlers.createPond({ name: 'Demo pond', birthplace: 'demo' });
        await seedDemo(this.console());
        return { ...(await this.handlers.status({})), createdDemo: true, localId: status.localId };
      }
      const latest = [...ponds].sort((a, b) => b.lastOpened - a.lastOpened)[0] as (typeof ponds)[number];
      return { ...(await this.handlers.openPond({ localId: latest.localId })), createdDemo: false };
    },
    status: async () => this.status(),
    entries: async ({ path, asOf, offset, limit }) => {
      const view = await this.pond().read(asOf);
      const root = view.root();
      const nodes = await this.listing(root, path, `${this.current().localId}@${view.txnSeq}:${path}`);
      // Only the page pays for metadata (one lookup per entry); names and types come from the listing.
      const page = await Promise.all(nodes.slice(offset, offset + limit).map((node) => treeEntry(root, node)));
      return { total: nodes.length, entries: page };
    },
    exists: async ({ paths }) => {
      const root = (await this.pond().read()).root();
      return Promise.all(paths.map((path) => root.metadata(path).then(() => true, () => false)));
    },
    read: async ({ path, asOf, version }) => {
      const root = (await this.pond().read(asOf)).root();
      const bytes = await (version === undefined ? root.readFilePath(path) : root.readFileVersion(path, version));
      // A buffer of its own, whole: the worker moves it to the page, and the engine may keep the one it read
      // (a cached log record), which moving would empty.
      return bytes.slice();
    },
    describe: async ({ path, asOf }) => {
      const root = (await this.pond().read(asOf)).root();
      const node = await root.getNodePath(path, { follow: false });
      const meta = await root.metadata(path);
      const info = { path: node.path, entryType: node.entryType, version: meta.version, size: meta.size, modified: meta.timestamp };
      if (node.entryType === 'symlink') return { ...info, target: await root.readSymlink(path) };
      if (node.source !== undefined) {
        // A child of a dynamic directory: its config is part of the parent's (content made directly has none).
        if (node.source.kind !== 'factory') return info;
        const kind = this.pond().env.registry.get(node.source.factory).kind;
        const producedIn = node.path.slice(0, node.path.lastIndexOf('/')) || '/';
        return { ...info, dynamic: { factory: node.source.factory, kind, config: new TextDecoder().decode(node.source.config), producedIn } };
      }
      if (meta.factory === undefined) return info;
      const factory = this.pond().env.registry.get(meta.factory);
      const config = new TextDecoder().decode(await root.readFileVersion(path, meta.version));
      return { ...info, dynamic: { factory: meta.factory, kind: factory.kind, config } };
    },
    versions: async ({ path, asOf }) => {
      const root = (await this.pond().read(asOf)).root();
      // A child of a dynamic directory is made when read: it has no stored versions.
      if ((await root.getNodePath(path)).source !== undefined) return [];
      return (await root.listFileVersions(path)).map((v) => {
        if (v.txnSeq === undefined) throw new PondError('Corrupt', `version ${v.version} of ${path} names no commit`, { path });
        return { version: v.version, txnSeq: v.txnSeq, timestamp: v.timestamp, size: v.size };
      });
    },
    openTable: async (source) => {
      const view = await this.pond().read(source.asOf);
      return this.tables.open(view.root(), source, `${this.current().localId}@${view.txnSeq}`);
    },
    tableRows: async ({ handle, offset, limit, sort }) => this.tables.rows(handle, offset, limit, sort),
    tableSeries: async (request) => this.tables.series(request),
    tableDiff: async ({ a, b, limit }) => {
      const [viewA, viewB] = [await this.pond().read(a.asOf), await this.pond().read(b.asOf)];
      return this.tables.diff({ root: viewA.root(), source: a }, { root: viewB.root(), source: b }, limit);
    },
    zipFolder: async ({ path, asOf }) => {
      const root = (await this.pond().read(asOf)).root();
      const { name } = await this.services.catalog.get(this.current().localId);
      return this.tasks.run('download', (running) => zipFolder(root, path, running, { rootName: name }));
    },
    apply: async ({ origin, ops, message }) => {
      const done = await this.pond().applyDraft(ops, { origin, ...(message === undefined ? {} : { message }) });
      return done.commit?.meta ?? null;
    },
    history: async ({ before, limit }) => {
      const last = before ?? (await this.pond().env.store.lastTxnSeq());
      if (last < 1) return [];
      const store = this.pond().env.store;
      const metas = (await store.readCommitMetas(Math.max(1, last - limit + 1), last)).reverse();
      // Nothing at or before `before` in a pruned log: that history is gone, and says so.
      const base = metas.length === 0 ? await readBase(store) : null;
      if (base !== null && last < base.txnSeq) throw prunedError(base, `txn ${last}`);
      return metas;
    },
    runs: async ({ txnSeq }) => this.pond().runs(txnSeq === undefined ? {} : { txnSeq }),
    cancelRun: async ({ txnSeq, executionSeq }) => this.pond().cancel(txnSeq, executionSeq),
    rerun: async ({ txnSeq, executionSeq }) => this.pond().rerun(txnSeq, executionSeq),
    exec: async ({ line, input }) => {
      const downloads: HostDownload[] = [];
      const output = await execute(line, this.console(input, downloads));
      return { output: typeof output === 'string' ? output : new TextDecoder().decode(output), downloads };
    },
    complete: async ({ line }) => complete(line, (await this.pond().read()).root(), this.pond().env.registry),
    factories: async () =>
      this.pond().env.registry.list().map((f) => ({ name: f.name, kind: f.kind, description: f.description, configSchema: f.configSchema, examples: f.examples })),
    validateConfig: async ({ factory, config }) => ({ problems: configProblems(this.pond().env.registry, factory, config) }),
    settings: async () => ({ ...(await this.pond().settings()) }),
    setSetting: async ({ key, value }) => {
      await execute(['config', 'set', key, value], this.console());
      return null;
    },
    secrets: async () => this.services.secrets.list(),
    setSecret: async ({ name, value }) => {
      await this.services.secrets.set(name, value);
      return null;
    },
    deleteSecret: async ({ name }) => {
      await this.services.secrets.delete(name);
      return null;
    },
    storage: async () => this.services.storage.estimate(),
    persist: async () => this.services.storage.persist(),
    exportPond: async ({ localId }) =>
      this.tasks.run('export', async ({ signal, onProgress }) => {
        if (localId === undefined || localId === this.open?.localId) return exportPondBytes(this.pond().env.store, { signal, onProgress });
        await this.services.catalog.get(localId); // NotFound for an unknown id, rather than an empty store
        const store = await this.services.openStore(localId);
        try {
          return await exportPondBytes(store, { signal, onProgress });
        } finally {
          store.close();
        }
      }),
    importPond: async (params) => this.importFile(params),
    cancel: async ({ task }) => this.tasks.cancel(task),
    maintain: async ({ dryRun }) => {
      const report = await this.pond().maintain({ dryRun });
      return {
        dryRun: report.dryRun,
        blobs: report.blobsDeleted.length,
        blobBytes: report.blobBytes,
        checkpoints: report.checkpointsDeleted.length,
        checkpointsKept: report.checkpointsKept.length,
      };
    },
    prune: async ({ before, dryRun }) => {
      const report = await this.pond().prune(before, { dryRun });
      return {
        dryRun: report.dryRun,
        before: report.before,
        commits: report.commitsDropped,
        checkpoints: report.checkpointsDeleted.length,
        blobs: report.blobsDeleted.length,
        blobBytes: report.blobBytes,
      };
    },
    verify: async () => {
      const started = performance.now();
      const report = await verifyPond(this.pond().env.store);
      return { ...report, durationMs: Math.round(performance.now() - started) };
    },
  };

  /** Runs one request; errors come back as typed wire errors, never as silence. */
  async handle(method: EngineMethod, params: unknown): Promise<unknown> {
    const handler = this.handlers[method] as Handler<EngineMethod> | undefined;
    if (handler === undefined) throw new PondError('InvalidArgument', `unknown engine method '${String(method)}'`);
    try {
      return await handler(params as never);
    } catch (error) {
      // Whatever the action (commit, console, settings, import), a full quota is the pond's trouble, not only
      // this request's: the app's banner says what it means and what to do (issue 11).
      if (isPondError(error, 'StorageFull')) this.emit({ event: 'storage', kind: 'StorageFull', message: error.message });
      throw error;
    }
  }

  /**
   * Imports into the storage of a NEW local id, listed in the catalog only once the import and a full
   * verification succeeded; on any failure that storage is deleted, so nothing is left behind. `replace`
   * therefore changes the pond's local id: the new pond takes the old one's name, then the old one is
   * deleted (its draft and console history, kept per local id, go with it).
   */
  private async importFile({ bytes, name, mode, localId }: { bytes: Uint8Array; name: string; mode: ImportMode; localId?: string }): Promise<PondStatus> {
    const catalog = this.services.catalog;
    const replaced = mode === 'replace' ? await catalog.get(localId ?? '') : null;
    if (mode === 'new') {
      const { pondId } = await readPondFileManifest(bytes);
      const existing = (await catalog.list()).find((entry) => entry.pondId === pondId);
      if (existing !== undefined) throw new PondExistsError({ localId: existing.localId, name: existing.name }, pondId);
    }
    const fresh = crypto.randomUUID();
    const store = await this.services.openStore(fresh);
    let pondId: string;
    try {
      ({ pondId } = (await this.tasks.run('import', ({ signal, onProgress }) => importPond(bytes, store, { mode, signal, onProgress }))).identity);
      const report = await verifyPond(store);
      if (report.problems.length > 0) throw new PondError('Corrupt', `the imported pond does not verify; nothing was changed:\n${report.problems.join('\n')}`);
    } catch (error) {
      store.close();
      await this.services.discardStore(fresh);
      throw error;
    }
    store.close();
    if (replaced !== null) {
      if (this.open?.localId === replaced.localId) this.detach();
      await catalog.delete(replaced.localId);
    }
    await catalog.create(replaced?.name ?? (await this.freeName(name)), pondId, { localId: fresh });
    return this.attach(fresh, await this.openExisting(fresh));
  }

  /** Opens a listed pond; a mirror read-only (until promoted), so only its replicator writes into it. */
  private async openExisting(localId: string): Promise<Pond> {
    const entry = await this.services.catalog.get(localId);
    const environment = await this.services.environment(localId);
    if (entry.mirrorOf === undefined) return Pond.open(environment);
    const source = await this.sourceName(entry.mirrorOf);
    const readOnly = `pond '${entry.name}' is a mirror of ${source === null ? 'a pond no longer in this browser' : `'${source}'`}, read-only until it is promoted`;
    return Pond.open({ ...environment, readOnly });
  }

  /** The name of a mirror's source pond, or null when it is no longer in this browser. */
  private async sourceName(localId: string): Promise<string | null> {
    return (await this.services.catalog.list()).find((entry) => entry.localId === localId)?.name ?? null;
  }

  /** `name`, or `name (2)`, `name (3)`, … : the first that no pond of this browser uses. */
  private async freeName(name: string): Promise<string> {
    const taken = new Set((await this.services.catalog.list()).map((entry) => pondNameKey(entry.name)));
    let candidate = name;
    for (let n = 2; taken.has(pondNameKey(candidate)); n++) candidate = `${name} (${n})`;
    return candidate;
  }

  private async listing(root: WD, path: string, key: string): Promise<readonly NodePath[]> {
    if (this.listed?.key !== key) {
      const nodes = await (await root.openDirPath(path)).entries();
      this.listed = { key, nodes: nodes.map((node) => ({ node, name: nameOf(node.path), entryType: node.entryType })).sort(byFolderThenName).map((e) => e.node) };
    }
    return this.listed.nodes;
  }

  private async attach(localId: string, pond: Pond): Promise<PondStatus> {
    this.detach();
    const unsubscribe = pond.on((detail) => this.emit({ event: 'pond', localId, detail }));
    this.open = { localId, pond, unsubscribe };
    await this.services.catalog.touch(localId);
    return this.status();
  }

  private detach(): void {
    this.open?.unsubscribe();
    this.open?.pond.close();
    this.open = null;
  }

  private async status(): Promise<PondStatus> {
    const { localId, pond } = this.current();
    await pond.oplog.refresh();
    const entry = await this.services.catalog.get(localId);
    const status = { localId, name: entry.name, pondId: pond.identity.pondId, txnSeq: pond.oplog.txnSeq };
    if (entry.mirrorOf === undefined) return status;
    return { ...status, mirrorOf: { localId: entry.mirrorOf, name: await this.sourceName(entry.mirrorOf) } };
  }

  /** The console's command context: the open pond; `--config -` takes the editor's (or a multi-line input's) text. */
  private console(input?: string, downloads: HostDownload[] = []): CmdContext {
    const host = this.services.host;
    return {
      registry: this.pond().env.registry,
      // Files a command writes to the host (`export FILE`, `cp … host://…`) are kept, and also handed to the
      // page, which offers them as downloads: the browser's way of writing a file on the computer.
      host: {
        read: (name) => host.read(name),
        list: (dir) => host.list(dir),
        readStdin: () => host.readStdin(),
        open: (name) => host.open(name),
        async write(name, bytes) {
          await host.write(name, bytes);
          downloads.push({ name, bytes });
        },
        async writeChunks(name, chunks) {
          const size = await host.writeChunks(name, chunks);
          downloads.push({ name, bytes: await host.read(name) });
          return size;
        },
      },
      pond: async () => this.pond(),
      pondStore: async () => this.pond().env.store,
      createPond: async () => {
        throw new PondError('Unsupported', 'init: the console works on the open pond; create ponds from the pond menu');
      },
      promote: async () => {
        const { localId } = this.current();
        const { name } = await this.handlers.promotePond({ localId });
        return `promoted '${name}': it is an ordinary pond now (writable; its source's replicator no longer writes into it)`;
      },
      readInput: async () => {
        if (input === undefined) throw new PondError('InvalidArgument', "'-' needs text: open a config editor, or enter the text in the multi-line input");
        return input;
      },
    };
  }

  private current(): OpenPond {
    if (this.open === null) throw new PondError('InvalidArgument', 'no pond is open');
    return this.open;
  }

  private pond(): Pond {
    return this.current().pond;
  }
}

async function treeEntry(root: WD, node: NodePath): Promise<TreeEntry> {
  const meta = await root.metadata(node.path);
  return {
    name: nameOf(node.path),
    path: node.path,
    entryType: node.entryType,
    ...(meta.factory === undefined ? {} : { factory: meta.factory }),
    ...(node.entryType === 'symlink' ? { target: await root.readSymlink(node.path) } : {}),
    size: meta.size,
    version: meta.version,
    modified: meta.timestamp,
  };
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The wire form of any thrown value; a draft conflict carries its list of operations. */
export function toWireError(error: unknown): WireError {
  if (isPondError(error)) {
    const conflicts = draftConflicts(error);
    if (error instanceof PondExistsError) return { kind: error.kind, message: error.message, details: { existing: error.existing } };
    return { kind: error.kind, message: error.message, ...(conflicts.length > 0 ? { details: { conflicts } } : {}) };
  }
  return { kind: 'Internal', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
