import { expect, it } from 'vitest';
import { changeNotifierContract } from '../changeNotifier.contract';
import { MemoryChangeHub } from './changeNotifier';

changeNotifierContract('MemoryChangeNotifier', () => {
  const hub = new MemoryChangeHub();
  return () => hub.connect();
});

it('keeps hubs apart', async () => {
  const a = new MemoryChangeHub().connect();
  const b = new MemoryChangeHub().connect();
  const seen: number[] = [];
  b.subscribe((event) => seen.push(event.txnSeq));
  a.publish({ pond: 'p', txnSeq: 1 });
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(seen).toEqual([]);
  a.close();
  b.close();
});
