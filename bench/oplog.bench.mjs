// Storage benchmark of the OpLog in headless Chromium (`npm run bench`; never part of `npm test` or CI).
//
//   npm run bench                              # everything, medians of 3 runs, writes docs/benchmarks.md
//   node bench/oplog.bench.mjs --no-docs       # print only
//   node bench/oplog.bench.mjs --cases commit,bulk,big,open,heap   # a subset (open includes time travel)
//   node bench/oplog.bench.mjs --runs 5 --sizes 100,1000,5000      # more runs; history lengths of the open case
//   node bench/oplog.bench.mjs --open-runs 9   # opens per size (default: max(runs, 5))
//   node bench/oplog.bench.mjs --quick         # smoke test of the script (small sizes, no docs): not the benchmark
//
// Builds the test-only harness (`npm run build:harness`, which includes e2e/harness/bench.html), serves it
// with `vite preview` (plus COOP/COEP headers, so the page can measure its worker's heap), launches Debian's
// Chromium through Playwright with a fresh profile, and runs the cases of e2e/harness/bench.cases.ts in a
// dedicated Web Worker (bench.worker.ts) — where the product runs its engine. Each case is reported beside
// a raw IndexedDB baseline measured in the same run and a breakdown of where its time goes (bench/README.md).
// Plain JavaScript because Node 20 cannot run TypeScript without a loader.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildHarness, e2eChromiumArgs, repoRoot, startPreview } from './harness.mjs';


const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const RUNS = Number(option('--runs', '3'));
// Opening is cheap and one-shot, so it gets more runs (the ponds are built once per size).
const OPEN_RUNS = Number(option('--open-runs', String(Math.max(RUNS, 5))));
const CASES = new Set(option('--cases', 'commit,bulk,big,open,heap').split(','));
const QUICK = argv.includes('--quick');
const SIZES = option('--sizes', QUICK ? '50,200' : '100,1000,5000').split(',').map(Number);
const WRITE_DOCS = !argv.includes('--no-docs') && !QUICK;
const MiB = 1024 * 1024;

const P = {
  commit: { seedFiles: 1000, commits: 200, fileSize: 1024 },
  bulk: { files: 10_000, fileSize: 1024 },
  big: { size: 16 * MiB },
  history: { files: 10_000, dirs: 100, fileSize: 1024 },
  travel: { back: 500, path: '/d000/f00000.txt' },
  heap: { files: 1000, fileSize: 1024, rewrites: 10 },
};
if (QUICK) {
  // A smoke test of the script itself (small sizes, no docs): not the benchmark.
  Object.assign(P.commit, { seedFiles: 100, commits: 20 });
  Object.assign(P.bulk, { files: 1000 });
  Object.assign(P.big, { size: 1 * MiB });
  Object.assign(P.history, { files: 1000, dirs: 10 });
  Object.assign(P.travel, { back: 100 });
  Object.assign(P.heap, { files: 100 });
}

const log = (...a) => console.error(...a);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

// ---------------------------------------------------------------------------------------------------------
// Statistics and formatting

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Per key, the median over runs of each numeric field of { metrics, breakdown, info }. */
function aggregate(runs) {
  const out = { metrics: {}, breakdown: {}, info: {}, runs };
  for (const part of ['metrics', 'breakdown', 'info']) {
    for (const key of Object.keys(runs[0][part])) {
      const values = runs.map((r) => r[part][key]);
      out[part][key] = typeof values[0] === 'number' ? median(values) : values[0];
    }
  }
  return out;
}

const ms = (x) => (x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : x >= 0.1 ? `${x.toFixed(2)} ms` : `${(x * 1000).toFixed(1)} µs`);
const num = (x) => Math.round(x).toLocaleString('en-US');
const mbs = (x) => `${x.toFixed(0)} MB/s`;
const bytes = (x) => (x >= MiB ? `${(x / MiB).toFixed(1)} MiB` : x >= 1024 ? `${(x / 1024).toFixed(0)} KiB` : `${x} B`);
const verdict = (ok) => (ok ? '**pass**' : '**MISS**');

function mdTable(head, rows) {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The sum of the breakdown rows whose names start with `prefixes` (the phases on the measured path). */
function sumOf(breakdown, prefixes) {
  return prefixes.reduce((sum, p) => {
    const hit = Object.entries(breakdown).find(([k]) => k.startsWith(p));
    if (hit === undefined) throw new Error(`no breakdown row starting with '${p}'`);
    return sum + hit[1];
  }, 0);
}

/** The breakdown, then (when `path` is given) the phases on the measured path summed against the measured figure. */
function breakdownTable(result, note = {}, path) {
  const rows = Object.entries(result.breakdown).map(([k, v]) => [k, ms(v), note[k] ?? '']);
  if (path !== undefined) {
    const sum = sumOf(result.breakdown, path.prefixes) + (path.extra ?? 0);
    rows.push([`**sum of the phases on the path** (${path.label})`, `**${ms(sum)}**`, `measured ${ms(path.measured)}; not attributed ${ms(Math.max(0, path.measured - sum))} (GC, scheduling, run-to-run noise)`]);
  }
  return mdTable(['phase (re-timed over the same data)', 'ms, median', 'note'], rows);
}

function infoLine(result) {
  return Object.entries(result.info)
    .map(([k, v]) => `${k}: ${typeof v === 'number' ? (/bytes/.test(k) ? bytes(v) : num(v)) : v}`)
    .join(' · ');
}

// ---------------------------------------------------------------------------------------------------------
// Harness, server, browser



// ---------------------------------------------------------------------------------------------------------
// The cases

const load = { before: loadavg()[0] };

async function main() {
  log('building the harness (npm run build:harness) …');
  buildHarness();
  const { server, url } = await startPreview('e2e/harness/bench.html', 4175);
  const { chromium } = await import('@playwright/test');
  const args = [...e2eChromiumArgs(), '--enable-precise-memory-info', '--js-flags=--expose-gc', '--enable-blink-features=ForceEagerMeasureMemory'];
  // chromium.launch (not a persistent context): a fresh, temporary profile every time.
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args });
  const results = {};
  const problems = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const call = (name, params = {}, where = 'worker') => page.evaluate(([n, p, w]) => window.bench.call(n, p, w), [name, params, where]);
    const env = await call('ping');
    const isolated = await page.evaluate(() => window.bench.crossOriginIsolated);
    log(`Chromium ${browser.version()}, worker gc: ${env.gc}, cross-origin isolated: ${isolated}`);

    const runs = async (label, name, params) => {
      const out = [];
      for (let r = 1; r <= RUNS; r++) {
        log(`[${elapsed()}] ${label}: run ${r}/${RUNS} …`);
        // The garbage of the previous run or case is collected first, not charged to this one.
        await call('collectGarbage');
        out.push(await call(name, params));
      }
      return aggregate(out);
    };

    if (CASES.has('commit')) results.commit = await runs('commit of 1 small file', 'commitOne', P.commit);
    if (CASES.has('bulk')) results.bulk = await runs('commit of 10,000 files', 'bulk', P.bulk);
    if (CASES.has('big')) results.big = await runs('16 MiB write/read', 'bigFile', P.big);
    if (CASES.has('open')) {
      // Built once per size; then opened OPEN_RUNS times, the sizes taking turns, so that a burst of load on
      // this shared machine hits every size alike rather than one of them.
      const travelSize = SIZES.includes(1000) ? 1000 : SIZES.find((s) => s > P.travel.back);
      const built = {};
      for (const n of SIZES) {
        const localId = `bench-history-${n}`;
        log(`[${elapsed()}] building a pond of ${num(n)} commits / ${num(P.history.files)} files …`);
        built[n] = await call('buildHistory', { localId, commits: n, ...P.history });
        log(`[${elapsed()}]   built in ${(built[n].buildMs / 1000).toFixed(1)} s (txn ${built[n].last})`);
      }
      const opens = Object.fromEntries(SIZES.map((n) => [n, []]));
      for (let r = 1; r <= OPEN_RUNS; r++) {
        for (const n of SIZES) {
          log(`[${elapsed()}] open, ${num(n)} commits: run ${r}/${OPEN_RUNS} …`);
          await call('collectGarbage');
          opens[n].push(await call('openHistory', { localId: `bench-history-${n}` }));
        }
      }
      results.open = Object.fromEntries(SIZES.map((n) => [n, { ...aggregate(opens[n]), built: built[n] }]));
      if (travelSize !== undefined) {
        results.travel = await runs(`time travel ${P.travel.back} back`, 'timeTravel', { localId: `bench-history-${travelSize}`, ...P.travel });
        results.travel.commits = travelSize;
      }
      for (const n of SIZES) await call('deletePond', { localId: `bench-history-${n}` });
    }
    if (CASES.has('heap')) {
      const where = isolated ? 'worker' : 'page';
      const variants = { once: 0, rewritten: P.heap.rewrites };
      results.heap = { where, variants: {} };
      for (const [variant, rewrites] of Object.entries(variants)) {
        const out = [];
        for (let r = 1; r <= RUNS; r++) {
          log(`[${elapsed()}] heap after open, ${variant}: run ${r}/${RUNS} (${where}) …`);
          const { localId } = await call('heapBuild', { ...P.heap, rewrites }, where);
          await call('heapRelease', {}, where);
          const m0 = await page.evaluate((w) => window.bench.heap(w), where);
          const state = await call('heapOpen', { localId }, where);
          const m1 = await page.evaluate((w) => window.bench.heap(w), where);
          await call('heapRelease', {}, where);
          const m2 = await page.evaluate((w) => window.bench.heap(w), where);
          const rawInfo = await call('heapRaw', { localId }, where);
          const m3 = await page.evaluate((w) => window.bench.heap(w), where);
          await call('heapRelease', {}, where);
          await call('deletePond', { localId }, where);
          if (m0 === null) throw new Error('no heap measurement available');
          out.push({ metrics: { heap: m1 - m0, baseline: m3 - m2 }, breakdown: {}, info: { ...state, 'stored bytes read': rawInfo.bytes } });
        }
        results.heap.variants[variant] = aggregate(out);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  load.after = loadavg()[0];
  return { results, problems, chromium: browser.version() };
}

// ---------------------------------------------------------------------------------------------------------
// Report

function report({ results, chromium }) {
  const rows = [];
  const verdicts = [];
  const add = (name, budget, measured, baseline, ok) => {
    rows.push([name, budget, measured, baseline, verdict(ok)]);
    verdicts.push({ name, ok });
  };
  const { commit, bulk, big, open, travel, heap } = results;
  if (commit) {
    const m = commit.metrics;
    add(
      `commit of 1 small file (${bytes(P.commit.fileSize)}) into a directory of ${num(P.commit.seedFiles)}, incl. its snapshot; ${P.commit.commits} sequential commits`,
      '≤ 5 ms median',
      `median ${ms(m.median)}, p95 ${ms(m.p95)}`,
      `${ms(m.baseline)} (same meta + log record, one tx, strict)`,
      m.median <= 5,
    );
  }
  if (bulk) {
    const m = bulk.metrics;
    add(
      `commit of ${num(P.bulk.files)} small files (${bytes(P.bulk.fileSize)}) in one transaction`,
      '≥ 20,000 files/s',
      `${num(m['files/s'])} files/s (${ms(m.total)})`,
      `${num(m['baseline files/s'])} files/s (${ms(m.baseline)}: same bytes, one tx, strict)`,
      m['files/s'] >= 20_000,
    );
  }
  if (big) {
    const m = big.metrics;
    add(`write of a ${bytes(P.big.size)} file, BLAKE3 included`, '≥ 100 MB/s', `${mbs(m['write MB/s'])} (${ms(m['write ms'])})`, `${mbs(m['baseline write MB/s'])} (same bytes, one tx, strict)`, m['write MB/s'] >= 100);
    add(`verified read of a ${bytes(P.big.size)} file`, '≥ 150 MB/s', `${mbs(m['read MB/s'])} (${ms(m['read ms'])})`, `${mbs(m['baseline read MB/s'])} (plain idb get)`, m['read MB/s'] >= 150);
  }
  if (open) {
    const sizes = Object.keys(open).map(Number);
    const ref = open[1000] ?? open[sizes[Math.min(1, sizes.length - 1)]];
    const refN = open[1000] ? 1000 : sizes[Math.min(1, sizes.length - 1)];
    add(
      `open a pond of ${num(refN)} commits / ${num(P.history.files)} files to a listable root (store open + OpLog.open + root entries())`,
      '≤ 300 ms',
      ms(ref.metrics.total),
      `${ms(ref.metrics.baseline)} (plain idb: open + checkpoint + tail records)`,
      ref.metrics.total <= 300,
    );
    const totals = sizes.map((n) => open[n].metrics.total);
    const ratio = Math.max(...totals) / Math.min(...totals);
    add(
      `open is flat: ${sizes.map(num).join(' vs ')} commits`,
      'within 1.5×',
      `${totals.map(ms).join(' / ')} (${ratio.toFixed(2)}×)`,
      sizes.map((n) => ms(open[n].metrics.baseline)).join(' / '),
      ratio <= 1.5,
    );
  }
  if (travel) {
    const m = travel.metrics;
    add(
      `time travel ${P.travel.back} commits back (beginRead(last − ${P.travel.back}) + a read), pond of ${num(travel.commits)} commits`,
      '≤ 300 ms',
      `${ms(m.total)} (worst case, 99 commits to replay: ${ms(m['worst case (99 commits replayed)'])})`,
      `${ms(m.baseline)} (plain idb: checkpoint + tail records)`,
      m.total <= 300,
    );
  }
  if (heap) {
    const once = heap.variants.once.metrics.heap;
    const rewritten = heap.variants.rewritten.metrics.heap;
    const ratio = rewritten / once;
    add(
      `JS heap after open: ${num(P.heap.files)} files (${bytes(P.heap.fileSize)}) written once vs each rewritten ${P.heap.rewrites}× (history ${P.heap.rewrites + 1}× the bytes)`,
      'proportional to the current state, not the history (≤ 1.5× here)',
      `${bytes(once)} vs ${bytes(rewritten)} (${ratio.toFixed(2)}×)`,
      `${bytes(heap.variants.once.metrics.baseline)} vs ${bytes(heap.variants.rewritten.metrics.baseline)} (the stored bytes open reads, held)`,
      ratio <= 1.5,
    );
  }

  const when = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Chromium ${chromium} (Debian's, headless, driven by Playwright, fresh profile)`;
  const out = [];
  out.push('## OpLog in Chromium', '');
  out.push('What the storage layer (SPEC §4) costs in the browser, against the budgets of the storage issue.', '');
  out.push(
    `**Machine:** ${machine}. Measured ${when}; 1-minute load average ${load.before.toFixed(1)} at the start, ${load.after.toFixed(1)} at the end ` +
      `(the machine is shared: single runs vary by up to ±30 %, medians less).`,
    '',
  );
  out.push('**Command:**', '', '```sh', `npm run bench   # = node bench/oplog.bench.mjs${argv.length ? ' ' + argv.join(' ') : ''}`, '```', '');
  out.push(
    `**Method** (bench/README.md): the real OpLog (\`src/tlogfs\`) over the real IndexedDB store (\`BrowserLogStore\`, \`WebLockWriteLock\`, ` +
      '`BroadcastChangeNotifier`, as the engine worker wires them) runs in a dedicated module Web Worker of the test-only bench page ' +
      '(`e2e/harness/bench.html`, built by `npm run build:harness`, served by `vite preview` with the app\'s CSP header). ' +
      `Every figure is the median of ${RUNS} runs, each on a fresh database; the open/time-travel ponds are built once per size, then opened ${OPEN_RUNS} times, the sizes taking turns (time travel: ${RUNS} runs). ` +
      'Beside each case, a raw IndexedDB baseline writes or reads the same bytes with plain `idb` in the same run; the breakdown re-times each ' +
      'phase over the same data by calling the same product functions (`blake3Hex`, `encodeSnapshot`, `encodeEntries`, `PondState.apply`, ' +
      '`prepare()`, the store\'s reads) — product code is not instrumented. Files are pseudo-random bytes; MB = 10^6 bytes.',
    '',
  );
  out.push(mdTable(['case', 'budget', 'measured (median)', 'raw IndexedDB baseline (same run)', 'result'], rows), '');

  if (commit) {
    out.push('### Commit of one small file: breakdown', '');
    const m = commit.metrics;
    out.push(
      `Per commit, timed from outside: beginWrite (Web Lock + refresh) ${ms(m['beginWrite (lock + refresh)'])}, ` +
        `FS ops ${ms(m['FS ops (createFilePath)'])}, commit() ${ms(m['commit()'])} ` +
        `(${ms(m['commit() without checkpoint'])} without a checkpoint, ${ms(m['commit() with checkpoint (every 10th)'])} on every 10th, which writes one); mean ${ms(m.mean)}. ` +
        `For reference, the same commit into a directory of 100 files: median ${ms(m['median, same commits into a directory of 100 (reference)'])}.`,
      '',
    );
    out.push(
      breakdownTable(
        commit,
        { 'checkpoint: toCheckpoint()': 'every 10th commit', 'checkpoint: IndexedDB put of it': 'every 10th commit', 'IndexedDB: same bytes, durability strict': 'the baseline' },
        {
          label: 'lock, refresh, FS ops, prepare, encodeEntries, appendCommit, apply',
          prefixes: ['Web Lock', 'refresh', 'prepare()', 'encodeEntries', 'BrowserLogStore.appendCommit', 'PondState.apply'],
          extra: m['FS ops (createFilePath)'],
          measured: m.median,
        },
      ),
      '',
    );
    out.push(infoLine(commit), '');
  }
  if (bulk) {
    out.push(`### Commit of ${num(P.bulk.files)} files: breakdown`, '');
    const m = bulk.metrics;
    out.push(`Timed from outside: beginWrite + FS ops ${ms(m['beginWrite + FS ops (mkdir + createFilePath ×N)'])}, commit() ${ms(m['commit()'])}.`, '');
    out.push(
      breakdownTable(bulk, { 'IndexedDB: same bytes, durability strict': 'the baseline' }, {
        label: 'beginWrite + FS ops (measured), prepare, encodeEntries, appendCommit, apply',
        prefixes: ['prepare()', 'encodeEntries', 'BrowserLogStore.appendCommit', 'PondState.apply'],
        extra: m['beginWrite + FS ops (mkdir + createFilePath ×N)'],
        measured: m.total,
      }),
      '',
    );
    out.push(infoLine(bulk), '');
  }
  if (big) {
    out.push(`### ${bytes(P.big.size)} file: breakdown`, '');
    out.push(
      breakdownTable(big, { 'write: IndexedDB, same bytes (blob + log + meta), strict': 'the baseline', 'read: plain idb get of the same bytes': 'the baseline' }, {
        label: 'write: copy, BLAKE3, encodeEntries, appendCommit',
        prefixes: ['write: copy', 'write: BLAKE3', 'write: encodeEntries', 'write: BrowserLogStore.appendCommit'],
        measured: big.metrics['write ms'],
      }),
      '',
      `Read path: store.getBlob + BLAKE3 verify = ${ms(sumOf(big.breakdown, ['read: store.getBlob', 'read: BLAKE3']))}, measured ${ms(big.metrics['read ms'])}.`,
      '',
    );
  }
  if (open) {
    out.push('### Open: breakdown per history length', '');
    const sizes = Object.keys(open).map(Number);
    const keys = Object.keys(open[sizes[0]].breakdown);
    const norm = (k) => k.replace(/\(\d+\)/, '(n)');
    const rowsB = [
      ['**measured: store open + OpLog.open + root entries()**', ...sizes.map((n) => `**${ms(open[n].metrics.total)}**`)],
      ['of which BrowserLogStore.open / OpLog.open / entries()', ...sizes.map((n) => [open[n].metrics['BrowserLogStore.open'], open[n].metrics['OpLog.open'], open[n].metrics['root entries()']].map(ms).join(' / '))],
      ...keys.map((k) => [norm(k), ...sizes.map((n) => ms(Object.entries(open[n].breakdown).find(([kk]) => norm(kk) === norm(k))?.[1] ?? NaN))]),
      [
        '**sum of the phases on the path**',
        ...sizes.map((n) => {
          const sum = sumOf(open[n].breakdown, ['BrowserLogStore.open', 'identity', 'listCheckpoints', 'readCheckpoint', 'decodeEntries', 'PondState from', 'readCommits', 'decode + apply', 'root entries']);
          return `**${ms(sum)}** (not attributed ${ms(Math.max(0, open[n].metrics.total - sum))})`;
        }),
      ],
      ['checkpoint (txn) / rows / bytes', ...sizes.map((n) => `${open[n].info.checkpoint} / ${num(open[n].info['checkpoint rows'])} / ${bytes(open[n].info['checkpoint bytes'])}`)],
      ['commits replayed after it', ...sizes.map((n) => String(open[n].info['tail commits replayed']))],
      ['building the pond took', ...sizes.map((n) => `${(open[n].built.buildMs / 1000).toFixed(1)} s`)],
    ];
    out.push(mdTable(['phase', ...sizes.map((n) => `${num(n)} commits`)], rowsB), '');
  }
  if (travel) {
    out.push('### Time travel: breakdown', '');
    out.push(breakdownTable(travel), '');
    out.push(infoLine(travel), '');
  }
  if (heap) {
    out.push('### JS heap after open', '');
    out.push(
      heap.where === 'worker'
        ? "Measured in the bench worker: the page calls `performance.measureUserAgentSpecificMemory()` (cross-origin isolated, `--enable-blink-features=ForceEagerMeasureMemory`) and takes the bytes attributed to the worker, after the worker ran `gc()` (`--js-flags=--expose-gc`). "
        : 'Measured on the page thread (`performance.memory.usedJSHeapSize` after `gc()`, `--enable-precise-memory-info`): the page is not cross-origin isolated. ',
    );
    out.push(
      'Heap = after (open + list / and /h, all kept alive) minus before. ArrayBuffer contents count. Baseline = the same difference for holding the stored bytes that the open reads (checkpoint + tail log records, read with plain idb).',
      '',
    );
    const v = heap.variants;
    out.push(
      mdTable(
        ['pond', 'nodes / versions', 'heap after open', 'raw: stored bytes read, held', 'heap per version'],
        Object.entries(v).map(([name, r]) => [
          name === 'once' ? `${num(P.heap.files)} files written once` : `same files, each rewritten ${P.heap.rewrites}×`,
          `${num(r.info.nodes)} / ${num(r.info.versions)}`,
          bytes(r.metrics.heap),
          `${bytes(r.metrics.baseline)} (${bytes(r.info['stored bytes read'])} stored)`,
          `${num(r.metrics.heap / r.info.versions)} B`,
        ]),
      ),
      '',
    );
    const extra = (v.rewritten.metrics.heap - v.once.metrics.heap) / (v.rewritten.info.versions - v.once.info.versions);
    out.push(`Each old version kept in memory costs ≈ ${num(extra)} B of heap (metadata only; the content of old versions is not held).`, '');
  }
  return { markdown: out.join('\n'), verdicts };
}

function writeDocs(markdown) {
  const path = join(repoRoot, 'docs/benchmarks.md');
  const text = readFileSync(path, 'utf8');
  const heading = '## OpLog in Chromium\n';
  const start = text.indexOf(heading);
  let next;
  if (start >= 0) {
    const after = text.indexOf('\n## ', start + heading.length);
    next = text.slice(0, start) + markdown.trimEnd() + '\n' + (after >= 0 ? text.slice(after) : '');
  } else {
    next = text.trimEnd() + '\n\n' + markdown.trimEnd() + '\n';
  }
  writeFileSync(path, next);
  log(`wrote the figures to docs/benchmarks.md (section "OpLog in Chromium")`);
}

const outcome = await main();
const { markdown, verdicts } = report(outcome);
console.log(markdown);
if (outcome.problems.length > 0) log(`console errors on the bench page:\n${outcome.problems.map((p) => `  ${p}`).join('\n')}`);
log(`\n${verdicts.map((v) => `${v.ok ? 'pass' : 'MISS'}  ${v.name}`).join('\n')}`);
log(`total time ${elapsed()}`);
if (WRITE_DOCS) writeDocs(markdown);
