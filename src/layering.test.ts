import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLayering, formatViolation, scan, type SourceFile } from './layering';

const repoRoot = join(import.meta.dirname, '..');

function sourceTree(): SourceFile[] {
  const entries = readdirSync(join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' });
  return entries
    .map((entry) => `src/${entry.split('\\').join('/')}`)
    .filter((path) => /\.tsx?$/.test(path))
    .sort()
    .map((path) => ({ path, source: readFileSync(join(repoRoot, path), 'utf8') }));
}

/** Violations as `path:line: [rule]` strings, the form the real-tree test prints on failure. */
function check(...files: SourceFile[]): string[] {
  return checkLayering(files).map(formatViolation);
}

describe('SPEC §2 layering', () => {
  it('holds for every file under src/', () => {
    const files = sourceTree();
    expect(files.map((f) => f.path)).toContain('src/layering.ts');
    // On failure, the diff lists one "file:line: [rule] message" per violation.
    expect(checkLayering(files).map(formatViolation)).toEqual([]);
  });
});

describe('layering checker (self-test: it must be able to fail)', () => {
  it('reports upward and sideways imports with file and line', () => {
    const source = [
      "import { Steward } from '../steward/steward';", // line 1: upward
      "import type { Entry } from './entry';", // same layer
      "import { PondError } from '../errors';", // everyone may
      "export * from '../store/memory';", // line 4: sideways, not in tinyfs's row
      "const lazy = () => import('../cmd/run');", // line 5: dynamic
      "type T = import('../bundle/export').Bundle;", // line 6: type import
    ].join('\n');
    expect(check({ path: 'src/tinyfs/wd.ts', source })).toEqual([
      "src/tinyfs/wd.ts:1: [layer-import] tinyfs may not import steward ('../steward/steward'); allowed: errors",
      "src/tinyfs/wd.ts:4: [layer-import] tinyfs may not import store ('../store/memory'); allowed: errors",
      "src/tinyfs/wd.ts:5: [layer-import] tinyfs may not import cmd ('../cmd/run'); allowed: errors",
      "src/tinyfs/wd.ts:6: [layer-import] tinyfs may not import bundle ('../bundle/export'); allowed: errors",
    ]);
  });

  it('keeps app behind the engine host, and lets the engine host use the core', () => {
    const app = "import { api } from './engine/api';\nimport { open } from '../steward/open';";
    const engine = "import { run } from '../../cmd/run';\nimport Worker from './worker.ts?worker';";
    expect(check({ path: 'src/app/App.tsx', source: app }, { path: 'src/app/engine/host.ts', source: engine })).toEqual([
      "src/app/App.tsx:2: [layer-import] app may not import steward ('../steward/open'); allowed: app/engine, errors",
    ]);
  });

  it('reports environment access in the core, ignoring comments, strings and properties', () => {
    const source = [
      "import { readFile } from 'node:fs/promises';", // 1
      "import path from 'path';", // 2
      "import { useState } from 'react';", // 3
      '// window.alert in a comment is fine; so is /* fetch() */', // 4
      "const label = 'document and navigator';", // 5
      'const ok = ports.fetch(url) ?? { window: 1, localStorage: 2 };', // 6
      'interface Http { fetch(url: string): Promise<Uint8Array>; process?: number }', // 7
      'const bad = window.location.href;', // 8
      'const res = await fetch(url);', // 9
      'const env = `${process.env.HOME} and plain indexedDB text`;', // 10
      'const db = globalThis.indexedDB;', // 11
      'const re = /navigator/g;', // 12
      'class Z extends Y { protected override process(chunk: Uint8Array): void {} }', // 13: a method, not the global
    ].join('\n');
    expect(check({ path: 'src/steward/pond.ts', source })).toEqual([
      "src/steward/pond.ts:1: [node-builtin] core layer steward may not import Node built-in 'node:fs/promises'",
      "src/steward/pond.ts:2: [node-builtin] core layer steward may not import Node built-in 'path'",
      "src/steward/pond.ts:3: [react] core layer steward may not import 'react'; only src/app uses React",
      "src/steward/pond.ts:8: [env-global] core layer steward may not use the global 'window'; inject a port from src/store",
      "src/steward/pond.ts:9: [env-global] core layer steward may not use the global 'fetch'; inject a port from src/store",
      "src/steward/pond.ts:10: [env-global] core layer steward may not use the global 'process'; inject a port from src/store",
      "src/steward/pond.ts:11: [env-global] core layer steward may not use the global 'indexedDB'; inject a port from src/store",
    ]);
  });

  it('lets the environment adapters, the app, the CLI and tests touch the environment', () => {
    const source = "import { open } from 'node:fs/promises';\nconst db = indexedDB; const w = window;";
    expect(
      check(
        { path: 'src/store/browser/idb.ts', source },
        { path: 'src/store/node/dir.ts', source },
        { path: 'src/cli/main.ts', source },
        { path: 'src/app/engine/worker.ts', source },
        { path: 'src/tinyfs/wd.test.ts', source },
      ),
    ).toEqual([]);
  });

  it('applies the import table to tests too, and rejects files outside every layer', () => {
    expect(
      check(
        { path: 'src/tinyfs/wd.test.ts', source: "import { MemoryStore } from '../store/memory';" },
        { path: 'src/util/misc.ts', source: 'export const x = 1;' },
      ),
    ).toEqual([
      "src/tinyfs/wd.test.ts:1: [layer-import] tinyfs may not import store ('../store/memory'); allowed: errors",
      'src/util/misc.ts:1: [unknown-layer] file is outside every layer of SPEC §2; move it into one',
    ]);
  });

  it('scans JSX text apostrophes, regexes and nested templates without losing track', () => {
    const source = [
      "const a = <p>Don't panic</p>;",
      'const r = x / 2 / y; const q = /[/]"/.test(s);',
      'const t = `a ${f(`b ${window}`)} c`;',
      "import('../steward/x');",
    ].join('\n');
    const { code } = scan(source);
    expect(code.split('\n')).toHaveLength(4);
    expect(check({ path: 'src/app/View.tsx', source })).toEqual([
      "src/app/View.tsx:4: [layer-import] app may not import steward ('../steward/x'); allowed: app/engine, errors",
    ]);
    expect(check({ path: 'src/cmd/x.ts', source: source.split('\n').slice(1, 3).join('\n') })).toEqual([
      "src/cmd/x.ts:2: [env-global] core layer cmd may not use the global 'window'; inject a port from src/store",
    ]);
  });
});
