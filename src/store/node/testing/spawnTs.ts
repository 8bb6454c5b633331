import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** What a child process did. */
export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A child Node process running `script` (a `.ts` file in this folder) with the TypeScript hooks. */
export function startTsChild(script: string, args: readonly string[]): { pid: number; done: Promise<ChildResult>; kill: (signal?: NodeJS.Signals) => void } {
  const child = spawn(process.execPath, ['--import', join(import.meta.dirname, 'registerTs.mjs'), join(import.meta.dirname, script), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<ChildResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  return { pid: child.pid, done, kill: (signal = 'SIGTERM') => void child.kill(signal) };
}

/** Runs `script` to its end. */
export function runTsChild(script: string, args: readonly string[]): Promise<ChildResult> {
  return startTsChild(script, args).done;
}
