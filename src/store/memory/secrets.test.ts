import { expect, it } from 'vitest';
import { secretsContract } from '../secrets.contract';
import { rejection } from '../testing';
import { MemorySecrets } from './secrets';

secretsContract('MemorySecrets', async () => new MemorySecrets());

it('starts from the given values, checking their names', async () => {
  expect(await new MemorySecrets({ B: '2', A: '1' }).list()).toEqual(['A', 'B']);
  expect(await new MemorySecrets({ A: '1' }).get('A')).toBe('1');
  expect((await rejection((async () => new MemorySecrets({ 'no-dash': 'x' }))())).kind).toBe('InvalidName');
});
