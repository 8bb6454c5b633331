import { PondError, isPondError } from '../errors';
import { copy } from './commands/copy';
import { cat, describe, list, ln, mkdir, mv, restore, rm, write } from './commands/files';
import { log, recover, run, show } from './commands/history';
import { mknod } from './commands/mknod';
import { config, exportPond, importPond, init, listFactories, maintain, promote, verify } from './commands/pond';
import type { CmdContext } from './context';
import { type CommandOutput, type CommandSpec, helpText, parseArgs } from './spec';
import { tokenize } from './tokenize';

export type { CmdContext } from './context';
export { createSession, type PondLocation, type SessionOptions } from './session';
export { helpText, usage, type CommandSpec, type CommandOutput } from './spec';
export { tokenize } from './tokenize';

/** Every command of the language (SPEC §7), in the order help lists them. */
export const COMMANDS: readonly CommandSpec<CmdContext>[] = [
  init, mkdir, list, cat, describe, copy, write, ln, rm, mv, restore, mknod, run, log, show, config, listFactories, verify, recover, maintain, exportPond, importPond, promote,
];

/** The overview `help` prints. */
export function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return ['commands:', ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`), '', "'help COMMAND' or 'COMMAND --help' shows a command's usage."].join('\n');
}

/** Finds a command by name or alias. */
export function findCommand(name: string): CommandSpec<CmdContext> {
  const found = COMMANDS.find((c) => c.name === name || c.aliases?.includes(name) === true);
  if (found === undefined) throw new PondError('InvalidArgument', `unknown command '${name}' (try help)`);
  return found;
}

/** Runs one command given as words (CLI argv) or as a console line. Errors are thrown, named by the command. */
export async function execute(input: string | readonly string[], ctx: CmdContext): Promise<CommandOutput> {
  const words = typeof input === 'string' ? tokenize(input) : input;
  const [name, ...rest] = words;
  if (name === undefined) return '';
  if (name === 'help' || name === '--help' || name === '-h') return rest[0] === undefined ? overview() : helpText(findCommand(rest[0]));
  const spec = findCommand(name);
  const args = parseArgs(spec, rest);
  if (args.flags['help'] === true) return helpText(spec);
  try {
    return await spec.run(args, ctx);
  } catch (error) {
    throw isPondError(error, 'StorageFull') ? storageFull(spec.name, error) : error;
  }
}

/**
 * A full disk or quota, said so that a person knows what happened and what still works: a commit is one
 * atomic write, so a refused one left the pond as it was, readable and exportable (issue 11).
 */
function storageFull(command: string, error: PondError): PondError {
  const message = `StorageFull: ${command}: ${error.detail}. Nothing of it was written: the pond is as it was and still readable (list, cat, export work). Free some space (delete other ponds or files, or run maintain), then try again.`;
  return new PondError('StorageFull', error.detail, { cause: error, message });
}
