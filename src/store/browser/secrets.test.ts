import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { expect, it } from 'vitest';
import { secretsContract } from '../secrets.contract';
import { SECRETS_DATABASE } from './names';
import { IdbSecrets } from './secrets';

let open: IdbSecrets | undefined;

secretsContract('IdbSecrets', async () => {
  // One database per browser: start each test from an empty one.
  open?.close();
  await deleteDB(SECRETS_DATABASE);
  open = await IdbSecrets.open();
  return open;
});

it('keeps secrets in their own database, across reopening', async () => {
  open?.close();
  const secrets = await IdbSecrets.open();
  await secrets.set('TOKEN', 'kept');
  secrets.close();
  const again = await IdbSecrets.open();
  expect(await again.get('TOKEN')).toBe('kept');
  again.close();
  const names = (await indexedDB.databases()).map((d) => d.name);
  expect(names).toContain('duckpond:secrets');
  expect(names.filter((n) => n?.startsWith('duckpond:pond:'))).toEqual([]);
});
