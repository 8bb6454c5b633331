import process from 'node:process';
import { main } from './main';

// The `duckpond` executable's body (bundled into dist-cli/duckpond.js by `npm install`'s prepare step).
const code = await main({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: (chunk) => void process.stdout.write(chunk),
  stderr: (text) => void process.stderr.write(text),
});
process.exitCode = code;
