// Makes sure a Chromium for Playwright exists before the e2e run: Playwright cannot download its own
// browser here, so we use Debian's (`/usr/bin/chromium`) or whatever CHROMIUM_PATH points to.
// As root (CI, fresh machines) it installs Debian's package, so `npm ci && npm test` needs nothing else.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const DEFAULT_PATH = '/usr/bin/chromium';
const INSTALL = 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium';
const custom = process.env.CHROMIUM_PATH;

if (custom !== undefined && custom !== '') {
  // An explicit path wins (e2e/playwright.config.ts uses it); installing Debian's package would not help.
  if (existsSync(custom)) process.exit(0);
  console.error(`CHROMIUM_PATH is set to ${custom}, but no such file exists.`);
  process.exit(1);
}
if (existsSync(DEFAULT_PATH)) process.exit(0);

if (process.getuid?.() !== 0) {
  console.error(
    `No Chromium at ${DEFAULT_PATH}. Install it with:\n  sudo sh -c '${INSTALL}'\n` +
      'or set CHROMIUM_PATH to a Chromium/Chrome executable.',
  );
  process.exit(1);
}

console.log(`No Chromium at ${DEFAULT_PATH}; installing Debian's chromium package…`);
const run = (cmd, args, env = process.env) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\`${cmd} ${args.join(' ')}\` failed (${result.error?.message ?? `exit ${result.status}`}).`);
    process.exit(1);
  }
};
run('apt-get', ['update']);
run('apt-get', ['install', '-y', 'chromium'], { ...process.env, DEBIAN_FRONTEND: 'noninteractive' });
if (!existsSync(DEFAULT_PATH)) {
  console.error(`apt-get installed chromium, but ${DEFAULT_PATH} is still missing.`);
  process.exit(1);
}
