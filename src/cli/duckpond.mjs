#!/usr/bin/env node
// Launcher of the `duckpond` CLI (package.json "bin"). The TypeScript sources are bundled into
// dist-cli/duckpond.js by the `prepare` script, which `npm install` / `npm ci` run automatically.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

// Memory: V8 grows its young generation (new space) from 1 MiB semi-spaces up to 16 MiB ones (32 MiB) while
// a command allocates a lot (export/import of a large pond), which adds ~20 MB of peak RSS for no gain: a CLI
// command is short and its objects mostly die young either way. A growth factor of 1 keeps the initial size.
// The flag is read each time V8 considers growing, so setting it here, before any work, is effective (unlike
// --max-semi-space-size, fixed when the heap is set up). It complements the bounded buffers of src/bundle
// and the stores; figures and the throughput check: docs/benchmarks.md, "Pond files".
v8.setFlagsFromString('--semi-space-growth-factor=1');

const bundle = new URL('../../dist-cli/duckpond.js', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('duckpond: the CLI is not built yet; run `npm install` (or `npm run build:cli`) in the project first\n');
  process.exit(1);
}
await import(bundle.href);
