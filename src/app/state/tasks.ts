import { createStore } from 'zustand/vanilla';
import type { PondTask } from '../engine/protocol';
import { engine } from './engine';

/**
 * The long engine tasks (exporting or importing a pond file, zipping a folder for download): the one that
 * runs, with its progress from the engine's `progress` events, or the one that failed. The task dialog shows
 * this store's `current`; a task runs one at a time (the dialog is modal).
 */
export type TaskStep =
  | { readonly step: 'running'; readonly task: PondTask; readonly what: string; readonly stage: 'read' | 'scan' | 'verify' | 'write'; readonly done: number; readonly total: number | null }
  | { readonly step: 'failed'; readonly task: PondTask; readonly what: string; readonly message: string };

export const taskStore = createStore<{ readonly current: TaskStep | null }>(() => ({ current: null }));

/** A cancel the user asked for: the task's rejection is then expected, not an error to show. */
let cancelled = false;
let listening = false;

const set = (current: TaskStep | null): void => taskStore.setState({ current });

/**
 * Runs `work` as `task` with the `running` step and its progress; a failure becomes the `failed` step unless
 * `handled` dealt with it, a cancel clears the step. Resolves null unless the task succeeded.
 */
export async function track<T>(task: PondTask, what: string, work: () => Promise<T>, handled: (error: unknown) => boolean = () => false): Promise<T | null> {
  listen();
  cancelled = false;
  set({ step: 'running', task, what, stage: 'read', done: 0, total: null });
  try {
    const result = await work();
    set(null);
    return result;
  } catch (error) {
    if (cancelled) set(null);
    else if (handled(error)) set(null);
    else showFailure(task, what, error);
    return null;
  }
}

/** Shows a task's failure (also for quick work that never showed progress, such as downloading one file). */
export function showFailure(task: PondTask, what: string, error: unknown): void {
  set({ step: 'failed', task, what, message: error instanceof Error ? error.message : String(error) });
}

/** Asks the engine to stop the running task. */
export function cancelTask(): void {
  const current = taskStore.getState().current;
  if (current?.step !== 'running') return;
  cancelled = true;
  void engine().call('cancel', { task: current.task });
}

export function clearTask(): void {
  set(null);
}

function listen(): void {
  if (listening) return;
  listening = true;
  engine().on((event) => {
    const current = taskStore.getState().current;
    if (event.event !== 'progress' || current?.step !== 'running' || current.task !== event.task) return;
    set({ ...current, stage: event.stage, done: event.done, total: event.total });
  });
}

/** Hands bytes or a Blob to the browser as a download (the one way a page writes a file without asking for a folder). */
export function download(name: string, data: Uint8Array | Blob): void {
  const blob = data instanceof Blob ? data : new Blob([data as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name.slice(name.lastIndexOf('/') + 1);
  link.click();
  // The download has started reading the blob by now; a minute is ample before freeing it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A name for a downloaded file: `name` without the characters file systems refuse (`fallback` if nothing is left). */
export function safeFileName(name: string, fallback: string): string {
  return name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, '_').trim() || fallback;
}
