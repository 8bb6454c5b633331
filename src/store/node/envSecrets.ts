import { PondError } from '../../errors';
import type { Secrets } from '../ports';
import { checkSecretName } from '../secretNames';

export interface EnvSecretsOptions {
  /**
   * Let `set`/`delete` change the environment record given (for this process only: nothing is saved).
   * Off by default, where they fail with `ReadOnly`.
   */
  readonly writable?: boolean;
}

/**
 * `${env:NAME}` for the CLI: the process environment. Values are never stored anywhere by this adapter.
 * By default read-only: a secret the CLI should see is set in its environment (`export NAME=…`), which a
 * command cannot do for its caller, so `set`/`delete` fail with a `ReadOnly` error saying so.
 */
export class EnvSecrets implements Secrets {
  constructor(
    private readonly env: Record<string, string | undefined> = process.env,
    private readonly options: EnvSecretsOptions = {},
  ) {}

  async get(name: string): Promise<string | undefined> {
    return Object.hasOwn(this.env, name) ? this.env[name] : undefined;
  }

  async set(name: string, value: string): Promise<void> {
    checkSecretName(name);
    this.checkWritable(name);
    this.env[name] = value;
  }

  async delete(name: string): Promise<void> {
    this.checkWritable(name);
    delete this.env[name];
  }

  /** Every variable that can be written as `${env:NAME}`, sorted. */
  async list(): Promise<string[]> {
    return Object.keys(this.env)
      .filter((name) => this.env[name] !== undefined && isSecretName(name))
      .sort();
  }

  private checkWritable(name: string): void {
    if (this.options.writable !== true) {
      throw new PondError('ReadOnly', `secrets come from the environment here: set ${name} in the environment of the duckpond command`);
    }
  }
}

function isSecretName(name: string): boolean {
  try {
    checkSecretName(name);
    return true;
  } catch {
    return false;
  }
}
