// Node module hooks that let a child process of the tests import this project's TypeScript sources
// directly (Node 20 cannot strip types itself): `.ts` files are transpiled with the TypeScript transform
// that Vite already ships (rolldown's oxc), and extensionless relative imports resolve to `.ts` files, as
// Vite resolves them. Test-only; registered by `registerTs.mjs`.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'rolldown/experimental';

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (!relative || !context.parentURL?.endsWith('.ts')) throw error;
    for (const suffix of ['.ts', '/index.ts']) {
      try {
        return await nextResolve(`${specifier}${suffix}`, context);
      } catch {
        // try the next form
      }
    }
    throw error;
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const result = transformSync(path, await readFile(path, 'utf8'));
  if (result.errors.length > 0) throw new Error(`cannot transpile ${path}: ${result.errors.map((e) => e.message).join('; ')}`);
  return { format: 'module', source: result.code, shortCircuit: true };
}
