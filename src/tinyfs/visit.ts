import { PondError, isPondError } from '../errors';
import type { FsContext } from './context';
import { isDirectory } from './entryType';
import { type GlobComponent, matchComponent, parseGlob } from './glob';
import { joinPath } from './names';
import { type DirStack, type NodePath, ROOT_NODE, accessError, listChildren, lookupChild, top, walk } from './resolve';

/** One glob match: the node (not followed, so symlinks show as symlinks) and one capture per `*`. */
export type Match = readonly [NodePath, string[]];

/**
 * All matches of `pattern` from `start`, sorted by path (SPEC §3.4). Symlinked directories are
 * followed and dynamic directories expanded; a directory reached again below itself is a `VisitLoop`.
 */
export async function collectMatches(ctx: FsContext, start: DirStack, pattern: string): Promise<Match[]> {
  const glob = parseGlob(pattern);
  const stack = glob.absolute ? [ROOT_NODE] : start;
  const found = new Map<string, Match>();
  const visitor = new GlobWalk(ctx, glob.components, pattern, found);
  await visitor.visit(stack, top(stack).path, 0, [], new Set([top(stack).id.nodeId]));
  return [...found.values()].sort((a, b) => comparePaths(a[0].path, b[0].path));
}

class GlobWalk {
  constructor(
    private readonly ctx: FsContext,
    private readonly components: readonly GlobComponent[],
    private readonly pattern: string,
    private readonly found: Map<string, Match>,
  ) {}

  /** Matches components[index..] inside the directory on top of `stack`, reached as `path`. */
  async visit(stack: DirStack, path: string, index: number, captures: string[], onPath: Set<string>): Promise<void> {
    const component = this.components[index];
    if (component === undefined) return;
    const last = index === this.components.length - 1;
    if (component.kind === 'recursive') {
      await this.visit(stack, path, index + 1, captures, onPath); // zero directories
      for (const child of await this.children(stack, path)) {
        const entered = await this.enter(stack, child);
        if (entered === null) continue;
        const dirId = top(entered).id.nodeId;
        if (onPath.has(dirId)) {
          throw new PondError('VisitLoop', `${child.path} leads back to a directory above it (pattern ${this.pattern})`, { path: child.path });
        }
        await this.visit(entered, child.path, index, captures, new Set([...onPath, dirId]));
      }
      return;
    }
    const candidates =
      component.kind === 'literal' ? await this.literalChild(stack, path, component.name) : await this.children(stack, path);
    for (const child of candidates) {
      const name = child.path.slice(child.path.lastIndexOf('/') + 1);
      const matched = matchComponent(component, name);
      if (matched === null) continue;
      const all = [...captures, ...matched];
      if (last) {
        if (!this.found.has(child.path)) this.found.set(child.path, [child, all]);
        continue;
      }
      const entered = await this.enter(stack, child);
      if (entered !== null) await this.visit(entered, child.path, index + 1, all, onPath);
    }
  }

  /** Children of the directory on top of the stack, with paths as traversed (through symlink names). */
  private async children(stack: DirStack, path: string): Promise<NodePath[]> {
    const dir = top(stack);
    try {
      const children = await listChildren(this.ctx, dir);
      return children.map((c) => ({ ...c, path: joinPath(path, c.path.slice(c.path.lastIndexOf('/') + 1)) }));
    } catch (error) {
      throw accessError(path.slice(path.lastIndexOf('/') + 1) || '/', path, error);
    }
  }

  private async literalChild(stack: DirStack, path: string, name: string): Promise<NodePath[]> {
    const child = await lookupChild(this.ctx, top(stack), name, joinPath(path, name), false);
    return child === null ? [] : [{ ...child, path: joinPath(path, name) }];
  }

  /** The stack inside `child` when it is a directory (following a symlink), else null. */
  private async enter(stack: DirStack, child: NodePath): Promise<DirStack | null> {
    if (isDirectory(child.entryType)) return [...stack, child];
    if (child.entryType !== 'symlink') return null;
    const name = child.path.slice(child.path.lastIndexOf('/') + 1);
    let lookup;
    try {
      lookup = await walk(this.ctx, stack, name, { follow: true });
    } catch (error) {
      // A target that runs through a file is as dangling as a missing one: a leaf, not an error.
      if (isPondError(error, 'NotADirectory')) return null;
      throw error;
    }
    if (lookup.kind === 'missing' || !isDirectory(lookup.node.entryType)) return null; // dangling or not a dir
    return lookup.stack;
  }
}

/** Orders paths component by component, so a directory's entries follow it directly. */
export function comparePaths(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
