#!/usr/bin/env node
// Issue 10's benchmark: the last 250 days of the Dow 30 sample replayed as 250 trading cycles, each
// sending every ticker's full history up to that day (one new bar per cycle), with the fitted-state
// cache off and on, in the in-process runtime (the server's pipeline without the network). The
// cache's clock is the replayed day's close + 1 h, so the refit policy ages fits by sessions as it
// would live. Prints kernel compute time, pipeline wall time and process CPU time per mode, the
// paths taken, and how far the cache-on forecasts are from the cache-off (refit every cycle) ones.
//   npm run build && node bench/cache/replay_dow30.mjs [--cycles 250] [--model garch]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(fileURLToPath(import.meta.url), '../../..');
const d = (p) => import(join(root, 'dist', p));
const { loadConfig } = await d('config/load.js');
const { Runtime } = await d('service/runtime.js');
const { parseCsv } = await d('preprocess/csv.js');
const { validateJob } = await d('server/validate.js');
const { values: args } = parseArgs({ options: { cycles: { type: 'string', default: '250' }, model: { type: 'string', default: 'garch' }, 'refit-every': { type: 'string' }, 'only-on': { type: 'boolean', default: false } } });
const cycles = Number(args.cycles);

const all = parseCsv(readFileSync(join(root, 'examples/data/dow30_daily_close.csv'), 'utf8'), { defaultTicker: 'dow' });
const total = Math.min(...all.map((s) => s.timestampsMs.length));
const cut = (s, n) => ({ ...s, timestampsMs: s.timestampsMs.subarray(0, n), columns: { close: s.columns.close.subarray(0, n) } });

async function replay(cacheOn) {
  let nowMs = 0;
  const overrides = { log: { level: 'warn' }, cache: { enabled: cacheOn, ...(args['refit-every'] ? { refitEveryBars: Number(args['refit-every']) } : {}) } };
  const cfg = loadConfig({ env: {}, overrides });
  const runtime = new Runtime(cfg, undefined, { nowMs: () => nowMs });
  const out = { computeMs: 0, wallMs: 0, cpuMs: 0, paths: {}, forecasts: [] };
  // warm-up cycle (not timed): the first fit of every ticker is cold either way
  for (let c = -1; c < cycles; c++) {
    const n = total - cycles + Math.max(c, 0);
    const series = all.map((s) => cut(s, n));
    nowMs = series[0].timestampsMs[n - 1] + 22 * 3_600_000; // that day's 16:00 ET close + 1 h, roughly
    const job = validateJob({ models: [{ name: args.model }], horizonBars: 10, levels: [0.95] }, cfg, runtime.models, { kind: 'messages', series });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const res = await runtime.engine.run(job);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (c < 0) continue;
    out.wallMs += wall;
    out.cpuMs += (cpu.user + cpu.system) / 1000;
    out.computeMs += res.timing.computeMs;
    for (const f of res.forecasts) {
      const p = f.cache?.path ?? 'off';
      out.paths[p] = (out.paths[p] ?? 0) + 1;
    }
    out.forecasts.push(res.forecasts.map((f) => ({ ticker: f.ticker, model: f.model, loglik: f.fit?.loglik, variance: f.variance, mean: f.mean, path: f.cache?.path })));
  }
  await runtime.close();
  return out;
}

if (args['only-on']) {
  const on = await replay(true);
  console.log(`cache on only: kernel ${on.computeMs.toFixed(1)} ms, wall ${on.wallMs.toFixed(1)} ms, CPU ${on.cpuMs.toFixed(1)} ms, paths ${JSON.stringify(on.paths)}`);
  process.exit(0);
}
const off = await replay(false);
const on = await replay(true);
// Forecast differences, by the path the cache took, where both runs used the same model (the
// fallback chain can move a ticker across max_persistence between a refit and a held fit).
const diff = {};
let modelChanged = 0;
let warmHigher = 0;
const sigmaRel = (a, b) => Math.max(...a.map((v, k) => Math.abs(Math.sqrt(v) - Math.sqrt(b[k])) / Math.sqrt(b[k])));
on.forecasts.forEach((cyc, c) =>
  cyc.forEach((f, i) => {
    const g = off.forecasts[c][i];
    if (!f.variance.length || !g.variance.length) return;
    if (f.model !== g.model) return void modelChanged++;
    if (f.path === 'warm' && f.loglik > g.loglik + 1e-6) return void warmHigher++;
    (diff[f.path] ??= []).push(sigmaRel(f.variance, g.variance));
  }),
);
const fmt = (x) => x.toFixed(1);
console.log(`| ${cycles} cycles x 30 tickers, ${args.model} | cache off | cache on | off / on |`);
console.log('|---|---:|---:|---:|');
console.log(`| kernel compute (ms) | ${fmt(off.computeMs)} | ${fmt(on.computeMs)} | ${(off.computeMs / on.computeMs).toFixed(1)}x |`);
console.log(`| pipeline wall (ms) | ${fmt(off.wallMs)} | ${fmt(on.wallMs)} | ${(off.wallMs / on.wallMs).toFixed(1)}x |`);
console.log(`| process CPU (ms) | ${fmt(off.cpuMs)} | ${fmt(on.cpuMs)} | ${(off.cpuMs / on.cpuMs).toFixed(1)}x |`);
console.log(`\npaths with the cache on: ${JSON.stringify(on.paths)}`);
const q = (v, p) => v.slice().sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(p * v.length))];
console.log('relative difference of the forecast sigma (max over 10 steps), cache on vs off, same model:');
for (const [path, v] of Object.entries(diff)) console.log(`  ${path}: n ${v.length}, median ${q(v, 0.5).toExponential(2)}, p99 ${q(v, 0.99).toExponential(2)}, max ${q(v, 1).toExponential(2)}`);
console.log(`ticker-cycles where the two runs used different models (fallback chain): ${modelChanged}; warm refits above the cold fit's log-likelihood by > 1e-6: ${warmHigher}`);
