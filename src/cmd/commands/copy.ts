import { PondError } from '../../errors';
import type { PhysicalFileType } from '../../tinyfs';
import { type CmdContext, commit } from '../context';
import type { CommandSpec } from '../spec';
import { toArrowTable } from '../tables';
import type { DraftOp } from '../../steward';

const HOST = 'host://';

/** `copy`: host files into the pond, or pond files out to a host directory (SPEC §7). */
export const copy: CommandSpec<CmdContext> = {
  name: 'copy',
  summary: 'copy host files into the pond, or pond files out to a host directory',
  args: [
    { name: 'SRC', variadic: true, description: 'host://FILE… (into the pond) or pond paths/globs (out of it)' },
    { name: 'DEST', description: 'a pond path (in) or host://DIR (out)' },
  ],
  flags: [
    { name: 'format', type: 'string', value: 'FORMAT', choices: ['data', 'table'], description: "'table' converts CSV/JSON into an Arrow table" },
    { name: 'series', type: 'boolean', description: 'append each file as a new version of a series' },
  ],
  examples: ['copy host:///home/me/x.csv /data/x.csv', 'copy host:///home/me/x.csv /data/x.arrow --format table', "copy '/data/*.csv' host:///tmp/out"],
  async run({ positional, flags }, ctx) {
    if (positional.length < 2) throw new PondError('InvalidArgument', 'copy: give at least one source and a destination');
    const sources = positional.slice(0, -1);
    const dest = positional[positional.length - 1] as string;
    const into = sources.every((s) => s.startsWith(HOST));
    if (!into && sources.some((s) => s.startsWith(HOST))) throw new PondError('InvalidArgument', 'copy: sources must all be host:// files (in) or all pond paths (out)');
    if (into) return copyIn(ctx, sources.map((s) => s.slice(HOST.length)), dest, flags['format'] === 'table', flags['series'] === true);
    if (!dest.startsWith(HOST)) throw new PondError('InvalidArgument', 'copy: copying within the pond is not supported; the destination must be host://DIR');
    return copyOut(ctx, sources, dest.slice(HOST.length));
  },
};

async function copyIn(ctx: CmdContext, files: string[], dest: string, asTable: boolean, series: boolean): Promise<string> {
  const root = (await (await ctx.pond()).read()).root();
  const destLookup = await root.resolvePath(dest);
  const intoDir = dest.endsWith('/') || files.length > 1 || (destLookup.kind === 'found' && destLookup.node.entryType.startsWith('dir:'));
  const ops: DraftOp[] = [];
  for (const file of files) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    const target = intoDir ? `${dest.replace(/\/+$/, '')}/${name}` : dest;
    let bytes = await ctx.host.read(file);
    if (asTable) bytes = toArrowTable(new TextDecoder().decode(bytes), /\.json$/i.test(file) ? 'json' : 'csv', file);
    const entryType: PhysicalFileType = asTable ? (series ? 'table:physical:series' : 'table:physical:version') : series ? 'file:physical:series' : 'file:physical:version';
    ops.push({ op: 'write', path: target, content: bytes, entryType });
  }
  return commit(ctx, `copy ${files.map((f) => HOST + f).join(' ')} ${dest}`, ops);
}

async function copyOut(ctx: CmdContext, patterns: string[], dir: string): Promise<string> {
  const root = (await (await ctx.pond()).read()).root();
  const lines: string[] = [];
  for (const pattern of patterns) {
    const matches = (await root.collectMatches(pattern)).filter(([node]) => !node.entryType.startsWith('dir:') && node.entryType !== 'symlink');
    if (matches.length === 0) throw new PondError('NotFound', `copy: no file matches ${pattern}`);
    for (const [node] of matches) {
      const target = `${dir.replace(/\/+$/, '')}/${node.path.slice(node.path.lastIndexOf('/') + 1)}`;
      await ctx.host.write(target, await root.readFilePath(node.path));
      lines.push(`${node.path} -> ${HOST}${target}`);
    }
  }
  return lines.join('\n');
}
