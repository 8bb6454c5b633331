import type { DBSchema, IDBPDatabase } from 'idb';
import type { Secrets } from '../ports';
import { checkSecretName } from '../secretNames';
import { Connection, type ConnectionEvents } from './connection';
import { settleWrite } from './idbWrite';
import { SECRETS_DATABASE } from './names';

interface SecretsSchema extends DBSchema {
  /** name → value. */
  secrets: { key: string; value: string };
}

/**
 * This browser's `${env:NAME}` values, in their own database: never inside a pond, so an exported pond
 * file or a mirror can never carry them (SPEC §5, §9).
 */
export class IdbSecrets implements Secrets {
  private constructor(private readonly connection: Connection<SecretsSchema>) {}

  /** Opens (creating if new) the secrets database. */
  static async open(events: ConnectionEvents = {}): Promise<IdbSecrets> {
    return new IdbSecrets(await Connection.open<SecretsSchema>(SECRETS_DATABASE, 1, upgradeSecrets, events));
  }

  async get(name: string): Promise<string | undefined> {
    return this.connection.database().get('secrets', name);
  }

  async set(name: string, value: string): Promise<void> {
    checkSecretName(name);
    const tx = this.connection.database().transaction('secrets', 'readwrite');
    await settleWrite(tx, () => [tx.store.put(value, name)], `secret ${name}`);
  }

  async delete(name: string): Promise<void> {
    await this.connection.database().delete('secrets', name);
  }

  async list(): Promise<string[]> {
    return this.connection.database().getAllKeys('secrets');
  }

  close(): void {
    this.connection.close();
  }
}

function upgradeSecrets(db: IDBPDatabase<SecretsSchema>, oldVersion: number): void {
  if (oldVersion < 1) db.createObjectStore('secrets');
}
