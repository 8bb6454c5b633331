import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cliReference } from './reference';

const DOC = join(import.meta.dirname, '..', '..', 'docs', 'cli.md');

it('docs/cli.md is generated from the commands’ help text', () => {
  if (process.env['UPDATE_DOCS'] === '1') writeFileSync(DOC, cliReference());
  expect(readFileSync(DOC, 'utf8'), 'docs/cli.md is stale: run `npm run docs:cli`').toBe(cliReference());
});
