import { PondError } from '../errors';
import type { DynamicChild, DynamicFactory, FactoryResolver } from './dynamic';

/**
 * A minimal factory resolver for TinyFS tests (the real registry lives in src/factory). Configs are
 * simple `key: value` lines so TinyFS tests need no YAML parser; it is not used by the product.
 */
export function testResolver(extra: DynamicFactory[] = []): FactoryResolver & { calls: string[] } {
  const calls: string[] = [];
  const factories = new Map<string, DynamicFactory>();
  const add = (f: DynamicFactory): void => void factories.set(f.name, f);
  add({
    name: 'test-file',
    async createFile(config) {
      calls.push('test-file.createFile');
      const content = simpleConfig(config)['content'];
      if (content === undefined) throw new PondError('InvalidConfig', "test-file: missing key 'content'");
      return encode(content);
    },
  });
  add({
    name: 'test-dir',
    async createDirectory(config) {
      calls.push('test-dir.createDirectory');
      if (simpleConfig(config)['name'] === undefined) throw new PondError('InvalidConfig', "test-dir: missing key 'name'");
      return [];
    },
  });
  // Lists one `test-file` child per `child-<name>: <content>` line, and one nested `test-dir` per `dir-<name>:`.
  add({
    name: 'test-listing',
    async createDirectory(config) {
      calls.push('test-listing.createDirectory');
      const children: DynamicChild[] = [];
      for (const [key, value] of Object.entries(simpleConfig(config))) {
        if (key.startsWith('child-')) {
          children.push({ name: key.slice(6), entryType: 'file:dynamic', factory: 'test-file', config: encode(`content: ${value}\n`) });
        } else if (key.startsWith('dir-')) {
          children.push({ name: key.slice(4), entryType: 'dir:dynamic', factory: 'test-listing', config: encode(value.replace(/;/g, '\n')) });
        } else if (key.startsWith('raw-')) {
          children.push({ name: key.slice(4), entryType: 'file:dynamic', content: encode(value) });
        }
      }
      return children;
    },
  });
  add({ name: 'test-executor' }); // executable: no createFile, no createDirectory
  for (const f of extra) add(f);
  return {
    calls,
    resolve(name) {
      const factory = factories.get(name);
      if (factory === undefined) throw new PondError('UnknownFactory', name);
      return factory;
    },
  };
}

/** Parses `key: value` lines (comments with `#` and blank lines ignored). */
export function simpleConfig(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of new TextDecoder().decode(bytes).split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const colon = trimmed.indexOf(':');
    if (colon < 0) throw new PondError('InvalidConfig', `not a 'key: value' line: ${trimmed}`);
    out[trimmed.slice(0, colon).trim()] = trimmed.slice(colon + 1).trim();
  }
  return out;
}

export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
export const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** Runs `action` and returns the PondError it throws; anything else (or no error) fails the caller's test. */
export async function failure(action: () => unknown): Promise<PondError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof PondError) return error;
    throw error;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}

/** mulberry32: a tiny, well-known 32-bit PRNG; the same seed always gives the same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded choices for fuzz tests: the same seed replays the same run exactly. */
export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, weight] of choices) {
      r -= weight;
      if (r < 0) return value;
    }
    const last = choices[choices.length - 1];
    if (last === undefined) throw new Error('weighted pick from an empty list');
    return last[0];
  }
  bytes(n: number): Uint8Array {
    return Uint8Array.from({ length: n }, () => this.int(256));
  }
}

/**
 * Which seeds a fuzz test runs and how long: `FUZZ_SEED=n` replays one seed, `FUZZ_SEEDS=n` runs seeds 1..n,
 * `FUZZ_OPS=n` sets the length; the defaults are the short CI run. `env` is passed in (tests give process.env).
 */
export function fuzzPlan(env: Record<string, string | undefined>, defaults: { seeds: number; ops: number }): { seeds: number[]; ops: number } {
  const int = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not '${raw}'`);
    return value;
  };
  const one = env['FUZZ_SEED'];
  const seeds = one !== undefined && one !== '' ? [int('FUZZ_SEED', 0)] : Array.from({ length: int('FUZZ_SEEDS', defaults.seeds) }, (_, i) => i + 1);
  return { seeds, ops: int('FUZZ_OPS', defaults.ops) };
}
