import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { PondError } from '../../errors';
import { checkTimeout, lockTimeoutError } from '../lock';
import type { LockHandle, WriteLock } from '../ports';
import { RUNNER_LOCK_FILE, WRITE_LOCK_FILE } from './directoryLogStore';
import { createFileExclusive, isErrno, unlinkIfPresent } from './fsUtil';

/**
 * The pond's write lock across the processes of one machine (SPEC §6): a lock file, created atomically
 * (written to a temporary file, then hard-linked into place, so it is never seen half-written), holding
 * `{ pid, host, holder, since }`.
 *
 * - Waiters poll with backoff until `timeoutMs`, then fail with `PondLocked` naming the holder.
 * - A lock file whose pid is on this host and no longer runs is taken over, with a warning to `onTakeover`.
 *   A file from another host is never taken over (its pid means nothing here): remove it by hand.
 * - `release` removes the file only if it still holds what this handle wrote.
 * - Within one process, every `LockFileWriteLock` on the same path shares one FIFO queue; only the head of
 *   the queue polls the file. Between processes there is no order: whoever polls first after a release wins.
 *
 * Taking over a dead holder's file is a compare-and-swap that files do not offer directly, so it is done
 * under a takeover marker named after the dead file's content (`<lock>.takeover-<hash>`), created
 * put-if-absent: of several processes that saw the same dead holder, one removes the file (after checking,
 * under the marker, that it is still that same file) and the others only retry. A marker left by a process
 * that died inside this tiny window is itself taken over by the same rule.
 */
export interface LockFileWriteLockOptions {
  /** Called with a warning when a dead holder's lock is taken over (the CLI prints it). */
  readonly onTakeover?: (warning: string) => void;
  /** First and longest pause between polls of a held lock file, in ms (default 10 and 250). */
  readonly minPollMs?: number;
  readonly maxPollMs?: number;
}

/** What a lock file holds. */
export interface LockFileContent {
  readonly pid: number;
  readonly host: string;
  readonly holder: string;
  /** ISO time the lock was taken. */
  readonly since: string;
}

export class LockFileWriteLock implements WriteLock {
  /** The lock file, absolute. */
  readonly path: string;

  constructor(
    path: string,
    private readonly options: LockFileWriteLockOptions = {},
  ) {
    this.path = resolve(path);
  }

  /** The write lock (or the post-commit runner's lock) of the pond directory `pondDir`. */
  static forPond(pondDir: string, which: 'write' | 'runner' = 'write', options: LockFileWriteLockOptions = {}): LockFileWriteLock {
    return new LockFileWriteLock(join(pondDir, which === 'write' ? WRITE_LOCK_FILE : RUNNER_LOCK_FILE), options);
  }

  async acquire(options: { holder: string; timeoutMs: number; onWait?: (holder: string | null) => void }): Promise<LockHandle> {
    checkTimeout(options.timeoutMs);
    return queueFor(this.path).enqueue({
      holder: options.holder,
      timeoutMs: options.timeoutMs,
      onWait: options.onWait,
      onTakeover: this.options.onTakeover,
      minPollMs: this.options.minPollMs ?? 10,
      maxPollMs: this.options.maxPollMs ?? 250,
    });
  }
}

interface Request {
  readonly holder: string;
  readonly timeoutMs: number;
  readonly onWait: ((holder: string | null) => void) | undefined;
  readonly onTakeover: ((warning: string) => void) | undefined;
  readonly minPollMs: number;
  readonly maxPollMs: number;
}

interface Waiter extends Request {
  readonly resolve: (handle: LockHandle) => void;
  readonly reject: (error: unknown) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** onWait has been called (it is called at most once). */
  waited: boolean;
  /** An attempt on the file is in flight for this waiter: its timeout waits for the attempt's outcome. */
  attempting: boolean;
  expired: boolean;
}

type Attempt = { readonly taken: true; readonly text: string } | { readonly taken: false; readonly holder: string | null; readonly retryNow: boolean };

/** The in-process queues, one per lock file path. */
const queues = new Map<string, LockQueue>();

function queueFor(path: string): LockQueue {
  let queue = queues.get(path);
  if (queue === undefined) {
    queue = new LockQueue(path);
    queues.set(path, queue);
  }
  return queue;
}

class LockQueue {
  private readonly waiters: Waiter[] = [];
  /** This process's holder of the lock, if any. */
  private held: string | null = null;
  /** The holder last read from the file (another process's), for messages. */
  private lastSeen: string | null = null;
  private running = false;
  private wake: (() => void) | null = null;

  constructor(private readonly path: string) {}

  enqueue(request: Request): Promise<LockHandle> {
    return new Promise<LockHandle>((resolve, reject) => {
      const waiter: Waiter = { ...request, resolve, reject, timer: undefined, waited: false, attempting: false, expired: false };
      // Busy in this process: wait in line at once. Otherwise the first attempt on the file decides.
      if (this.held !== null || this.waiters.length > 0) this.waiting(waiter, this.held ?? this.lastSeen);
      this.waiters.push(waiter);
      // setTimeout fires at once beyond 2^31-1 ms (~24.8 days): clamp, that is "forever" for a lock.
      waiter.timer = setTimeout(() => this.expire(waiter), Math.min(request.timeoutMs, 2 ** 31 - 1));
      void this.run();
    });
  }

  private waiting(waiter: Waiter, holder: string | null): void {
    if (waiter.waited) return;
    waiter.waited = true;
    waiter.onWait?.(holder);
  }

  private expire(waiter: Waiter): void {
    // An attempt in flight finishes first: the waiter then gets the lock or its timeout, never both.
    if (waiter.attempting) {
      waiter.expired = true;
      return;
    }
    this.remove(waiter);
    waiter.reject(lockTimeoutError(this.held ?? this.lastSeen, waiter.timeoutMs));
    this.wake?.();
  }

  private remove(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
    if (this.waiters.length === 0 && this.held === null && !this.running) queues.delete(this.path);
  }

  /** Serves the queue head: tries the file, polls with backoff while another process holds it. */
  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      let delay = 0;
      let immediateRetries = 0;
      while (this.held === null) {
        const head = this.waiters[0];
        if (head === undefined) break;
        head.attempting = true;
        let attempt: Attempt;
        try {
          attempt = await tryTake(this.path, head);
        } catch (error) {
          head.attempting = false;
          this.remove(head);
          head.reject(error);
          continue;
        } finally {
          head.attempting = false;
        }
        if (attempt.taken) {
          this.remove(head);
          head.resolve(this.grant(head.holder, attempt.text));
          break;
        }
        this.lastSeen = attempt.holder;
        if (head.expired) {
          this.remove(head);
          head.reject(lockTimeoutError(attempt.holder, head.timeoutMs));
          continue;
        }
        // Right after a takeover, or when the file vanished under us: try again at once (a few times).
        if (attempt.retryNow && immediateRetries++ < 3) continue;
        immediateRetries = 0;
        this.waiting(head, attempt.holder);
        delay = delay === 0 ? head.minPollMs : Math.min(delay * 2, head.maxPollMs);
        await this.sleep(delay);
      }
    } finally {
      this.running = false;
      if (this.waiters.length === 0 && this.held === null) queues.delete(this.path);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private grant(holder: string, text: string): LockHandle {
    this.held = holder;
    queues.set(this.path, this);
    let released = false;
    return {
      release: async () => {
        // A second release must not free the lock of whoever holds it next.
        if (released) return;
        released = true;
        try {
          await removeIfOurs(this.path, text);
        } finally {
          this.held = null;
          void this.run();
        }
      },
    };
  }
}

/** One attempt to create the lock file for `waiter`; on a dead holder, takes it over and asks to retry. */
async function tryTake(path: string, waiter: Waiter): Promise<Attempt> {
  const content: LockFileContent = { pid: process.pid, host: hostname(), holder: waiter.holder, since: new Date().toISOString() };
  const text = `${JSON.stringify(content, null, 2)}\n`;
  try {
    if (await createFileExclusive(path, text, dirname(path), `${basename(path)}.new`)) return { taken: true, text };
  } catch (error) {
    if (isErrno(error, 'ENOENT')) throw new PondError('NotFound', `lock directory ${dirname(path)}`, { cause: error });
    throw error;
  }
  const current = await readLockFile(path);
  if (current === null) return { taken: false, holder: null, retryNow: true }; // released meanwhile
  if (current.content !== null && isDeadHere(current.content)) {
    if (await removeDead(path, current.text, 0)) {
      const { holder, pid, host, since } = current.content;
      waiter.onTakeover?.(
        `taking over the lock ${path}: its holder '${holder}' (pid ${pid} on ${host}, since ${since}) is no longer running`,
      );
    }
    return { taken: false, holder: current.content.holder, retryNow: true };
  }
  return { taken: false, holder: describe(path, current.content), retryNow: false };
}

function describe(path: string, content: LockFileContent | null): string {
  return content === null ? `an unreadable lock file ${path}` : content.holder;
}

/** The lock file's text and, when it is well-formed, its content; null when there is no file. */
async function readLockFile(path: string): Promise<{ text: string; content: LockFileContent | null } | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
  return { text, content: parseLockFile(text) };
}

export function parseLockFile(text: string): LockFileContent | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { pid, host, holder, since } = value as Record<string, unknown>;
  // A pid must be a positive integer: `kill(0)` or a negative pid would signal a whole process group.
  if (!Number.isSafeInteger(pid) || (pid as number) <= 0) return null;
  if (typeof host !== 'string' || typeof holder !== 'string' || typeof since !== 'string') return null;
  return { pid: pid as number, host, holder, since };
}

/** The file's process is on this machine and has exited. Our own pid is alive by definition. */
function isDeadHere(content: LockFileContent): boolean {
  return content.host === hostname() && content.pid !== process.pid && !isRunning(content.pid);
}

/** Whether a process with `pid` exists (signal 0 checks without sending anything). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but is not ours to signal. Anything else unknown: assume alive (never steal on doubt).
    return !isErrno(error, 'ESRCH');
  }
}

/**
 * Removes the lock file at `path` if it still holds `observed` (a dead holder's file), as a compare-and-swap
 * under the takeover marker of that content. True when this call removed it.
 */
async function removeDead(path: string, observed: string, depth: number): Promise<boolean> {
  const marker = `${path}.takeover-${createHash('sha256').update(observed).digest('hex').slice(0, 16)}`;
  const mine: LockFileContent = { pid: process.pid, host: hostname(), holder: `takeover of ${path}`, since: new Date().toISOString() };
  if (!(await createFileExclusive(marker, `${JSON.stringify(mine, null, 2)}\n`, dirname(path), `${basename(path)}.new`))) {
    // Someone else is taking it over. If they died doing so, clear their marker (same rule, one level).
    const other = await readLockFile(marker);
    if (depth < 2 && other?.content != null && isDeadHere(other.content)) await removeDead(marker, other.text, depth + 1);
    return false;
  }
  try {
    const now = await readLockFile(path);
    if (now === null || now.text !== observed) return false;
    await unlinkIfPresent(path);
    return true;
  } finally {
    await unlinkIfPresent(marker);
  }
}

/** Removes the lock file only if it still holds what we wrote (nobody took it over, nobody removed it). */
async function removeIfOurs(path: string, text: string): Promise<void> {
  const current = await readLockFile(path);
  if (current?.text === text) await unlinkIfPresent(path);
}
