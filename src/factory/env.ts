import { PondError } from '../errors';

/**
 * `${env:NAME}` placeholders (SPEC §5). Configs are stored raw; the registry expands them at every factory
 * call, so a changed secret is seen by the next read or run. Values come from the process environment in
 * the CLI and from the browser's secrets store in the app: both reach this layer as a {@link SecretLookup}.
 *
 * Grammar, in strings only (keys are never expanded):
 * - `${env:NAME}`: the value of NAME; missing → `InvalidConfig` naming NAME;
 * - `${env:NAME:-default}`: the value of NAME, or `default` (up to the first `}`) when NAME is not set;
 * - `$$`: a literal `$` (so `$${env:X}` is the text `${env:X}`);
 * - NAME is letters, digits and `_`, not starting with a digit; any other `${env:…}` is an error, while a
 *   `$` not followed by `$` or `{env:` is left as it is.
 */

/** The port factories read secrets through: the value of `name`, or undefined when it is not set. */
export type SecretLookup = (name: string) => Promise<string | undefined>;

/** Anything that can answer secret lookups: a function, or a store with `get` (the steward's `Secrets`). */
export type SecretSource = SecretLookup | { get(name: string): Promise<string | undefined> };

export function secretLookup(source: SecretSource): SecretLookup {
  return typeof source === 'function' ? source : (name) => source.get(name);
}

/** A lookup over a fixed map (tests, the CLI's snapshot of its environment). */
export function staticSecrets(values: Readonly<Record<string, string | undefined>>): SecretLookup {
  return async (name) => (Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined);
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TOKEN = /\$\$|\$\{env:([^}]*)(\})?/g;

/** Whether a string contains anything `expandString` would change. */
export function hasPlaceholders(text: string): boolean {
  return text.includes('$$') || text.includes('${env:');
}

/** Expands the placeholders of one string. */
export async function expandString(text: string, lookup: SecretLookup, cache: Map<string, string | undefined> = new Map()): Promise<string> {
  if (!hasPlaceholders(text)) return text;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    out += text.slice(last, match.index);
    last = match.index + match[0].length;
    if (match[0] === '$$') {
      out += '$';
      continue;
    }
    const body = match[1] ?? '';
    if (match[2] === undefined) {
      throw new PondError('InvalidConfig', `unterminated placeholder '${match[0]}' (write \${env:NAME} or \${env:NAME:-default}; $$ for a literal $)`);
    }
    const separator = body.indexOf(':-');
    const name = separator < 0 ? body : body.slice(0, separator);
    if (!NAME.test(name)) {
      throw new PondError('InvalidConfig', `malformed placeholder '${match[0]}': '${name}' is not a variable name (letters, digits and _, not starting with a digit)`);
    }
    if (!cache.has(name)) cache.set(name, await lookup(name));
    const value = cache.get(name);
    if (value !== undefined) out += value;
    else if (separator >= 0) out += body.slice(separator + 2);
    else throw new PondError('InvalidConfig', `missing environment value '${name}' (set it in the secrets store / the process environment)`);
  }
  return out + text.slice(last);
}

/**
 * A copy of a parsed config with every string's placeholders expanded (mappings and lists walked, keys
 * kept). Each variable is looked up once per call, so one expansion sees one value of it.
 */
export async function expandEnv<T>(config: T, lookup: SecretLookup): Promise<T> {
  const cache = new Map<string, string | undefined>();
  const walk = async (value: unknown): Promise<unknown> => {
    if (typeof value === 'string') return expandString(value, lookup, cache);
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const item of value) out.push(await walk(item));
      return out;
    }
    if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        // defineProperty: a `__proto__` key stays a plain key, as the YAML parser made it.
        Object.defineProperty(out, key, { value: await walk(item), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return value;
  };
  return (await walk(config)) as T;
}
