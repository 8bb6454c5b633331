import { PondError } from '../errors';

/** A flag of a command: `--name`, maybe `-x`, taking a value or not. */
export interface FlagSpec {
  readonly name: string;
  readonly short?: string;
  /** `boolean` flags take no value; others take one (`--n 5` or `--n=5`). */
  readonly type: 'boolean' | 'string' | 'number';
  readonly value?: string;
  readonly description: string;
  /** Allowed values, for `string` flags. */
  readonly choices?: readonly string[];
}

export interface ArgSpec {
  readonly name: string;
  readonly optional?: boolean;
  /** Takes every remaining argument. */
  readonly variadic?: boolean;
  readonly description: string;
}

/** The parsed arguments of one invocation. */
export interface ParsedArgs {
  readonly positional: readonly string[];
  readonly flags: Readonly<Record<string, string | number | boolean | undefined>>;
}

/** A command of the language (SPEC §7): its help text and how it runs. */
export interface CommandSpec<Ctx> {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly summary: string;
  readonly args: readonly ArgSpec[];
  readonly flags: readonly FlagSpec[];
  /** Extra usage lines (alternative forms) and examples. */
  readonly forms?: readonly string[];
  readonly examples?: readonly string[];
  run(args: ParsedArgs, ctx: Ctx): Promise<CommandOutput>;
}

/** What a command prints: text lines, or raw bytes (`cat` of a binary file in the CLI). */
export type CommandOutput = string | Uint8Array;

export const HELP_FLAG: FlagSpec = { name: 'help', short: 'h', type: 'boolean', description: 'show this help' };

/** Parses argv against a command's spec; unknown flags, missing or extra arguments are errors with the usage. */
export function parseArgs<Ctx>(spec: CommandSpec<Ctx>, argv: readonly string[]): ParsedArgs {
  const flags: Record<string, string | number | boolean | undefined> = {};
  const positional: string[] = [];
  const all = [...spec.flags, HELP_FLAG];
  const fail = (message: string): never => {
    throw new PondError('InvalidArgument', `${spec.name}: ${message}\nusage: ${usage(spec)}`);
  };
  const set = (flag: FlagSpec, raw: string | undefined, shown: string): void => {
    if (flag.type === 'boolean') {
      if (raw !== undefined) fail(`${shown} takes no value`);
      flags[flag.name] = true;
      return;
    }
    if (raw === undefined) return fail(`${shown} needs a value`);
    if (flag.choices !== undefined && !flag.choices.includes(raw)) fail(`${shown} must be one of ${flag.choices.join(', ')} (got '${raw}')`);
    if (flag.type === 'number') {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isInteger(n)) fail(`${shown} needs a whole number (got '${raw}')`);
      flags[flag.name] = n;
    } else flags[flag.name] = raw;
  };
  let onlyPositional = false;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (onlyPositional || word === '-' || !word.startsWith('-')) {
      positional.push(word);
    } else if (word === '--') {
      onlyPositional = true;
    } else if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
      const flag = all.find((f) => f.name === name) ?? fail(`unknown flag --${name}`);
      const value = eq >= 0 ? word.slice(eq + 1) : flag.type === 'boolean' ? undefined : argv[++i];
      set(flag, value, `--${name}`);
    } else {
      // -l, -la (booleans combined), -m brief (a short flag with a value)
      const letters = word.slice(1);
      for (let k = 0; k < letters.length; k++) {
        const letter = letters[k] as string;
        const flag = all.find((f) => f.short === letter) ?? fail(`unknown flag -${letter}`);
        if (flag.type === 'boolean') set(flag, undefined, `-${letter}`);
        else {
          const rest = letters.slice(k + 1);
          set(flag, rest.length > 0 ? rest : argv[++i], `-${letter}`);
          break;
        }
      }
    }
  }
  if (flags['help'] === true) return { positional, flags };
  const required = spec.args.filter((a) => a.optional !== true && a.variadic !== true).length;
  const variadic = spec.args.some((a) => a.variadic === true);
  if (positional.length < required) fail(`missing ${spec.args[positional.length]?.name ?? 'argument'}`);
  if (!variadic && positional.length > spec.args.length) fail(`unexpected argument '${positional[spec.args.length]}'`);
  return { positional, flags };
}

/** One-line usage of a command. */
export function usage<Ctx>(spec: CommandSpec<Ctx>): string {
  const flags = spec.flags.map((f) => {
    const name = f.short !== undefined ? `-${f.short}|--${f.name}` : `--${f.name}`;
    return `[${name}${f.type === 'boolean' ? '' : ` ${f.value ?? f.name.toUpperCase()}`}]`;
  });
  const args = spec.args.map((a) => (a.variadic === true ? `${a.name}...` : a.optional === true ? `[${a.name}]` : a.name));
  return [spec.name, ...args, ...flags].join(' ');
}

/** The full help text of a command, as `--help` prints it and docs/cli.md shows it. */
export function helpText<Ctx>(spec: CommandSpec<Ctx>): string {
  const lines = [`${spec.name} — ${spec.summary}`, '', `usage: ${usage(spec)}`];
  for (const form of spec.forms ?? []) lines.push(`       ${form}`);
  if (spec.aliases !== undefined && spec.aliases.length > 0) lines.push(`alias: ${spec.aliases.join(', ')}`);
  if (spec.args.length > 0) {
    lines.push('', 'arguments:');
    for (const a of spec.args) lines.push(`  ${a.name.padEnd(16)} ${a.description}`);
  }
  lines.push('', 'flags:');
  for (const f of [...spec.flags, HELP_FLAG]) {
    const name = `${f.short !== undefined ? `-${f.short}, ` : ''}--${f.name}${f.type === 'boolean' ? '' : ` ${f.value ?? f.name.toUpperCase()}`}`;
    lines.push(`  ${name.padEnd(24)} ${f.description}${f.choices !== undefined ? ` (${f.choices.join('|')})` : ''}`);
  }
  if (spec.examples !== undefined && spec.examples.length > 0) {
    lines.push('', 'examples:');
    for (const e of spec.examples) lines.push(`  ${e}`);
  }
  return lines.join('\n');
}
