// What the benchmarks of the app itself share (bench/ui.bench.mjs, bench/viewer.bench.mjs): the production app
// built together with the test-only engine harness into dist-bench/ (one origin, so one IndexedDB: the
// harness fills a pond, the app opens it), served by `vite preview`; an app page that records every
// main-thread long task; medians; and rewriting one section of docs/benchmarks.md.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { repoRoot } from './harness.mjs';

/** `vite build --mode bench` (the app + the harness into dist-bench/), failing loudly. */
export function buildAppWithHarness() {
  const build = spawnSync('npx', ['vite', 'build', '--mode', 'bench'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error(`vite build --mode bench failed (${build.status})`);
}

/** Serves dist-bench/ on `port`; resolves once it answers. The server stops when this process exits. */
export async function serveDistBench(port) {
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', 'dist-bench'], { cwd: repoRoot, stdio: 'ignore', detached: true });
  const stop = () => {
    try {
      process.kill(-server.pid);
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  for (let i = 0; ; i++) {
    if (await fetch(origin).then((r) => r.ok, () => false)) break;
    if (i > 100) throw new Error(`vite preview did not start on ${origin}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { origin, stop };
}

/**
 * A page of `context` that records every main-thread task over 50 ms from its first script on, and collects
 * page errors; `longestTask(from, to)` is the longest task overlapping [from, to] (page clock) and how many.
 */
export async function instrumentedPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const longestTask = (from, to) =>
    page.evaluate(
      ({ from, to }) => {
        const hits = window.longTasks.filter((t) => t.start + t.duration >= from && t.start <= to);
        return { longest: Math.max(0, ...hits.map((t) => t.duration)), count: hits.length };
      },
      { from, to },
    );
  return { page, problems, longestTask };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export const ms = (x) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

/** Replaces the section `## <title>` of docs/benchmarks.md (up to the next `## `) with `report`, or appends it. */
export function writeBenchmarkSection(title, report) {
  const docs = `${repoRoot}docs/benchmarks.md`;
  const text = readFileSync(docs, 'utf8');
  const start = text.indexOf(`\n## ${title}\n`);
  const next = start < 0 ? -1 : text.indexOf('\n## ', start + 1);
  writeFileSync(docs, start < 0 ? `${text.trimEnd()}\n\n${report}` : `${text.slice(0, start + 1)}${report}${next < 0 ? '' : text.slice(next)}`);
  console.error(`wrote docs/benchmarks.md, section "${title}"`);
}
