import { describe, expect, it, vi } from 'vitest';
import type { ChangeEvent, ChangeNotifier } from './ports';
import { rejection } from './testing';

/**
 * The behaviour every `ChangeNotifier` must have. `makeChannel` sets up one pond's channel and returns a
 * function that opens another tab's notifier on it. The test closes every notifier it opens.
 */
export function changeNotifierContract(name: string, makeChannel: () => () => ChangeNotifier): void {
  describe(`${name} (ChangeNotifier contract)`, () => {
    /** Long enough for a channel message to cross (BroadcastChannel delivers through the event loop). */
    const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

    function tabs(count: number): { notifiers: ChangeNotifier[]; seen: ChangeEvent[][]; close: () => void } {
      const open = makeChannel();
      const notifiers = Array.from({ length: count }, open);
      const seen = notifiers.map((notifier) => {
        const events: ChangeEvent[] = [];
        notifier.subscribe((event) => events.push(event));
        return events;
      });
      return { notifiers, seen, close: () => notifiers.forEach((n) => n.close()) };
    }

    it('delivers a publication to every other tab, later, and not back to the publisher', async () => {
      const { notifiers, seen, close } = tabs(3);
      notifiers[0]?.publish({ pond: 'p', txnSeq: 7 });
      expect(seen[1]).toEqual([]); // not inside publish
      await vi.waitFor(() => expect(seen[1]).toHaveLength(1));
      await vi.waitFor(() => expect(seen[2]).toHaveLength(1));
      expect(seen[1]).toEqual([{ pond: 'p', txnSeq: 7 }]);
      await settle();
      expect(seen[0]).toEqual([]);
      expect(seen[2]).toEqual([{ pond: 'p', txnSeq: 7 }]);
      close();
    });

    it('keeps the order of one tab’s publications', async () => {
      const { notifiers, seen, close } = tabs(2);
      for (const txnSeq of [1, 2, 3]) notifiers[0]?.publish({ pond: 'p', txnSeq });
      await vi.waitFor(() => expect(seen[1]).toHaveLength(3));
      expect(seen[1]?.map((e) => e.txnSeq)).toEqual([1, 2, 3]);
      close();
    });

    it('stops delivering after unsubscribe, and counts a function subscribed twice twice', async () => {
      const { notifiers, close } = tabs(2);
      const calls: number[] = [];
      const listener = (event: ChangeEvent) => calls.push(event.txnSeq);
      const off = notifiers[1]?.subscribe(listener);
      notifiers[1]?.subscribe(listener);
      notifiers[0]?.publish({ pond: 'p', txnSeq: 1 });
      await vi.waitFor(() => expect(calls).toEqual([1, 1]));
      off?.();
      notifiers[0]?.publish({ pond: 'p', txnSeq: 2 });
      await vi.waitFor(() => expect(calls).toEqual([1, 1, 2]));
      await settle();
      expect(calls).toEqual([1, 1, 2]);
      close();
    });

    it('gives each listener its own event object', async () => {
      const { notifiers, close } = tabs(2);
      const received: ChangeEvent[] = [];
      notifiers[1]?.subscribe((event) => {
        (event as { txnSeq: number }).txnSeq = 99;
        received.push(event);
      });
      notifiers[1]?.subscribe((event) => received.push(event));
      const published = { pond: 'p', txnSeq: 4 };
      notifiers[0]?.publish(published);
      await vi.waitFor(() => expect(received).toHaveLength(2));
      expect(received[1]).toEqual({ pond: 'p', txnSeq: 4 });
      expect(published.txnSeq).toBe(4);
      close();
    });

    it('delivers nothing to a closed tab, and refuses use after close', async () => {
      const { notifiers, seen, close } = tabs(3);
      notifiers[1]?.close();
      notifiers[0]?.publish({ pond: 'p', txnSeq: 1 });
      await vi.waitFor(() => expect(seen[2]).toHaveLength(1));
      await settle();
      expect(seen[1]).toEqual([]);
      const closed = notifiers[1];
      expect((await rejection((async () => closed?.publish({ pond: 'p', txnSeq: 2 }))())).kind).toBe('Unsupported');
      expect((await rejection((async () => closed?.subscribe(() => {}))())).kind).toBe('Unsupported');
      close();
    });
  });
}
