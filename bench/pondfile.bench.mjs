// Pond-file benchmark (`npm run bench:pondfile`; never part of `npm test` or CI): export and import
// (verification included) of a ~200 MB pond, in a Chromium Web Worker over the real IndexedDB store and in
// the `duckpond` CLI, each beside reading/writing the same bytes raw in the same run (issue 9 §5).
//
//   npm run bench:pondfile                       # everything, writes docs/benchmarks.md "Pond files"
//   node bench/pondfile.bench.mjs --no-docs      # print only
//   node bench/pondfile.bench.mjs --runs 3       # more runs (default 2; figures are medians)
//   node bench/pondfile.bench.mjs --quick        # smoke test of the script (a ~20 MB pond, no docs): not the benchmark
//
// 1. Builds the test-only harness (`npm run build:harness`: e2e/harness/pondfile.html, its worker
//    pondfile.worker.ts running the cases of pondfile.bench.ts) and the CLI (`npm run build:cli`).
// 2. Serves the harness with `vite preview` (the app's CSP header plus COOP/COEP, so the page can measure its
//    worker's heap) and drives Debian's Chromium (fresh profile) through Playwright: the worker builds the
//    pond through the real OpLog into a BrowserLogStore, exports it (exportPond → a Blob), imports that file
//    into a new BrowserLogStore (importPond), and runs the raw idb baselines; the page samples the worker's
//    JS heap (performance.measureUserAgentSpecificMemory) every 100 ms while each case runs.
// 3. Saves the exported file to a temporary directory (a download), then spawns the real CLI:
//    `node src/cli/duckpond.mjs --pond DIR import bench.pond` and `--pond DIR export out.pond`, under
//    `/usr/bin/time -v` for the peak RSS; raw baseline `cp -r` of the pond directory and `cp` of the file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildHarness, e2eChromiumArgs, repoRoot, startPreview } from './harness.mjs';


const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const QUICK = argv.includes('--quick');
const RUNS = Number(option('--runs', QUICK ? '1' : '2'));
const WRITE_DOCS = !argv.includes('--no-docs') && !QUICK;
const MB = 1e6;
const MiB = 1024 * 1024;

const POND = QUICK
  ? { commits: 20, smallFiles: 200, smallMin: 256, smallMax: 4096, blobs: 4, blobSize: 5 * MB }
  : { commits: 200, smallFiles: 2000, smallMin: 256, smallMax: 4096, blobs: 40, blobSize: 5 * MB };
const BUDGET = { exportMBs: 50, importMBs: 30, memoryBase: 100 * MB };

const log = (...a) => console.error(...a);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => (x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
const mbs = (x) => `${x >= 100 ? x.toFixed(0) : x.toFixed(1)} MB/s`;
const mb = (x) => `${(x / MB).toFixed(1)} MB`;
const num = (x) => Math.round(x).toLocaleString('en-US');
const verdict = (ok) => (ok ? '**pass**' : '**MISS**');
const mdTable = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * MiB, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r;
}

/** Wall time and peak RSS (VmHWM, from `/usr/bin/time -v`) of one command. */
function timed(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = run('/usr/bin/time', ['-v', cmd, ...args]);
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
  if (kb === undefined) throw new Error(`no peak RSS from /usr/bin/time: ${r.stderr}`);
  return { ms: wall, rss: Number(kb) * 1024, stdout: r.stdout.trim() };
}

const duSize = (dir) => Number(run('du', ['-sb', dir]).stdout.split('\t')[0]);


const load = { before: loadavg()[0] };

// ---------------------------------------------------------------------------------------------------------
// Renderer memory. measureUserAgentSpecificMemory does not count ArrayBuffer contents (checked at the start
// of every run), and member bytes live in ArrayBuffers: so the peak RSS of Chromium's renderer process (page
// + worker) is measured too, from /proc: VmHWM after resetting it (`echo 5 > /proc/PID/clear_refs`).

function statusKb(pid, field) {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? 0 : Number(m[1]) * 1024;
}

/** The renderer processes under the browser process `root`. */
function renderers(root) {
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const under = (pid) => {
    for (let p = pid; p > 1; p = parent.get(p) ?? 0) if (p === root) return true;
    return false;
  };
  return [...parent.keys()].filter((pid) => pid !== root && under(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer'));
}

/** Resets the renderers' VmHWM; returns a function giving the peak RSS since (of the renderer that grew most) and its RSS before. */
function rendererPeak(root) {
  const pids = renderers(root);
  const before = new Map(pids.map((pid) => {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return [pid, statusKb(pid, 'VmRSS')];
  }));
  return () => {
    let best = { peak: 0, before: 0, pid: 0 };
    for (const pid of pids) {
      const peak = statusKb(pid, 'VmHWM');
      if (peak - before.get(pid) > best.peak - best.before) best = { peak, before: before.get(pid), pid };
    }
    return best;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Chromium

async function chromiumPart(work) {
  const { server, url } = await startPreview('e2e/harness/pondfile.html', 4177);
  const { chromium } = await import('@playwright/test');
  const args = [...e2eChromiumArgs(), '--enable-precise-memory-info', '--js-flags=--expose-gc', '--enable-blink-features=ForceEagerMeasureMemory'];
  // launchServer (not launch): the browser's pid is needed to find its renderer. A fresh, temporary profile.
  const browserServer = await chromium.launchServer({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args });
  const browser = await chromium.connect(browserServer.wsEndpoint());
  const root = browserServer.process().pid;
  const problems = [];
  const out = { export: [], rawExport: [], import: [], rawImport: [] };
  try {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const call = (name, params = {}) => page.evaluate(([n, p]) => window.pondBench.call(n, p), [name, params]);
    const sampled = async (name, params = {}) => {
      await call('collectGarbage');
      const peak = rendererPeak(root);
      const r = await page.evaluate(([n, p]) => window.pondBench.sampled(n, p), [name, params]);
      return { ...r, renderer: peak() };
    };
    const heap = () => page.evaluate(() => window.pondBench.heap());
    const env = await call('ping');
    const isolated = await page.evaluate(() => window.pondBench.crossOriginIsolated);
    log(`Chromium ${browser.version()}, worker gc: ${env.gc}, cross-origin isolated: ${isolated}`);
    if (!isolated) throw new Error('the page is not cross-origin isolated: no worker heap measurement');
    // Does the measurement count ArrayBuffer contents? Hold 64 MiB in the worker and look.
    await call('hold', { bytes: 0 });
    const h0 = await heap();
    await call('hold', { bytes: 64 * MiB });
    const h1 = await heap();
    await call('hold', { bytes: 0 });
    out.calibration = { heldBytes: 64 * MiB, seen: h1 - h0, idle: h0 };

    log(`[${elapsed()}] building the pond: ${POND.commits} commits, ${num(POND.smallFiles)} small files, ${POND.blobs} × ${mb(POND.blobSize)} …`);
    out.build = await call('build', { localId: 'pondfile-src', ...POND });
    log(`[${elapsed()}]   built in ${(out.build.buildMs / 1000).toFixed(1)} s (txn ${out.build.last}, ${mb(out.build.contentBytes)} of content)`);
    for (let r = 1; r <= RUNS; r++) {
      log(`[${elapsed()}] run ${r}/${RUNS}: export …`);
      out.export.push(await sampled('exportCase', { localId: 'pondfile-src' }));
      log(`[${elapsed()}]   ${ms(out.export.at(-1).result.metrics.ms)}; raw export …`);
      out.rawExport.push(await sampled('rawExport', { localId: 'pondfile-src' }));
      log(`[${elapsed()}]   ${ms(out.rawExport.at(-1).result.metrics.ms)}; import …`);
      out.import.push(await sampled('importCase', { localId: 'pondfile-imported', keep: r === RUNS }));
      log(`[${elapsed()}]   ${ms(out.import.at(-1).result.metrics.ms)}; raw import …`);
      out.rawImport.push(await sampled('rawImport', { localId: 'pondfile-imported' }));
      log(`[${elapsed()}]   ${ms(out.rawImport.at(-1).result.metrics.ms)}`);
    }
    log(`[${elapsed()}] breakdowns …`);
    out.importBreakdown = await call('importBreakdown', { localId: 'pondfile-imported' });
    out.exportBreakdown = await call('exportBreakdown', { localId: 'pondfile-src' });
    log(`[${elapsed()}] saving the pond file for the CLI …`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.evaluate(() => window.pondBench.download('bench.pond'))]);
    await download.saveAs(join(work, 'bench.pond'));
    await call('deletePond', { localId: 'pondfile-src' });
    out.chromium = browser.version();
  } finally {
    await browser.close();
    await browserServer.close();
    await server.close();
  }
  out.problems = problems;
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// CLI

function cliPart(work, contentBytes) {
  const cli = ['src/cli/duckpond.mjs'];
  const file = join(work, 'bench.pond');
  const out = { import: [], export: [], rawDir: [], rawFile: [] };
  out.startup = timed('node', [...cli, 'help']);
  for (let r = 1; r <= RUNS; r++) {
    const dir = join(work, `pond-${r}`);
    log(`[${elapsed()}] CLI run ${r}/${RUNS}: import …`);
    run('sync', []);
    out.import.push(timed('node', [...cli, '--pond', dir, 'import', file]));
    log(`[${elapsed()}]   ${ms(out.import.at(-1).ms)}; export …`);
    const exported = join(work, `out-${r}.pond`);
    run('sync', []);
    out.export.push(timed('node', [...cli, '--pond', dir, 'export', exported]));
    out.identical = readFileSync(exported).equals(readFileSync(file));
    log(`[${elapsed()}]   ${ms(out.export.at(-1).ms)}; byte-identical to the Chromium export: ${out.identical}; raw …`);
    out.dirBytes = duSize(dir);
    run('sync', []);
    out.rawDir.push(timed('sh', ['-c', `cp -r '${dir}' '${dir}-copy' && sync`]));
    run('sync', []);
    out.rawFile.push(timed('sh', ['-c', `cp '${file}' '${file}.copy' && sync`]));
    rmSync(`${dir}-copy`, { recursive: true, force: true });
    rmSync(`${file}.copy`, { force: true });
    rmSync(exported, { force: true });
    rmSync(dir, { recursive: true, force: true });
  }
  // Once more without the launcher (the bundle run directly), i.e. without the young-generation setting it
  // makes: what the bounded buffers alone give.
  log(`[${elapsed()}] CLI without the launcher's V8 setting: import, export …`);
  const bare = join(work, 'pond-bare');
  out.bare = { import: timed('node', ['dist-cli/duckpond.js', '--pond', bare, 'import', file]) };
  out.bare.export = timed('node', ['dist-cli/duckpond.js', '--pond', bare, 'export', join(work, 'out-bare.pond')]);
  rmSync(bare, { recursive: true, force: true });
  rmSync(join(work, 'out-bare.pond'), { force: true });
  out.fileBytes = statSync(file).size;
  out.contentBytes = contentBytes;
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Report

function report(c, n) {
  const content = c.export[0].result.info['content bytes'];
  const largest = c.export[0].result.info['largest member bytes'];
  const memBudget = BUDGET.memoryBase + largest;
  const m = (list, key) => median(list.map((x) => x.result.metrics[key]));
  const peak = (list) => Math.max(...list.map((x) => x.peak));
  const rows = [];
  const verdicts = [];
  const add = (name, budget, measured, baseline, ok) => {
    rows.push([name, budget, measured, baseline, verdict(ok)]);
    verdicts.push({ name, ok });
  };
  const cExp = m(c.export, 'MB/s');
  const cImp = m(c.import, 'MB/s');
  add('Chromium: export (exportPond → Blob)', `≥ ${BUDGET.exportMBs} MB/s`, `${mbs(cExp)} (${ms(m(c.export, 'ms'))})`, `${mbs(m(c.rawExport, 'MB/s'))} (${ms(m(c.rawExport, 'ms'))}: plain idb get of every stored value → Blob)`, cExp >= BUDGET.exportMBs);
  add('Chromium: import, verification included (Blob → importPond)', `≥ ${BUDGET.importMBs} MB/s`, `${mbs(cImp)} (${ms(m(c.import, 'ms'))})`, `${mbs(m(c.rawImport, 'MB/s'))} (${ms(m(c.rawImport, 'ms'))}: Blob slice per member → plain idb put, strict tx per commit/blob)`, cImp >= BUDGET.importMBs);
  // Memory, Chromium: the renderer's peak RSS above its RSS before the case (ArrayBuffers included) is the verdict;
  // the worker's JS heap (objects only: ArrayBuffer contents are not counted by the API) is shown beside it.
  const rend = (list) => list.reduce((a, x) => (x.renderer.peak - x.renderer.before > a.renderer.peak - a.renderer.before ? x : a));
  const rendRow = (what, list, raw) => {
    const x = rend(list);
    const grew = x.renderer.peak - x.renderer.before;
    const r = rend(raw);
    add(
      `Chromium: peak memory, ${what}: renderer RSS above its RSS before (worker JS heap peak, ArrayBuffers excluded)`,
      `< ${mb(memBudget)}`,
      `+${mb(grew)} (peak ${mb(x.renderer.peak)} from ${mb(x.renderer.before)}; JS heap ${mb(peak(list))}, ${mb(list[0].before)} before)`,
      `+${mb(r.renderer.peak - r.renderer.before)} (JS heap ${mb(peak(raw))})`,
      grew < memBudget,
    );
  };
  rendRow('export', c.export, c.rawExport);
  rendRow('import', c.import, c.rawImport);
  const nExpMs = median(n.export.map((x) => x.ms));
  const nImpMs = median(n.import.map((x) => x.ms));
  const rawDirMs = median(n.rawDir.map((x) => x.ms));
  const rawFileMs = median(n.rawFile.map((x) => x.ms));
  const nExp = content / 1e3 / nExpMs;
  const nImp = content / 1e3 / nImpMs;
  const rawBase = `\`cp -r\` of the pond dir + sync: ${mbs(n.dirBytes / 1e3 / rawDirMs)} (${ms(rawDirMs)}); \`cp\` of the file + sync: ${mbs(n.fileBytes / 1e3 / rawFileMs)} (${ms(rawFileMs)})`;
  add('CLI: `duckpond export out.pond` (whole process)', `≥ ${BUDGET.exportMBs} MB/s`, `${mbs(nExp)} (${ms(nExpMs)})`, rawBase, nExp >= BUDGET.exportMBs);
  add('CLI: `duckpond import out.pond` (whole process: verify, write, then verifyPond)', `≥ ${BUDGET.importMBs} MB/s`, `${mbs(nImp)} (${ms(nImpMs)})`, 'same', nImp >= BUDGET.importMBs);
  const rssMax = (list) => Math.max(...list.map((x) => x.rss));
  const rawRss = `cp -r: ${mb(rssMax(n.rawDir))}; node startup (\`duckpond help\`): ${mb(n.startup.rss)}`;
  add('CLI: peak RSS, export', `< ${mb(memBudget)}`, mb(rssMax(n.export)), rawRss, rssMax(n.export) < memBudget);
  add('CLI: peak RSS, import', `< ${mb(memBudget)}`, mb(rssMax(n.import)), 'same', rssMax(n.import) < memBudget);

  const when = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Chromium ${c.chromium} (Debian's, headless, Playwright, fresh profile)`;
  const out = [];
  out.push('## Pond files', '');
  out.push('Export and import of a pond file (issue 9 §5, docs/pond-file-format.md) against its budgets: ≥ 50 MB/s export, ≥ 30 MB/s import with verification, peak memory under 100 MB plus the largest single member.', '');
  out.push(`**Machine:** ${machine}. Measured ${when}; 1-minute load average ${load.before.toFixed(1)} at the start, ${load.after.toFixed(1)} at the end (shared machine: runs vary by up to ±30 %).`, '');
  out.push('**Command:**', '', '```sh', `npm run bench:pondfile   # = node bench/pondfile.bench.mjs${argv.length ? ' ' + argv.join(' ') : ''}`, '```', '');
  const b = c.build;
  out.push(
    `**The pond:** built in the worker through the real OpLog: ${b.last} commits (init + ${POND.commits}), ${num(b.smallFiles)} small files of ${POND.smallMin}–${POND.smallMax} B (inline in the log records) and ${b.blobs} files of ${mb(POND.blobSize)} (blobs), pseudo-random bytes, checkpoints as the OpLog writes them. ` +
      `The file: ${num(c.export[0].result.info.members)} members, ${mb(content)} of member content (MB/s figures are this over the wall time; MB = 10^6 B), ${mb(c.export[0].result.info['file bytes'])} on disk; largest member ${c.export[0].result.info['largest member']} (${mb(largest)}), so the memory budget is ${mb(memBudget)}.`,
    '',
  );
  out.push(
    `**Method** (bench/README.md): Chromium — the cases of \`e2e/harness/pondfile.bench.ts\` run in a dedicated module Web Worker of the test-only page \`pondfile.html\` (\`npm run build:harness\`, \`vite preview\` with the app's CSP plus COOP/COEP). Export = \`exportPond(BrowserLogStore)\` with every chunk put into a Blob part at once (as a download); import = \`importPond\` (mode new, everything verified before the first write) of that Blob into a new \`BrowserLogStore\`, read through a \`ByteSource\` of \`blob.slice().arrayBuffer()\` (as a File from \`<input type=file>\`). ` +
      `Peak JS heap = the largest of the worker's \`performance.measureUserAgentSpecificMemory()\` figures sampled every ~100 ms while the case runs (${median(c.export.map((x) => x.samples))} samples per export; each sample is a full GC, so it is the live heap, not garbage awaiting collection; ArrayBuffer contents count: 64 MiB held showed as ${mb(c.calibration.seen)}). ` +
      `CLI — the same file (downloaded from the page) imported by the real binary, \`node src/cli/duckpond.mjs --pond DIR import bench.pond\` (which verifies, writes a staged directory, runs a full \`verifyPond\`, then renames it into place), then \`--pond DIR export out.pond\`; wall time of the whole process (Node start ${ms(n.startup.ms)} included), peak RSS from \`/usr/bin/time -v\`; \`sync\` before each. ` +
      `Medians of ${RUNS} runs; peaks are the highest of the runs.`,
    '',
  );
  out.push(mdTable(['case', 'budget', 'measured', 'raw baseline (same run)', 'result'], rows), '');
  out.push(`The CLI's export of the pond it imported is byte-identical to the Chromium export: **${n.identical ? 'yes' : 'NO'}** (determinism across stores). Pond directory after import: ${mb(n.dirBytes)}.`, '');

  out.push('### Chromium: where the time goes', '');
  const ce = c.export.at(-1).result.metrics;
  const ci = c.import.at(-1).result.metrics;
  const eb = c.exportBreakdown;
  const ib = c.importBreakdown;
  const row = (k, v, note = '') => [k, typeof v === 'number' ? ms(v) : v, note];
  out.push(
    mdTable(['phase', 'ms', 'note'], [
      row('**export, measured**', ce.ms),
      row('of which the scan pass (plan, read + BLAKE3 of every member)', ce['scan pass ms (plan + read + BLAKE3 of every member)']),
      row('of which the write pass (read again, BLAKE3 again, zip, sink)', ce['write pass ms (read + BLAKE3 + zip + sink)']),
      ...Object.entries(eb).map(([k, v]) => row(`re-timed: ${k}`, v)),
      row('**import, measured**', ci.ms),
      row('of which the verify pass (every member read, inflated, CRC-32, BLAKE3, decoded)', ci['verify pass ms']),
      row('of which the write pass (every member read and BLAKE3-checked again, appendCommit per commit)', ci['write pass ms']),
      ...Object.entries(ib)
        .filter(([k]) => k !== 'member bytes' && k !== 'Blob reads it made')
        .map(([k, v]) => row(`re-timed: ${k}`, v)),
      row('Blob reads of one import', num(c.import.at(-1).result.info['Blob reads']), `readZipDirectory alone: ${num(ib['Blob reads it made'])}`),
    ]),
    '',
  );
  out.push('### Where the time and memory go', '');
  out.push(
    `- **Chromium export** (${mbs(cExp)}): the manifest pass reads and hashes every member except blobs (their hash is their name and their size is in the log record that references them); ` +
      `the write pass reads each member once more, BLAKE3-checks it against the manifest (${ms(eb['BLAKE3 of every member, one pass'])} for all of them), and adds fflate's CRC-32 (≈ ${ms(eb['CRC-32 of every member, one pass (table CRC)'])}), ` +
      `deflate of the small members (${ms(eb['deflate (level 6) of the non-blob members'])}) and the Blob sink (${ms(eb['Blob sink of the same bytes'])}).`,
    `- **CLI peak RSS** (export ${mb(rssMax(n.export))}, import ${mb(rssMax(n.import))}; 168.1 / 174.5 MB before the change described here): export streams the zip to the file chunk by chunk (\`HostFiles.writeChunks\`) and import reads through a file handle (\`HostFiles.open\`), so neither holds the ${mb(n.fileBytes)} file. ` +
      `Node itself takes ${mb(n.startup.rss)} (\`duckpond help\`; 72.9 MB before the CLI bundled its npm packages: loaded from node_modules, apache-arrow's ~150 ES modules alone cost ~16 MB). ` +
      `The rest was garbage rather than live data: every member came in a fresh buffer (each ${mb(POND.blobSize)} blob read whole, a copy per zip read, a copy per store write, inflate output per 1 MiB pushed) and every deflated member brought fflate's tables (a 96 KiB window, a hash table of up to 2 MiB), and V8 frees such buffers late — at a young-generation collection, after up to 32 MB of them — while its young generation itself grew to 32 MiB. ` +
      `Now blobs and checkpoints pass through one reused 256 KiB buffer (\`LogStore.readBlobPieces\` / \`readCheckpointPieces\`; stored members go through fflate without a copy; deflate in 64 KiB pushes, small members in one \`deflateSync\`); import reads members into buffers sized once from the manifest and inflates into them in one call; the directory store reuses its copies of what it writes; export reads the store without loading the pond's state; verify hashes blobs piece by piece and compares a checkpoint with the replayed state by hash. ` +
      `Those alone give export ${mb(n.bare.export.rss)}, import ${mb(n.bare.import.rss)} (the bundle run directly, one run); the launcher (\`src/cli/duckpond.mjs\`) adds \`--semi-space-growth-factor=1\`, which keeps V8's young generation at its initial 1 MiB semi-spaces (objects of a CLI command mostly die young anyway) and brings the figures above; throughput is unchanged (export ${mbs(content / 1e3 / n.bare.export.ms)}, import ${mbs(content / 1e3 / n.bare.import.ms)} without it). ` +
      `What is left grows with the largest member, not with the pond: export holds no large member whole; import holds up to three buffers of its size (the member, its compressed bytes when deflated, the directory store's copy of what it writes), and a commit's log record with all its blobs at once (\`appendCommit\` takes them together) — with members much larger than the ${mb(largest)} here, import's peak grows by two to three times the largest member, not once.`,
    `- **Against the raw baselines of the same run** (a shared machine's I/O varies more than its CPU): Chromium export ${(cExp / m(c.rawExport, 'MB/s')).toFixed(2)}× and import ${(cImp / m(c.rawImport, 'MB/s')).toFixed(2)}× the plain idb passes; CLI export ${(nExp / (n.dirBytes / 1e3 / rawDirMs)).toFixed(3)}× the \`cp -r\` of the pond directory.`,
    `- Import reads, CRC-checks and BLAKE3-hashes every member twice (verify pass ${ms(ci['verify pass ms'])}, write pass ${ms(ci['write pass ms'])}); the CLI then runs a full \`verifyPond\` of the new directory ` +
      `(in Chromium ${ms(ib['verifyPond of the imported store (not part of importPond; the CLI runs it after)'])}), which reads every blob a third time; with it, the CLI import ${nImp >= BUDGET.importMBs ? 'still passes' : 'misses'} its budget (${mbs(nImp)}).`,
    '',
  );
  return { markdown: out.join('\n'), verdicts };
}

function writeDocs(markdown) {
  const path = join(repoRoot, 'docs/benchmarks.md');
  const text = readFileSync(path, 'utf8');
  const heading = '## Pond files\n';
  const start = text.indexOf(heading);
  let next;
  if (start >= 0) {
    const after = text.indexOf('\n## ', start + heading.length);
    next = text.slice(0, start) + markdown.trimEnd() + '\n' + (after >= 0 ? text.slice(after) : '');
  } else next = text.trimEnd() + '\n\n' + markdown.trimEnd() + '\n';
  writeFileSync(path, next);
  log('wrote the figures to docs/benchmarks.md (section "Pond files")');
}

if (!argv.includes('--no-build')) {
  log('building the harness and the CLI …');
  buildHarness();
  run('npm', ['run', 'build:cli'], { stdio: ['ignore', 2, 2] });
}
const work = mkdtempSync(join(tmpdir(), 'duckpond-pondfile-bench-'));
try {
  const c = await chromiumPart(work);
  const n = cliPart(work, c.export[0].result.info['content bytes']);
  load.after = loadavg()[0];
  const { markdown, verdicts } = report(c, n);
  console.log(markdown);
  if (c.problems.length > 0) log(`console errors on the bench page:\n${c.problems.map((p) => `  ${p}`).join('\n')}`);
  log(`\n${verdicts.map((v) => `${v.ok ? 'pass' : 'MISS'}  ${v.name}`).join('\n')}`);
  log(`total time ${elapsed()}`);
  if (WRITE_DOCS) writeDocs(markdown);
} finally {
  rmSync(work, { recursive: true, force: true });
}
