import { expect, it, vi } from 'vitest';
import { changeNotifierContract } from '../changeNotifier.contract';
import type { ChangeEvent } from '../ports';
import { BroadcastChangeNotifier } from './broadcastNotifier';

let ponds = 0;

// Node 20 has BroadcastChannel: channels of the same name in one process talk to each other.
changeNotifierContract('BroadcastChangeNotifier', () => {
  const localId = `pond-${++ponds}`;
  return () => new BroadcastChangeNotifier(localId);
});

it('uses one channel per local id, and drops messages that are not change events', async () => {
  const receiver = new BroadcastChangeNotifier('p-a');
  const otherPond = new BroadcastChangeNotifier('p-b');
  const seen: ChangeEvent[] = [];
  receiver.subscribe((event) => seen.push(event));
  // Another version of the app, or anything else, posting on our channel.
  const raw = new BroadcastChannel('duckpond:changes:p-a');
  for (const junk of [null, 'hello', { pond: 'p-a' }, { pond: 'p-a', txnSeq: 0 }, { pond: '', txnSeq: 1 }]) raw.postMessage(junk);
  otherPond.publish({ pond: 'p-b', txnSeq: 1 });
  raw.postMessage({ pond: 'p-a', txnSeq: 5, extra: 'dropped' });
  await vi.waitFor(() => expect(seen).toHaveLength(1));
  await new Promise((resolve) => setTimeout(resolve, 30));
  expect(seen).toEqual([{ pond: 'p-a', txnSeq: 5 }]);
  for (const closable of [receiver, otherPond, raw]) closable.close();
});
