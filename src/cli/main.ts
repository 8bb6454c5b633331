import { errorMessage, isPondError, PondError } from '../errors';
import { createSession, execute, overview } from '../cmd';
import { DirectoryLogStore, EnvSecrets, FileChangeNotifier, LockFileWriteLock, NodeHostFiles, NodeHttp, NodePondOpener, stagePondDirectory } from '../store/node';

/** Where the CLI reads and writes; injectable so it can run in-process too. */
export interface CliIo {
  readonly argv: readonly string[];
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
  stdout(chunk: string | Uint8Array): void;
  stderr(text: string): void;
}

const USAGE = `usage: duckpond [--pond DIR] COMMAND [ARGS...]

The pond directory comes from --pond DIR or the POND environment variable.
${overview()}`;

/** Runs one `duckpond` invocation and returns its exit code. */
export async function main(io: CliIo): Promise<number> {
  let close = (): void => undefined;
  try {
    const { dir, words } = parseGlobal(io);
    if (words.length === 0 || words[0] === '--help' || words[0] === '-h' || (words[0] === 'help' && words.length === 1)) {
      io.stdout(`${USAGE}\n`);
      return words.length === 0 ? 2 : 0;
    }
    const host = new NodeHostFiles({ baseDir: io.cwd });
    const warn = (warning: string): void => io.stderr(`duckpond: warning: ${warning}\n`);
    const session = createSession({
      location: {
        name: dir ?? '(no --pond)',
        exists: async () => dir !== undefined && DirectoryLogStore.isPond(dir),
        async open(create) {
          if (dir === undefined) throw new PondError('InvalidArgument', 'no pond directory: use --pond DIR or set POND');
          const store = await DirectoryLogStore.open(dir, { create });
          return {
            store,
            localId: store.dir,
            lock: LockFileWriteLock.forPond(store.dir, 'write', { onTakeover: warn }),
            runnerLock: LockFileWriteLock.forPond(store.dir, 'runner', { onTakeover: warn }),
            notifier: new FileChangeNotifier(store.dir),
          };
        },
        async stage() {
          if (dir === undefined) throw new PondError('InvalidArgument', 'no pond directory: use --pond DIR or set POND');
          return stagePondDirectory(dir);
        },
      },
      secrets: new EnvSecrets(io.env),
      http: new NodeHttp(),
      ponds: new NodePondOpener(io.cwd),
      host,
      readInput: async () => new TextDecoder().decode(await host.readStdin()),
    });
    close = () => session.close();
    if (dir === undefined && words[0] !== 'list-factories') throw new PondError('InvalidArgument', 'no pond directory: use --pond DIR or set POND');
    const output = await execute(words, session);
    if (typeof output !== 'string') io.stdout(output);
    else if (output !== '') io.stdout(`${output}\n`);
    return 0;
  } catch (error) {
    io.stderr(`duckpond: ${isPondError(error) ? error.message : `internal error: ${errorMessage(error)}`}\n`);
    return 1;
  } finally {
    close();
  }
}

/** `--pond DIR` / `--pond=DIR` before the command, or the POND variable. */
function parseGlobal(io: CliIo): { dir: string | undefined; words: string[] } {
  const words = [...io.argv];
  let dir = io.env['POND'];
  while (words[0]?.startsWith('--pond') === true) {
    const word = words.shift() as string;
    if (word === '--pond') {
      dir = words.shift();
      if (dir === undefined) throw new PondError('InvalidArgument', '--pond needs a directory');
    } else if (word.startsWith('--pond=')) dir = word.slice('--pond='.length);
    else throw new PondError('InvalidArgument', `unknown option ${word}`);
  }
  return { dir: dir === undefined ? undefined : dir.startsWith('/') ? dir : `${io.cwd.replace(/\/+$/, '')}/${dir}`, words };
}
