// BLAKE3 benchmark: MB/s (10^6 bytes/s) of each installed candidate, in Node and in a headless Chromium
// Web Worker (where the engine runs), under the app's Content-Security-Policy with and without
// 'wasm-unsafe-eval'. Also checks the official test vectors and that all candidates agree.
//
//   npm run bench:blake3                      # Node, then Chromium (both CSP variants)
//   node bench/blake3.bench.mjs --node        # Node only
//   node bench/blake3.bench.mjs --chromium    # Chromium only
//   node bench/blake3.bench.mjs --runs 7      # timed runs per case (median is reported; default 5)
//
// Candidates that are not installed are skipped. Only blake3-jit is a dependency; to compare all of them:
//   npm install --no-save @noble/hashes@2.4.0 hash-wasm@4.13.0 blake3-wasm@2.1.5
// (a later plain `npm install`/`npm ci` removes them again). Chromium needs /usr/bin/chromium or CHROMIUM_PATH.
// Plain JavaScript because Node 20 cannot run TypeScript without a loader (no --experimental-strip-types).
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CANDIDATES, CASES, OFFICIAL, runAll } from './blake3-candidates.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;
const onlyNode = args.includes('--node');
const onlyChromium = args.includes('--chromium');
const doNode = onlyNode || !onlyChromium;
const doChromium = onlyChromium || !onlyNode;

function installedVersion(pkg) {
  try {
    return JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function isInstalled(spec) {
  try {
    import.meta.resolve(spec);
    return true;
  } catch {
    return false;
  }
}

const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

function table(title, outcome) {
  const lines = [`### ${title}`, ''];
  const head = ['candidate', 'version', 'kind', ...CASES.map((c) => `${c.label} MB/s`), '16 MiB hash, ms'];
  lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
  for (const r of outcome.results) {
    const cells = CASES.map((c) => {
      const m = r.cases[c.label];
      return m.error ? `error: ${m.error}` : `${fmt(m.median)} (${fmt(m.min)}–${fmt(m.max)})`;
    });
    const big = r.cases[CASES[2].label];
    const ms = big.error ? '–' : ((CASES[2].size / 1e6 / big.median) * 1e3).toFixed(0);
    lines.push(`| ${r.id} | ${installedVersion(r.pkg) ?? '?'} | ${r.kind} | ${cells.join(' | ')} | ${ms} |`);
  }
  for (const s of outcome.skipped) lines.push(`| ${s.id} | ${installedVersion(CANDIDATES.find((c) => c.id === s.id).pkg) ?? '–'} | skipped: ${s.why} |`);
  lines.push('');
  const v = outcome.verification;
  lines.push(
    v.problems.length === 0
      ? `Verification: test vectors ("" and "abc") OK for every candidate; one-shot digests agree across ` +
          `candidates on ${v.lengthsChecked} random inputs (1 B … 16 MiB+13), and chunked = one-shot; the ` +
          `${OFFICIAL.length} official vectors of the reference repository (0 B … 100 KiB) match.`
      : `Verification FAILED:\n${v.problems.map((p) => `- ${p}`).join('\n')}`,
  );
  for (const r of outcome.results) {
    if (r.warnings) lines.push(`${r.id}: ${r.warnings} console.warn calls while measuring (first: ${r.firstWarning}).`);
  }
  if (outcome.notes) lines.push(...outcome.notes);
  lines.push('');
  return lines.join('\n');
}

async function nodeBench() {
  const loaders = {};
  for (const c of CANDIDATES) for (const s of c.specs) if (isInstalled(s)) loaders[s] = () => import(s);
  const outcome = await runAll(loaders, { runs });
  return outcome;
}

/** The app's policy, read from src/app/csp.ts (the string literals after `=`), so the bench cannot drift. */
function appPolicy() {
  const src = readFileSync(join(repoRoot, 'src/app/csp.ts'), 'utf8');
  const expr = src.slice(src.indexOf('CONTENT_SECURITY_POLICY ='));
  const policy = [...expr.slice(0, expr.indexOf(';\n')).matchAll(/"([^"]*)"/g)].map((m) => m[1]).join('');
  if (!policy.includes("script-src 'self'")) throw new Error('could not read the CSP from src/app/csp.ts');
  return policy;
}

const WORKER_SOURCE = (specs) => `
import { runAll } from ${JSON.stringify(join(repoRoot, 'bench/blake3-candidates.mjs'))};
const loaders = {
${specs.map((s) => `  ${JSON.stringify(s)}: () => import(${JSON.stringify(s)}),`).join('\n')}
};
function wasmAllowed() {
  try {
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    return 'yes';
  } catch (e) {
    return 'no: ' + e.message;
  }
}
self.onmessage = async (e) => {
  try {
    if (e.data.probeOnly) return self.postMessage({ wasm: wasmAllowed() });
    const out = await runAll(loaders, { runs: e.data.runs, browser: true });
    self.postMessage({ wasm: wasmAllowed(), ...out });
  } catch (err) {
    self.postMessage({ error: String(err && err.stack || err) });
  }
};
`;

async function chromiumBench() {
  const specs = CANDIDATES.filter((c) => !c.nodeOnly)
    .flatMap((c) => c.specs)
    .filter(isInstalled);
  // The entry lives under node_modules/.cache so that bare imports resolve from the repo's node_modules.
  const cacheDir = join(repoRoot, 'node_modules/.cache/blake3-bench');
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, 'worker-entry.mjs'), WORKER_SOURCE(specs));
  const outDir = mkdtempSync(join(tmpdir(), 'blake3-bench-'));
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: cacheDir,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: true, // as the production build
      lib: { entry: join(cacheDir, 'worker-entry.mjs'), formats: ['es'], fileName: () => 'worker.js' },
    },
  });

  const strict = appPolicy();
  const withWasm = strict.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");
  let headerPolicy = strict;
  let metaPolicy;
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') {
      const meta = metaPolicy ? `<meta http-equiv="Content-Security-Policy" content="${metaPolicy}">` : '';
      res.writeHead(200, { 'content-type': 'text/html', ...(headerPolicy && { 'content-security-policy': headerPolicy }) });
      return res.end(`<!doctype html><html><head>${meta}</head><body>blake3 bench</body></html>`);
    }
    try {
      const body = readFileSync(join(outDir, path.replace(/^\/+/, '').replace(/\.\./g, '')));
      res.writeHead(200, {
        'content-type': 'text/javascript',
        ...(headerPolicy && { 'content-security-policy': headerPolicy }),
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}/`;

  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  const inWorker = async (message) => {
    const page = await browser.newPage();
    await page.goto(base);
    const out = await page.evaluate(
      (msg) =>
        new Promise((resolve) => {
          const w = new Worker('/worker.js', { type: 'module' });
          w.onmessage = (e) => resolve(e.data);
          w.onerror = (e) => resolve({ error: `worker error: ${e.message}` });
          w.postMessage(msg);
        }),
      message,
    );
    await page.close();
    if (out.error) throw new Error(out.error);
    return out;
  };

  const outcomes = [];
  try {
    for (const [name, policy] of [
      ["app CSP + 'wasm-unsafe-eval' (HTTP header)", withWasm],
      ['app CSP as is, no WebAssembly (HTTP header)', strict],
    ]) {
      headerPolicy = policy;
      metaPolicy = undefined;
      console.error(`chromium: ${name} …`);
      const out = await inWorker({ runs });
      out.title = `Chromium ${browser.version()} Web Worker — ${name}`;
      out.notes = [`WebAssembly compile allowed in the worker: ${out.wasm}.`];
      outcomes.push(out);
    }
    // Does a <meta> CSP on the page reach a worker loaded from a URL? (The production build uses <meta>.)
    headerPolicy = undefined;
    metaPolicy = strict;
    const probe = await inWorker({ probeOnly: true });
    outcomes.metaProbe = `Page with the strict policy as <meta> only (no headers): WebAssembly compile in a URL worker allowed: ${probe.wasm}.`;
  } finally {
    await browser.close();
    server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
  return outcomes;
}

console.log(`# BLAKE3 benchmark\n`);
console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}; median of ${runs} runs (min–max), MB = 10^6 bytes.\n`);
let failed = false;
if (doNode) {
  console.error('node …');
  const out = await nodeBench();
  failed ||= out.verification.problems.length > 0;
  console.log(table(`Node ${process.version}`, out));
}
if (doChromium) {
  const outs = await chromiumBench();
  for (const out of outs) {
    failed ||= out.verification.problems.length > 0;
    console.log(table(out.title, out));
  }
  console.log(outs.metaProbe + '\n');
}
if (failed) process.exitCode = 1;
