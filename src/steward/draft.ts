import { PondError, errorMessage, isPondError } from '../errors';
import { type DynamicEntryType, type PhysicalFileType, type WD, isDirectory, isDynamic, isPhysicalFile } from '../tinyfs';

/**
 * The operations a transaction is made of — the same ones the command language performs (SPEC §6). The
 * app keeps an ordered list of them as a draft; the console and CLI apply one at a time.
 */
export type DraftOp =
  | { readonly op: 'mkdir'; readonly path: string; readonly parents?: boolean }
  /** Creates the file, or appends a version to an existing physical file. */
  | { readonly op: 'write'; readonly path: string; readonly content: Uint8Array | string; readonly entryType?: PhysicalFileType }
  | { readonly op: 'ln'; readonly target: string; readonly path: string }
  | { readonly op: 'rm'; readonly path: string; readonly recursive?: boolean }
  | { readonly op: 'mv'; readonly from: string; readonly to: string }
  | {
      readonly op: 'mknod';
      readonly path: string;
      readonly entryType: DynamicEntryType;
      readonly factory: string;
      readonly config: string;
      readonly overwrite?: boolean;
    }
  /** Writes the content of `path` as of `txnSeq` as new versions (history is never rewritten). */
  | { readonly op: 'restore'; readonly path: string; readonly txnSeq: number };

/** What an operation needs besides the transaction's root: the pond as of an earlier commit. */
export interface DraftContext {
  readonly root: WD;
  readAt(txnSeq: number): Promise<WD>;
  /** Checks a dynamic node's config with its factory (line-numbered `InvalidConfig`) before anything is created. */
  validate(factory: string, config: string): void;
}

/** An operation of a draft that no longer applies, and why. */
export interface DraftConflict {
  readonly index: number;
  readonly op: DraftOp;
  readonly error: string;
}

/** A one-line description of an operation, as in the commit panel and `log`. */
export function describeOp(op: DraftOp): string {
  switch (op.op) {
    case 'mkdir':
      return `mkdir ${op.parents === true ? '-p ' : ''}${op.path}`;
    case 'write':
      return `write ${op.path}`;
    case 'ln':
      return `ln -s ${op.target} ${op.path}`;
    case 'rm':
      return `rm ${op.recursive === true ? '-r ' : ''}${op.path}`;
    case 'mv':
      return `mv ${op.from} ${op.to}`;
    case 'mknod':
      return `mknod ${op.path} --factory ${op.factory}${op.overwrite === true ? ' --overwrite' : ''}`;
    case 'restore':
      return `restore ${op.path} --txn ${op.txnSeq}`;
  }
}

/** Applies one operation inside a write transaction. */
export async function applyOp(ctx: DraftContext, op: DraftOp): Promise<void> {
  const { root } = ctx;
  switch (op.op) {
    case 'mkdir':
      await (op.parents === true ? root.createDirAll(op.path) : root.createDirPath(op.path));
      return;
    case 'write': {
      const bytes = typeof op.content === 'string' ? new TextEncoder().encode(op.content) : op.content;
      if (await root.exists(op.path)) await root.writeFilePath(op.path, bytes);
      else await root.createFilePath(op.path, bytes, op.entryType);
      return;
    }
    case 'ln':
      await root.createSymlinkPath(op.path, op.target);
      return;
    case 'rm':
      await root.removeEntry(op.path, { recursive: op.recursive === true });
      return;
    case 'mv':
      await root.renameEntry(op.from, op.to);
      return;
    case 'mknod':
      ctx.validate(op.factory, op.config);
      await root.createDynamicPath(op.path, op.entryType, op.factory, new TextEncoder().encode(op.config), { overwrite: op.overwrite === true });
      return;
    case 'restore':
      await restore(ctx.root, await ctx.readAt(op.txnSeq), op.path, op.txnSeq);
      return;
  }
}

/**
 * Applies every operation; when some no longer apply, lists all of them (the later ones are still tried,
 * so the user sees every problem at once) and throws `Conflict` — the caller aborts, nothing is written.
 */
export async function applyDraft(ctx: DraftContext, ops: readonly DraftOp[]): Promise<void> {
  const conflicts: DraftConflict[] = [];
  for (const [index, op] of ops.entries()) {
    try {
      await applyOp(ctx, op);
    } catch (error) {
      if (!isPondError(error) || error.kind === 'Corrupt' || error.kind === 'StorageFull') throw error;
      conflicts.push({ index, op, error: errorMessage(error) });
    }
  }
  if (conflicts.length > 0) {
    const lines = conflicts.map((c) => `  ${c.index + 1}. ${describeOp(c.op)}: ${c.error}`);
    const error = new PondError('Conflict', `${conflicts.length} of ${ops.length} operations no longer apply; nothing was written:\n${lines.join('\n')}`);
    throw Object.assign(error, { conflicts });
  }
}

/** The conflicts carried by a `Conflict` error from `applyDraft`. */
export function draftConflicts(error: unknown): DraftConflict[] {
  return isPondError(error, 'Conflict') && 'conflicts' in error ? (error as PondError & { conflicts: DraftConflict[] }).conflicts : [];
}

/** Writes `path` as it was in `past` into `root`, as new versions; directories recursively. */
async function restore(root: WD, past: WD, path: string, txnSeq: number): Promise<void> {
  const old = await past.getNodePath(path, { follow: false }).catch((error: unknown) => {
    if (isPondError(error, 'NotFound')) throw new PondError('NotFound', `${path} did not exist at txn ${txnSeq}`, { path });
    throw error;
  });
  const lookup = await root.resolvePath(path, { follow: false });
  const current = lookup.kind === 'found' ? lookup.node : null;
  if (current !== null && current.entryType !== old.entryType) {
    throw new PondError('TypeMismatch', `${path} is a ${current.entryType} now but was a ${old.entryType} at txn ${txnSeq}`, { path });
  }
  if (isDirectory(old.entryType)) {
    if (isDynamic(old.entryType)) return restoreDynamic(root, past, path, current !== null);
    if (current === null) await root.createDirPath(path);
    for (const child of await (await past.openDirPath(path)).entries()) await restore(root, past, child.path, txnSeq);
    return;
  }
  if (isDynamic(old.entryType)) return restoreDynamic(root, past, path, current !== null);
  if (old.entryType === 'symlink') {
    if (current === null) await root.createSymlinkPath(path, await past.readSymlink(path));
    return;
  }
  if (!isPhysicalFile(old.entryType)) return;
  const bytes = await past.readFilePath(path);
  if (current === null) await root.createFilePath(path, bytes, old.entryType);
  else if (!equal(await root.readFilePath(path), bytes)) await root.writeFilePath(path, bytes);
}

async function restoreDynamic(root: WD, past: WD, path: string, exists: boolean): Promise<void> {
  const versions = await past.listFileVersions(path);
  const last = versions[versions.length - 1];
  if (last === undefined) throw new PondError('Corrupt', `${path} has no versions`, { path });
  const node = await past.getNodePath(path, { follow: false });
  const factory = last.extendedMetadata['factory'];
  if (factory === undefined) throw new PondError('Corrupt', `${path} names no factory`, { path });
  const config = await past.readFileVersion(path, last.version);
  await root.createDynamicPath(path, node.entryType as DynamicEntryType, factory, config, { overwrite: exists });
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
