import { describe, expect, it } from 'vitest';
import { PondError } from '../errors';
import { type SecretLookup, expandEnv, expandString, secretLookup, staticSecrets } from './env';

async function rejection(promise: Promise<unknown>): Promise<PondError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PondError) return error;
    throw error;
  }
  throw new Error('expected a PondError, but it succeeded');
}

const secrets = staticSecrets({ TOKEN: 's3cr3t', HOST: 'example.org', EMPTY: '' });

describe('expandString', () => {
  it('replaces ${env:NAME} with the value', async () => {
    expect(await expandString('Bearer ${env:TOKEN}', secrets)).toBe('Bearer s3cr3t');
    expect(await expandString('https://${env:HOST}/${env:TOKEN}', secrets)).toBe('https://example.org/s3cr3t');
  });

  it('uses the default only when the variable is not set', async () => {
    expect(await expandString('${env:PORT:-8080}', secrets)).toBe('8080');
    expect(await expandString('${env:HOST:-localhost}', secrets)).toBe('example.org');
    expect(await expandString('${env:EMPTY:-fallback}', secrets)).toBe(''); // set, even if empty
    expect(await expandString('[${env:NOPE:-}]', secrets)).toBe('[]');
    expect(await expandString('${env:NOPE:-a:-b c}', secrets)).toBe('a:-b c');
  });

  it('turns $$ into $, which also escapes a placeholder', async () => {
    expect(await expandString('costs $$5', secrets)).toBe('costs $5');
    expect(await expandString('$${env:TOKEN}', secrets)).toBe('${env:TOKEN}');
    expect(await expandString('$$$${env:TOKEN}', secrets)).toBe('$${env:TOKEN}');
    expect(await expandString('$$${env:TOKEN}', secrets)).toBe('$s3cr3t');
    expect(await expandString('a $ alone, ${HOME} and $env stay', secrets)).toBe('a $ alone, ${HOME} and $env stay');
  });

  it('fails on a missing variable, naming it', async () => {
    const error = await rejection(expandString('x ${env:API_KEY} y', secrets));
    expect(error.kind).toBe('InvalidConfig');
    expect(error.message).toBe("InvalidConfig: missing environment value 'API_KEY' (set it in the secrets store / the process environment)");
  });

  it('fails on malformed or unterminated placeholders instead of leaving them in', async () => {
    expect((await rejection(expandString('${env:my-var}', secrets))).message).toContain("malformed placeholder '${env:my-var}'");
    expect((await rejection(expandString('${env:}', secrets))).kind).toBe('InvalidConfig');
    expect((await rejection(expandString('${env:1ST}', secrets))).message).toContain("'1ST' is not a variable name");
    expect((await rejection(expandString('abc ${env:TOKEN', secrets))).message).toContain("unterminated placeholder '${env:TOKEN'");
  });
});

describe('expandEnv', () => {
  it('walks mappings and lists, expanding strings only and never keys, without touching its input', async () => {
    const config = {
      url: 'https://${env:HOST}/api',
      retries: 3,
      enabled: true,
      nothing: null,
      headers: { '${env:TOKEN}': 'Bearer ${env:TOKEN}', price: '$$1' },
      targets: ['${env:HOST}', { port: '${env:PORT:-443}' }, 7],
    };
    const before = structuredClone(config);
    expect(await expandEnv(config, secrets)).toEqual({
      url: 'https://example.org/api',
      retries: 3,
      enabled: true,
      nothing: null,
      headers: { '${env:TOKEN}': 'Bearer s3cr3t', price: '$1' },
      targets: ['example.org', { port: '443' }, 7],
    });
    expect(config).toEqual(before);
  });

  it('looks each variable up once per expansion, and again on the next one', async () => {
    const asked: string[] = [];
    let value = 'one';
    const lookup: SecretLookup = async (name) => {
      asked.push(name);
      return name === 'V' ? value : undefined;
    };
    expect(await expandEnv({ a: '${env:V}', b: ['${env:V}', '${env:W:-w}'] }, lookup)).toEqual({ a: 'one', b: ['one', 'w'] });
    expect(asked).toEqual(['V', 'W']);
    value = 'two';
    expect(await expandEnv({ a: '${env:V}' }, lookup)).toEqual({ a: 'two' });
  });

  it('fails naming the first missing variable', async () => {
    const error = await rejection(expandEnv({ ok: '${env:HOST}', list: ['${env:MISSING_ONE}'] }, secrets));
    expect(error.message).toContain("missing environment value 'MISSING_ONE'");
  });

  it('keeps a __proto__ key as data', async () => {
    const config = JSON.parse('{"__proto__": {"polluted": "${env:HOST}"}}') as Record<string, unknown>;
    const out = (await expandEnv(config, secrets)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: 'example.org' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('secret sources', () => {
  it('accepts a lookup function or a store with get()', async () => {
    const store = { get: async (name: string) => (name === 'A' ? 'from-store' : undefined) };
    expect(await expandString('${env:A}', secretLookup(store))).toBe('from-store');
    expect(await expandString('${env:A:-d}', secretLookup(async () => undefined))).toBe('d');
  });
});
