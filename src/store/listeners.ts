/**
 * The listeners of one change notifier. Each delivery runs in its own microtask, as a channel message
 * would arrive: a listener never runs inside `publish`, and one that throws does not starve the others
 * (its error is reported by the platform as uncaught, not swallowed).
 */
export class Listeners<T> {
  private readonly entries = new Set<(value: T) => void>();

  /** Adds `listener`; the same function added twice is two subscriptions. Returns the unsubscribe function. */
  add(listener: (value: T) => void): () => void {
    const entry = (value: T) => listener(value);
    this.entries.add(entry);
    return () => {
      this.entries.delete(entry);
    };
  }

  /** Delivers a fresh copy (`copy(value)`) to each listener still subscribed when its turn comes. */
  emit(value: T, copy: (value: T) => T): void {
    for (const entry of this.entries) {
      queueMicrotask(() => {
        if (this.entries.has(entry)) entry(copy(value));
      });
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
