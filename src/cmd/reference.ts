import { COMMANDS, overview } from './index';
import { helpText } from './spec';

/** docs/cli.md, generated from the same help text the commands print, so the two cannot drift. */
export function cliReference(): string {
  const sections = COMMANDS.map((c) => [`## ${c.name}`, '', '```', helpText(c), '```'].join('\n'));
  return [
    '# `duckpond` command reference',
    '',
    '<!-- Generated from the commands\' own help text by `npm run docs:cli`; a test fails when this file is stale. -->',
    '',
    'The same commands run in the `duckpond` CLI (`duckpond --pond DIR COMMAND …`, or `POND=DIR`) and in the',
    "app's console. Every command prints plain text; a failure prints `duckpond: <error>` on stderr and exits 1.",
    'A command whose commit landed succeeds even if a post-commit run then fails; each run is printed on its',
    'own line with its status.',
    '',
    '```',
    overview(),
    '```',
    '',
    ...sections.flatMap((s) => [s, '']),
  ].join('\n');
}
