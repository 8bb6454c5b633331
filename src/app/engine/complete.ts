import { COMMANDS, tokenize } from '../../cmd';
import type { FactoryRegistry } from '../../factory';
import type { WD } from '../../tinyfs';

/**
 * Tab completion for the console: the command name, then factory names after `--factory` (or as the first
 * word of the upstream mknod form), else pond paths. Returns full replacement lines, sorted.
 */
export async function complete(line: string, root: WD, registry: FactoryRegistry): Promise<string[]> {
  let words: string[];
  try {
    words = tokenize(line);
  } catch {
    return []; // an unterminated quote: nothing sensible to complete yet
  }
  const endsInSpace = line.length > 0 && /\s$/.test(line);
  const current = endsInSpace ? '' : (words[words.length - 1] ?? '');
  const before = endsInSpace ? words : words.slice(0, -1);
  const prefix = line.slice(0, line.length - current.length);
  if (before.length === 0) {
    const names = COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]).filter((n) => n.startsWith(current));
    return names.sort().map((n) => `${prefix}${n} `);
  }
  const factoryPosition = before[before.length - 1] === '--factory' || (before[0] === 'mknod' && before.length === 1 && !current.startsWith('/'));
  if (factoryPosition) {
    return registry.list().map((f) => f.name).filter((n) => n.startsWith(current)).map((n) => `${prefix}${n} `);
  }
  if (!current.startsWith('/')) return [];
  const slash = current.lastIndexOf('/');
  const dir = current.slice(0, slash + 1) || '/';
  const lookup = await root.resolvePath(dir);
  if (lookup.kind !== 'found' || !lookup.node.entryType.startsWith('dir:')) return [];
  const entries = await (await root.openDirPath(dir)).entries();
  return entries
    .map((e) => ({ name: e.path.slice(e.path.lastIndexOf('/') + 1), dir: e.entryType.startsWith('dir:') }))
    .filter((e) => e.name.startsWith(current.slice(slash + 1)))
    .map((e) => `${prefix}${dir}${e.name}${e.dir ? '/' : ' '}`);
}
