import type { BundleProgress } from '../../bundle';
import { PondError } from '../../errors';
import type { EngineEvent, PondTask } from './protocol';

/** At most this often a task reports progress (plus every change of stage): enough for a smooth bar, few messages. */
const PROGRESS_INTERVAL_MS = 100;

export interface RunningTask {
  readonly signal: AbortSignal;
  readonly onProgress: (progress: BundleProgress) => void;
}

/**
 * The pond-file tasks that are running, so that a `cancel` request (which the worker handles out of turn)
 * can abort them, and so that their progress reaches the UI as `progress` events.
 */
export class Tasks {
  private readonly running = new Map<PondTask, AbortController>();

  constructor(private readonly emit: (event: EngineEvent) => void) {}

  /** Runs `work` as `task`, with its abort signal and progress reporter. */
  async run<T>(task: PondTask, work: (running: RunningTask) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.running.set(task, controller);
    let stage: string | null = null;
    let last = 0;
    const onProgress = ({ stage: now, bytes, totalBytes }: BundleProgress): void => {
      const time = Date.now();
      if (now === stage && time - last < PROGRESS_INTERVAL_MS && bytes !== totalBytes) return;
      stage = now;
      last = time;
      this.emit({ event: 'progress', task, stage: now, done: bytes, total: totalBytes });
    };
    try {
      return await work({ signal: controller.signal, onProgress });
    } finally {
      if (this.running.get(task) === controller) this.running.delete(task);
    }
  }

  cancel(task: PondTask): boolean {
    const controller = this.running.get(task);
    controller?.abort();
    return controller !== undefined;
  }
}

/** Ends a task between two of its steps once the user cancelled it (the same error as a cancelled export). */
export function throwIfCancelled(signal: AbortSignal, task: PondTask): void {
  if (signal.aborted) throw new PondError('Conflict', `${task} cancelled`);
}
