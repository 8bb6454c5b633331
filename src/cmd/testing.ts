import { PondError } from '../errors';
import { MemoryHostFiles, MemoryLogStore } from '../store/memory';
import type { LogStore } from '../store/ports';
import { Pond, type PondEnvironment } from '../steward';
import { memoryEnvironment } from '../steward/testing';
import type { CmdContext } from './context';
import { execute } from './index';

/** A command context over a memory pond, host files and stdin, for tests. */
export function memoryContext(options: { files?: Record<string, string>; stdin?: string; secrets?: Record<string, string>; store?: LogStore } = {}) {
  const env: PondEnvironment = memoryEnvironment(options.store ?? new MemoryLogStore(), options.secrets ?? {});
  const host = new MemoryHostFiles({
    files: new Map(Object.entries(options.files ?? {}).map(([name, text]) => [name, new TextEncoder().encode(text)])),
    stdin: new TextEncoder().encode(options.stdin ?? ''),
  });
  let pond: Pond | null = null;
  const ctx: CmdContext = {
    registry: env.registry,
    host,
    promote: async () => {
      throw new PondError('InvalidArgument', 'this test pond is not a mirror; only a mirror can be promoted');
    },
    async pond() {
      if (pond !== null) return pond;
      if ((await env.store.lastTxnSeq()) === 0) throw new PondError('NotFound', 'no pond here (run init first)');
      return (pond = await Pond.open(env));
    },
    async pondStore() {
      if ((await env.store.lastTxnSeq()) === 0) throw new PondError('NotFound', 'no pond here (run init first)');
      return env.store;
    },
    async createPond(opts) {
      if ((await env.store.lastTxnSeq()) !== 0) throw new PondError('AlreadyExists', 'a pond already exists here; init changes nothing');
      return (pond = await Pond.init(env, opts));
    },
    readInput: async () => new TextDecoder().decode(await host.readStdin()),
  };
  /** Runs a console line and returns its text. */
  const run = async (line: string): Promise<string> => {
    const out = await execute(line, ctx);
    return typeof out === 'string' ? out : new TextDecoder().decode(out);
  };
  return { ctx, env, host, run };
}
