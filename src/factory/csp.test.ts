import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * SPEC §5/§10: schema validation must not generate code at run time (the CSP has no 'unsafe-eval'). The
 * validator (@cfworker/json-schema) interprets schemas and the `template` factory's engine (mustache) interprets
 * templates; this guards that none of them nor `yaml` ships code that builds functions from strings, so an
 * upgrade that starts to would fail here, not in the browser.
 */
const repoRoot = join(import.meta.dirname, '..', '..');
const CODEGEN = /new\s+Function\s*\(|(?<![\w$.])eval\s*\(|(?<![\w$.])Function\s*\(\s*['"`]/;

function scripts(dir: string): string[] {
  return (readdirSync(join(repoRoot, dir), { recursive: true, encoding: 'utf8' }) as string[])
    .filter((path) => /\.(m?js|cjs)$/.test(path))
    .map((path) => join(dir, path));
}

describe('no run-time code generation in the config pipeline', () => {
  it.each([
    ['node_modules/@cfworker/json-schema/dist/esm', 4],
    ['node_modules/yaml/browser/dist', 4],
    // mustache ships one module per format (ESM, UMD, minified); the app bundles the ESM one.
    ['node_modules/mustache', 3],
  ] as const)('%s builds no functions from strings', (dir, atLeast) => {
    const files = scripts(dir);
    expect(files.length).toBeGreaterThanOrEqual(atLeast);
    const offenders = files.filter((file) => CODEGEN.test(readFileSync(join(repoRoot, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the pattern it looks for does find code generation', () => {
    expect(['const f = new Function("a", "return a")', 'eval(src)', "Function('return this')()"].every((s) => CODEGEN.test(s))).toBe(true);
    expect(['retrieval(x)', 'obj.eval(x)', 'isFunction(x)'].some((s) => CODEGEN.test(s))).toBe(false);
  });
});
