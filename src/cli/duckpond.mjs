#!/usr/bin/env node
// Launcher of the `duckpond` CLI (package.json "bin"). The TypeScript sources are bundled into
// dist-cli/duckpond.js by the `prepare` script, which `npm install` / `npm ci` run automatically.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../../dist-cli/duckpond.js', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('duckpond: the CLI is not built yet; run `npm install` (or `npm run build:cli`) in the project first\n');
  process.exit(1);
}
await import(bundle.href);
