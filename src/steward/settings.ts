/** Pond settings (SPEC §6, §7 `config set`): `factory_mode:<factory>` = push|pull, `timeout:<factory>` = ms. */
export type Settings = Readonly<Record<string, string>>;

/** Where the current settings live (their history is in the control table). */
export const SETTINGS_KEY = 'settings';

export const DEFAULT_RUN_TIMEOUT_MS = 60_000;

/** The factory's mode; `undefined` when unset (which means push, and gets written down). */
export function factoryMode(settings: Settings, factory: string): 'push' | 'pull' | undefined {
  const value = settings[`factory_mode:${factory}`];
  return value === 'push' || value === 'pull' ? value : undefined;
}

/** A per-factory run timeout in ms, if one is set. */
export function runTimeout(settings: Settings, factory: string): number | undefined {
  const value = settings[`timeout:${factory}`];
  return value === undefined ? undefined : Number(value);
}
