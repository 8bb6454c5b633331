import { checkSecretName } from '../secretNames';
import type { Secrets } from '../ports';

/** Secrets in a Map (tests; the CLI fills one from its environment). */
export class MemorySecrets implements Secrets {
  private readonly values: Map<string, string>;

  constructor(initial: Readonly<Record<string, string>> = {}) {
    for (const name of Object.keys(initial)) checkSecretName(name);
    this.values = new Map(Object.entries(initial));
  }

  async get(name: string): Promise<string | undefined> {
    return this.values.get(name);
  }

  async set(name: string, value: string): Promise<void> {
    checkSecretName(name);
    this.values.set(name, value);
  }

  async delete(name: string): Promise<void> {
    this.values.delete(name);
  }

  async list(): Promise<string[]> {
    return [...this.values.keys()].sort();
  }
}
