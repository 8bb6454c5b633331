import { createStore } from 'zustand/vanilla';
import { engine } from './engine';
import { download } from './tasks';

/** One console command and what it printed. */
export interface ConsoleEntry {
  readonly id: number;
  readonly line: string;
  /** `queued` while an earlier command still runs: commands run strictly in the order typed. */
  readonly status: 'queued' | 'running' | 'done' | 'error';
  readonly output: string;
}

export interface ConsoleState {
  readonly entries: readonly ConsoleEntry[];
  /**
   * The text an open config editor offers for `--config -` / `--content -`; `null` when no editor is open,
   * in which case the console asks for the text in its own multi-line input.
   */
  readonly editorInput: string | null;
}

export const consoleStore = createStore<ConsoleState>(() => ({ entries: [], editorInput: null }));

/** Called by the config editor as its text changes, and with `null` when it closes. */
export function setEditorInput(text: string | null): void {
  consoleStore.setState({ editorInput: text });
}

/** Does this line read its text from standard input (`--config -` or `--content -`)? */
export function needsInput(line: string): boolean {
  return /(^|\s)--(config|content)\s+-(\s|$)/.test(line);
}

let nextId = 1;
/** The tail of the queue: each command starts when the one before it has settled. */
let tail: Promise<void> = Promise.resolve();

/** Queues one command; it runs after every command typed before it. */
export function submit(line: string, input?: string): void {
  const id = nextId++;
  consoleStore.setState((s) => ({ entries: [...s.entries, { id, line, status: 'queued', output: '' }] }));
  tail = tail.then(() => run(id, line, input));
}

async function run(id: number, line: string, input: string | undefined): Promise<void> {
  update(id, { status: 'running' });
  try {
    const { output, downloads } = await engine().call('exec', { line, ...(input === undefined ? {} : { input }) });
    // A file the command wrote on the "host" (e.g. `export backup.pond`) reaches the computer as a download.
    for (const file of downloads) download(file.name, file.bytes);
    update(id, { status: 'done', output });
  } catch (error) {
    update(id, { status: 'error', output: (error as Error).message });
  }
}

function update(id: number, change: Partial<ConsoleEntry>): void {
  consoleStore.setState((s) => ({ entries: s.entries.map((e) => (e.id === id ? { ...e, ...change } : e)) }));
}

/** `clear`: empties the output; queued and running commands stay, since they have not printed yet. */
export function clearOutput(): void {
  consoleStore.setState((s) => ({ entries: s.entries.filter((e) => e.status === 'queued' || e.status === 'running') }));
}

const HISTORY_LIMIT = 500;
const historyKey = (localId: string): string => `duckpond:console-history:${localId}`;

/** The commands typed in this pond's console, oldest first (kept per pond across reloads). */
export function loadCommandHistory(localId: string): string[] {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(historyKey(localId)) ?? '[]');
    return Array.isArray(saved) ? saved.filter((l): l is string => typeof l === 'string') : [];
  } catch {
    return []; // a damaged entry only loses the recall list, never the console
  }
}

export function rememberCommand(localId: string, line: string): void {
  const history = loadCommandHistory(localId);
  // Repeating the last command does not add a duplicate, like a shell's ignoredups.
  if (history[history.length - 1] === line) return;
  localStorage.setItem(historyKey(localId), JSON.stringify([...history, line].slice(-HISTORY_LIMIT)));
}
