import type { DraftOp, FactoryInfo } from '../engine/protocol';

/** What the dialog's "Type" offers (SPEC §7 `mknod` words): a dynamic file (or table) or a dynamic folder. */
export type DynamicType = 'dynamic-file' | 'dynamic-dir';

type Mknod = Extract<DraftOp, { op: 'mknod' }>;

/** Executables placed here run after every commit (SPEC §6). */
export const POST_COMMIT_DIR = '/etc/system.d';

/** The type a factory's nodes have: directory factories make folders, every other kind a file. */
export function defaultType(factory: FactoryInfo): DynamicType {
  return factory.kind === 'directory' ? 'dynamic-dir' : 'dynamic-file';
}

/** Why `type` does not fit `factory` (null when it does): a directory factory makes folders, the others files. */
export function typeProblem(factory: FactoryInfo, type: DynamicType): string | null {
  if (type === defaultType(factory)) return null;
  return factory.kind === 'directory' ? `${factory.name} makes folders: choose dynamic-dir` : `${factory.name} makes a ${factory.kind === 'table' ? 'table' : 'file'}: choose dynamic-file`;
}

/** The draft op that creates a dynamic node: `table:dynamic` for table factories, `dir:dynamic` for folders. */
export function mknodOp(path: string, factory: FactoryInfo, type: DynamicType, config: string): Mknod {
  const entryType: Mknod['entryType'] = type === 'dynamic-dir' ? 'dir:dynamic' : factory.kind === 'table' ? 'table:dynamic' : 'file:dynamic';
  return { op: 'mknod', path, entryType, factory: factory.name, config };
}
