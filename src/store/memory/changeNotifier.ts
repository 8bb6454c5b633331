import { copyChangeEvent } from '../changes';
import { Listeners } from '../listeners';
import { closedError } from '../closed';
import type { ChangeEvent, ChangeNotifier } from '../ports';

/** What the notifiers of one process share, like the browser's channel between tabs. */
export class MemoryChangeHub {
  private readonly notifiers = new Set<MemoryChangeNotifier>();

  /** A new notifier on this hub (one per simulated tab). */
  connect(): MemoryChangeNotifier {
    const notifier = new MemoryChangeNotifier(this);
    this.notifiers.add(notifier);
    return notifier;
  }

  /** @internal Delivers `event` to every connected notifier but `from`. */
  broadcast(from: MemoryChangeNotifier, event: ChangeEvent): void {
    for (const notifier of this.notifiers) if (notifier !== from) notifier.deliver(event);
  }

  /** @internal */
  disconnect(notifier: MemoryChangeNotifier): void {
    this.notifiers.delete(notifier);
  }
}

/** One simulated tab's end of a `MemoryChangeHub`; delivery is asynchronous, as a BroadcastChannel's. */
export class MemoryChangeNotifier implements ChangeNotifier {
  private readonly listeners = new Listeners<ChangeEvent>();
  private closed = false;

  /** Use `hub.connect()`. */
  constructor(private readonly hub: MemoryChangeHub) {}

  publish(event: ChangeEvent): void {
    if (this.closed) throw closedError('change notifier');
    this.hub.broadcast(this, copyChangeEvent(event));
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    if (this.closed) throw closedError('change notifier');
    return this.listeners.add(listener);
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.hub.disconnect(this);
  }

  /** @internal */
  deliver(event: ChangeEvent): void {
    this.listeners.emit(event, copyChangeEvent);
  }
}
