#!/usr/bin/env node
// ARIMA on the 30 Dow tickers (100 x log returns), in one run:
//   tensorcast auto (KPSS d, stepwise Hyndman-Khandakar, AICc, max p/d/q = 3/1/2) and fixed ARIMA(1,0,1)+mean,
//   forecast::auto.arima with the same bounds (Rscript, loop only),
//   statsmodels ARIMA(1,0,1) trend "c" (Debian's /usr/bin/python3, loop only; it has no auto.arima).
// Prints the times and the ratios.
//   npm run build && node bench/arima/arima_vs_r_statsmodels.mjs [--reps 9]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '../../..');
const csv = join(root, 'examples/data/dow30_daily_close.csv');
const repsArg = process.argv.indexOf('--reps');
const reps = repsArg > 0 ? Number(process.argv[repsArg + 1]) : 9;

const { loadConfig } = await import(join(root, 'dist/config/load.js'));
const { parseCsv } = await import(join(root, 'dist/preprocess/csv.js'));
const { Runtime } = await import(join(root, 'dist/service/runtime.js'));
const { validateJob } = await import(join(root, 'dist/server/validate.js'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// tensorcast in-process: each fit is one native call over all 30 series (preprocessing excluded).
// the fitted-state cache off: repeated runs of one job would otherwise be served from it (docs/cache.md)
const cfg = loadConfig({ env: {}, overrides: { log: { level: 'silent' }, cache: { enabled: false } } });
const runtime = new Runtime(cfg);
const series = parseCsv(readFileSync(csv, 'utf8'));
async function timeModel(spec) {
  const job = validateJob({ models: [spec], horizonBars: 10 }, cfg, runtime.models, { kind: 'messages', series });
  const first = await runtime.engine.run(job); // warm-up: thread pool, page faults
  const ms = [];
  for (let r = 0; r < reps; r++) ms.push((await runtime.engine.run(job)).timing.computeMs);
  const ok = first.forecasts.filter((f) => f.status === 'OK');
  return { ms: median(ms), ok: ok.length, aiccSum: ok.reduce((a, f) => a + f.fit.aicc, 0), loglikSum: ok.reduce((a, f) => a + f.fit.loglik, 0) };
}
const tcAuto = await timeModel({ name: 'arima', auto: true, transform: 'returns' });
const tcFixed = await timeModel({ name: 'arima', order: [1, 0, 1], transform: 'returns' });
await runtime.close();

function runJson(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}
const rAuto = runJson('Rscript', [join(root, 'bench/arima/auto_arima30.R'), csv]);
const sm = runJson('/usr/bin/python3', [join(root, 'bench/arima/statsmodels_fit30.py'), csv]);

const { threads } = (await import(join(root, 'dist/native/binding.js'))).loadNative().info();
const rows = [
  ['30 series', 'tensorcast (ms)', 'other (ms)', 'ratio'],
  ['auto selection vs forecast::auto.arima', tcAuto.ms.toFixed(1), (rAuto.fit_seconds * 1000).toFixed(0), `${((rAuto.fit_seconds * 1000) / tcAuto.ms).toFixed(1)}x`],
  [`ARIMA(1,0,1)+mean vs statsmodels ${sm.version}`, tcFixed.ms.toFixed(1), (sm.fit_seconds * 1000).toFixed(0), `${((sm.fit_seconds * 1000) / tcFixed.ms).toFixed(1)}x`],
  ['tensorcast auto vs statsmodels ARIMA(1,0,1)', tcAuto.ms.toFixed(1), (sm.fit_seconds * 1000).toFixed(0), `${((sm.fit_seconds * 1000) / tcAuto.ms).toFixed(1)}x`],
];
console.log(`ARIMA, 30 Dow tickers x ${series[0].timestampsMs.length - 1} returns; tensorcast: median of ${reps} in-process runs of the native compute, ${threads} native threads`);
console.log(`tensorcast auto: ${tcAuto.ok}/30 OK, sum AICc ${tcAuto.aiccSum.toFixed(3)}; forecast::auto.arima: sum AICc ${rAuto.aicc_sum.toFixed(3)}`);
console.log(`tensorcast ARIMA(1,0,1): sum loglik ${tcFixed.loglikSum.toFixed(4)}; statsmodels: sum loglik ${sm.loglik_sum.toFixed(4)}`);
const w = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(w[c]) : cell.padStart(w[c]))).join('  '));
