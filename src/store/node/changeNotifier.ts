import { resolve } from 'node:path';
import { copyChangeEvent } from '../changes';
import { closedError } from '../closed';
import { Listeners } from '../listeners';
import type { ChangeEvent, ChangeNotifier } from '../ports';

/** The notifiers of this process, by pond directory. */
const channels = new Map<string, Set<FileChangeNotifier>>();

/**
 * Tells the other users of a pond directory *in this process* that a commit landed (the CLI's
 * `ChangeNotifier`). Delivery is asynchronous, as a BroadcastChannel's, and never back to the publisher.
 *
 * Across processes it is silent, on purpose: every `duckpond` command is its own short-lived process that
 * reads the latest commits when it opens the pond and again after taking the write lock, so nobody is
 * listening. A long-running Node host that must hear about other processes' commits would poll
 * `LogStore.lastTxnSeq()`; none exists yet.
 */
export class FileChangeNotifier implements ChangeNotifier {
  /** The pond directory, absolute: the channel's name. */
  readonly dir: string;
  private readonly listeners = new Listeners<ChangeEvent>();
  private closed = false;

  constructor(pondDir: string) {
    this.dir = resolve(pondDir);
    let channel = channels.get(this.dir);
    if (channel === undefined) {
      channel = new Set();
      channels.set(this.dir, channel);
    }
    channel.add(this);
  }

  publish(event: ChangeEvent): void {
    if (this.closed) throw closedError(`change notifier of ${this.dir}`);
    const copy = copyChangeEvent(event);
    for (const notifier of channels.get(this.dir) ?? []) {
      if (notifier !== this) notifier.listeners.emit(copy, copyChangeEvent);
    }
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    if (this.closed) throw closedError(`change notifier of ${this.dir}`);
    return this.listeners.add(listener);
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
    const channel = channels.get(this.dir);
    channel?.delete(this);
    if (channel?.size === 0) channels.delete(this.dir);
  }
}
