// The viewer's budgets in headless Chromium (`npm run bench:viewer`; never part of `npm test` or CI).
//
//   npm run bench:viewer                      # measures, prints the table, writes docs/benchmarks.md ("Viewer in Chromium")
//   node bench/viewer.bench.mjs --no-docs     # print only
//   node bench/viewer.bench.mjs --runs 5      # more cold opens of each file (default 3)
//   node bench/viewer.bench.mjs --quick       # smoke test of the script (5 MB, 100,000 rows, no docs): not the benchmark
//
// What issue 7 asks: opening a 50 MB text file and a 1,000,000-row table — time to first paint and the longest
// main-thread task. The UI budget of the app (issue 6) applies: no main-thread task over 100 ms.
//
// As bench/ui.bench.mjs: `vite build --mode bench` builds the production app together with the test-only
// engine harness into dist-bench/, served from one origin (one IndexedDB). The harness fills a pond (the text
// generated in the page, the Arrow table generated here with apache-arrow and fetched by the page), then the
// app opens that pond as a user would. The raw baselines, measured in the same run through the harness's
// engine worker: `read` of the 50 MB file (IndexedDB get + BLAKE3 verify + transfer to the page) and
// `openTable` of the table (read + Arrow decode), i.e. what the engine must do before anything can be shown.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { chromium } from '@playwright/test';
import { Field, Float64, Schema, Table, TimestampMillisecond, tableToIPC, vectorFromArray } from 'apache-arrow';
import { buildAppWithHarness, instrumentedPage, median, ms, serveDistBench, writeBenchmarkSection } from './appBench.mjs';
import { e2eChromiumArgs, repoRoot } from './harness.mjs';

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const RUNS = Number(argv.includes('--runs') ? argv[argv.indexOf('--runs') + 1] : QUICK ? 1 : 3);
const WRITE_DOCS = !argv.includes('--no-docs') && !QUICK;
const PORT = 4177;
const P = QUICK ? { textMB: 5, rows: 100_000 } : { textMB: 50, rows: 1_000_000 };
const BUDGET = { longTask: 100 };
const log = (...a) => console.error(...a);

// ---------------------------------------------------------------------------------------------------------
// Build, the table file, serve, launch

log('building the production app + harness (vite build --mode bench)…');
buildAppWithHarness();

log(`making a ${P.rows.toLocaleString('en')}-row Arrow table: a timestamp and three numeric columns…`);
const start = Date.UTC(2026, 0, 1);
const times = new Float64Array(P.rows);
const columns = { temperature: new Float64Array(P.rows), oxygen: new Float64Array(P.rows), flow: new Float64Array(P.rows) };
for (let i = 0; i < P.rows; i++) {
  times[i] = start + i * 60_000;
  columns.temperature[i] = 12 + 4 * Math.sin(i / 1440) + Math.sin(i / 37) * 0.3;
  columns.oxygen[i] = 8 + Math.cos(i / 2000);
  columns.flow[i] = (i * 7919) % 1000;
}
const vectors = { time: vectorFromArray(Array.from(times), new TimestampMillisecond()), ...Object.fromEntries(Object.entries(columns).map(([name, data]) => [name, vectorFromArray(data, new Float64())])) };
const schema = new Schema(Object.entries(vectors).map(([name, vector]) => new Field(name, vector.type, false)));
const tableBytes = tableToIPC(new Table(schema, vectors), 'stream');
writeFileSync(`${repoRoot}dist-bench/bench-table.arrow`, tableBytes);
log(`  ${(tableBytes.length / 1e6).toFixed(1)} MB of Arrow IPC`);

const { origin: ORIGIN, stop: stopServer } = await serveDistBench(PORT);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: e2eChromiumArgs() });
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });

// ---------------------------------------------------------------------------------------------------------
// The pond, filled through the harness engine; the baselines, measured through it

log(`filling a pond: /bench/big.log (${P.textMB} MB of text) and /bench/table.arrow…`);
const harness = await context.newPage();
await harness.goto(`${ORIGIN}/e2e/harness/index.html`);
await harness.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
const fill = await harness.evaluate(async ({ textMB }) => {
  await window.engine.call('createPond', { name: 'Viewer bench', birthplace: 'bench' });
  const lines = [];
  let size = 0;
  for (let n = 1; size < textMB * 1024 * 1024; n++) {
    const line = `${String(n).padStart(8, '0')} 2026-01-01T00:00:00Z sensor reading ok value=${(n * 0.37).toFixed(2)} the quick brown fox\n`;
    lines.push(line);
    size += line.length;
  }
  const text = new TextEncoder().encode(lines.join(''));
  const table = new Uint8Array(await (await fetch('/bench-table.arrow')).arrayBuffer());
  await window.engine.call('apply', {
    origin: 'bench: fill',
    ops: [
      { op: 'mkdir', path: '/bench' },
      { op: 'write', path: '/bench/big.log', content: text },
      { op: 'write', path: '/bench/table.arrow', content: table, entryType: 'table:physical:version' },
    ],
  });
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const reads = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await window.engine.call('read', { path: '/bench/big.log' });
    reads.push(performance.now() - t0);
  }
  // The engine keeps opened tables (by node and version), so only the first open is cold: one sample.
  const t0 = performance.now();
  await window.engine.call('openTable', { path: '/bench/table.arrow' });
  const openTable = performance.now() - t0;
  return { textBytes: text.length, lines: lines.length, read: median(reads), openTable };
}, P);
log(`  engine read of the text: ${fill.read.toFixed(0)} ms; openTable: ${fill.openTable.toFixed(0)} ms`);
await harness.close();

const { page, problems, longestTask } = await instrumentedPage(context);

/** A fresh app page with /bench expanded: every open below is cold (a new page, a new engine worker). */
const openApp = async () => {
  await page.goto(`${ORIGIN}/`);
  await page.getByRole('treeitem', { name: 'bench', exact: true }).waitFor();
  await page.getByRole('treeitem', { name: 'bench', exact: true }).click();
  await page.keyboard.press('ArrowRight');
  await page.getByRole('treeitem', { name: 'table.arrow', exact: true }).waitFor();
  // Let the start settle: the measured window begins with the click.
  await page.waitForTimeout(500);
};

/** `promise`, or a clear failure naming the step when the page never shows what it waits for. */
const within = (what, promise, ms = 120_000) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: nothing after ${ms / 1000} s`)), ms))]);

const text = [];
const table = [];
for (let run = 0; run < RUNS; run++) {
  await openApp();
  // (a) the 50 MB text: first lines painted, then every line indexed
  const first = await within('the text view', page.evaluate(() =>
    new Promise((resolve) => {
      const row = [...document.querySelectorAll('[role="treeitem"]')].find((r) => r.getAttribute('aria-label') === 'big.log');
      const t0 = performance.now();
      let painted = null;
      const observer = new MutationObserver(() => {
        const line = document.querySelector('.large-text-line');
        if (painted === null && line?.textContent?.includes('00000001')) painted = performance.now();
        const status = document.querySelector('.large-text [role="status"]')?.textContent ?? '';
        if (painted !== null && / lines, /.test(status)) {
          observer.disconnect();
          const indexed = performance.now();
          setTimeout(() => resolve({ t0, painted: painted - t0, indexed: indexed - t0, lines: Number(status.match(/^([\d,]+) lines/)?.[1]?.replace(/,/g, '')), end: performance.now() }), 500);
        }
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      row.click();
    }),
  ));
  if (first.lines !== fill.lines) throw new Error(`the viewer counted ${first.lines} lines, the file has ${fill.lines}`);
  // Scroll to the end: the last line must show.
  const scrolled = await page.evaluate(async (last) => {
    const scroller = document.querySelector('.large-text-scroll');
    const t0 = performance.now();
    scroller.scrollTop = scroller.scrollHeight;
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    while (![...document.querySelectorAll('.large-text-line')].some((l) => l.textContent.includes(String(last).padStart(8, '0')))) await frame();
    await new Promise((r) => setTimeout(r, 300));
    return { ms: performance.now() - t0, end: performance.now() };
  }, fill.lines);
  const textTasks = await longestTask(first.t0, scrolled.end);
  text.push({ ...first, scroll: scrolled.ms, ...textTasks });
  log(`  run ${run + 1}: text first lines ${first.painted.toFixed(0)} ms, all ${first.lines.toLocaleString('en')} lines indexed ${first.indexed.toFixed(0)} ms; longest task ${textTasks.longest.toFixed(0)} ms`);

  // (b) the 1,000,000-row table: first rows, then a sort, then the chart
  const grid = await within('the table grid', page.evaluate(() =>
    new Promise((resolve) => {
      const row = [...document.querySelectorAll('[role="treeitem"]')].find((r) => r.getAttribute('aria-label') === 'table.arrow');
      const t0 = performance.now();
      const observer = new MutationObserver(() => {
        const cell = document.querySelector('[role="grid"] [role="gridcell"]');
        if (cell === null || (cell.textContent ?? '') === '') return;
        observer.disconnect();
        const t1 = performance.now();
        setTimeout(() => resolve({ t0, ms: t1 - t0, rows: document.querySelector('[role="grid"]')?.getAttribute('aria-rowcount') }), 500);
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      row.click();
    }),
  ));
  if (Number(grid.rows) !== P.rows + 1) throw new Error(`the grid says ${grid.rows} rows (header included), the table has ${P.rows}`);
  const sort = await within('the sorted grid', page.evaluate(() =>
    new Promise((resolve) => {
      const header = [...document.querySelectorAll('[role="columnheader"]')].find((h) => h.textContent?.startsWith('flow'));
      // flow is the 4th column: its smallest value, 0, comes first once sorted.
      const firstCell = () => document.querySelectorAll('[role="grid"] [role="row"][aria-rowindex="2"] [role="gridcell"]')[3] ?? null;
      const before = header.getAttribute('aria-sort');
      const t0 = performance.now();
      const observer = new MutationObserver(() => {
        if (header.getAttribute('aria-sort') === before) return;
        const cell = firstCell();
        if (cell === null || cell.textContent !== '0') return;
        observer.disconnect();
        const t1 = performance.now();
        setTimeout(() => resolve({ t0, ms: t1 - t0 }), 500);
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      header.querySelector('button').click();
    }),
  ));
  const chart = await within('the chart', page.evaluate(() =>
    new Promise((resolve) => {
      const tab = [...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent?.trim() === 'Chart');
      const t0 = performance.now();
      const observer = new MutationObserver(() => {
        const status = document.querySelector('.tv-chart-status')?.textContent ?? '';
        if (document.querySelector('.tv-plot canvas') === null || !/^[\d,]+ points/.test(status)) return;
        observer.disconnect();
        const t1 = performance.now();
        setTimeout(() => resolve({ t0, ms: t1 - t0, status, end: performance.now() }), 500);
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      tab.click();
    }),
  ));
  const gridTasks = await longestTask(grid.t0, sort.t0 - 1);
  const sortTasks = await longestTask(sort.t0, chart.t0 - 1);
  const chartTasks = await longestTask(chart.t0, chart.end);
  table.push({ grid: grid.ms, sort: sort.ms, chart: chart.ms, chartStatus: chart.status, gridTask: gridTasks.longest, sortTask: sortTasks.longest, chartTask: chartTasks.longest });
  log(`  run ${run + 1}: table first rows ${grid.ms.toFixed(0)} ms (task ${gridTasks.longest.toFixed(0)}), sort ${sort.ms.toFixed(0)} ms (task ${sortTasks.longest.toFixed(0)}), chart ${chart.ms.toFixed(0)} ms (task ${chartTasks.longest.toFixed(0)}; ${chart.status})`);
}

await browser.close();
stopServer();
if (problems.length > 0) {
  log(`page errors:\n${problems.join('\n')}`);
  process.exitCode = 1;
}

// ---------------------------------------------------------------------------------------------------------
// Report

const verdict = (ok) => (ok ? 'pass' : '**MISS**');
const worst = (xs) => Math.max(...xs);
const mb = `${(fill.textBytes / 1e6).toFixed(1)} MB`;
const rows = [
  [`${mb} text (${fill.lines.toLocaleString('en')} lines): first lines painted`, 'no freeze', ms(median(text.map((r) => r.painted))), `engine read (IndexedDB + BLAKE3 + transfer): ${ms(fill.read)}`, ''],
  [`${mb} text: every line indexed`, '', ms(median(text.map((r) => r.indexed))), '', ''],
  [`${mb} text: longest main-thread task, open to scrolled to the last line`, `≤ ${BUDGET.longTask} ms`, ms(worst(text.map((r) => r.longest))), '', verdict(worst(text.map((r) => r.longest)) <= BUDGET.longTask)],
  [`${P.rows.toLocaleString('en')}-row table (${(tableBytes.length / 1e6).toFixed(1)} MB): first rows painted`, 'no freeze', ms(median(table.map((r) => r.grid))), `engine openTable, cold (read + Arrow decode): ${ms(fill.openTable)}`, ''],
  ['table: longest main-thread task while it opens', `≤ ${BUDGET.longTask} ms`, ms(worst(table.map((r) => r.gridTask))), '', verdict(worst(table.map((r) => r.gridTask)) <= BUDGET.longTask)],
  ['table: sort by a numeric column (first sorted rows)', '', ms(median(table.map((r) => r.sort))), '', ''],
  ['table: longest main-thread task while it sorts', `≤ ${BUDGET.longTask} ms`, ms(worst(table.map((r) => r.sortTask))), '', verdict(worst(table.map((r) => r.sortTask)) <= BUDGET.longTask)],
  ['table: chart drawn', '', ms(median(table.map((r) => r.chart))), table[0]?.chartStatus ?? '', ''],
  ['table: longest main-thread task while the chart draws', `≤ ${BUDGET.longTask} ms`, ms(worst(table.map((r) => r.chartTask))), '', verdict(worst(table.map((r) => r.chartTask)) <= BUDGET.longTask)],
];
const report = `## Viewer in Chromium

\`npm run bench:viewer\` (bench/viewer.bench.mjs): the production app bundle with the test-only harness
(\`vite build --mode bench\`), headless Chromium ${browser.version()}. The harness fills a pond with a ${mb} text file and a
${P.rows.toLocaleString('en')}-row Arrow table (a timestamp and three Float64 columns); the app opens each cold (a new page and engine
worker per run), timed from the click on the tree row to the DOM change that shows the content. Tasks are
main-thread \`longtask\` entries (> 50 ms) of the app page. Times are medians of ${RUNS} runs, longest tasks the worst run.
${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${loadavg()[0].toFixed(2)} at the end.

| case | budget | measured | baseline (same run) | |
|---|---|---|---|---|
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}
`;
console.log(report);

if (WRITE_DOCS) writeBenchmarkSection('Viewer in Chromium', report);
