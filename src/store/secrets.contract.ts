import { describe, expect, it } from 'vitest';
import type { Secrets } from './ports';
import { rejection } from './testing';

/** The behaviour every `Secrets` implementation must have; `makeSecrets` returns an empty one per test. */
export function secretsContract(name: string, makeSecrets: () => Promise<Secrets>): void {
  describe(`${name} (Secrets contract)`, () => {
    it('sets, overwrites, lists sorted and deletes', async () => {
      const secrets = await makeSecrets();
      expect(await secrets.list()).toEqual([]);
      await secrets.set('TOKEN', 'a');
      await secrets.set('API_KEY', 'b');
      await secrets.set('TOKEN', 'c');
      expect(await secrets.get('TOKEN')).toBe('c');
      expect(await secrets.list()).toEqual(['API_KEY', 'TOKEN']);
      await secrets.delete('TOKEN');
      await secrets.delete('NEVER_SET');
      expect(await secrets.get('TOKEN')).toBeUndefined();
      expect(await secrets.list()).toEqual(['API_KEY']);
    });

    it('refuses names that cannot be written as ${env:NAME}', async () => {
      const secrets = await makeSecrets();
      for (const bad of ['', '1ABC', 'MY-KEY', 'a b', 'x}']) {
        expect([bad, (await rejection(secrets.set(bad, 'v'))).kind]).toEqual([bad, 'InvalidName']);
      }
      expect(await secrets.list()).toEqual([]);
    });
  });
}
