import { PondError, isPondError } from '../../errors';
import type { Factory } from '../../factory';
import type { DynamicEntryType } from '../../tinyfs';
import { type CmdContext, commit } from '../context';
import type { CommandSpec } from '../spec';

/**
 * `mknod` (seed Layer 8): create a dynamic node. Both the seed's form and the upstream form; the config is
 * read and validated by its factory before the pond is even opened, so a bad config creates nothing.
 */
export const mknod: CommandSpec<CmdContext> = {
  name: 'mknod',
  summary: 'create (or with --overwrite, reconfigure) a dynamic node produced by a factory',
  args: [
    { name: 'PATH', description: "the node's path (upstream form: FACTORY PATH)" },
    { name: 'PATH2', optional: true, description: 'the path, in the upstream form `mknod FACTORY PATH`' },
  ],
  forms: ['mknod PATH --type dynamic-file|dynamic-dir --factory NAME --config YAML|- [--overwrite]', 'mknod FACTORY PATH --config-path FILE [--overwrite]'],
  flags: [
    { name: 'type', type: 'string', value: 'KIND', choices: ['dynamic-file', 'dynamic-dir'], description: "file or directory; when omitted the factory's kind decides" },
    { name: 'factory', type: 'string', value: 'NAME', description: 'the factory (see list-factories)' },
    { name: 'config', type: 'string', value: 'YAML|-', description: "the config as YAML text; '-' reads standard input (the console: the open editor)" },
    { name: 'config-path', type: 'string', value: 'FILE', description: 'read the config from a host file' },
    { name: 'overwrite', type: 'boolean', description: 'replace the config of an existing node of the same type (a new version)' },
  ],
  examples: [
    'mknod /etc/system.d/notify.yaml --type dynamic-file --factory test-executor --config "message: hi"',
    'mknod /etc/system.d/replicate.yaml --type dynamic-file --factory test-executor --config - < config.yaml',
    'mknod test-executor /etc/system.d/10-test --config-path ./config.yaml',
  ],
  async run({ positional, flags }, ctx) {
    const upstream = flags['factory'] === undefined;
    const [factoryName, path] = upstream ? [positional[0], positional[1]] : [flags['factory'] as string, positional[0]];
    if (factoryName === undefined || path === undefined || (!upstream && positional.length > 1)) {
      throw new PondError('InvalidArgument', 'mknod: use `mknod PATH --factory NAME --config YAML` or `mknod FACTORY PATH --config-path FILE`');
    }
    const config = await readConfig(ctx, flags);
    const factory = ctx.registry.get(factoryName);
    const entryType = entryTypeFor(factory, flags['type'] as string | undefined);
    ctx.registry.validate(factory.name, config); // before the pond is opened: nothing is created on error
    try {
      return await commit(ctx, `mknod ${path} --factory ${factory.name}`, [
        { op: 'mknod', path, entryType, factory: factory.name, config, overwrite: flags['overwrite'] === true },
      ]);
    } catch (error) {
      if (isPondError(error, 'AlreadyExists') && flags['overwrite'] !== true) {
        const message = `Dynamic node already exists at path '${path}'. Use --overwrite to replace it.`;
        throw new PondError('AlreadyExists', message, { path, cause: error, message });
      }
      throw error;
    }
  },
};

async function readConfig(ctx: CmdContext, flags: Readonly<Record<string, unknown>>): Promise<string> {
  const inline = flags['config'];
  const file = flags['config-path'];
  if (inline !== undefined && file !== undefined) throw new PondError('InvalidArgument', 'mknod: give --config or --config-path, not both');
  if (typeof file === 'string') return new TextDecoder().decode(await ctx.host.read(file));
  if (inline === '-') return ctx.readInput();
  if (typeof inline === 'string') return inline;
  throw new PondError('InvalidArgument', 'mknod: a config is required: --config YAML, --config - or --config-path FILE');
}

/** `--type` against the factory's kind: omitted → the kind decides; a contradiction is an error. */
function entryTypeFor(factory: Factory, type: string | undefined): DynamicEntryType {
  const natural: DynamicEntryType = factory.kind === 'directory' ? 'dir:dynamic' : factory.kind === 'table' ? 'table:dynamic' : 'file:dynamic';
  if (type === undefined) return natural;
  const wantsDir = type === 'dynamic-dir';
  if (wantsDir !== (factory.kind === 'directory')) {
    throw new PondError('TypeMismatch', `factory '${factory.name}' is a ${factory.kind} factory; it cannot make a ${type}`);
  }
  return natural;
}
