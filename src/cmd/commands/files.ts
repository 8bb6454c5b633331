import { PondError } from '../../errors';
import type { NodePath, WD } from '../../tinyfs';
import { type CmdContext, commit, isoTime } from '../context';
import type { CommandSpec } from '../spec';

type Command = CommandSpec<CmdContext>;

export const mkdir: Command = {
  name: 'mkdir',
  summary: 'create a directory',
  args: [{ name: 'PATH', description: 'the directory to create' }],
  flags: [{ name: 'parents', short: 'p', type: 'boolean', description: 'create missing parents too; an existing directory is fine' }],
  examples: ['mkdir -p /etc/system.d'],
  run: ({ positional: [path], flags }, ctx) => commit(ctx, `mkdir ${flags['parents'] === true ? '-p ' : ''}${path}`, [{ op: 'mkdir', path: path as string, parents: flags['parents'] === true }]),
};

export const list: Command = {
  name: 'list',
  aliases: ['ls'],
  summary: 'list every match of a glob pattern, one per line, path last',
  args: [{ name: 'PATTERN', optional: true, description: "glob: * within a name, ** for any depth (default '/**')" }],
  flags: [
    { name: 'long', short: 'l', type: 'boolean', description: 'type (with the factory of dynamic nodes), size, version and time before the path' },
    { name: 'all', short: 'a', type: 'boolean', description: "include names starting with '.'" },
  ],
  examples: ['list', "list '/data/**/*.csv' -l"],
  async run({ positional: [pattern = '/**'], flags }, ctx) {
    const root = (await (await ctx.pond()).read()).root();
    const matches = (await root.collectMatches(pattern)).map(([node]) => node).filter((node) => flags['all'] === true || !hidden(node.path));
    if (flags['long'] !== true) return matches.map((node) => node.path).join('\n');
    const rows = await Promise.all(matches.map((node) => longRow(root, node)));
    return table(rows);
  },
};

export const cat: Command = {
  name: 'cat',
  summary: "print a file's content (the latest version, a given version, or as of a past txn)",
  args: [{ name: 'PATH', description: 'the file' }],
  flags: [
    { name: 'version', type: 'number', value: 'N', description: 'print stored version N' },
    { name: 'txn', type: 'number', value: 'N', description: 'print the file as it was after txn N' },
  ],
  examples: ['cat /notes.txt', 'cat /notes.txt --version 1', 'cat /notes.txt --txn 3'],
  async run({ positional: [path], flags }, ctx) {
    const txn = flags['txn'] as number | undefined;
    const root = (await (await ctx.pond()).read(txn)).root();
    const version = flags['version'] as number | undefined;
    return version === undefined ? root.readFilePath(path as string) : root.readFileVersion(path as string, version);
  },
};

export const describe: Command = {
  name: 'describe',
  summary: 'show what each matching node is: type, factory, versions, size, times',
  args: [{ name: 'PATTERN', optional: true, description: "glob (default '/**')" }],
  flags: [],
  examples: ["describe '/etc/system.d/*'"],
  async run({ positional: [pattern = '/**'] }, ctx) {
    const root = (await (await ctx.pond()).read()).root();
    const blocks: string[] = [];
    for (const [node] of await root.collectMatches(pattern)) {
      const meta = await root.metadata(node.path);
      const lines = [node.path, `  type:     ${node.entryType}`];
      if (meta.factory !== undefined) lines.push(`  factory:  ${meta.factory}`);
      if (node.entryType === 'symlink') lines.push(`  target:   ${await root.readSymlink(node.path)}`);
      lines.push(`  version:  ${meta.version}`, `  size:     ${meta.size}`, `  modified: ${isoTime(meta.timestamp)}`);
      if (node.source === undefined && node.entryType !== 'symlink' && !node.entryType.startsWith('dir:')) {
        lines.push(`  versions: ${(await root.listFileVersions(node.path)).length}`);
      }
      blocks.push(lines.join('\n'));
    }
    return blocks.join('\n');
  },
};

export const write: Command = {
  name: 'write',
  summary: 'write text to a file (a new file, or a new version of an existing one)',
  args: [{ name: 'PATH', description: 'the file' }],
  flags: [{ name: 'content', type: 'string', value: 'TEXT|-', description: "the text; '-' reads standard input (the console: the open editor)" }],
  examples: ["write /notes.txt --content 'hello'", 'write /notes.txt --content - < notes.txt'],
  async run({ positional: [path], flags }, ctx) {
    const content = flags['content'];
    if (typeof content !== 'string') throw new PondError('InvalidArgument', 'write: --content TEXT or --content - is required');
    const text = content === '-' ? await ctx.readInput() : content;
    return commit(ctx, `write ${path}`, [{ op: 'write', path: path as string, content: text }]);
  },
};

export const ln: Command = {
  name: 'ln',
  summary: 'create a symbolic link',
  args: [
    { name: 'TARGET', description: 'where the link points (absolute, or relative to the link)' },
    { name: 'PATH', description: 'the link to create' },
  ],
  flags: [{ name: 'symbolic', short: 's', type: 'boolean', description: 'required: only symbolic links exist in a pond' }],
  examples: ['ln -s /data/latest.csv /latest'],
  async run({ positional: [target, path], flags }, ctx) {
    if (flags['symbolic'] !== true) throw new PondError('InvalidArgument', 'ln: only symbolic links exist in a pond; use ln -s TARGET PATH');
    return commit(ctx, `ln -s ${target} ${path}`, [{ op: 'ln', target: target as string, path: path as string }]);
  },
};

export const rm: Command = {
  name: 'rm',
  summary: 'remove an entry (its history stays in the log)',
  args: [{ name: 'PATH', description: 'the entry' }],
  flags: [{ name: 'recursive', short: 'r', type: 'boolean', description: 'remove a non-empty directory' }],
  examples: ['rm /old.txt', 'rm -r /tmp'],
  run: ({ positional: [path], flags }, ctx) => commit(ctx, `rm ${path}`, [{ op: 'rm', path: path as string, recursive: flags['recursive'] === true }]),
};

export const mv: Command = {
  name: 'mv',
  summary: 'move or rename an entry',
  args: [
    { name: 'OLD', description: 'the entry' },
    { name: 'NEW', description: 'its new path (must not exist)' },
  ],
  flags: [],
  examples: ['mv /a.txt /archive/a.txt'],
  run: ({ positional: [from, to] }, ctx) => commit(ctx, `mv ${from} ${to}`, [{ op: 'mv', from: from as string, to: to as string }]),
};

export const restore: Command = {
  name: 'restore',
  summary: 'write a file or folder as it was after txn N, as new versions (history is never rewritten)',
  args: [{ name: 'PATH', description: 'the file or folder' }],
  flags: [{ name: 'txn', type: 'number', value: 'N', description: 'the txn to restore from (required)' }],
  examples: ['restore /notes.txt --txn 3'],
  async run({ positional: [path], flags }, ctx) {
    const txn = flags['txn'];
    if (typeof txn !== 'number') throw new PondError('InvalidArgument', 'restore: --txn N is required');
    return commit(ctx, `restore ${path} --txn ${txn}`, [{ op: 'restore', path: path as string, txnSeq: txn }]);
  },
};

function hidden(path: string): boolean {
  return path.split('/').some((part) => part.startsWith('.'));
}

async function longRow(root: WD, node: NodePath): Promise<string[]> {
  const meta = await root.metadata(node.path);
  const type = meta.factory === undefined ? node.entryType : `${node.entryType}(${meta.factory})`;
  const path = node.entryType === 'symlink' ? `${node.path} -> ${await root.readSymlink(node.path)}` : node.path;
  return [type, String(meta.size), `v${meta.version}`, isoTime(meta.timestamp), path];
}

/** Columns padded to their widest cell; the last column (the path) is not padded. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}
