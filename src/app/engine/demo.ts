import { type CmdContext, execute } from '../../cmd';

/**
 * The demo pond of the first start, made through the command language like a user would: folders, text
 * files, a table, dynamic files and directories, and a post-commit factory that has run once. Nothing in it
 * calls out (SPEC §10).
 */
export const DEMO_SCRIPT: readonly string[] = [
  'mkdir -p /docs',
  "write /docs/README.md --content '# Welcome to DuckPond\n\nEvery change is a commit in an append-only log.\nTry the console: `list -l`, `log`, `help`.\n'",
  "write /docs/notes.txt --content 'A versioned file: edit me and commit to make version 2.'",
  'mkdir -p /data',
  'copy host://demo/readings.csv /data/readings.csv',
  'copy host://demo/readings.csv /data/readings.arrow --format table',
  "mknod /docs/greeting.txt --factory test-file --config '# produced by the test-file factory\ncontent: Hello from a dynamic node\nmime_type: text/plain\n'",
  "mknod /processors --factory test-dir --config 'name: processors\nmetadata:\n  owner: demo\n'",
  'mkdir -p /etc/system.d',
  "mknod /etc/system.d/10-hello --factory test-executor --config '# runs after every commit\nmessage: hello from the demo pond\n'",
  'ln -s /data/readings.csv /latest.csv',
  'mkdir -p /etc/examples',
  "mknod /etc/examples/webhook-notifier --factory webhook-notifier --config '# An example. Only nodes in /etc/system.d/ run: move it there (with your URL) to POST\n# a JSON summary of every commit. The server must allow the origin of this app (CORS).\nurl: https://hooks.example.org/duckpond\nheaders:\n  Authorization: Bearer ${env:HOOK_TOKEN}\n'",
  "mknod /etc/examples/replication-manager --factory replication-manager --config '# An example. Only nodes in /etc/system.d/ run: move it there to copy every commit\n# into the pond \"Demo pond (mirror)\" of this browser (created on its first run, read-only).\nmirror: Demo pond (mirror)\n'",
  // Production factories (issue 10), one commit: a folder composed of a template, a generated table and a nested folder.
  "mknod /reports --factory dynamic-dir --config '# a folder composed of generated files\nentries:\n  - name: index.md\n    factory: template\n    config:\n      inputs: { glob: /docs/*, as: docs }\n      template: \"# Documents\\n{{#docs}}\\n- {{name}}: {{text.length}} characters\\n{{/docs}}\"\n  - name: waves\n    factory: synthetic-timeseries\n    config:\n      # two days of generated readings, every 30 minutes\n      start: 2026-11-01T00:00:00Z\n      end: 2026-11-03T00:00:00Z\n      interval: 30m\n      points:\n        - name: temperature\n          components:\n            - { type: sine, amplitude: 1.5, period: 1d, offset: 11 }\n            - { type: line, slope: -0.3, period: 1d }\n        - name: oxygen\n          components:\n            - { type: triangle, amplitude: 0.4, period: 12h, offset: 8.2 }\n  - name: about\n    factory: dynamic-dir\n    config:\n      entries:\n        - { name: readme.txt, factory: test-file, config: { content: Nested dynamic-dirs work too. } }\n'",
];

/** The host files the demo copies in. */
export const DEMO_FILES: Readonly<Record<string, string>> = {
  'demo/readings.csv': 'time,temperature,oxygen\n2026-11-01T00:00:00Z,11.2,8.1\n2026-11-01T01:00:00Z,11.0,8.3\n2026-11-01T02:00:00Z,10.8,8.4\n2026-11-01T03:00:00Z,10.9,8.2\n',
};

/** Runs the demo script against a freshly created pond. */
export async function seedDemo(ctx: CmdContext): Promise<void> {
  for (const line of DEMO_SCRIPT) await execute(line, ctx);
}
